"""A source or draft file read as an article: its paragraphs, which of them are headings, and
its headline (``core.headline``), whatever the format (text, Markdown, HTML, Word)."""

import os

from review_app.core.headline import Article, find_headline

from .docx import read_docx
from .errors import FormatError
from .text import MAX_BYTES, decode_bytes, read_html, read_markdown, read_text_paragraphs

_MARKDOWN = frozenset({".md", ".markdown"})
_HTML = frozenset({".html", ".htm"})
WORD_EXTENSIONS = frozenset({".docx", ".docm", ".dotx", ".dotm"})


def file_title(filename: str) -> str:
    """A title made from a file's name, for when the text has no headline of its own:
    "cantoop-ip-conference.zh.txt" → "Cantoop ip conference"."""
    stem = os.path.basename(filename).split(".", 1)[0]
    return " ".join(stem.replace("-", " ").replace("_", " ").split()).capitalize()


def read_article(data: bytes, filename: str, lang: str, *, max_bytes: int = MAX_BYTES) -> Article:
    """The article in an uploaded file, by its extension (Word ``.docx``, ``.md``, ``.html``,
    else plain text); FormatError when it cannot be read or holds no paragraph. Macro-enabled
    Word files (``.docm``, ``.dotm``) are refused by ``formats.docx.read_docx``."""
    paragraphs, headings, page_title = _read(data, filename, max_bytes)
    headline = find_headline(paragraphs, lang, headings=headings, page_title=page_title)
    return Article(paragraphs, headings, headline)


def read_paragraphs(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> list[str]:
    """Only the paragraphs of ``read_article``: the same formats, the same refusals."""
    return _read(data, filename, max_bytes)[0]


def _read(
    data: bytes, filename: str, max_bytes: int
) -> tuple[list[str], dict[int, int], str | None]:
    extension = os.path.splitext(filename)[1].lower()
    page_title = None
    headings: dict[int, int] = {}
    if extension in WORD_EXTENSIONS:
        paragraphs, headings, page_title = read_docx(data, filename, max_bytes=max_bytes)
    else:
        text = decode_bytes(data, filename, max_bytes=max_bytes)
        if extension in _MARKDOWN:
            paragraphs, headings = read_markdown(text)
        elif extension in _HTML:
            paragraphs, headings, page_title = read_html(text)
        else:
            paragraphs = read_text_paragraphs(text)
    if not paragraphs:
        raise FormatError(
            filename,
            "contains no paragraphs of text (only markup, scripts or code). "
            "Check that this is the right file.",
        )
    return paragraphs, headings, page_title
