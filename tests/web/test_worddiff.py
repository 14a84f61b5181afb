"""Word-level diffs for history and the draft-diff view."""

from hypothesis import given
from hypothesis import strategies as st

from review_app.web.worddiff import DiffPart, word_diff


def test_english_words_and_punctuation():
    assert word_diff("Back to Home.", "Back to the home page!") == [
        DiffPart("equal", "Back to "),
        DiffPart("delete", "Home."),
        DiffPart("insert", "the home page!"),
    ]


def test_chinese_changes_one_character_at_a_time():
    assert word_diff("上海市知识产权局", "上海市知识产权协会") == [
        DiffPart("equal", "上海市知识产权"),
        DiffPart("delete", "局"),
        DiffPart("insert", "协会"),
    ]


def test_missing_text_counts_as_empty():
    assert word_diff(None, "New.") == [DiffPart("insert", "New.")]
    assert word_diff("", "") == []


@given(st.text(), st.text())
def test_the_parts_rebuild_both_texts(old, new):
    parts = word_diff(old, new)
    assert "".join(p.text for p in parts if p.kind != "insert") == old
    assert "".join(p.text for p in parts if p.kind != "delete") == new
