"""An article's headline, and where its page chrome ends, from its paragraphs.

A title taken from the file name ("Cantoop ip conference") is what a reader notices first, so
the import looks for the article's own headline: the first top-level heading when the file
marks headings, else the page's title, else, for plain text copied off a web page, the short
line just above the first paragraph of body text, past the navigation that precedes it.
Everything above the headline is the page around the article, not the article.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .boilerplate import is_boilerplate

# A headline is a line, not a paragraph: at most this many characters (Chinese: a third).
_MAX_HEADLINE = {"en": 200, "zh": 70}
# Body text: a paragraph this long, or one of two sentences or more.
_MIN_BODY = {"en": 200, "zh": 60}
# How far into a text to look; a headline is near the top.
_SEARCH = 12
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’）)]?$")
_SENTENCES = re.compile(r"[.!?。！？](?:\s|$)")
# "Company News | Headline", "Headline - Site": the longest part is the headline.
_TITLE_PARTS = re.compile(r"\s+[|｜_–—]\s+|\s+-\s+")


@dataclass(frozen=True)
class Headline:
    """The headline's text, cleaned for a title, and the paragraph it is (None when it is
    not one of the paragraphs, as an HTML <title> is not)."""

    text: str
    paragraph: int | None


@dataclass(frozen=True)
class Article:
    """One side of an import as read from its file (``formats.article``)."""

    paragraphs: list[str]
    # Paragraph index → heading level, where the format marks headings.
    headings: dict[int, int] = field(default_factory=dict)
    headline: Headline | None = None

    @classmethod
    def of(cls, paragraphs: Sequence[str], lang: str) -> "Article":
        """Paragraphs with no markup: the headline is looked for as in plain text."""
        return cls(list(paragraphs), {}, find_headline(paragraphs, lang))


def is_page_line(paragraph: str, lang: str) -> bool:
    """Short enough to be a line of page chrome (above a headline, say), not body text."""
    return len(" ".join(paragraph.split())) <= _MAX_HEADLINE[lang]


def find_headline(
    paragraphs: Sequence[str],
    lang: str,
    *,
    headings: Mapping[int, int] | None = None,
    page_title: str | None = None,
) -> Headline | None:
    """The headline of a text given as paragraphs, with ``headings`` (paragraph index →
    level) and the page's ``page_title`` where the format has them; None if none is found."""
    if headings:
        index = min(headings, key=lambda i: (headings[i], i))
        return Headline(clean_title(paragraphs[index]), index)
    if page_title and clean_title(page_title):
        title = clean_title(page_title)
        found = next((i for i, p in enumerate(paragraphs) if clean_title(p) == title), None)
        return Headline(title, found)
    top = list(paragraphs[:_SEARCH])
    for index, (line, following) in enumerate(zip(top, top[1:], strict=False)):
        if _is_headline(line, lang) and _is_body(following, lang):
            return Headline(clean_title(line), index)
    return None


def clean_title(text: str) -> str:
    """The headline part of a page title or breadcrumb-prefixed line, whitespace collapsed."""
    parts = [" ".join(part.split()) for part in _TITLE_PARTS.split(text)]
    return max(parts, key=len, default="").strip()


def _is_headline(line: str, lang: str) -> bool:
    stripped = " ".join(line.split())
    return (
        0 < len(stripped) <= _MAX_HEADLINE[lang]
        and not _SENTENCE_END.search(stripped)
        and not is_boilerplate(stripped, lang)
    )


def _is_body(paragraph: str, lang: str) -> bool:
    stripped = " ".join(paragraph.split())
    return len(stripped) >= _MIN_BODY[lang] or len(_SENTENCES.findall(stripped)) >= 2
