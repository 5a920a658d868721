"""Long names: a stem near the 255-byte limit (or one lengthened by the same-name rule) gets a
shortened output name with a digest, so neither the output nor its temporary file passes the limit."""

from __future__ import annotations

import pytest

from pipeline import batch
from pipeline.atomic import NAME_BYTES, shorten, write_atomic
from tests.reliability.common import GOOD, assert_nothing_half_written, good, run

pytestmark = pytest.mark.timeout(120)


def _longest_stem(suffix: str) -> str:
    """A Vietnamese stem that with `suffix` fills the 255-byte limit exactly."""
    stem = ""
    while len((stem + "ệ" + suffix).encode()) <= NAME_BYTES:
        stem += "ệ"
    return stem + "x" * (NAME_BYTES - len((stem + suffix).encode()))


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_name_at_the_file_system_limit_is_processed_and_rerun(tmp_path, suffix):
    folder = tmp_path / "in"
    long = good(folder, _longest_stem(suffix) + suffix)
    assert len(long.name.encode()) == NAME_BYTES
    good(folder)
    first = run([folder], tmp_path / "out")
    assert (first.summary.ok, first.summary.failed) == (2, 0), first.echoed
    assert all(len(p.name.encode()) <= NAME_BYTES for p in (tmp_path / "out").rglob("*"))
    again = run([folder], tmp_path / "out")
    assert (again.summary.skipped, again.summary.failed) == (2, 0)
    sources = {d["source"]["path"] for d in first.documents().values()}
    assert str(long) in sources
    assert_nothing_half_written(tmp_path / "out")


def test_same_long_names_in_two_folders_stay_apart(tmp_path):
    stem = _longest_stem(".txt")
    a = good(tmp_path / "in" / "xa_a", stem + ".txt")
    b = good(tmp_path / "in" / "xa_b", stem + ".txt", GOOD.replace("17/19", "18/19"))
    result = run([tmp_path / "in"], tmp_path / "out")
    assert result.summary.ok == 2 and not result.errors
    names = [item.name for item in batch.name_outputs([a, b])]
    assert len(set(names)) == 2 and all(len((n + ".json").encode()) <= NAME_BYTES for n in names)


def test_shorten_keeps_short_names_and_cuts_long_ones_on_a_character_boundary():
    assert shorten("ke_hoach", 50) == "ke_hoach"
    long = "đ" * 200
    cut = shorten(long, 100)
    assert len(cut.encode()) <= 100 and cut.startswith("đđđ") and "~" in cut
    assert shorten(long + "a", 100) != shorten(long + "b", 100)


def test_atomic_writes_to_a_long_name_leave_no_temporary_file(tmp_path):
    path = tmp_path / ("t" * (NAME_BYTES - 5) + ".json")
    write_atomic(path, "{}")
    assert path.read_text() == "{}" and [p.name for p in tmp_path.iterdir()] == [path.name]
