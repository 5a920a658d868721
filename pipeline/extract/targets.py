"""Numeric targets and results. (placeholder until the targets step lands)"""

from pipeline.extract.context import Context
from pipeline.schema import Target


def find_targets(ctx: Context) -> list[Target]:
    return []
