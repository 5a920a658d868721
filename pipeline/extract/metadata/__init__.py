"""The metadata field: the document's own type, number, issuer, place, date, subject, signer, recipients."""

from pipeline.extract.metadata.find import find_metadata

__all__ = ["find_metadata"]
