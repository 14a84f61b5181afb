"""TMX 1.4b: read a translation memory as a stream of Chinese→English units, and write one.

Reading is streamed (lxml ``iterparse``, each ``<tu>`` dropped once read), so a file of a
million units costs the memory of one. Entities are never expanded (``resolve_entities=False``,
no DTD loaded, no network): a DOCTYPE that declares some is reported and its references are
left out of the text, and the file is still read. Languages match by prefix (zh, zh-CN,
zh-Hans; en, en-US). A unit without text on either side is skipped and counted, and so is one
without both languages; a file in which no unit has both gets an error naming the languages
it has. ``<prop>`` and ``<note>`` are kept; the props ``x-context-pre``/``x-context-post``
(memoQ's names) carry the neighbouring sources, ``x-origin`` where a unit came from.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

from lxml import etree

from .errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PRE, CONTEXT_POST, ORIGIN = "x-context-pre", "x-context-post", "x-origin"
_OWN_PROPS = {CONTEXT_PRE, CONTEXT_POST, ORIGIN}
# Inline elements whose content is the original file's markup, not text.
_CODES = {"bpt", "ept", "ph", "it", "ut"}
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
PROGRESS_EVERY = 10_000


@dataclass(frozen=True)
class TmxUnit:
    source: str
    target: str
    source_lang: str = "zh-CN"
    target_lang: str = "en"
    prev_source: str = ""
    next_source: str = ""
    origin: str = ""
    props: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    created_by: str = ""
    created_at: datetime | None = None
    changed_by: str = ""
    changed_at: datetime | None = None
    tuid: str = ""


@dataclass
class TmxReport:
    """What reading a file found besides its units."""

    units: int = 0
    skipped_empty: int = 0
    skipped_languages: int = 0
    languages: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def _is(lang: str, prefix: str) -> bool:
    lang = lang.strip().lower().replace("_", "-")
    return lang == prefix or lang.startswith(prefix + "-")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element, skipped: list[int]) -> str:
    """The text of a ``<seg>``: inline codes' content left out, entity references counted."""
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Entity:
            skipped[0] += 1
        elif _local(child.tag) not in _CODES and isinstance(child.tag, str):
            parts.append(_text(child, skipped))
        parts.append(child.tail or "")
    return "".join(parts)


def _date(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value or "", _DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def read_tmx(
    stream: IO[bytes],
    filename: str,
    report: TmxReport,
    *,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TmxUnit]:
    """The Chinese→English units of a TMX file, one at a time; ``report`` fills as it goes.

    ``FormatError`` for a file that is not XML, or when no unit has Chinese and English.
    """
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    skipped_entities = [0]
    checked_doctype = False
    try:
        for event, element in parser:
            if not checked_doctype:
                checked_doctype = True
                _check_doctype(element, filename, report)
                if _local(element.tag) != "tmx":
                    raise FormatError(filename, "is not a TMX file (its root is not <tmx>).")
            if event != "end" or _local(element.tag) != "tu":
                continue
            unit = _unit(element, report, skipped_entities)
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            if unit is not None:
                report.units += 1
                if progress is not None and report.units % PROGRESS_EVERY == 0:
                    progress(report.units)
                yield unit
    except etree.XMLSyntaxError as error:
        raise FormatError(filename, f"is not well-formed XML: {error}") from None
    if skipped_entities[0]:
        report.warnings.append(
            f"{skipped_entities[0]:,} entity references were left out of the text "
            "(entities are never expanded)."
        )
    if report.units == 0 and report.skipped_languages:
        found = ", ".join(sorted(report.languages)) or "none"
        raise FormatError(
            filename,
            f"has no unit in Chinese and English; the languages found are {found}. "
            "review-app reads zh… → en… memories.",
        )


def _check_doctype(root, filename: str, report: TmxReport) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    names = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if names:
        report.warnings.append(
            f"{filename} declares entities in its DOCTYPE ({', '.join(names[:5])}); "
            "they were refused: not expanded, their references left out."
        )


def _unit(tu, report: TmxReport, skipped: list[int]) -> TmxUnit | None:
    sides: dict[str, tuple[str, str]] = {}
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        report.languages.add(lang)
        seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
        text = _text(seg, skipped).strip() if seg is not None else ""
        for side, prefix in (("zh", "zh"), ("en", "en")):
            if _is(lang, prefix) and side not in sides:
                sides[side] = (lang, text)
    if "zh" not in sides or "en" not in sides:
        report.skipped_languages += 1
        return None
    (source_lang, source), (target_lang, target) = sides["zh"], sides["en"]
    if not source or not target:
        report.skipped_empty += 1
        return None
    props, notes, own = [], [], {}
    for child in tu:
        name = _local(child.tag)
        if name == "prop":
            kind, value = child.get("type", ""), _text(child, skipped)
            if kind in _OWN_PROPS:
                own[kind] = value
            else:
                props.append((kind, value))
        elif name == "note":
            notes.append(_text(child, skipped))
    return TmxUnit(
        source,
        target,
        source_lang,
        target_lang,
        own.get(CONTEXT_PRE, ""),
        own.get(CONTEXT_POST, ""),
        own.get(ORIGIN, ""),
        tuple(props),
        tuple(notes),
        tu.get("creationid", ""),
        _date(tu.get("creationdate")),
        tu.get("changeid", ""),
        _date(tu.get("changedate")),
        tu.get("tuid", ""),
    )


def _stamp(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(_DATE_FORMAT)


def write_tmx(units: Iterable[TmxUnit], out: IO[bytes], *, tool_version: str = "") -> int:
    """Write TMX 1.4b to ``out`` one unit at a time; returns how many were written."""
    written = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write(
                etree.Element(
                    "header",
                    creationtool="review-app",
                    creationtoolversion=tool_version or "1",
                    segtype="sentence",
                    adminlang="en",
                    srclang="zh-CN",
                    datatype="plaintext",
                    **{"o-tmf": "review-app"},
                ),
                pretty_print=True,
            )
            with xf.element("body"):
                for unit in units:
                    xf.write(_tu_element(unit), pretty_print=True)
                    written += 1
    return written


def _tu_element(unit: TmxUnit):
    attributes = {
        "tuid": unit.tuid,
        "creationid": unit.created_by,
        "creationdate": _stamp(unit.created_at),
        "changeid": unit.changed_by,
        "changedate": _stamp(unit.changed_at),
    }
    tu = etree.Element("tu", {k: v for k, v in attributes.items() if v})
    own = [(ORIGIN, unit.origin), (CONTEXT_PRE, unit.prev_source), (CONTEXT_POST, unit.next_source)]
    for kind, value in [*own, *unit.props]:
        if value:
            prop = etree.SubElement(tu, "prop", type=kind)
            prop.text = value
    for text in unit.notes:
        etree.SubElement(tu, "note").text = text
    for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = text
    return tu
