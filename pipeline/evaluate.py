"""`ntm eval`: precision, recall and F1 per field, predictions against gold annotations.

Gold files (`GOLD/<name>.json`) are in the format of the shared corpus: metadata, references,
criteria, criteria_summaries, targets, deadlines; an item marked `"optional": true` is neither
a miss when absent nor a false positive when found. Predictions are ntm's per-document JSON,
paired with gold by file stem (or by the stem of the source path they record).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


STOPWORDS = {"của", "và", "các", "được", "có", "là", "trong", "cho", "đạt", "số", "tổng"}


def words(text: str) -> set[str]:
    return {fold(w) for w in re.findall(r"[^\W\d_]+", text or "") if w.lower() not in STOPWORDS}


def same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))


def same_target(g: dict, p: dict) -> bool:
    unit_ok = not g.get("unit") or fold(g["unit"]).replace(" ", "") == fold(p.get("unit") or "").replace(" ", "")
    indicator = words(p.get("indicator", "")) | words(p.get("parent") or "")
    return same_number(g["value"], p.get("value")) and unit_ok and bool(words(g["indicator"]) & indicator)


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
    """Every field's scores for one document: each registered field scores itself."""
    from pipeline.extract.registry import FIELDS

    scores: dict[str, Score] = {}
    wrong: dict[str, list] = {}
    for f in FIELDS:
        if f.score is None:
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


def score_criteria(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("criteria", []), pred.get("criteria", []),
                       lambda g, p: g["criterion"] == p["criterion"] and g["status"] == p["status"])
    return {"criteria": (s, _mismatches(rest, lambda c: f"{c['criterion']}:{c['status']}"))}


def score_criteria_summaries(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("criteria_summaries", []), pred.get("criteria_summaries", []),
                       lambda g, p: same_number(g["achieved"], p["achieved"]) and g.get("total") == p.get("total"))
    return {"criteria_summaries": (s, _mismatches(rest, lambda c: f"{c['achieved']}/{c.get('total')}"))}


def score_targets(gold: dict, pred: dict) -> Scored:
    s, _, rest = match(gold.get("targets", []), pred.get("targets", []), same_target)
    return {"targets": (s, _mismatches(rest, lambda t: f"{t.get('indicator')} {t.get('value')} {t.get('unit')}"))}


def score_deadlines(gold: dict, pred: dict) -> Scored:
    gold_dates = _distinct(gold.get("deadlines", []))
    pred_dates = _distinct(d for d in pred.get("deadlines", []) if d.get("date"))
    s, _, rest = match(gold_dates, pred_dates, lambda g, p: g["date"] == p["date"])
    return {"deadlines": (s, _mismatches(rest, lambda d: d["date"]))}


def score_signer(gold: dict, pred: dict) -> Scored:
    gold_signer = ((gold.get("metadata") or {}).get("signer") or {}).get("name")
    pred_signer = (((pred.get("metadata") or {}).get("signer")) or {}).get("name")
    if not gold_signer:
        return {"signer": (Score(), [])}
    ok = pred_signer is not None and canonical(gold_signer) == canonical(pred_signer)
    score = Score(tp=int(ok), fp=int(not ok and pred_signer is not None), fn=int(not ok))
    return {"signer": (score, [] if ok else [{"gold": gold_signer, "pred": pred_signer}])}


def _distinct(items: Iterable[dict]) -> list[dict]:
    """One item per date (optional only if every item with that date is)."""
    by_date: dict[str, dict] = {}
    for item in items:
        date = item["date"]
        if date not in by_date or not item.get("optional"):
            by_date[date] = {"date": date, "optional": bool(item.get("optional"))}
    return list(by_date.values())


# ── folders ───────────────────────────────────────────────────────────────────


def evaluate(gold_dir: Path, pred_dir: Path) -> Report:
    """Score every prediction against the gold of its document.

    A document rendered in several formats (`a.txt`, `a.docx`, `a.scan300.pdf`) has one gold
    file `a.json`; each of its predictions is scored, and totals are also kept per format.
    """
    predictions = _index_predictions(pred_dir)
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
