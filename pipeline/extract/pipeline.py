"""The extraction steps as spaCy components, registered as factories and run in order.

Each step is a plain function `find_x(ctx) -> items` (testable on a string); its component
runs it on the Doc, keeps the items in the shared Context and adds their spans to
`doc.spans[name]`, so the Doc carries everything that was found and where.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.context import Context
from pipeline.extract.nlp import blank_vietnamese, sentence_spans
from pipeline.extract.registry import FIELDS

# name → function; the order is the registry's (later fields read earlier results).
STEPS: dict[str, Callable[[Context], object]] = {f.name: f.find for f in FIELDS}

if not Doc.has_extension("ntm"):
    Doc.set_extension("ntm", default=None)


def context_of(doc: Doc) -> Context:
    if doc._.ntm is None:
        starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else []
        ends = starts[1:] + [len(doc.text)] if starts else []  # an empty text has no sentence
        sentences = list(zip(starts, ends, strict=True)) or sentence_spans(doc.text)
        doc._.ntm = Context(text=doc.text, sentences=sentences)
    return doc._.ntm


class ExtractStep:
    def __init__(self, step: str, find: Callable[[Context], object]):
        # `step`, not `name`: spaCy sets `name` on components to the pipe name ("ntm_...").
        self.step, self.find = step, find

    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        result = self.find(ctx)
        ctx.found[self.step] = result
        items = result if isinstance(result, list) else []
        doc.spans[self.step] = [
            span for item in items
            if (span := doc.char_span(*item.span, label=self.step, alignment_mode="expand")) is not None
        ]
        return doc


def _register(name: str, find: Callable[[Context], object]) -> None:
    @Language.factory(f"ntm_{name}")
    def make_step(nlp: Language, name: str):  # noqa: ARG001 - spaCy's factory signature
        return ExtractStep(name.removeprefix("ntm_"), find)


for _name, _find in STEPS.items():
    _register(_name, _find)


@cache
def build_nlp() -> Language:
    nlp = blank_vietnamese()
    for name in STEPS:
        nlp.add_pipe(f"ntm_{name}", name=f"ntm_{name}")
    return nlp
