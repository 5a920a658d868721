"""The one definition of ntm's data: every stage's input and output.

The JSON Schema that `ntm schema` prints is generated from these models, and a
committed copy (`models/schema/extraction.schema.json`) is checked against them in tests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

PageSource = Literal["text_layer", "ocr", "plain"]
Status = Literal["met", "unmet", "target"]
Comparator = Literal["=", ">", ">=", "<", "<=", "range"]
Kind = Literal["target", "result"]
Granularity = Literal["day", "month", "quarter", "year", "period"]
IssuerLevel = Literal["central", "province", "district", "commune", "party"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Grounded(Model):
    """Anything found in the text: `text == normalized_text[span[0]:span[1]]`."""

    span: tuple[int, int]
    text: str
    page: int | None = None


# ── ingest ────────────────────────────────────────────────────────────────────


class PageWord(Model):
    """A word as read on the page image, and where it stands in the page's raw text."""

    start: int = Field(description="offset of the word in its page's raw text")
    end: int
    box: tuple[float, float, float, float] = Field(
        description="left, top, right, bottom as fractions of the page's width and height")


class Page(Model):
    number: int = Field(description="1-based page number in the source")
    text: str = Field(description="the page's raw text as obtained")
    source: PageSource
    ocr_confidence: float | None = Field(
        default=None, description="Tesseract mean word confidence (0-100), OCR pages only"
    )
    ocr_rotation: int | None = Field(default=None, description="degrees the page was rotated before OCR")
    words: list[PageWord] | None = Field(
        default=None, description="the words' boxes as OCR read them (Tesseract's image_to_data); None when not "
        "kept (text pages, a photo flattened before OCR)")


class Document(Model):
    """What ingestion yields: a file read into pages of raw text."""

    source: str = Field(description="path of the input as given")
    sha256: str
    format: str = Field(description="txt, md, docx, pdf, png, jpg, tiff")
    pages: list[Page]
    encoding: str | None = Field(default=None, description="detected text encoding, text formats only")
    warnings: list[str] = Field(default_factory=list)


# ── normalize ─────────────────────────────────────────────────────────────────


class CharRun(Model):
    """A run of normalized characters that map one-to-one onto raw characters of a page.

    Normalized offsets [start, start+length) map to raw offsets [raw_start, raw_start+length)
    of page `page`. Runs with length 1 map characters that normalization produced
    (a joining space, a recomposed letter) to the raw character they replace.
    """

    start: int
    length: int
    page: int
    raw_start: int


class OcrCorrection(Grounded):
    """A repair of OCR output (span/text: the corrected words in the normalized text)."""

    before: str = Field(description="what OCR read")
    reason: str


class NormalizedDocument(Model):
    source: str
    sha256: str
    format: str
    pages: list[Page]
    text: str = Field(description="the normalized text extraction works on")
    char_map: list[CharRun]
    ocr_corrections: list[OcrCorrection] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# ── extract ───────────────────────────────────────────────────────────────────


class Mention(Grounded):
    pass


class Reference(Grounded):
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    code: str | None = Field(default=None, description='canonical code, e.g. "318/QĐ-TTg"')
    date: str | None = Field(default=None, description="ISO date, null when absent or impossible")
    date_text: str | None = None
    issuer: str | None = Field(default=None, description="as written")
    issuer_level: IssuerLevel | None = None
    subject: str | None = None
    title: str | None = Field(default=None, description="name of a law cited without a number")
    mentions: list[Mention] = Field(default_factory=list, description="every place the code is cited")


class Criterion(Grounded):
    criterion: int = Field(ge=1, description="the criterion's number in its set")
    name: str
    status: Status
    as_of: int | None = None
    criteria_set: str | None = Field(default=None, description="the set's id (models/criteria/sets/), e.g. commune_2021_2025")
    unit_name: str | None = Field(default=None, description="the commune (or village) whose status it is, as a table's "
                                  "row names it; null: the document's own unit")


class CriteriaSummary(Grounded):
    achieved: float
    total: int | None = None
    unit: str = Field(description="tiêu chí, xã, chỉ tiêu, thôn, ...")
    status: Status | None = None
    average: bool = Field(default=False, description='"bình quân 17,03 tiêu chí/xã"')
    criteria_set: str | None = Field(default=None, description="the set counted, when the unit is criteria")
    unit_name: str | None = Field(default=None, description="the commune (or village) whose count it is, as a table's "
                                  "row names it; null: the document's own unit")


