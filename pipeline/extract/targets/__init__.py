"""The targets field: numeric targets and results ("Tỷ lệ hộ nghèo xuống dưới 3,8%")."""

from pipeline.extract.targets.find import find_targets

__all__ = ["find_targets"]
