"""The registry: stable ids, titles, severities; the entry points the app calls."""

import pytest

from review_app.core.checks import (
    CheckContext,
    Severity,
    check_document,
    check_segment,
    registered_checks,
)

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
    class Row:
        def __init__(self, source, target):
            self.source, self.target = source, target

    results = check_document([Row("大会。", "The conference."), Row("大会。", "")])
    assert results[0] == []
    assert [i.check_id for i in results[1]] == ["empty_target"]
