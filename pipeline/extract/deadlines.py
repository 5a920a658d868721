"""Deadlines. (placeholder until the deadlines step lands)"""

from pipeline.extract.context import Context
from pipeline.schema import Deadline


def find_deadlines(ctx: Context) -> list[Deadline]:
    return []
