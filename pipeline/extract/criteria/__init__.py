"""The criteria and criteria_summaries fields: which criteria are met, and counts ("đạt 6/19 tiêu chí")."""

from pipeline.evaluate import score_criteria, score_criteria_summaries
from pipeline.extract.criteria.find import find_criteria
from pipeline.extract.criteria.summaries import find_summaries
from pipeline.extract.field import ADMIN, Field, copy_columns
from pipeline.schema import CriteriaSummary, Criterion

COLUMNS = (*ADMIN, ("criterion", "int"), ("criterion_name", "str"), ("status", "str"), ("as_of", "int"),
           ("criteria_set", "str"), ("unit_name", "str"))

FIELD = Field(
    name="criteria", item=Criterion, find=find_criteria, label="Criteria", kind="criterion",
    requires=("references",), columns=COLUMNS,
    row=lambda item, extraction: copy_columns(COLUMNS, item, extraction, {"criterion_name": "name"}),
    score=score_criteria, scores=("criteria",), describe="pipeline.report.labels:criterion",
    show=(("no.", lambda c: c["criterion"]), ("name", lambda c: c.get("name", "")),
          ("status", lambda c: c["status"]), ("as of", lambda c: c.get("as_of")), ("unit", lambda c: c.get("unit_name"))),
    section="pipeline.report.heatmap:heatmap", section_title="Criteria heatmap",
)

SUMMARIES = Field(
    name="criteria_summaries", item=CriteriaSummary, find=find_summaries, label="Criteria summaries",
    kind="summary", requires=("references",),
    columns=(("achieved", "float"), ("total", "int"), ("unit", "str"), ("status", "str"), ("average", "bool"),
             ("criteria_set", "str"), ("unit_name", "str")),
    score=score_criteria_summaries, scores=("criteria_summaries",), describe="pipeline.report.labels:summary",
    show=(("achieved", lambda s: s["achieved"]), ("total", lambda s: s.get("total")),
          ("unit", lambda s: s.get("unit", "")), ("status", lambda s: s.get("status")), ("text", lambda s: s["text"])),
)

__all__ = ["FIELD", "SUMMARIES", "find_criteria", "find_summaries"]
