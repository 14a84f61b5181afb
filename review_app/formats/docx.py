"""Word (.docx) sources and drafts read into paragraphs (the published .docx is written by
``formats.publication.render_docx``).

A .docx is a zip of XML parts, and an uploaded one is untrusted: before python-docx sees it, the
package is opened here with ``zipfile`` and its relationships parsed with ``defusedxml``, and it
is refused if it is not a zip, would inflate far beyond the upload limit, carries macros, or
points outside itself (a linked template or image is fetched by Word when the file is opened).
Hyperlinks are the one kind of external relationship allowed: they are addresses in the text,
which nothing follows on opening, and articles copied from the web are full of them.

Reading keeps what the text import keeps: the characters as written, and a line break
(Shift+Enter) ends a paragraph as a line does in a text file. Headings come from the paragraph
styles: "Heading N" is level N, and "Title" is the page title, given level 0 so that it, not
the first "Heading 1", is the headline. Footnotes, endnotes, comments, deleted tracked changes
and text boxes are not part of the running text and are left out.
"""

import io
import os
import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from .errors import FormatError
from .text import MAX_BYTES, _format_size

# A package may inflate to this many times the upload limit: text compresses about 5 to 10
# times, so a real document stays well within it while a zip bomb does not.
MAX_EXPANSION = 10
MAX_MEMBERS = 10_000
MACRO_EXTENSIONS = frozenset({".docm", ".dotm"})

_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
_TITLE_LEVEL = 0
_SAVE_AS_DOCX = "Save it in Word as a Word Document (.docx) and import that."

_TEXT = qn("w:t")
_BREAKS = frozenset({qn("w:br"), qn("w:cr")})
_TAB = qn("w:tab")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
# Inside a paragraph but not its running text: deleted revisions, text boxes (their own
# paragraphs, anchored anywhere), field codes, and the properties that hold no words.
_SKIPPED = frozenset(
    {
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:txbxContent"),
        qn("w:instrText"),
        qn("w:pPr"),
        qn("w:rPr"),
    }
)


