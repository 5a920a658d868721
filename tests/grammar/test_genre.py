"""The genre of a text (models/grammar/genre.json): is it a legal text?"""

import pytest

from pipeline.extract.context import Context
from pipeline.extract.criteria import find_criteria
from pipeline.extract.grammar.genre import is_legal
from pipeline.schema import Metadata
from tests.data_examples import examples


@pytest.mark.parametrize("example", examples("grammar/genre.json", "examples"), ids=lambda e: e["text"][:30])
def test_genre_examples(example):
    ctx = Context(text=example["text"])
    assert is_legal(ctx) == example["legal"]


def test_a_decree_is_legal_by_its_type_and_a_plan_with_two_articles_is_not():
    ctx = Context(text="Mức hỗ trợ bằng 50% chi phí.")
    ctx.found["metadata"] = Metadata(doc_type="nghi_dinh")
    assert is_legal(ctx)
    assert not is_legal(Context(text="Điều 1. Ban hành Kế hoạch.\nĐiều 2. Giao UBND xã thực hiện."))


def test_criteria_lists_in_legal_texts_are_not_commune_criteria():
    grading = ("Thông tư này quy định việc xếp loại trung tâm.\n"
               "Trung tâm được xếp loại khá khi các tiêu chí 1, 2 và 3 đạt từ 70% điểm chuẩn trở lên.")
    assert find_criteria(Context(text=grading)) == []
    definition = ("Điều 3. Chỉ tiêu thống kê\nThông tư này quy định chỉ tiêu về nông thôn mới.\n"
                  "Tỷ lệ xã đạt tiêu chí số 17 về môi trường là tỷ lệ phần trăm số xã đạt chuẩn.")
    assert find_criteria(Context(text=definition)) == []
    report = "Đến nay, xã đạt 15/19 tiêu chí nông thôn mới, gồm các tiêu chí số 1, 2, 3."
    assert [c.criterion for c in find_criteria(Context(text=report))] == [1, 2, 3]
