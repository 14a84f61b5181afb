"""Read plain text, Markdown and HTML into paragraphs.

Paragraphs are what alignment anchors on, so every reader returns a flat ``list[str]`` and keeps
the characters the user wrote: NBSPs, ideographic spaces and indentation stay (they are folded
only for matching, in ``review_app.core.text``). Only line endings are unified, to ``\\n``.

Encodings are detected by fixed rules rather than by statistical guessing, because a wrong guess
turns a whole article into plausible-looking nonsense while a refusal tells the user what to fix.
"""

import codecs
import math
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser

from review_app.formats.errors import FormatError

MAX_BYTES = 20 * 1024 * 1024

_KB = 1024
_MB = 1024 * 1024
_SAVE_AS_UTF8 = "Save it as UTF-8 text and try again."

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# A GB18030 decode is trusted only if at least this share of its non-ASCII characters are in
# GB2312 (the 6,763 hanzi and the punctuation everyday simplified Chinese uses).
_MIN_GB2312_SHARE = 0.5


def decode_bytes(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Decode an uploaded file to text with ``\\n`` line endings, or raise FormatError.

    Order: UTF-16 with a BOM; UTF-8 with or without a BOM (BOM stripped); GB18030, which
    covers GBK and GB2312. UTF-16 without a BOM and other legacy encodings are refused, with the
    offset of the first byte that is not UTF-8.
    """
    if len(data) > max_bytes:
        raise FormatError(
            filename,
            f"is {_format_size(len(data))}; the limit is {_format_size(max_bytes)}. "
            "Split it into smaller files and import each one.",
        )
    text = _normalize_line_endings(_decode(data, filename))
    if not text.strip():
        raise FormatError(filename, "is empty. Choose the file that holds the text.")
    return text


def read_text_paragraphs(text: str) -> list[str]:
    """Each non-blank line is one paragraph, kept exactly as written.

    Drafts pasted from the web put one paragraph per line, often with blank lines between, so
    lines (not blank-line blocks) are the unit. Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.
    Returns ``[]`` for blank text; the caller decides how to tell the user.
    """
    return [line for line in _normalize_line_endings(text).split("\n") if line.strip()]


# -- Markdown ---------------------------------------------------------------------------------

_QUOTE_MARKER_RE = re.compile(r"^ {0,3}> ?")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_BULLET_RE = re.compile(r"^[ \t]*(?:[-*+]|(\d{1,9})[.)])(?:[ \t]+|$)")
_THEMATIC_BREAK_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_UNDERLINE_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


def read_markdown_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, with block markup removed and lines joined.

    Heading markers, list bullets and ``>`` are markup, not words to translate; each list item
    is its own paragraph because drafts translate item by item; fenced code is not prose and is
    skipped. Inline markup (emphasis, links) is kept: it is part of what the writer wrote.
    """
    return read_markdown(text)[0]


def read_markdown(text: str) -> tuple[list[str], dict[int, int]]:
    """``read_markdown_paragraphs`` and the headings among them (paragraph index → level)."""
    paragraphs: list[str] = []
    headings: dict[int, int] = {}
    block: list[str] = []
    block_is_item = False
    fence = ""
    previous_depth = 0

    def flush() -> None:
        nonlocal block_is_item
        paragraph = _join_lines(block)
        if paragraph.strip():
            paragraphs.append(paragraph)
        block.clear()
        block_is_item = False

    for raw_line in _normalize_line_endings(text).split("\n"):
        line, depth = _strip_quote_markers(raw_line)
        if fence:
            if _is_closing_fence(line, fence):
                fence = ""
            continue
        if depth > previous_depth:
            flush()
        previous_depth = depth
        opening = _FENCE_RE.match(line)
        if opening:
            flush()
            fence = opening.group(1)
        elif not line.strip():
            flush()
        elif _THEMATIC_BREAK_RE.match(line) or (block and _SETEXT_UNDERLINE_RE.match(line)):
            flush()
        elif heading := _HEADING_RE.match(line):
            flush()
            block.append(_HEADING_CLOSE_RE.sub("", line[heading.end() :]))
            count = len(paragraphs)
            flush()
            if len(paragraphs) > count:
                headings[count] = heading.group().count("#")
        elif (bullet := _BULLET_RE.match(line)) and _starts_list_item(bullet, block, block_is_item):
            flush()
            block.append(line[bullet.end() :])
            block_is_item = True
        else:
            block.append(line)
    flush()
    return paragraphs, headings


def _strip_quote_markers(line: str) -> tuple[str, int]:
    """Remove leading ``>`` markers, returning the rest and how many there were."""
    depth = 0
    while marker := _QUOTE_MARKER_RE.match(line):
        line = line[marker.end() :]
        depth += 1
    return line, depth


def _is_closing_fence(line: str, fence: str) -> bool:
    """A fence closes with the same character, at least as many times, and nothing else."""
    stripped = line.strip(" \t")
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def _starts_list_item(bullet: re.Match[str], block: list[str], block_is_item: bool) -> bool:
    """Whether a bullet-shaped line starts an item rather than continuing a paragraph.

    As in CommonMark, a numbered line interrupts a plain paragraph only if it is ``1.``; so a
    wrapped sentence whose next line begins "2024. The ..." stays one paragraph.
    """
    number = bullet.group(1)
    return not block or block_is_item or number is None or int(number) == 1


def _join_lines(lines: list[str]) -> str:
    return _collapse_whitespace("\n".join(line.strip(" \t") for line in lines))


# -- HTML -------------------------------------------------------------------------------------

# Elements whose start or end ends the current paragraph: block elements and <br>. Anything else
# (a, span, em, custom elements...) is inline and its text joins the paragraph around it.
_PARAGRAPH_BREAK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
# Elements whose text is never shown as prose on the page.
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "title"})


