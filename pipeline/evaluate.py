"""`ntm eval`: precision, recall and F1 per field, predictions against gold annotations.

Gold files (`GOLD/<name>.json`) are in the format of the shared corpus: metadata, references,
criteria, criteria_summaries, targets, deadlines; an item marked `"optional": true` is neither
a miss when absent nor a false positive when found. Predictions are ntm's per-document JSON,
paired with gold by file stem (or by the stem of the source path they record).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical, fold


def score_names() -> list[str]:
    """The lines of the report, field by field in registry order ("references", "reference_dates", ...)."""
    from pipeline.extract.registry import FIELDS  # the fields import their scorers from this module

    return [name for f in FIELDS for name in f.scores]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    totals: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in score_names()})
    documents: dict[str, dict[str, Score]] = field(default_factory=dict)
    by_format: dict[str, dict[str, Score]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    mismatches: dict[str, dict[str, list]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "totals": {f: s.as_dict() for f, s in self.totals.items()},
            "by_format": {k: {f: s.as_dict() for f, s in fs.items()} for k, fs in self.by_format.items()},
            "documents": {d: {f: s.as_dict() for f, s in fs.items()} for d, fs in self.documents.items()},
            "missing_predictions": self.missing,
            "mismatches": self.mismatches,
        }


# ── matching ──────────────────────────────────────────────────────────────────


def match(gold: list[dict], pred: list, same: Callable[[dict, object], bool]) -> tuple[Score, list, list]:
    """Greedy one-to-one matching; optional gold items absorb predictions without scoring.

    Returns the score, the matched (gold, pred) pairs, and the unmatched predictions/gold.
    """
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    used_required: set[int] = set()
    used_optional: set[int] = set()
    pairs, false_pos = [], []
    for p in pred:
        hit = next((i for i, g in enumerate(required) if i not in used_required and same(g, p)), None)
        if hit is not None:
            used_required.add(hit)
            pairs.append((required[hit], p))
            continue
        opt = next((i for i, g in enumerate(optional) if i not in used_optional and same(g, p)), None)
        if opt is not None:
            used_optional.add(opt)
        else:
            false_pos.append(p)
    missed = [g for i, g in enumerate(required) if i not in used_required]
    score = Score(tp=len(pairs), fp=len(false_pos), fn=len(missed))
    return score, pairs, [false_pos, missed]


def code_key(code: str | None) -> str:
    return re.sub(r"\s+", "", (code or "").replace("Ð", "Đ")).upper()


# Function words, and the words every indicator of the genre shares ("tỷ lệ", "số", "đạt" alone say nothing).
STOPWORDS = {
    "của", "và", "các", "được", "có", "là", "trong", "cho", "đạt", "số", "tổng", "những", "với", "trên",
    "theo", "tại", "từ", "đến", "này", "đó", "về", "thêm", "toàn", "tỷ", "tỉ", "lệ", "năm", "mức", "ít", "nhất",
    "khoảng", "đã", "sẽ", "phải", "còn", "bằng", "hơn", "dưới",
}


@cache
def _abbreviations() -> list[tuple[re.Pattern, str]]:
    expand = load_json("targets/indicators.json")["abbreviations"]["expand"]
    return [(re.compile(rf"(?<!\w){re.escape(short)}(?!\w)"), full) for short, full in expand.items()]


@cache
def _stop() -> frozenset[str]:
    return frozenset(fold(w) for w in STOPWORDS)


def words(text: str) -> set[str]:
    """Content words, accents folded, abbreviations written out ('NTM' = 'nông thôn mới')."""
    text = text or ""
    for pattern, full in _abbreviations():
        text = pattern.sub(full, text)
    return {w for w in (fold(w) for w in re.findall(r"[^\W\d_]+", text)) if w not in _stop()}


def same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))


def same_unit(a: str | None, b: str | None) -> bool:
    """The whole unit: 'triệu đồng/người/năm' is not 'triệu đồng'."""
    return fold(a or "").replace(" ", "") == fold(b or "").replace(" ", "")


def comparator_of(target: dict) -> str:
    """A value with a maximum is a range, whatever comparator the annotator wrote beside it."""
    return "range" if target.get("value_max") is not None else target.get("comparator") or "="


def same_indicator(g: dict, p: dict) -> bool:
    """The same lexicon id, or the prediction names at least half of the gold indicator's content words."""
    if g.get("indicator_id") and g.get("indicator_id") == p.get("indicator_id"):
        return True
    wanted = words(g.get("indicator", ""))
    return bool(wanted) and 2 * len(wanted & words(p.get("indicator", ""))) >= len(wanted)


def same_target(g: dict, p: dict) -> bool:
    return (
        same_number(g["value"], p.get("value"))
        and (g.get("value_max") is None or same_number(g["value_max"], p.get("value_max")))
        and same_unit(g.get("unit"), p.get("unit"))
        and comparator_of(g) == comparator_of(p)
        and same_indicator(g, p)
    )


