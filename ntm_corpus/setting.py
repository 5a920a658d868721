"""Who issues a synthetic document, where, when, under which number, and who signs it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ntm_corpus.vocab import data, maybe, pick, random_date

# doc kind → (weight, issuing body, doc_type in the gold, symbol)
KINDS = {
    "ke_hoach": (30, "ubnd_xa", "ke_hoach", "KH-UBND"),
    "nghi_quyet": (15, "dang_uy", "nghi_quyet", "NQ/ĐU"),
    "nghi_quyet_hdnd": (6, "hdnd", "nghi_quyet", "NQ-HĐND"),
    "bao_cao": (20, "ubnd_xa", "bao_cao", "BC-UBND"),
    "bao_cao_huyen": (8, "ubnd_huyen", "bao_cao", "BC-UBND"),
    "ket_luan": (9, "dang_uy", "ket_luan", "KL/ĐU"),
    "cong_van": (12, "ubnd_xa", "cong_van", "UBND-NN"),
}
PARTY = {"dang_uy"}
LAST_ISSUE = dt.date(2025, 6, 30)


@dataclass
class Setting:
    kind: str  # a key of KINDS
    body: str  # ubnd_xa | dang_uy | hdnd | ubnd_huyen
    doc_type: str
    symbol: str
    province: str
    province_kind: str  # tỉnh | thành phố
    region: str
    district: str
    commune: str | None
    issued: dt.date
    year: int  # the year the document plans for or reports on
    number: int | None  # None: a draft with the number left blank
    day_blank: bool
    signer: str
    signer_title: str
    authority: list[str]  # the lines above the signer's name
    tones: str  # old | modern | mixed
    slots: dict = field(default_factory=dict)

    @property
    def party(self) -> bool:
        return self.body in PARTY

    @property
    def district_level(self) -> bool:
        return self.body == "ubnd_huyen"

    @property
    def place(self) -> str:
        return self.district if self.district_level else self.commune or self.district


def choose_setting(rng: random.Random, kind: str | None = None) -> Setting:
    kind = kind or rng.choices(list(KINDS), weights=[k[0] for k in KINDS.values()])[0]
    _, body, doc_type, symbol = KINDS[kind]
    province = pick(rng, data("places")["provinces"])
    region = province["region"]
    commune = None if body == "ubnd_huyen" else pick(rng, data("places")["communes"][region])
    issued, year = _dates(rng, kind)
    if kind == "cong_van":
        symbol = pick(rng, ["UBND-NN", "UBND-VP", "UBND", "UBND-ĐC"])
    name, title, authority = _signer(rng, body, kind, region)
    setting = Setting(
        kind=kind, body=body, doc_type=doc_type, symbol=symbol,
        province=province["name"], province_kind=province["kind"], region=region,
        district=pick(rng, province["districts"]), commune=commune,
        issued=issued, year=year,
        number=None if maybe(rng, 0.12) else rng.randint(1, 260 if body != "dang_uy" else 120),
        day_blank=False, signer=name, signer_title=title, authority=authority,
        tones=rng.choices(["old", "modern", "mixed"], weights=[45, 35, 20])[0],
    )
    setting.day_blank = setting.number is None and maybe(rng, 0.7)
    setting.slots = {
        "xa": f"xã {commune}" if commune else "",
        "huyen": f"huyện {setting.district}",
        "tinh": f"{province['kind']} {province['name']}",
        "nam": str(year),
        "nam_sau": str(year + 1),
    }
    return setting


def _dates(rng: random.Random, kind: str) -> tuple[dt.date, int]:
    """Issue date and the year the document is about, in the life of the 2021-2025 programme."""
    if kind in ("bao_cao", "bao_cao_huyen"):
        year = rng.randint(2022, 2024)
        return random_date(rng, dt.date(year, 11, 10), dt.date(year + 1, 1, 20)), year
    if kind in ("ket_luan", "cong_van"):
        year = rng.randint(2022, 2025)
        start = dt.date(year, 3, 1) if year > 2022 else dt.date(2022, 5, 1)
        return random_date(rng, start, min(dt.date(year, 11, 20), LAST_ISSUE)), year
    year = rng.randint(2022, 2025)
    if year == 2022:
        return random_date(rng, dt.date(2022, 4, 15), dt.date(2022, 6, 30)), year
    return random_date(rng, dt.date(year - 1, 12, 10), dt.date(year, 4, 30)), year


def _signer(rng: random.Random, body: str, kind: str, region: str) -> tuple[str, str, list[str]]:
    name = person(rng, region)
    if body == "dang_uy":
        head = "T/M BAN THƯỜNG VỤ" if kind == "ket_luan" else pick(rng, ["T/M BAN CHẤP HÀNH", "T/M ĐẢNG ỦY", "T/M BAN CHẤP HÀNH"])
        if maybe(rng, 0.6):
            return name, "Bí thư", [head, "BÍ THƯ"]
        return name, "Phó Bí thư", pick(rng, [[head, "PHÓ BÍ THƯ"], [head, "K/T BÍ THƯ", "PHÓ BÍ THƯ"]])
    if body == "hdnd":
        return name, "Chủ tịch", pick(rng, [["CHỦ TỊCH"], ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"]])
    tm = pick(rng, ["TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", "T/M ỦY BAN NHÂN DÂN",
                    "TM. UBND XÃ" if body == "ubnd_xa" else "TM. UBND HUYỆN"])
    if maybe(rng, 0.45):
        return name, "Chủ tịch", [tm, "CHỦ TỊCH"]
    return name, "Phó Chủ tịch", [tm, pick(rng, ["KT. CHỦ TỊCH", "KT.CHỦ TỊCH", "K/T CHỦ TỊCH"]), "PHÓ CHỦ TỊCH"]


def person(rng: random.Random, region: str) -> str:
    people = data("people")
    surnames = people["surnames"] + people["surnames_by_region"].get(region, []) * 2
    female = maybe(rng, people["female_share"])
    middle = pick(rng, people["middle_female" if female else "middle_male"])
    given = pick(rng, people["given_female" if female else "given_male"])
    return f"{pick(rng, surnames)} {middle} {given}"
