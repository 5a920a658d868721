"""Criteria of the national set: which a commune has met, has not, aims for, and how lists of them are written.

By number ('tiêu chí số 03'), by name ('tiêu chí Giao thông'), both ('tiêu chí số 2 - Giao thông');
inline with ';' or ',', in parentheses, as bullets, or one line per criterion in a report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ntm_corpus.vocab import criteria, maybe, pick, shuffled, two

# Criteria that communes tend to meet early (a commune's statuses are drawn with these odds).
EASY = {1: 0.9, 4: 0.95, 8: 0.8, 12: 0.7, 14: 0.85, 15: 0.85, 16: 0.8, 18: 0.85, 19: 0.9, 3: 0.75}
HARD_ODDS = 0.45


@dataclass
class CriteriaPlan:
    met: list[int]
    unmet: list[int]
    targets: list[int] = field(default_factory=list)  # unmet criteria aimed for this year
    total: int = 19


def plan_criteria(rng: random.Random, aim: bool = True) -> CriteriaPlan:
    total = len(criteria())
    met = [n for n in range(1, total + 1) if maybe(rng, EASY.get(n, HARD_ODDS))]
    if len(met) < 5:
        met = sorted(set(met) | set(rng.sample(range(1, total + 1), 6)))
    unmet = [n for n in range(1, total + 1) if n not in met]
    targets = sorted(rng.sample(unmet, rng.randint(1, min(len(unmet), 5)))) if aim and unmet else []
    return CriteriaPlan(met, unmet, targets, total)


def name_of(n: int) -> str:
    return next(c for c in criteria() if c["number"] == n)["name"]


def _name(rng: random.Random, n: int, lower: bool) -> str:
    entry = next(c for c in criteria() if c["number"] == n)
    name = pick(rng, [entry["name"], *entry["names"]])
    return name[0].lower() + name[1:] if lower else name


def criterion_words(rng: random.Random, n: int, mode: str, lower: bool = False) -> str:
    """One criterion named by number, by name, or both."""
    number = two(n, rng, 0.5)
    word = "Tiêu chí" if not lower and maybe(rng, 0.5) else "tiêu chí"
    if mode == "number":
        return f"{word} số {number}" if maybe(rng, 0.8) else f"{word} {number}"
    if mode == "name":
        return f"{word} {pick(rng, ['', 'về '])}{_name(rng, n, lower or maybe(rng, 0.3))}"
    name = _name(rng, n, lower and maybe(rng, 0.5))
    joiner = pick(rng, [" ", " - ", ". ", " về ", " - "])
    if maybe(rng, 0.2):
        return f"{word} số {number} ({name})"
    return f"{word} số {number}{joiner}{name}"


def criteria_list(rng: random.Random, numbers: list[int], mode: str | None = None) -> str:
    """'tiêu chí số 1 - Quy hoạch; tiêu chí số 4 - Điện' or 'các tiêu chí số 1, 4, 14 và 15' or names only."""
    order = shuffled(rng, numbers) if maybe(rng, 0.2) else sorted(numbers)
    mode = mode or pick(rng, ["number", "name", "both", "both", "bare_name", "bare_number"])
    if mode == "bare_number":
        nums = [two(n, rng, 0.3) for n in order]
        head = ", ".join(nums[:-1])
        return f"các tiêu chí số {head} và {nums[-1]}" if head else f"tiêu chí số {nums[-1]}"
    sep = pick(rng, ["; ", "; ", ", "])
    if mode == "bare_name":
        return sep.join(_name(rng, n, False) for n in order)
    lower = maybe(rng, 0.6)
    return sep.join(criterion_words(rng, n, mode, lower) for n in order)


def criteria_lines(rng: random.Random, numbers: list[int], bullet: str, status_word: str | None) -> list[str]:
    """One bullet per criterion: '- Tiêu chí số 2 - Giao thông: chưa đạt;'."""
    order = shuffled(rng, numbers) if maybe(rng, 0.15) else sorted(numbers)
    lines = []
    for i, n in enumerate(order):
        end = "." if i == len(order) - 1 else pick(rng, [";", ";", ""])
        tail = f": {status_word}" if status_word else ""
        words = criterion_words(rng, n, pick(rng, ["both", "both", "name"]))
        lines.append(f"{bullet}{words[0].upper()}{words[1:]}{tail}{end}")
    return lines