GRANULARITY = {"period": "year"}  # a period's end is the end of its last year


def recurrences(item: dict) -> set[str]:
    return set(filter(None, (item.get("recurrence") or "").split("|")))


def same_deadline(g: dict, p: dict) -> bool:
    """Same end date and granularity; for a recurring gold item, a shared period and the same month/day."""
    if recurrences(g):
        if not recurrences(g) & recurrences(p):
            return False
        return all(g.get(k) is None or p.get(k) is None or g[k] == p[k] for k in ("month", "day"))
    granularity = GRANULARITY.get(g.get("granularity"), g.get("granularity"))
    return g.get("date") is not None and g["date"] == p.get("date") and (
        granularity is None or granularity == GRANULARITY.get(p.get("granularity"), p.get("granularity"))
    )


def deadline_key(item: dict) -> tuple:
    return item.get("date"), item.get("recurrence")


def collapsed(text: str) -> str:
    """White space runs as one space: OCR and layouts differ in line breaks, not in content."""
    return re.sub(r"\s+", " ", text).strip()


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance of the whitespace-collapsed texts over the reference's length."""
    from rapidfuzz.distance import Levenshtein

    hypothesis, reference = collapsed(hypothesis), collapsed(reference)
    return Levenshtein.distance(hypothesis, reference) / max(1, len(reference))


# ── one document ──────────────────────────────────────────────────────────────


Scored = dict[str, tuple[Score, list]]  # report line → (score, what did not match)


def score_document(gold: dict, pred: dict) -> tuple[dict[str, Score], dict[str, list]]:
    """Every field's scores for one document: each registered field scores itself.

    A gold file that annotates deadlines alone (`source`, `doc_type`, `deadlines`) scores deadlines alone.
    """
    from pipeline.extract.registry import FIELDS

    scores: dict[str, Score] = {}
    wrong: dict[str, list] = {}
    only = {"deadlines"} if set(gold) <= {"source", "doc_type", "deadlines"} else None  # the gazette's annotation
    for f in FIELDS:
        if f.score is None or (only and f.name not in only):
            continue
        for name, (score, mismatches) in f.score(gold, pred).items():
            scores[name] = score
            if mismatches:
                wrong[name] = mismatches
    return scores, wrong


def _mismatches(leftovers: list, show: Callable[[object], object] = lambda x: x) -> list:
    fps, fns = leftovers
    return [{"false_positive": show(x)} for x in fps] + [{"missed": show(x)} for x in fns]


def score_references(gold: dict, pred: dict) -> Scored:
    refs = [r for r in pred.get("references", []) if r.get("code")]
    s, pairs, rest = match(gold.get("references", []), refs, lambda g, p: code_key(g["code"]) == code_key(p["code"]))
    dated = [(g, p) for g, p in pairs if not g.get("date_any")]
    right = sum(1 for g, p in dated if g.get("date") == p.get("date"))
    bad = [{"code": g["code"], "gold": g.get("date"), "pred": p.get("date")} for g, p in dated
           if g.get("date") != p.get("date")]
    return {"references": (s, _mismatches(rest, lambda r: r.get("code"))),
            "reference_dates": (Score(tp=right, fp=len(dated) - right, fn=len(dated) - right), bad)}


def same_unit_name(g: dict, p: dict) -> bool:
    """The same commune of a table row, or neither names one (the document's own status)."""
    def name(item: dict) -> str:
        return " ".join(canonical(item.get("unit_name") or "").lower().split())

    return name(g) == name(p)


def score_criteria(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("criteria", []), pred.get("criteria", []),
                       lambda g, p: g["criterion"] == p["criterion"] and g["status"] == p["status"]
                       and same_unit_name(g, p))
    return {"criteria": (s, _mismatches(rest, lambda c: f"{c.get('unit_name') or ''} {c['criterion']}:{c['status']}".lstrip()))}


def score_criteria_summaries(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("criteria_summaries", []), pred.get("criteria_summaries", []),
                       lambda g, p: same_number(g["achieved"], p["achieved"]) and g.get("total") == p.get("total")
                       and same_unit_name(g, p))
    return {"criteria_summaries": (s, _mismatches(rest, lambda c: f"{c['achieved']}/{c.get('total')}"))}


def score_targets(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("targets", []), pred.get("targets", []), same_target)
    return {"targets": (s, _mismatches(rest, lambda t: f"{t.get('indicator')} {t.get('value')} {t.get('unit')}"))}


def score_deadlines(gold: dict, pred: dict) -> Scored:
    predicted = pred.get("deadlines", [])
    if not annotates_recurrences(gold):
        predicted = [p for p in predicted if p.get("date")]
    s, rest = match_deadlines(gold.get("deadlines", []), predicted)
    return {"deadlines": (s, _mismatches(rest, _shown))}