def read_docx(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES
) -> tuple[list[str], dict[int, int], str]:
    """The paragraphs of a Word document, the headings among them (paragraph index → level,
    0 for the Title style) and the text of its first Title paragraph ("" without one), like
    ``formats.text.read_html``; FormatError for a file that is not a safe, readable .docx."""
    if len(data) > max_bytes:
        raise FormatError(
            filename,
            f"is {_format_size(len(data))}; the limit is {_format_size(max_bytes)}. "
            "Split it into smaller files and import each one.",
        )
    if os.path.splitext(filename)[1].lower() in MACRO_EXTENSIONS:
        raise _macros(filename)
    check_package(data, filename, max_bytes=max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as error:
        if "content type" in str(error):  # a template, or another Office file renamed
            raise FormatError(filename, f"is not a Word document. {_SAVE_AS_DOCX}") from None
        raise _unreadable(filename) from None
    except (KeyError, OpcError, zipfile.BadZipFile, etree.LxmlError):
        raise _unreadable(filename) from None
    paragraphs: list[str] = []
    headings: dict[int, int] = {}
    page_title = ""
    for paragraph in _body_paragraphs(document):
        level = _heading_level(paragraph)
        lines = _paragraph_lines(paragraph)
        if level is not None:
            # A heading is one line of the published copy, however Word wrapped it.
            lines = [" ".join(" ".join(lines).split())]
        for line in lines:
            if not line.strip():
                continue
            if level is not None:
                headings[len(paragraphs)] = level
                if level == _TITLE_LEVEL and not page_title:
                    page_title = line
            paragraphs.append(line)
    return paragraphs, headings, page_title


def check_package(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> None:
    """Refuse (FormatError) a package that is not a zip, inflates beyond ``MAX_EXPANSION``
    times ``max_bytes``, holds a VBA project, or has an external relationship other than a
    hyperlink. Reads only the zip directory, ``[Content_Types].xml`` and the ``.rels`` parts."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise FormatError(
            filename,
            "is not a Word document (a .docx is a zip package, and this file is not one). "
            f"{_SAVE_AS_DOCX}",
        ) from None
    with package:
        members = package.infolist()
        # zipfile never inflates a member past its declared size, so the sum bounds the work.
        inflated = sum(member.file_size for member in members)
        if len(members) > MAX_MEMBERS or inflated > max_bytes * MAX_EXPANSION:
            raise FormatError(
                filename,
                f"would unpack to {_format_size(inflated)} in {len(members)} parts, far more "
                "than a document holds (the file may be a zip bomb). Open it in Word, save a "
                "fresh copy as .docx and import that.",
            )
        names = [member.filename for member in members]
        if any("vbaproject" in name.lower() for name in names):
            raise _macros(filename)
        for name in names:
            if name == "[Content_Types].xml":
                _check_content_types(package.read(name), filename)
            elif name.endswith(".rels"):
                _check_relationships(package.read(name), name, filename)


def _check_content_types(xml: bytes, filename: str) -> None:
    for entry in _parse(xml, "[Content_Types].xml", filename):
        content_type = entry.get("ContentType", "").lower()
        if entry.tag.startswith(_CONTENT_TYPES_NS) and (
            "vbaproject" in content_type or "macroenabled" in content_type
        ):
            raise _macros(filename)


def _check_relationships(xml: bytes, part: str, filename: str) -> None:
    for relationship in _parse(xml, part, filename):
        if (
            relationship.tag == f"{_RELATIONSHIPS_NS}Relationship"
            and relationship.get("TargetMode") == "External"
            and relationship.get("Type") != _HYPERLINK
        ):
            raise FormatError(
                filename,
                f"links to an outside file ({relationship.get('Target', '')!r}, from {part}), "
                "which Word would fetch when the file is opened. Remove the link (in Word: "
                "File › Info › Edit Links to Files, or insert linked pictures as pictures), "
                "save it as .docx and import that.",
            )


def _parse(xml: bytes, part: str, filename: str) -> Iterator:
    try:
        root = fromstring(xml, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise FormatError(
            filename, f"is damaged: its part {part} is not well-formed XML. {_SAVE_AS_DOCX}"
        ) from None
    return iter(root)


def _macros(filename: str) -> FormatError:
    return FormatError(
        filename,
        "contains macros (it is a macro-enabled Word file), which review-app does not accept. "
        "Save it in Word as a Word Document (.docx), which drops the macros, and import that.",
    )


def _unreadable(filename: str) -> FormatError:
    return FormatError(filename, f"is damaged or not a Word document. {_SAVE_AS_DOCX}")


def _body_paragraphs(document) -> Iterator[Paragraph]:
    """The body's paragraphs in reading order, with those in table cells (each cell once,
    however many grid columns a merged cell spans)."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
            continue
        # The elements themselves, not their ids: lxml makes a new proxy (and id) for an
        # element once the old proxy is gone, so ids could repeat or differ for one cell.
        seen: set = set()
        for row in block.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                yield from cell.paragraphs


def _heading_level(paragraph: Paragraph) -> int | None:
    """0 for the Title style, N for "Heading N" or a style based on it, else None."""
    style = paragraph.style
    while style is not None:
        name = style.name or ""
        if name.lower() == "title":
            return _TITLE_LEVEL
        if match := _HEADING_STYLE.match(name):
            return int(match.group(1))
        style = style.base_style
    return None


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    """The paragraph's running text, cut at its line breaks."""
    lines = [""]
    for element in _text_elements(paragraph._p):
        if element.tag == _TEXT:
            lines[-1] += element.text or ""
        elif element.tag in _BREAKS:
            lines.append("")
        elif element.tag == _TAB:
            lines[-1] += "\t"
        elif element.tag == _NO_BREAK_HYPHEN:
            lines[-1] += "\u2011"
    return lines


def _text_elements(element) -> Iterator:
    for child in element:
        if child.tag in _SKIPPED:
            continue
        yield child
        yield from _text_elements(child)
