"""The metadata field: the document's own type, number, issuer, place, date, subject, signer, recipients."""

from pipeline.evaluate import score_signer
from pipeline.extract.field import Field
from pipeline.extract.metadata.find import find_metadata
from pipeline.schema import Metadata

# One object per document: its columns are the documents table's (pipeline.export.tables).
FIELD = Field(name="metadata", item=Metadata, find=find_metadata, label="Metadata", kind="metadata",
              many=False, score=score_signer, scores=("signer",))

__all__ = ["FIELD", "find_metadata"]