def annotates_recurrences(gold: dict) -> bool:
    """Gold that judges schedules: the deadline-only format (whose README defines recurring items) or any
    recurring item. The corpus and real-passage gold predate the recurrence field and say nothing of
    schedules: an undated recurring prediction is neither right nor wrong there."""
    return set(gold) <= {"source", "doc_type", "deadlines"} or any(g.get("recurrence") for g in gold.get("deadlines", []))


def match_deadlines(gold: list[dict], pred: list[dict]) -> tuple[Score, list]:
    """One gold item per stated deadline (a table repeats "Quý IV/2023" for nine tasks: nine items).

    Only dated or recurring predictions are scored. A prediction that repeats the end date (or the
    recurrence) of a matched item is another mention of a found deadline and counts neither way:
    gold written as one item per distinct date ("tháng 12/2024" and "quý IV/2024" end together)
    scores the same as gold written per mention.
    """
    scored = [p for p in pred if p.get("date") or p.get("recurrence")]
    score, pairs, (false_pos, missed) = match(gold, scored, same_deadline)
    found = {deadline_key(p) for p in scored if not any(p is f for f in false_pos)}
    repeats = [p for p in false_pos if deadline_key(p) in found]
    score.fp -= len(repeats)
    return score, [[p for p in false_pos if deadline_key(p) not in found], missed]


def _shown(deadline: dict) -> dict:
    return {k: deadline[k] for k in ("date", "granularity", "recurrence", "month", "day", "text", "task")
            if deadline.get(k) is not None}


def score_signer(gold: dict, pred: dict) -> Scored:
    gold_signer = ((gold.get("metadata") or {}).get("signer") or {}).get("name")
    pred_signer = (((pred.get("metadata") or {}).get("signer")) or {}).get("name")
    if not gold_signer:
        return {"signer": (Score(), [])}
    ok = pred_signer is not None and canonical(gold_signer) == canonical(pred_signer)
    score = Score(tp=int(ok), fp=int(not ok and pred_signer is not None), fn=int(not ok))
    return {"signer": (score, [] if ok else [{"gold": gold_signer, "pred": pred_signer}])}


# ── folders ───────────────────────────────────────────────────────────────────


def evaluate(gold: Path, pred: Path) -> Report:
    """Score every prediction against the gold of its document.

    A document rendered in several formats (`a.txt`, `a.docx`, `a.scan300.pdf`) has one gold
    file `a.json`; each of its predictions is scored, and totals are also kept per format.
    """
    return score_predictions(gold, _index_predictions(pred))


def evaluate_texts(gold_dir: Path, documents_dir: Path) -> Report:
    """Extract, in this process, the text documents (`.md`, `.txt`) that have gold, and score them.

    The quick path for tests and benchmarks on text corpora: no output folder, no worker pool.
    """
    from pipeline import extract, ingest, normalize

    wanted = {p.stem for p in Path(gold_dir).glob("*.json")}
    predictions: dict[str, list[tuple[str, dict]]] = {}
    for path in sorted(Path(documents_dir).iterdir()):
        if path.suffix in (".md", ".txt") and path.stem in wanted:
            result = extract(normalize(ingest(path)))
            predictions[path.stem] = [(path.stem, result.model_dump(mode="json", exclude={"char_map"}))]
    return score_predictions(gold_dir, predictions)


def score_predictions(gold_dir: Path, predictions: dict[str, list[tuple[str, dict]]]) -> Report:
    report = Report()
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        preds = predictions.get(gold_path.stem)
        if not preds:
            report.missing.append(gold_path.stem)
            preds = [(gold_path.stem, {})]
        for name, pred in preds:
            scores, wrong = score_document(gold, pred)
            report.documents[name] = scores
            if wrong:
                report.mismatches[name] = wrong
            group = report.by_format.setdefault(input_kind(pred), {f: Score() for f in score_names()})
            for field_name, score in scores.items():
                report.totals[field_name].add(score)
                group[field_name].add(score)
    return report


def input_kind(pred: dict) -> str:
    """'txt', 'docx', 'pdf', or 'pdf (ocr)' when any page was OCR'd."""
    source = pred.get("source") or {}
    kind = source.get("format") or "?"
    return f"{kind} (ocr)" if "ocr" in (source.get("page_sources") or []) else kind


def _index_predictions(pred_dir: Path) -> dict[str, list[tuple[str, dict]]]:
    """Predictions by document: the part of the output name before the first dot."""
    pred_dir = Path(pred_dir)
    folder = pred_dir / "documents" if (pred_dir / "documents").is_dir() else pred_dir
    index: dict[str, list[tuple[str, dict]]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        index.setdefault(path.name.split(".")[0], []).append((path.stem, data))
    return index
