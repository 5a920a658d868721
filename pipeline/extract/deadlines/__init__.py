"""The deadlines field: when work is due ("đến hết quý II năm 2025" → 2025-06-30)."""

from pipeline.extract.deadlines.find import find_deadlines

__all__ = ["find_deadlines"]
