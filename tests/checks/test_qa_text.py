"""empty_target, same_as_source, untranslated, repeated_word."""

import pytest


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("大会召开", "", True),
        ("大会召开", " \u00a0 ", True),
        ("大会召开", "The conference opened", False),
        ("", "", False),
        ("CANTOOP", "CANTOOP", False),
    ],
)
def test_empty_target(run, source, target, flagged):
    assert bool(run("empty_target", source, target)) is flagged


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("大会召开", "大会召开", True),
        ("大会召开", "大会召开 ", True),
        ("大会召开", "The conference opened", False),
        ("CANTOOP", "CANTOOP", False),
        ("2024", "2024", False),
    ],
)
def test_same_as_source(run, source, target, flagged):
    assert bool(run("same_as_source", source, target)) is flagged


@pytest.mark.parametrize(
    ("source", "target", "spans"),
    [
        ("上海市知识产权局局长芮文彪", "Director 芮文彪 of the office", ["芮文彪"]),
        ("公司（堪途）", "the company (堪途) and 堪途", ["堪途", "堪途"]),
        ("大会召开", "The conference opened", []),
        ("大会召开", "大会召开", []),
        ("CANTOOP", "CANTOOP", []),
    ],
)
def test_untranslated(run, source, target, spans):
    issues = run("untranslated", source, target)
    assert [target[s:e] for issue in issues for s, e in issue.target_spans] == spans
    assert all(issue.severity == "error" for issue in issues)


def test_untranslated_highlights_the_run_in_the_source_too(run):
    (issue,) = run("untranslated", "局长芮文彪", "Director 芮文彪")
    assert issue.source_spans == ((2, 5),)


@pytest.mark.parametrize(
    ("source", "target", "repeated"),
    [
        ("他们参加了大会", "They attended the the conference", ["the"]),
        ("他们参加了大会", "They went to to the conference", ["to"]),
        ("他们参加了大会", "They attended the conference", []),
        ("他说他已经", "He said he had had enough", []),
        ("他说", "He said that that was all", []),
        ("波拉波拉岛", "Bora Bora island", []),
        ("他们参加了大会", "They attended the\nthe conference", []),
        ("他们参加了大会", "theme the", []),
    ],
)
def test_repeated_word(run, source, target, repeated):
    issues = run("repeated_word", source, target)
    assert [target[s:e] for issue in issues for s, e in issue.target_spans] == repeated