class Target(Grounded):
    indicator: str
    indicator_id: str | None = None
    parent: str | None = Field(default=None, description="the indicator a nested item belongs to")
    comparator: Comparator
    value: float
    value_max: float | None = None
    unit: str
    value_canonical: float | None = None
    unit_canonical: str | None = None
    kind: Kind
    year: int | None = None


class Deadline(Grounded):
    date: str | None = Field(
        default=None, description="ISO date: the last day of the period; null for a pure recurrence"
    )
    start: str | None = Field(default=None, description="ISO start date of a period")
    granularity: Granularity
    inclusive: bool = True
    task: str | None = None
    recurrence: str | None = Field(
        default=None, description="daily, weekly, monthly, quarterly, yearly, or e.g. '1/month'"
    )
    month: int | None = Field(default=None, ge=1, le=12, description="a recurrence's month: 'ngày 15 tháng 7 hằng năm'")
    day: int | None = Field(default=None, ge=1, le=31, description="a recurrence's day: 'trước ngày 25 hằng tháng'")


class Signer(Grounded):
    name: str | None = None
    title: str | None = None
    authority: str | None = Field(default=None, description="T/M, TM., KT., Q., TL., TUQ.")


class Evidence(Grounded):
    pass


class AdminUnits(Model):
    commune: str | None = None
    district: str | None = None
    province: str | None = None


class Metadata(Model):
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    code: str | None = Field(None, description="the document's own number in full, its year segment kept: 23/2023/QĐ-UBND")
    issuer: str | None = None
    place: str | None = None
    issued_date: str | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    issued_day: int | None = None
    subject: str | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    admin_units: AdminUnits = Field(default_factory=AdminUnits)
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="where each metadata field was read: field name → span"
    )


class DocumentWords(Model):
    """`OUT/words/<name>.json`, beside `OUT/documents/<name>.json`: the pages' word boxes kept from
    ingestion, out of the extraction so that it stays small. Offsets are raw: the extraction's char
    map leads from a span to them."""

    doc_id: str = Field(description="the extraction's doc_id (sha256 of the source bytes)")
    pages: dict[int, list[PageWord]] = Field(description="page number → its words, for pages whose boxes were kept")

    @classmethod
    def of(cls, doc_id: str, pages: list[Page]) -> DocumentWords:
        return cls(doc_id=doc_id, pages={p.number: p.words for p in pages if p.words is not None})


class Warning(Model):
    code: str = Field(description="machine-readable kind, e.g. invalid_date, count_mismatch")
    message: str
    span: tuple[int, int] | None = None
    text: str | None = None


class Source(Model):
    path: str
    key: str | None = Field(default=None, description="stable identity of the source across runs: its resolved "
                            "absolute path when extracted by a batch, or NAME:PATH with a batch key (--key-prefix NAME; "
                            "PATH within the folder given or --source-root) (the tracking database's document key)")
    format: str
    pages: int
    page_sources: list[PageSource]
    ocr_confidence: float | None = None


class Extraction(Model):
    """The per-document output contract (`OUT/documents/<name>.json`)."""

    schema_version: str = SCHEMA_VERSION
    pipeline_version: str | None = Field(default=None, description="package version + digest of the package's code and data")
    doc_id: str = Field(description="sha256 of the source bytes")
    source: Source
    metadata: Metadata
    references: list[Reference] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    criteria_summaries: list[CriteriaSummary] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    normalized_text: str
    char_map: list[CharRun] = Field(default_factory=list)
    ocr_corrections: list[OcrCorrection] = Field(
        default_factory=list, description="OCR repairs made during normalization, each where it now stands"
    )


def grounded_items(value) -> list[Grounded]:
    """Every item with a span inside a model (an Extraction, a list of items, ...)."""
    found: list[Grounded] = []
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, Grounded):
            found.append(value)
        if isinstance(value, BaseModel):
            stack.extend(value.__dict__.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return found


def json_schema() -> dict:
    return Extraction.model_json_schema()
