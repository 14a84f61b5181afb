"""Cutting a row's text into marked parts: terms, issue spans, overlaps, bad spans."""

from review_app.web.annotations import Part, marked_parts


def test_plain_text_is_one_part_and_empty_text_none():
    assert marked_parts("知识产权", [], []) == [Part("知识产权")]
    assert marked_parts("", [(0, 2, "term", "t")], [([[0, 1]], "error")]) == []


def test_a_term_and_an_issue_overlapping_split_into_runs():
    parts = marked_parts("加强知识产权保护", [(2, 6, "term", "tip")], [([[4, 8]], "warning")])
    assert parts == [
        Part("加强"),
        Part("知识", "term", "tip"),
        Part("产权", "term", "tip", "warning"),
        Part("保护", "", "", "warning"),
    ]
    assert parts[2].css == "term issue-warning" and parts[3].css == "issue-warning"


def test_the_first_term_wins_and_the_worst_severity_shows():
    parts = marked_parts(
        "abcdef",
        [(0, 4, "term", "long"), (2, 3, "term", "short")],
        [([[1, 3]], "warning"), ([[2, 5]], "error")],
    )
    assert [(p.text, p.title, p.severity) for p in parts] == [
        ("a", "long", ""),
        ("b", "long", "warning"),
        ("cd", "long", "error"),
        ("e", "", "error"),
        ("f", "", ""),
    ]


def test_spans_outside_the_text_are_clipped():
    assert marked_parts("ab", [(-3, 1, "term", "")], [([[1, 99]], "error")]) == [
        Part("a", "term"),
        Part("b", "", "", "error"),
    ]
