"""The registry: stable ids, titles, severities; the entry points the app calls."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.checks import (
    Check,
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


# Every check of the issue with the severity it is declared with: errors block sign-off.
SEVERITIES = {
    "glossary_missing": Severity.WARNING,
    "glossary_forbidden": Severity.ERROR,
    "numbers": Severity.ERROR,
    "untranslated": Severity.ERROR,
    "empty_target": Severity.ERROR,
    "same_as_source": Severity.ERROR,
    "punctuation": Severity.WARNING,
    "inconsistent": Severity.WARNING,
    "length_ratio": Severity.WARNING,
    "enumeration": Severity.WARNING,
    "repeated_word": Severity.WARNING,
    "inline_codes": Severity.ERROR,
}
IDS = list(SEVERITIES)


def test_every_check_of_the_issue_is_registered():
    assert sorted(registered_checks()) == sorted(IDS)


@pytest.mark.parametrize("check_id", IDS)
def test_each_check_declares_its_id_and_severity(check_id):
    cls = registered_checks()[check_id]
    assert cls.check_id == check_id
    # A Severity, not a bare string (which a StrEnum would compare equal to).
    assert type(cls.severity) is Severity
    assert cls.severity is SEVERITIES[check_id]


@pytest.mark.parametrize("check_id", IDS)
def test_each_check_has_a_title_of_its_own(check_id):
    cls = registered_checks()[check_id]
    # Without a docstring the title would fall back to the id: a reviewer would read "numbers".
    assert cls.__doc__, f"{cls.__name__} needs a docstring: its first line is the title"
    assert cls.title() == cls.__doc__.strip().splitlines()[0] != check_id
    assert cls.title()[0].isupper() and not cls.title().endswith(".")


def test_titles_tell_the_checks_apart():
    titles = [cls.title() for cls in registered_checks().values()]
    assert len(set(titles)) == len(titles)


def test_the_title_is_the_first_line_of_the_docstring():
    class Example(Check):
        """Something is off

        More about it, which a reviewer does not see in the list.
        """

        check_id = "example"
        severity = Severity.WARNING

    assert Example.title() == "Something is off"


def test_severity_is_configurable():
    context = CheckContext(severities={"repeated_word": Severity.ERROR})
    (issue,) = check_segment("大会", "the the conference", context)
    assert issue.severity is Severity.ERROR


def test_checks_can_be_disabled():
    assert [i.check_id for i in check_segment("大会", "the the conference")] == ["repeated_word"]
    context = CheckContext(disabled=frozenset({"repeated_word"}))
    assert check_segment("大会", "the the conference", context) == []
    # Disabling one check leaves the others running.
    (issue,) = check_segment("大会", "", context)
    assert issue.check_id == "empty_target"


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


def spans_inside(issues_of_rows, rows) -> None:
    for row, issues in zip(rows, issues_of_rows, strict=True):
        for issue in issues:
            assert issue.check_id in SEVERITIES and type(issue.severity) is Severity
            assert issue.message.strip()
            for start, end in issue.source_spans:
                assert 0 <= start <= end <= len(row.source)
            for start, end in issue.target_spans:
                assert 0 <= start <= end <= len(row.target)


def test_spans_point_at_the_text_in_question():
    """A known case, so that the property below is seen to check spans at all."""
    rows = [Row("国家知识产权局在示范区。", "The the demo area of 国家.")]
    (issues,) = check_document(rows, CheckContext(glossary=TermMatcher(GLOSSARY)))
    marked = {
        i.check_id: (
            [rows[0].source[a:b] for a, b in i.source_spans],
            [rows[0].target[a:b] for a, b in i.target_spans],
        )
        for i in issues
    }
    assert marked == {
        "glossary_missing": (["国家知识产权局"], []),
        "glossary_forbidden": (["示范区"], ["demo area"]),
        "untranslated": (["国家"], ["国家"]),
        "repeated_word": ([], ["the"]),  # the second of the pair
    }
    spans_inside([issues], rows)


@given(st.lists(st.tuples(ZH, EN), min_size=1, max_size=4))
def test_any_text_gives_issues_whose_spans_are_inside_the_texts(pairs):
    context = CheckContext(glossary=TermMatcher(GLOSSARY))
    rows = [Row(source, target) for source, target in pairs]
    spans_inside(check_document(rows, context), rows)
