"""Criteria status lists and counts. (placeholder until the criteria step lands)"""

from pipeline.extract.context import Context
from pipeline.schema import CriteriaSummary, Criterion


def find_criteria(ctx: Context) -> list[Criterion]:
    return []


def find_summaries(ctx: Context) -> list[CriteriaSummary]:
    return []
