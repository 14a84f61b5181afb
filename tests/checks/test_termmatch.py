"""Glossary matching: Chinese longest match, English through the one normaliser."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.glossary import Term, TermStatus
from review_app.core.termmatch import TermMatcher, english_words, fold_chinese, word_key

TERMS = [
    Term("国家知识产权局", "China National Intellectual Property Administration"),
    Term("国家知识产权局", "CNIPA", TermStatus.ADMITTED, case_sensitive=True),
    Term("国家知识产权局副局长", "Deputy Commissioner"),
    Term("局长", "Director"),
    Term("知识产权", "intellectual property"),
    Term("示范区", "demonstration zone"),
    Term("示范区", "demonstration area", TermStatus.DEPRECATED),
    Term("知识产权保护示范区", "intellectual property protection demonstration zone"),
    Term("政策", "policy"),
    Term("合作", "co-operation"),
    Term("堪途", "CANTOOP"),
    Term("5G", "5G"),
]
MATCHER = TermMatcher(TERMS)


def sources(text):
    return [(text[m.start : m.end], m.terms[0].target) for m in MATCHER.find_in_source(text)]


def targets(text):
    return [text[m.start : m.end] for m in MATCHER.find_in_target(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国家知识产权局副局长胡文辉", [("国家知识产权局副局长", "Deputy Commissioner")]),
        (
            "国家知识产权保护示范区",
            [("知识产权保护示范区", "intellectual property protection demonstration zone")],
        ),
        (
            "国家知识产权局和示范区",
            [
                ("国家知识产权局", "China National Intellectual Property Administration"),
                ("示范区", "demonstration zone"),
            ],
        ),
        ("局长芮文彪", [("局长", "Director")]),
        ("堪途（ＣＡＮＴＯＯＰ）", [("堪途", "CANTOOP")]),
        ("推进5G建设", [("5G", "5G")]),
        ("推进15G建设", []),
        ("没有术语", []),
    ],
)
def test_chinese_longest_match(text, expected):
    assert sources(text) == expected


def test_a_source_with_several_renderings_keeps_every_row():
    (match,) = MATCHER.find_in_source("国家知识产权局")
    assert [t.target for t in match.terms] == [
        "China National Intellectual Property Administration",
        "CNIPA",
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the demonstration zone", ["demonstration zone"]),
        ("two demonstration zones", ["demonstration zones"]),
        ("the demonstration zone's plan", ["demonstration zone's"]),
        ("the demonstration-zone plan", ["demonstration-zone"]),
        ("the demonstration\u00a0zone", ["demonstration\u00a0zone"]),
        ("the Demonstration  Zone", ["Demonstration  Zone"]),
        ("new policies", ["policies"]),
        (
            "co-operation and cooperation and co operation",
            ["co-operation", "cooperation", "co operation"],
        ),
        ("CNIPA's view", ["CNIPA's"]),
        ("cnipa", []),
        ("demonstrations zoned", []),
        ("the demonstration. Zone", []),
        ("demonstration\nzone", []),
    ],
)
def test_english_variants(text, found):
    assert [f for f in targets(text) if "property" not in f] == found


def test_find_in_target_restricted_to_some_terms():
    text = "a demonstration area and a demonstration zone"
    banned = [t for t in TERMS if t.status is TermStatus.DEPRECATED]
    assert [text[m.start : m.end] for m in MATCHER.find_in_target(text, banned)] == [
        "demonstration area"
    ]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("zone", "zones"),
        ("policy", "policies"),
        ("box", "boxes"),
        ("process", "processes"),
        ("horse", "horses"),
        ("course", "courses"),
        ("church", "churches"),
        ("movie", "movies"),
        ("key", "keys"),
        ("People", "People's"),
        ("worker", "workers'"),
        ("IP", "IPs"),
        ("Zone", "ZONES"),
    ],
)
def test_singular_and_plural_share_a_key(one, other):
    assert word_key(one) == word_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("gas", "ga"), ("analysis", "analysi"), ("bus", "bu"), ("process", "proces"), ("us", "u")],
)
def test_words_that_only_look_plural_keep_their_s(one, other):
    assert word_key(one) != word_key(other)


def test_word_key_keeps_case_when_asked():
    assert word_key("CNIPA's", case_sensitive=True) == "CNIPA"


def test_fold_chinese_keeps_offsets():
    assert fold_chinese("ＣＡＮＴＯＯＰ　２０２４") == "cantoop 2024"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(st.lists(WORD, min_size=1, max_size=4), st.sampled_from([" ", "\u00a0", "-", "  "]))
def test_a_rendering_is_found_however_it_is_spaced(words, separator):
    term = Term("术语", " ".join(words))
    text = "Before " + separator.join(words) + " after."
    matches = TermMatcher([term]).find_in_target(text)
    assert matches, text
    assert any(text[m.start : m.end] == separator.join(words) for m in matches)


# Words whose plural is regular: -s after anything but s, i, u (gas, axis, bus) or y.
REGULAR = st.text(alphabet="abcdefghjklmnopqrtvwxz", min_size=4, max_size=8)


@given(st.lists(REGULAR, min_size=1, max_size=4))
def test_a_rendering_is_found_in_the_plural_and_any_case(words):
    term = Term("术语", " ".join(words))
    plural = " ".join(words[:-1] + [words[-1] + "s"]).upper()
    assert TermMatcher([term]).find_in_target(f"The {plural}.")


@given(st.text(max_size=60))
def test_spans_are_spans_of_the_original_text(text):
    for word in english_words(text):
        assert 0 <= word.start < word.end <= len(text)
    for match in MATCHER.find_in_source(text):
        assert fold_chinese(text[match.start : match.end]) == fold_chinese(match.terms[0].source)


@given(st.text(alphabet="国家知识产权局副长示范区保护政策的和", max_size=30))
def test_source_matches_never_overlap(text):
    matches = MATCHER.find_in_source(text)
    for left, right in zip(matches, matches[1:], strict=False):
        assert left.end <= right.start
