"""The headline of an article, by format, and the roles segments get at import."""

from pathlib import Path

import pytest

from review_app.core.headline import Article, Headline, clean_title, find_headline
from review_app.core.roles import imported_role
from review_app.formats.article import file_title, read_article

BODY = (
    "On July 26, 2024, the company attended the conference. It met many leaders there and "
    "discussed the protection of intellectual property rights in the years to come."
)


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        (["Back to Home", "News | The Real Headline", BODY], Headline("The Real Headline", 1)),
        (["A site tagline", "Back to Home", "The Headline", BODY], Headline("The Headline", 2)),
        (["The Headline", BODY, "Another line"], Headline("The Headline", 0)),
        ([BODY, BODY], None),  # no short line above the body: no headline
        (["Short line.", BODY], None),  # a sentence, not a headline
    ],
)
def test_plain_text_headline_is_the_short_line_above_the_body(paragraphs, expected):
    assert find_headline(paragraphs, "en") == expected


def test_the_sample_drafts_headline_is_past_its_page_chrome():
    data = (Path(__file__).parents[2] / "translations/cantoop-ip-conference.en.txt").read_bytes()
    article = read_article(data, "draft.en.txt", "en")
    assert article.headline == Headline(
        "CANTOOP attended the Shanghai Intellectual Property Protection Conference", 3
    )


def test_html_takes_the_h1_then_the_title():
    page = (
        b"<html><head><title>Site | Page title</title></head><body><nav>Home</nav>"
        b"<h1>Real headline</h1><h2>Section</h2><p>Text.</p></body></html>"
    )
    article = read_article(page, "a.html", "en")
    assert article.headline == Headline("Real headline", 1)
    assert article.headings == {1: 1, 2: 2}
    untitled = b"<html><head><title>Site | Page title</title></head><p>Text.</p></html>"
    assert read_article(untitled, "a.html", "en").headline == Headline("Page title", None)


def test_markdown_takes_the_top_heading():
    article = read_article(b"# Title\n\nText.\n\n## Part two\n\nMore.\n", "a.md", "en")
    assert article.headline == Headline("Title", 0)
    assert article.headings == {0: 1, 2: 2}


def test_roles_at_import_exclude_chrome_and_the_headline_and_keep_headings():
    draft = Article(["Back to Home", "Title", "Text.", "Part two", "More."], {1: 1, 3: 2})
    draft = Article(
        draft.paragraphs,
        draft.headings,
        find_headline(draft.paragraphs, "en", headings=draft.headings),
    )
    source = Article.of(["返回首页", "标题", "正文。", "第二部分", "更多。"], "zh")

    def role(n):
        return imported_role(source.paragraphs[n], draft.paragraphs[n], n, n, source, draft)

    assert [role(n) for n in range(5)] == [
        ("excluded", None),
        ("excluded", None),
        ("body", None),
        ("heading", 1),
        ("body", None),
    ]


def test_titles_from_page_titles_and_file_names():
    assert clean_title("Company News | CANTOOP attended") == "CANTOOP attended"
    assert file_title("cantoop-ip-conference.zh.txt") == "Cantoop ip conference"
