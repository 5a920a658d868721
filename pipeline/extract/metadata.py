"""The document's own metadata. (placeholder until the metadata step lands)"""

from pipeline.extract.context import Context
from pipeline.schema import Metadata


def find_metadata(ctx: Context) -> Metadata:
    return Metadata()
