"""References: which documents a synthetic document cites, and the many ways a citation is written.

'Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ về ...', 'QĐ số 1494/QĐ-UBND,
ngày 14-9-2022 của UBND tỉnh', 'Kế hoạch của UBND huyện số 107/KH-UBND ngày ...', 'Luật ... ngày
19 tháng 6 năm 2015', 'Quyết định số 318/QĐ-TTg và Quyết định số 319/QĐ-TTg cùng ngày 08/3/2022'.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ntm_corpus.facts import Ref
from ntm_corpus.setting import Setting
from ntm_corpus.vocab import abbreviations, data, date_text, fill, maybe, pick, random_date


@dataclass
class Cited:
    """A planned citation: the fact plus the words that can go with it."""

    ref: Ref
    subject: str | None
    lead: str  # "Căn cứ" | "Thực hiện"
    partner: Cited | None = None  # cited together, sharing one date


def plan_references(rng: random.Random, s: Setting) -> list[Cited]:
    """Two to seven documents issued before this one: national, provincial, district, commune."""
    refs = data("references")
    before = s.issued - dt.timedelta(days=7)
    central = [r for r in refs["central"] if dt.date.fromisoformat(r["date"]) < before]
    if s.party:
        central = [r for r in central if r.get("party") or r["code"] in ("318/QĐ-TTg", "263/QĐ-TTg", "211/QĐ-TTg")]
    count = rng.randint(1, 3 if s.kind != "cong_van" else 1)
    chosen = _weighted_sample(rng, central, count)
    cited = [_central(rng, r) for r in chosen]
    _pair_shared_dates(rng, cited, refs["shared_date_groups"])
    laws = [] if s.party or s.kind == "cong_van" else refs["laws"]
    if laws and maybe(rng, 0.35 if s.body != "hdnd" else 0.9):
        cited.insert(0, _law(rng, pick(rng, laws)))
    local_kinds = [k for k in refs["local"] if _fits(k, s)]
    for kind in rng.sample(local_kinds, min(len(local_kinds), rng.randint(1, 3))):
        made = _local(rng, kind, s, before)
        if made:
            cited.append(made)
    return cited


def _weighted_sample(rng: random.Random, items: list[dict], count: int) -> list[dict]:
    pool, out = list(items), []
    while pool and len(out) < count:
        choice = rng.choices(pool, weights=[r["weight"] for r in pool])[0]
        pool.remove(choice)
        out.append(choice)
    return sorted(out, key=lambda r: -r["weight"])


def _central(rng: random.Random, r: dict) -> Cited:
    ref = Ref(r["code"], r["kind"], dt.date.fromisoformat(r["date"]), pick(rng, r["issuer"]))
    subject = pick(rng, r["subject"]) if maybe(rng, 0.8) else None
    return Cited(ref, subject, "Thực hiện" if r.get("party") else "Căn cứ")


def _law(rng: random.Random, law: dict) -> Cited:
    ref = Ref(None, "Luật", dt.date.fromisoformat(law["date"]), None, title=law["title"], optional=True)
    return Cited(ref, None, "Căn cứ")


def _pair_shared_dates(rng: random.Random, cited: list[Cited], groups: list[list[str]]) -> None:
    """'Quyết định số 318/QĐ-TTg và Quyết định số 319/QĐ-TTg cùng ngày 08/3/2022 ...'."""
    codes = {c.ref.code: c for c in cited}
    for group in groups:
        if len(group) == 2 and all(code in codes for code in group) and maybe(rng, 0.6):
            first, second = codes[group[0]], codes[group[1]]
            first.partner = second
            first.ref.date_any = True
            cited.remove(second)
            return


def _fits(kind: dict, s: Setting) -> bool:
    if kind["level"] == "commune_party":
        return not s.party and s.body != "ubnd_huyen"
    if kind["level"] == "commune":
        return s.body == "ubnd_xa" and s.kind != "bao_cao"
    if kind["level"] == "district" or kind["symbol"] in ("QĐ/HU", "KL/HU"):
        return s.body != "ubnd_huyen"
    return True


def _local(rng: random.Random, kind: dict, s: Setting, before: dt.date) -> Cited | None:
    start, end = (dt.date.fromisoformat(d) for d in kind["dated"])
    end = min(end, before)
    if end <= start:
        return None
    date = random_date(rng, start, end)
    number = rng.randint(*kind["numbers"])
    code = fill(kind["form"], n=number, y=date.year, symbol=kind["symbol"])
    slots = {"P": s.province, "D": s.district, "C": s.commune or s.district, "Y": max(date.year, s.year - 1)}
    issuer = fill(pick(rng, kind["issuer"]), **slots)
    subject = fill(pick(rng, kind["subject"]), **slots) if maybe(rng, 0.8) else None
    if s.province_kind != "tỉnh":  # Hà Nội, Đà Nẵng, Cần Thơ: "thành phố", "Thành ủy"
        issuer, subject = (_city(t, s.province_kind) for t in (issuer, subject))
    ref = Ref(code, kind["kind"], None if maybe(rng, 0.07) else date, issuer)
    lead = "Thực hiện" if kind["level"] in ("party", "district", "commune_party") else "Căn cứ"
    return Cited(ref, subject, lead)


def _city(text: str | None, kind: str) -> str | None:
    return text and text.replace(" tỉnh", f" {kind}").replace("Tỉnh ủy", "Thành ủy")


# ── writing a citation ────────────────────────────────────────────────────────


def write_citation(rng: random.Random, c: Cited) -> str:
    """The full first citation of a document (the fact is registered by the caller)."""
    ref = c.ref
    if ref.title:
        return f"{ref.title} ngày {date_text(rng, ref.date, pick(rng, ['words', 'words', 'slash']))}"
    code = _spaced(rng, ref.code)
    if c.partner:
        return _shared_date(rng, c, code)
    kind = _kind_word(rng, ref.kind)
    sep = pick(rng, [" ", " ", ", "])
    numbered = f"{kind} {pick(rng, ['số ', 'số ', 'số ', ''])}{code}"
    when = f"ngày {date_text(rng, ref.date)}" if ref.date else ""
    of = f"của {ref.issuer}"
    form = pick(rng, ["code_date_issuer", "code_date_issuer", "code_issuer_date", "issuer_first", "code_date_issuer"])
    if not when:
        text = f"{numbered} {of}"
    elif form == "code_issuer_date":
        text = f"{numbered} {of}{sep}{when}"
    elif form == "issuer_first":
        text = f"{kind} {of} số {code}{sep}{when}"
    else:
        text = f"{numbered}{sep}{when} {of}"
    return f"{text} {c.subject}" if c.subject else text


def _shared_date(rng: random.Random, c: Cited, code: str) -> str:
    partner = c.partner.ref
    kind = c.ref.kind
    second = pick(rng, [f"{kind} số {partner.code}", f"số {partner.code}"])
    together = pick(rng, ["cùng ngày", "ngày"])
    return f"{kind} số {code} và {second} {together} {date_text(rng, partner.date)} của {partner.issuer}"


def _kind_word(rng: random.Random, kind: str) -> str:
    short = abbreviations().get(kind)
    return pick(rng, short) if short and maybe(rng, 0.12) else kind


def _spaced(rng: random.Random, code: str) -> str:
    """Now and then a stray space, as typed: '318 /QĐ-TTg'."""
    if maybe(rng, 0.05) and "/" in code:
        head, _, tail = code.partition("/")
        return f"{head} /{tail}"
    return code


def basis_paragraphs(rng: random.Random, cited: list[Cited]) -> list[str]:
    """The 'Căn cứ ...; Thực hiện ...' preamble, one citation a line or all in one paragraph."""
    if not cited:
        return []
    lines = []
    for c in cited:
        lead = c.lead if not c.ref.title else "Căn cứ"
        lines.append(f"{lead} {write_citation(rng, c)}")
    if maybe(rng, 0.3):
        return ["; ".join(lines) + pick(rng, [";", "."])]
    ends = [";"] * (len(lines) - 1) + [pick(rng, [";", ".", ";"])]
    return [line + end for line, end in zip(lines, ends, strict=True)]


def facts_of(c: Cited) -> list[Ref]:
    return [c.ref] + ([c.partner.ref] if c.partner else [])