def read_html_paragraphs(text: str) -> list[str]:
    """Text of each block element as one paragraph, the way a browser would show it.

    Parsed with the forgiving stdlib ``html.parser`` (never an XML parser: real pages are not
    well-formed, and XML parsers bring entity-expansion attacks). Boilerplate such as nav,
    header and footer is kept on purpose: deciding what is boilerplate is a person's job.
    """
    return read_html(text)[0]


def read_html(text: str) -> tuple[list[str], dict[int, int], str]:
    """``read_html_paragraphs``, the headings among them (paragraph index → level of its
    ``<h1>``…``<h6>``) and the text of the page's ``<title>`` ("" without one)."""
    parser = _ParagraphParser()
    parser.feed(_normalize_line_endings(text))
    parser.close()
    return parser.paragraphs, parser.headings, _collapse_whitespace(parser.title)


class _ParagraphParser(HTMLParser):
    """Collects inline text and cuts it into a paragraph at every block boundary.

    Cutting at both the start and the end of a block makes ``<div>intro<p>body</p>tail</div>``
    three paragraphs, as a browser lays it out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.headings: dict[int, int] = {}
        self.title = ""
        self._pieces: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._heading: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            self._in_title = tag == "title"
        elif tag in _PARAGRAPH_BREAK_TAGS:
            self._flush()
            if tag in _HEADING_TAGS:
                self._heading = _HEADING_TAGS[tag]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            self._in_title = False
        elif tag in _PARAGRAPH_BREAK_TAGS:
            self._flush()
            if tag in _HEADING_TAGS:
                self._heading = None

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.title:
            self.title = data
        if not self._skip_depth:
            self._pieces.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        paragraph = _collapse_whitespace("".join(self._pieces))
        if paragraph.strip():
            if self._heading is not None:
                self.headings[len(self.paragraphs)] = self._heading
            self.paragraphs.append(paragraph)
        self._pieces.clear()


# -- shared helpers ---------------------------------------------------------------------------

# HTML's whitespace: NBSP (U+00A0) is deliberately not in it and so survives collapsing.
_WHITESPACE_RUN_RE = re.compile(r"[ \t\n\f\r]+")


_WIDE = frozenset({"W", "F", "H"})
# Curly quotes, dashes and ellipses are "ambiguous" width: full width in Chinese text.
_WIDE_OR_AMBIGUOUS = _WIDE | {"A"}


def _collapse_whitespace(text: str) -> str:
    """Collapse whitespace runs to one space and trim, but drop line breaks inside Chinese.

    Chinese is hard-wrapped with no spaces between words, so a line break between two wide
    characters is removed rather than turned into a space, as CSS Text 3 renders it. We also
    remove it between a wide character and an ambiguous one (so ``”`` + newline + ``他`` joins),
    which CSS does not, but keep it when both are ambiguous (``café`` + newline + ``“``).
    """

    def replace(run: re.Match[str]) -> str:
        before = text[run.start() - 1 : run.start()]
        after = text[run.end() : run.end() + 1]
        widths = {_width(before), _width(after)}
        if "\n" in run.group() and widths <= _WIDE_OR_AMBIGUOUS and widths & _WIDE:
            return ""
        return " "

    return _WHITESPACE_RUN_RE.sub(replace, text).strip(" ")


def _width(char: str) -> str:
    """East Asian width of a character, or "" at either end of the text."""
    return unicodedata.east_asian_width(char) if char else ""


def _normalize_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _format_size(size: int) -> str:
    """Size to one decimal, rounded up so a file just over the limit never reads as equal to it."""
    for unit, name in ((_MB, "MB"), (_KB, "KB")):
        if size >= unit:
            return f"{math.ceil(size * 10 / unit) / 10:.1f}".removesuffix(".0") + f" {name}"
    return f"{size} bytes"


# -- decoding ---------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            return _decode_utf16(data, len(bom), codec, filename)
    nul = data.find(b"\x00")
    if nul != -1:
        raise FormatError(
            filename,
            f"is not readable text: it has a NUL byte at offset {nul}, so it looks like a "
            f"binary file (a Word document or a PDF?). {_SAVE_AS_UTF8}",
            offset=nul,
        )
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8_after_bom(data, filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _decode_gb18030(data)
        if text is None:
            raise _undecodable(
                filename, data, utf8_error.start, "tried UTF-8, UTF-16, GB18030"
            ) from None
        return text


def _decode_utf16(data: bytes, start: int, codec: str, filename: str) -> str:
    try:
        text = data[start:].decode(codec)
    except UnicodeDecodeError as error:
        offset = start + error.start
        raise FormatError(
            filename,
            f"is not readable text: invalid UTF-16 data at offset {offset} (the file starts "
            f"with a UTF-16 byte-order mark). {_SAVE_AS_UTF8}",
            offset=offset,
        ) from None
    nul = text.find("\x00")
    if nul != -1:
        offset = start + len(text[:nul].encode(codec))
        raise FormatError(
            filename,
            f"is not readable text: it has a NUL character at offset {offset}, so it looks "
            f"like a binary file. {_SAVE_AS_UTF8}",
            offset=offset,
        )
    return text


def _decode_utf8_after_bom(data: bytes, filename: str) -> str:
    start = len(codecs.BOM_UTF8)
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise _undecodable(
            filename, data, start + error.start, "the file starts with a UTF-8 byte-order mark"
        ) from None


def _decode_gb18030(data: bytes) -> str | None:
    """GB18030 text, or None if the bytes are not GB18030 or decode to implausible characters.

    GB18030 accepts most byte sequences, so Big5, Shift-JIS and Windows-1252 files decode
    without error into rare characters and private-use code points. Real simplified Chinese
    (and English saved as GBK, with its curly quotes) is nearly all GB2312 characters.
    Known cost: traditional Chinese saved as GBK is refused, with the advice to use UTF-8.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    foreign = {char: count for char, count in Counter(text).items() if not char.isascii()}
    in_gb2312 = sum(count for char, count in foreign.items() if _in_gb2312(char))
    return text if in_gb2312 >= _MIN_GB2312_SHARE * sum(foreign.values()) else None


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _undecodable(filename: str, data: bytes, offset: int, note: str) -> FormatError:
    return FormatError(
        filename,
        f"is not readable text: invalid UTF-8 byte 0x{data[offset]:02x} at offset {offset} "
        f"({note}). {_SAVE_AS_UTF8}",
        offset=offset,
    )
