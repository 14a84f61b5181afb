"""The registry: stable ids, titles, severities; the entry points the app calls."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.checks import (
    CheckContext,
    Severity,
    check_document,
    check_segment,
    registered_checks,
)
from review_app.core.glossary import Term, TermStatus
from review_app.core.termmatch import TermMatcher

GLOSSARY = [
    Term("国家知识产权局", "CNIPA", case_sensitive=True),
    Term("示范区", "demonstration zone"),
    Term("示范区", "demo area", TermStatus.FORBIDDEN),
]


@dataclass(frozen=True)
class Row:
    source: str
    target: str


IDS = [
    "glossary_missing",
    "glossary_forbidden",
    "numbers",
    "untranslated",
    "empty_target",
    "same_as_source",
    "punctuation",
    "inconsistent",
    "length_ratio",
    "enumeration",
    "repeated_word",
    "inline_codes",
]


def test_every_check_of_the_issue_is_registered():
    assert sorted(registered_checks()) == sorted(IDS)


@pytest.mark.parametrize("check_id", IDS)
def test_each_check_has_a_one_line_title_and_a_severity(check_id):
    cls = registered_checks()[check_id]
    assert cls.check_id == check_id
    assert cls.title() and "\n" not in cls.title()
    assert cls.severity in (Severity.ERROR, Severity.WARNING)


def test_severity_is_configurable():
    context = CheckContext(severities={"repeated_word": Severity.ERROR})
    (issue,) = check_segment("大会", "the the conference", context)
    assert issue.severity is Severity.ERROR


def test_checks_can_be_disabled():
    context = CheckContext(disabled=frozenset({"repeated_word"}))
    assert check_segment("大会", "the the conference", context) == []


def test_unknown_check_ids_are_refused():
    with pytest.raises(ValueError, match="nonsense"):
        check_segment("大会", "conference", checks=["nonsense"])


def test_check_document_returns_one_list_per_segment():
    results = check_document([Row("大会。", "The conference."), Row("大会。", "")])
    assert results[0] == []
    assert [i.check_id for i in results[1]] == ["empty_target"]


ZH = st.text(
    alphabet="国家知识产权局示范区一二三四五十百千万亿年月日第是，。：；“”（）！？0123456789 .",
    max_size=40,
)
EN = st.text(alphabet="abcdefg ABC.,;:!?\"'()“”-\u00a0 0123456789国示", max_size=40)


@given(st.lists(st.tuples(ZH, EN), min_size=1, max_size=4))
def test_any_text_gives_issues_whose_spans_are_inside_the_texts(pairs):
    context = CheckContext(glossary=TermMatcher(GLOSSARY))
    rows = [Row(source, target) for source, target in pairs]
    for row, issues in zip(rows, check_document(rows, context), strict=True):
        for issue in issues:
            assert issue.message
            for start, end in issue.source_spans:
                assert 0 <= start <= end <= len(row.source)
            for start, end in issue.target_spans:
                assert 0 <= start <= end <= len(row.target)
