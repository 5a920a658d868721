"""The references field: documents the text cites ("Quyết định số 318/QĐ-TTg ngày 08/3/2022 ...")."""

from pipeline.extract.references.find import find_references

__all__ = ["find_references"]
