"""The published English copy as plain text, Markdown and HTML, and its review report.

The report's HTML is a Jinja template in ``formats/templates``, next to this module rather than
among the web app's templates: a publication is written by a service, with no Flask app or
request, and its files are a format of their own. Autoescaped: a title is user text.
"""

import html
import re

from jinja2 import Environment, PackageLoader, StrictUndefined

_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
_TEMPLATES = Environment(
    loader=PackageLoader("review_app.formats", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


def render_text(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([title, *paragraphs]) + "\n"


def render_markdown(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([f"# {_markdown_escape(title)}", *map(_markdown_escape, paragraphs)]) + "\n"


def render_html(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


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
