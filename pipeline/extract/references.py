"""Cited documents. (placeholder until the references step lands)"""

from pipeline.extract.context import Context
from pipeline.schema import Reference


def find_references(ctx: Context) -> list[Reference]:
    return []
