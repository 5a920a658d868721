"""The criteria and criteria_summaries fields: which criteria are met, and counts ("đạt 6/19 tiêu chí")."""

from pipeline.extract.criteria.find import find_criteria
from pipeline.extract.criteria.summaries import find_summaries

__all__ = ["find_criteria", "find_summaries"]
