"""A document being written: its blocks (render.Para / render.Columns), its numbering style, and
the gold facts registered as the text states them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ntm_corpus.facts import Gold
from ntm_corpus.render import Block, Columns, Para
from ntm_corpus.setting import Setting
from ntm_corpus.vocab import LETTERS, ROMAN, cap, fill, maybe, phrases, pick


@dataclass
class Numbering:
    """How one document numbers its headings: 'I.' / 'I-', '1.' / '1-', '1.1.' / 'a)', bullets '-' / '+'."""

    top: str
    second: str
    third: str
    bullet: str
    sub_bullet: str
    upper_top: bool
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])

    @classmethod
    def choose(cls, rng: random.Random) -> Numbering:
        return cls(
            top=pick(rng, ["{R}. ", "{R}. ", "{R}- ", "{R}/ "]),
            second=pick(rng, ["{n}. ", "{n}. ", "{n}- ", "{n}/ "]),
            third=pick(rng, ["{p}.{n}. ", "{a}) ", "{a}. ", "{p}.{n} "]),
            bullet=pick(rng, ["- ", "- ", "+ ", "– "]),
            sub_bullet=pick(rng, ["+ ", "* ", "- "]),
            upper_top=maybe(rng, 0.8),
        )

    def label(self, level: int) -> str:
        self.counters[level - 1] += 1
        for deeper in range(level, 3):
            self.counters[deeper] = 0
        n = self.counters[level - 1]
        if level == 1:
            return fill(self.top, R=ROMAN[n - 1])
        if level == 2:
            return fill(self.second, n=n)
        return fill(self.third, p=self.counters[1], n=n, a=LETTERS[n - 1])


@dataclass
class Writer:
    rng: random.Random
    setting: Setting
    gold: Gold = field(default_factory=Gold)
    blocks: list[Block] = field(default_factory=list)
    numbering: Numbering | None = None
    used: set[str] = field(default_factory=set)  # phrase-bank sentences already written

    def __post_init__(self) -> None:
        self.numbering = self.numbering or Numbering.choose(self.rng)

    # ── text ──────────────────────────────────────────────────────────────────

    def slot(self, template: str, **extra: object) -> str:
        """Fill {xa}, {huyen}, {tinh}, {nam}, {nam_sau} and any extra placeholders."""
        return fill(template, **self.setting.slots, **extra)

    def para(self, text: str, **style) -> None:
        self.blocks.append(Para(cap(text), **style))

    def heading(self, level: int, title: str) -> None:
        title = self.slot(title)
        label = self.numbering.label(level)
        if level == 1:
            text = title.upper() if self.numbering.upper_top else cap(title.lower())
            self.blocks.append(Para(label + text, align="left", bold=True))
        elif level == 2:
            self.blocks.append(Para(label + cap(title), align="left", bold=True))
        else:
            self.blocks.append(Para(label + cap(title), align="justify", bold=False, italic=maybe(self.rng, 0.3)))

    def bullet(self, text: str, sub: bool = False) -> None:
        mark = self.numbering.sub_bullet if sub else self.numbering.bullet
        self.blocks.append(Para(mark + cap(text)))

    def bullets(self, items: list[str], end: str = ";", last: str = ".") -> None:
        for i, item in enumerate(items):
            self.bullet(item.rstrip(".;") + (last if i == len(items) - 1 else end))

    def filler(self, key: str, count: int | tuple[int, int] = 1) -> list[str]:
        """Sentences from a phrase bank, distinct, in random order."""
        bank = [t for t in phrases()[key] if t not in self.used]
        n = count if isinstance(count, int) else self.rng.randint(*count)
        chosen = self.rng.sample(bank, min(n, len(bank)))
        self.used.update(chosen)
        return [self.slot(t) for t in chosen]

    def fact(self, fact):
        return self.gold.add(fact)

    def columns(self, left: list[Para], right: list[Para]) -> None:
        self.blocks.append(Columns(left, right))
