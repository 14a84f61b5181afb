"""core.tm: normalisation, scores, the number penalty, context matches, ranking."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.tm import (
    CONTEXT,
    EXACT,
    Candidate,
    Context,
    best_matches,
    normalize_source,
    pretranslation,
    similarity,
    source_key,
)

SOURCE = "国家知识产权局发布了2023年专利统计数据。"


def test_normalisation_drops_spaces_folds_width_and_case():
    assert normalize_source(" 国家 知识产权局 ＡＢＣ ") == "国家知识产权局abc"
    assert source_key("国家 知识产权局") == source_key("国家知识产权局")


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (SOURCE, 100),
        ("国家 知识产权局发布了2023年专利统计数据。", 99),  # written differently
        ("国家知识产权局发布了2023年专利统计数据！", 95),  # one character of 21
        ("国家知识产权局发布了2024年专利统计数据。", 91),  # 95, less 2 for each of 2023, 2024
    ],
)
def test_scores_count_characters_and_numbers(candidate, expected):
    assert similarity(SOURCE, candidate) == expected


def test_a_number_difference_is_never_exact():
    assert similarity("第1条", "第2条") <= 99
    assert similarity("共有3件", "共有３件") == 99  # the same number, written full-width


def test_context_match_ranks_above_exact():
    around = Context("前一句。", "后一句。")
    plain = Candidate(1, SOURCE, "plain", Context("别处。", ""), recency=2.0)
    placed = Candidate(2, SOURCE, "placed", around, recency=1.0)
    matches = best_matches(SOURCE, around, [plain, placed])
    assert [(m.candidate.key, m.score) for m in matches] == [(2, CONTEXT), (1, EXACT)]
    assert matches[0].context_match and pretranslation(matches) is matches[0]


def test_fuzzy_matches_are_not_pretranslated_and_weak_ones_dropped():
    fuzzy = Candidate(1, "国家知识产权局发布了2023年商标统计数据。", "t")
    unrelated = Candidate(2, "今天天气很好。", "u")
    matches = best_matches(SOURCE, Context(), [fuzzy, unrelated])
    assert [m.candidate.key for m in matches] == [1]
    assert pretranslation(matches) is None


def test_the_same_unit_twice_counts_once_and_five_at_most():
    same = [Candidate(i, SOURCE, "same") for i in range(3)]
    others = [Candidate(10 + i, SOURCE, f"other {i}") for i in range(6)]
    matches = best_matches(SOURCE, Context(), same + others)
    assert len(matches) == 5
    assert sum(m.candidate.target == "same" for m in matches) == 1


@given(st.text(max_size=40), st.text(max_size=40))
def test_scores_stay_in_range_and_identity_is_exact(a, b):
    assert 0 <= similarity(a, b) <= 100
    assert similarity(a, a) == 100
