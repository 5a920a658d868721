"""The listing of target indicators the lexicon does not map yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.export.indicators import count_unmapped, unmapped_phrases
from pipeline.export.tables import read_extractions
from pipeline.normalize.vietnamese import fold
from pipeline.schema import Target
from tests.batches import extracted_batch, grounded, handmade, write_extraction


def target(text: str, phrase: str, indicator: str, indicator_id: str | None, after: int = 0) -> Target:
    return Target(**grounded(text, phrase, after), indicator=indicator, indicator_id=indicator_id,
                  comparator=">=", value=95, unit="%", kind="target", year=2025)


def test_unmapped_phrases_are_grouped_counted_and_mapped_ones_left_out(tmp_path):
    first = ("Phấn đấu năm 2025: tỷ lệ hộ dùng nước sạch đạt 95%; tỷ lệ hộ nghèo dưới 2%; "
             "Tỷ lệ hộ dùng nước sạch ở thôn vùng cao đạt 95%.")
    write_extraction(tmp_path, "hoa_an", handmade(first, targets=[
        target(first, "tỷ lệ hộ dùng nước sạch đạt 95%", "Tỷ lệ hộ dùng nước sạch", None),
        target(first, "tỷ lệ hộ nghèo dưới 2%", "tỷ lệ hộ nghèo", "poverty_rate"),
        target(first, "Tỷ lệ hộ dùng nước sạch ở thôn", "tỷ lệ  hộ dùng nước sạch", None),
    ]))
    second = "MỤC TIÊU: TỶ LỆ HỘ DÙNG NƯỚC SẠCH ĐẠT 95%; số nhà văn hoá thôn đạt chuẩn đạt 95%."
    write_extraction(tmp_path, "hoa_binh", handmade(second, path="in/hoa_binh.txt", doc_id="b" * 64, targets=[
        target(second, "TỶ LỆ HỘ DÙNG NƯỚC SẠCH ĐẠT 95%", "TỶ LỆ HỘ DÙNG NƯỚC SẠCH", None),
        target(second, "số nhà văn hoá thôn đạt chuẩn đạt 95%", "số nhà văn hoá thôn đạt chuẩn", None),
    ]))
    assert unmapped_phrases(tmp_path) == [("Tỷ lệ hộ dùng nước sạch", 3), ("số nhà văn hoá thôn đạt chuẩn", 1)]


def test_a_group_shows_its_most_frequent_spelling():
    phrases = ["Tỷ lệ trẻ em đi học", "tỷ lệ trẻ em đi học", "tỷ lệ trẻ em đi học", "TỶ LỆ TRẺ EM ĐI HỌC"]
    assert count_unmapped(phrases) == [("tỷ lệ trẻ em đi học", 4)]


def test_ties_are_ordered_by_phrase_so_the_listing_is_stable():
    assert count_unmapped(["thu nhập bình quân", "diện tích lúa"]) == [("diện tích lúa", 1), ("thu nhập bình quân", 1)]


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    return extracted_batch(tmp_path_factory)


def test_on_a_real_batch_every_unmapped_target_is_counted_once(batch_dir):
    targets = [t for _, extraction in read_extractions(batch_dir) for t in extraction["targets"]]
    listing = unmapped_phrases(batch_dir)
    assert listing, "the batch has unmapped indicators to list"
    assert sum(count for _, count in listing) == sum(1 for t in targets if t["indicator_id"] is None)
    assert len({fold(phrase) for phrase, _ in listing}) == len(listing)
    counts = [count for _, count in listing]
    assert counts == sorted(counts, reverse=True)
