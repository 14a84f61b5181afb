"""The published copy as text, Markdown and HTML: golden files, and markup never leaks."""

from pathlib import Path

import pytest

from review_app.formats.publication import render_html, render_markdown, render_text

GOLDEN = Path(__file__).parent / "golden" / "publication"
TITLE = "CANTOOP attended the Shanghai IP Protection Conference"
PARAGRAPHS = [
    "On July 26, 2024, CANTOOP IP Service (Shanghai) Co., Ltd. attended the conference.",
    "1. Strengthen demonstration & guidance; <improve> governance *now*.",
    "# Not a heading",
]


@pytest.mark.parametrize(
    ("render", "name"),
    [(render_text, "article.txt"), (render_markdown, "article.md"), (render_html, "article.html")],
)
def test_rendering_matches_the_golden_file(render, name: str) -> None:
    assert render(TITLE, PARAGRAPHS) == (GOLDEN / name).read_text(encoding="utf-8")


def test_html_escapes_text() -> None:
    rendered = render_html("<script>x</script>", ["<b>bold</b> & more"])
    assert "<script>" not in rendered
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in rendered
