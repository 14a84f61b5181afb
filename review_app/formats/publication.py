"""The published English copy as plain text, Markdown and HTML."""

import html
import re

_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")


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
