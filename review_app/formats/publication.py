"""The published English copy as plain text, Markdown, HTML and Word, and its review report.

Each takes the title and ``core.publication.final_blocks``; ``services.documents.final_copy``
feeds the same blocks to every one of them, for publication and export alike.

The article's and the report's HTML are Jinja templates in ``formats/templates``, next to
this module rather than among the web app's templates: a publication is written by a
service, with no Flask app or request, and its files are a format of their own. Autoescaped:
a title is user text.
"""

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime

import docx
from jinja2 import Environment, PackageLoader, StrictUndefined

from review_app.core.publication import Block

_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
# Characters XML 1.0 cannot hold: a target could contain one, and lxml refuses to write it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEMPLATES = Environment(
    loader=PackageLoader("review_app.formats", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


def counted(number: int, noun: str) -> str:
    """ "1 error", "2 errors", "1,200 words": a count with its noun, singular or plural."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def readable_time(iso: str) -> str:
    """An ISO 8601 UTC time as a person reads it: "2 December 2026, 01:55 UTC"."""
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


_TEMPLATES.filters["counted"] = counted
_TEMPLATES.filters["readable_time"] = readable_time


def render_text(title: str, blocks: Sequence[Block | str]) -> str:
    """The title, then each heading and paragraph, separated by blank lines."""
    return "\n\n".join([title, *(b.text for b in as_blocks(blocks))]) + "\n"


def render_markdown(title: str, blocks: Sequence[Block | str]) -> str:
    """The title as ``#``, a heading of level N as N + 1 ``#``, paragraphs escaped."""
    lines = [f"# {_markdown_escape(title)}"]
    for block in as_blocks(blocks):
        text = _markdown_escape(block.text)
        lines.append(f"{'#' * _tag_level(block)} {text}" if block.heading else text)
    return "\n\n".join(lines) + "\n"


def render_html(title: str, blocks: Sequence[Block | str]) -> str:
    """A standalone article a web editor can host or paste: ``lang="en"``, the title as
    ``<title>`` and ``<h1>``, headings one level below, a small stylesheet, no script."""
    page = _TEMPLATES.get_template("article.html").render(
        title=title, blocks=[(b, _tag_level(b)) for b in as_blocks(blocks)]
    )
    return page.rstrip("\n") + "\n"


def render_docx(title: str, blocks: Sequence[Block | str]) -> bytes:
    """The published English as a Word document: the title in the Title style, a heading of
    level N in "Heading N", each paragraph in the Normal style."""
    document = docx.Document()
    document.core_properties.title = _xml_safe(title)
    document.add_paragraph(_xml_safe(title), style="Title")
    for block in as_blocks(blocks):
        if block.heading:
            document.add_heading(_xml_safe(block.text), level=min(block.heading, 9))
        else:
            document.add_paragraph(_xml_safe(block.text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def as_blocks(blocks: Sequence[Block | str]) -> list[Block]:
    """Blocks, with plain strings read as paragraphs."""
    return [b if isinstance(b, Block) else Block(b) for b in blocks]


def _tag_level(block: Block) -> int:
    # The title is the page's <h1>, so a level-1 section heading is an <h2>.
    return min((block.heading or 0) + 1, 6)


def _markdown_escape(text: str) -> str:
    """Escape what Markdown would read as markup at the start of a line or inline."""
    escaped = text.replace("\\", "\\\\")
    for char in "*_`[]<>":
        escaped = escaped.replace(char, "\\" + char)
    if escaped[:1] in ("#", "+", "-"):
        escaped = "\\" + escaped
    return _ORDERED_LIST_START.sub(r"\1\\\2", escaped)


def render_review_report(report: dict) -> str:
    """The review report (``services.publishing.review_report`` with its ``publication``) as
    a standalone HTML page."""
    return _TEMPLATES.get_template("review-report.html").render(report=report)
