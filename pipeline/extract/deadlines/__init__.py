"""The deadlines field: when work is due ("đến hết quý II năm 2025" → 2025-06-30)."""

from pipeline.evaluate import score_deadlines
from pipeline.extract.deadlines.find import find_deadlines
from pipeline.extract.field import Field
from pipeline.schema import Deadline

FIELD = Field(
    name="deadlines", item=Deadline, find=find_deadlines, label="Deadlines", kind="deadline",
    requires=("metadata", "references"),
    columns=(("date", "date"), ("start", "date"), ("granularity", "str"), ("inclusive", "bool"),
             ("task", "str"), ("recurrence", "str")),
    score=score_deadlines, scores=("deadlines",), describe="pipeline.report.labels:deadline",
    show=(("date", lambda d: d.get("date")), ("granularity", lambda d: d["granularity"]),
          ("inclusive", lambda d: "yes" if d.get("inclusive", True) else "no"),
          ("recurrence", lambda d: d.get("recurrence")), ("task", lambda d: d.get("task"))),
    section="pipeline.report.deadlines:deadlines", section_title="Deadlines",
)

__all__ = ["FIELD", "find_deadlines"]
