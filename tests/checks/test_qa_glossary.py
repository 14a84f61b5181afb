"""glossary_missing and glossary_forbidden: good and bad (source, target) pairs."""

import pytest

from review_app.core.checks import CheckContext, check_segment

MISSING_GOOD = [
    ("国家知识产权局发布", "The China National Intellectual Property Administration announced"),
    ("国家知识产权局发布", "CNIPA announced"),
    ("建设示范区", "building demonstration zones"),
    ("建设示范区", "building model zones"),
    ("建设示范区", "building a demonstration-zone"),
    ("建设示范区", "building a demonstration\u00a0zone"),
    ("三中全会精神", "the spirit of the Third Plenary Session"),
    ("保护知识产权", "protecting IP"),
    ("保护知识产权", "protect intellectual property rights"),
    ("堪途（CANTOOP）", "CANTOOP"),
    ("没有术语", "No terms"),
    ("国家知识产权局", ""),
]
MISSING_BAD = [
    ("国家知识产权局发布", "The State Intellectual Property Office announced", "国家知识产权局"),
    ("国家知识产权局发布", "cnipa announced", "国家知识产权局"),
    ("建设示范区", "building demonstration sites", "示范区"),
    ("三中全会精神", "the spirit of the third plenary session", "三中全会"),
    ("保护知识产权", "protecting ip", "知识产权"),
]


@pytest.mark.parametrize(("source", "target"), MISSING_GOOD)
def test_glossary_missing_good(run, source, target):
    assert run("glossary_missing", source, target) == []


@pytest.mark.parametrize(("source", "target", "term"), MISSING_BAD)
def test_glossary_missing_bad(run, source, target, term):
    (issue,) = run("glossary_missing", source, target)
    assert issue.term.source == term
    assert issue.term.status.acceptable
    assert [source[s:e] for s, e in issue.source_spans] == [term]
    assert issue.severity == "warning"


def test_a_banned_rendering_is_reported_once_by_glossary_forbidden(context):
    issues = check_segment("建设示范区", "building demonstration areas", context)
    assert [i.check_id for i in issues] == ["glossary_forbidden"]


def test_glossary_missing_counts_a_repeated_term_once(run):
    (issue,) = run("glossary_missing", "示范区和示范区", "the zones")
    assert issue.source_spans == ((0, 3), (4, 7))


def test_glossary_missing_message_names_every_acceptable_rendering(run):
    (issue,) = run("glossary_missing", "国家知识产权局", "SIPO")
    assert "China National Intellectual Property Administration" in issue.message
    assert "CNIPA" in issue.message


FORBIDDEN_GOOD = [
    ("建设示范区", "building demonstration zones"),
    ("没有术语", "the demonstration area"),
    ("国家知识产权局", "China National Intellectual Property Administration"),
]
FORBIDDEN_BAD = [
    ("建设示范区", "building demonstration areas", "demonstration areas"),
    ("国家知识产权局发布", "The National Property Office announced", "National Property Office"),
    ("国家知识产权局发布", "the national property office's view", "national property office's"),
]


@pytest.mark.parametrize(("source", "target"), FORBIDDEN_GOOD)
def test_glossary_forbidden_good(run, source, target):
    assert run("glossary_forbidden", source, target) == []


@pytest.mark.parametrize(("source", "target", "found"), FORBIDDEN_BAD)
def test_glossary_forbidden_bad(run, source, target, found):
    (issue,) = run("glossary_forbidden", source, target)
    assert [target[s:e] for s, e in issue.target_spans] == [found]
    assert not issue.term.status.acceptable
    assert issue.severity == "error"


def test_without_a_glossary_the_glossary_checks_are_silent():
    assert check_segment("国家知识产权局", "SIPO", CheckContext()) == []
