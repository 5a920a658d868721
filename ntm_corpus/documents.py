"""One synthetic document, start to finish: setting → planned facts → header, title, preamble,
sections, closing, signature → blocks, plain text and gold."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ntm_corpus import citations
from ntm_corpus.criteria_text import plan_criteria
from ntm_corpus.facts import Deadline, Metadata
from ntm_corpus.render import Block, Columns, Para
from ntm_corpus.sections import SECTIONS
from ntm_corpus.setting import Setting, choose_setting
from ntm_corpus.story import Story, plan_story
from ntm_corpus.tones import modern
from ntm_corpus.vocab import data, date_text, maybe, phrases, pick, two
from ntm_corpus.writer import Writer

DOC_WORDS = {"ke_hoach": "KẾ HOẠCH", "nghi_quyet": "NGHỊ QUYẾT", "bao_cao": "BÁO CÁO", "ket_luan": "KẾT LUẬN"}


@dataclass
class Generated:
    doc_id: str
    kind: str
    structure: str
    opening: str
    blocks: list[Block]
    text: str
    gold: dict


def compose(rng: random.Random, doc_id: str, kind: str | None = None) -> Generated:
    s = choose_setting(rng, kind)
    w = Writer(rng, s)
    cited = citations.plan_references(rng, s)
    aims = s.kind not in ("bao_cao_huyen", "cong_van")
    criteria = plan_criteria(rng, aim=aims) if aims else None
    story = plan_story(w, cited, criteria)
    # The year a document is about is named in its title; a deadline only where it is one.
    w.fact(Deadline(dt.date(s.year, 12, 31), "year", written=str(s.year), optional=True))
    header(w)
    title(w)
    opening = preamble(w, story)
    structure = pick(rng, data("structures")[s.kind])
    if any(section["kind"] == "criteria_tasks" for section in structure["sections"]):
        story.reserve = len(story.targets) // 2
    for section in structure["sections"]:
        if "p" in section and not maybe(rng, section["p"]):
            continue
        SECTIONS[section["kind"]](w, story, pick(rng, section["headings"]))
    w.para(w.slot(pick(rng, phrases()["closing"][s.kind])))
    signature(w)
    blocks = _retone(rng, w.blocks, s.tones)
    text = blocks_to_text(blocks)
    tones = modern if s.tones == "modern" else (lambda t: t)
    gold = w.gold.as_json(_metadata(s), keep=lambda name: _written(name, text), tones=tones)
    return Generated(doc_id, s.kind, structure["name"], opening, blocks, text, gold)


# ── header, title, preamble ───────────────────────────────────────────────────


def header(w: Writer) -> None:
    s, rng = w.setting, w.rng
    C, D = (s.commune or "").upper(), s.district.upper()
    if s.body == "ubnd_xa":
        left = pick(rng, [[f"UBND HUYỆN {D}", "ỦY BAN NHÂN DÂN", f"XÃ {C}"], ["ỦY BAN NHÂN DÂN", f"XÃ {C}"],
                          [f"ỦY BAN NHÂN DÂN XÃ {C}"], [f"UBND HUYỆN {D}", f"UBND XÃ {C}"]])
    elif s.body == "ubnd_huyen":
        left = pick(rng, [["ỦY BAN NHÂN DÂN", f"HUYỆN {D}"], [f"ỦY BAN NHÂN DÂN HUYỆN {D}"]])
    elif s.body == "hdnd":
        left = ["HỘI ĐỒNG NHÂN DÂN", f"XÃ {C}"]
    else:
        left = [f"ĐẢNG BỘ HUYỆN {D}", pick(rng, [f"ĐẢNG ỦY XÃ {C}", f"BCH ĐẢNG BỘ XÃ {C}"]), "*"]
    paras = [Para(line, align="center", bold=i > 0 or s.party or len(left) == 1, size=12.5) for i, line in enumerate(left)]
    paras.append(Para(_number_line(w), align="center", size=13))
    if s.kind == "cong_van":
        paras.append(Para(w.slot(pick(rng, phrases()["titles"]["cong_van"])), align="center", italic=True, size=12))
    motto = ["ĐẢNG CỘNG SẢN VIỆT NAM"] if s.party else [
        pick(rng, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
        pick(rng, ["Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"])]
    right = [Para(line, align="center", bold=True, size=12.5) for line in motto]
    right.append(Para(_date_line(w), align="center", italic=True))
    w.columns(paras, right)


def _number_line(w: Writer) -> str:
    s = w.setting
    party = "/" in s.symbol
    number = "      " if s.number is None else str(s.number) if s.number >= 10 else two(s.number, w.rng, 0.6)
    if party:
        return f"{pick(w.rng, ['Số ', 'Số: ', 'Số '])}{number}-{s.symbol}"
    return f"Số: {number}{pick(w.rng, ['/', '/', ' /'])}{s.symbol}"


def _date_line(w: Writer) -> str:
    s = w.setting
    day = "     " if s.day_blank else two(s.issued.day, w.rng, 0.6)
    return f"{s.place}, ngày {day} tháng {two(s.issued.month, w.rng, 0.5)} năm {s.issued.year}"


def title(w: Writer) -> None:
    s, rng = w.setting, w.rng
    if s.kind == "cong_van":
        return
    w.blocks.append(Para(DOC_WORDS[s.doc_type], align="center", bold=True, size=14))
    if s.kind == "nghi_quyet" and maybe(rng, 0.5):
        w.blocks.append(Para("CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ", align="center", bold=True))
    subject = w.slot(pick(rng, phrases()["titles"][s.kind]))
    w.blocks.append(Para(subject.upper() if maybe(rng, 0.3) else subject, align="center", bold=True))
    if maybe(rng, 0.3):
        w.blocks.append(Para(pick(rng, ["-----", "--------------", "*"]), align="center"))


def preamble(w: Writer, story: Story) -> str:
    """Citations ('Căn cứ ...; Thực hiện ...'), then the opening sentence. Returns the opening."""
    s, rng = w.setting, w.rng
    cited = list(story.cited)
    if s.kind == "cong_van":
        w.para("Kính gửi:", align="left")
        for name in rng.sample(phrases()["addressees"], rng.randint(2, 3)):
            w.bullet(name + ";")
        first = cited[-1]
        _register(w, first)
        opening = w.slot(pick(rng, phrases()["openings"]["cong_van"]), cite=citations.write_citation(rng, first))
        w.para(opening)
        return opening
    if s.body == "hdnd":
        w.blocks.append(Para(f"HỘI ĐỒNG NHÂN DÂN XÃ {(s.commune or '').upper()}", align="center", bold=True))
    if s.kind == "ket_luan":
        cited = cited[: rng.randint(0, 2)]
    for c in cited:
        _register(w, c)
    for line in citations.basis_paragraphs(rng, cited):
        w.para(line, italic=s.body == "hdnd")
    meeting = s.issued - dt.timedelta(days=rng.randint(1, 12))
    opening = w.slot(pick(rng, phrases()["openings"][s.kind]), hop=date_text(rng, meeting, "slash"))
    w.para(opening)
    if s.body == "hdnd":
        w.blocks.append(Para("QUYẾT NGHỊ:", align="center", bold=True))
    return opening


def _register(w: Writer, c: citations.Cited) -> None:
    for ref in citations.facts_of(c):
        w.fact(ref)


# ── signature ─────────────────────────────────────────────────────────────────


def signature(w: Writer) -> None:
    s, rng = w.setting, w.rng
    bank = phrases()["recipients"]
    key = {"ubnd_xa": "ubnd_xa", "ubnd_huyen": "ubnd_huyen", "hdnd": "hdnd", "dang_uy": "dang_uy"}[s.body]
    names = rng.sample(bank[key], rng.randint(3, min(6, len(bank[key]))))
    if s.kind == "cong_van":
        names = ["Như trên", *rng.sample(bank["cong_van"][1:], 1), *names[:2]]
    keep = "Lưu Văn phòng Đảng ủy" if s.party else pick(rng, ["Lưu: VT", "Lưu VT", "Lưu: VT, VP"])
    left = [Para("Nơi nhận:", align="left", bold=True, italic=True, size=12)]
    left += [Para(f"- {name};", align="left", size=11) for name in names]
    left.append(Para(f"- {keep}.", align="left", size=11))
    right = [Para(line, align="center", bold=True) for line in s.authority]
    if maybe(rng, 0.15):
        right.append(Para("(Đã ký)", align="center", italic=True))
    right.append(Para(s.signer, align="center", bold=True))
    w.columns(left, right)


# ── text, tones, gold metadata ────────────────────────────────────────────────


def blocks_to_text(blocks: list[Block]) -> str:
    """Plain text: one line per paragraph; a Columns block reads left column, then right."""
    lines = []
    for block in blocks:
        paras = block.left + block.right if isinstance(block, Columns) else [block]
        lines.extend(p.text for p in paras)
    return "\n".join(lines) + "\n"


def _retone(rng: random.Random, blocks: list[Block], tones: str) -> list[Block]:
    """Modern tone marks everywhere, nowhere, or paragraph by paragraph ('mixed'), as real files do."""
    def fix(p: Para) -> Para:
        if tones == "modern" or (tones == "mixed" and maybe(rng, 0.5)):
            return Para(modern(p.text), p.align, p.bold, p.italic, p.size)
        return p

    return [Columns([fix(p) for p in b.left], [fix(p) for p in b.right]) if isinstance(b, Columns) else fix(b)
            for b in blocks]


def _written(name: str, text: str) -> bool:
    return modern(name).lower() in modern(text).lower()


def _metadata(s: Setting) -> Metadata:
    return Metadata(
        doc_type=s.doc_type, number=None if s.number is None else str(s.number), symbol=s.symbol,
        issued=None if s.day_blank else s.issued, issued_year=s.issued.year, issued_month=s.issued.month,
        place=s.place, signer_name=s.signer, signer_title=s.signer_title,
        commune=s.commune, district=s.district, province=s.province,
    )


