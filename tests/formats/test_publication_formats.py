"""The published copy as text, Markdown, HTML and Word: golden files, and markup never leaks."""

import io
from pathlib import Path

import docx
import pytest
from jinja2 import UndefinedError

from review_app.core.publication import Block
from review_app.formats.docx import check_package, read_docx
from review_app.formats.publication import (
    render_docx,
    render_html,
    render_markdown,
    render_review_report,
    render_text,
)

GOLDEN = Path(__file__).parent / "golden" / "publication"
TITLE = "CANTOOP attended the Shanghai IP Protection Conference"
PARAGRAPHS = [
    "On July 26, 2024, CANTOOP IP Service (Shanghai) Co., Ltd. attended the conference.",
    Block("Four strategic directions", 1),
    "1. Strengthen demonstration & guidance; <improve> governance *now*.",
    "# Not a heading",
]


@pytest.mark.parametrize(
    ("render", "name"),
    [(render_text, "article.txt"), (render_markdown, "article.md"), (render_html, "article.html")],
)
def test_rendering_matches_the_golden_file(render, name: str) -> None:
    assert render(TITLE, PARAGRAPHS) == (GOLDEN / name).read_text(encoding="utf-8")


def test_the_published_html_is_a_standalone_article_without_scripts() -> None:
    page = render_html(TITLE, PARAGRAPHS)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert f"<title>{TITLE}</title>" in page and f"<h1>{TITLE}</h1>" in page
    assert "<h2>Four strategic directions</h2>" in page and "<style>" in page
    assert "<script" not in page and " on" not in page.split("<body>")[1].split(">")[0]


def test_the_word_copy_has_the_texts_paragraphs_with_title_and_heading_styles() -> None:
    document = docx.Document(io.BytesIO(render_docx(TITLE, PARAGRAPHS)))
    blocks = [(p.style.name, p.text) for p in document.paragraphs]
    text = render_text(TITLE, PARAGRAPHS)
    assert [t for _, t in blocks] == text.rstrip("\n").split("\n\n")
    assert [style for style, _ in blocks] == ["Title", "Normal", "Heading 1", "Normal", "Normal"]
    assert document.core_properties.title == TITLE


def test_the_word_copy_passes_the_import_checks_and_reads_back() -> None:
    data = render_docx(TITLE, PARAGRAPHS)
    check_package(data, "article.docx")
    paragraphs, headings, page_title = read_docx(data, "article.docx")
    assert page_title == TITLE and headings == {0: 0, 2: 1}
    assert paragraphs[3] == "1. Strengthen demonstration & guidance; <improve> governance *now*."


def test_characters_xml_cannot_hold_are_dropped_from_the_word_copy() -> None:
    document = docx.Document(io.BytesIO(render_docx("T\x00itle", ["a\x0bb\x1f c"])))
    assert [p.text for p in document.paragraphs] == ["Title", "ab c"]


def test_html_escapes_text() -> None:
    rendered = render_html("<script>x</script>", ["<b>bold</b> & more"])
    assert "<script>" not in rendered
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in rendered


REPORT = {
    "document": {"id": 1, "title": "<script>alert(1)</script> & co", "slug": "sample"},
    "sign_off": {
        "id": 1,
        "signed_off_by": "editor",
        "signed_off_at": "2024-07-26T10:00:00+00:00",
        "sha256": "ab" * 32,
    },
    "segments": 4,
    "words": 9,
    "qa": {
        "by_check": {"numbers": {"error": 1, "warning": 0}},
        "errors": 1,
        "warnings": 0,
        "ignored": [
            {
                "segment": "3",
                "check": "glossary_missing",
                "severity": "warning",
                "message": "保驾护航 → safeguard",
                "reason": "<b>safeguarding</b> is the verb's -ing form",
                "ignored_by": "editor",
            }
        ],
    },
    "mqm": {
        "rejections": 1,
        "by_severity": {"Major": 1},
        "by_category": {"Accuracy/<Addition>": 1},
        "score_per_1000_words": 555.56,
    },
    "post_edit": None,
    "publication": {"version": 2, "published_at": "2024-07-27T09:00:00+00:00", "published_by": "x"},
}


def test_the_review_report_renders_outside_any_request_and_escapes_text() -> None:
    page = render_review_report(REPORT)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    assert "<script>" not in page
    assert "Review report: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<li>Accuracy/&lt;Addition&gt;: 1</li>" in page
    assert "<tr><td>numbers</td><td>1</td><td>0</td></tr>" in page
    assert (
        'version 2 by\nx on <time datetime="2024-07-27T09:00:00+00:00">'
        "27 July 2024, 09:00 UTC</time>"
    ) in page
    assert "No post-editing metrics are available." in page
    assert "<td>&lt;b&gt;safeguarding&lt;/b&gt; is the verb&#39;s -ing form</td>" in page


def test_a_report_missing_a_field_is_an_error_not_a_blank() -> None:
    incomplete = {key: value for key, value in REPORT.items() if key != "publication"}
    with pytest.raises(UndefinedError, match="publication"):
        render_review_report(incomplete)


def test_report_counts_take_their_plural_and_times_read_as_dates():
    from review_app.formats.publication import counted, readable_time

    assert [counted(n, "error") for n in (0, 1, 2, 1200)] == [
        "0 errors",
        "1 error",
        "2 errors",
        "1,200 errors",
    ]
    assert readable_time("2026-12-02T01:55:13.123456+00:00") == "2 December 2026, 01:55 UTC"
    assert readable_time("2026-07-26T08:00:00+08:00") == "26 July 2026, 00:00 UTC"
