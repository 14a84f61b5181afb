"""XLIFF 1.2 and 2.0: read any CAT tool's file, write files they read back.

Safety: the parser resolves no entities, loads no DTD and touches no network, and a file
with a DOCTYPE is refused outright (entities are what XML bombs and XXE are made of; XLIFF
needs none).

One unit (1.2 ``trans-unit``, 2.0 ``unit``) is one segment; a 2.0 unit of several
``<segment>`` elements gives one segment each, keyed ``unit:segment``. States:

===========  =========================================  ====================================
this app     XLIFF 1.2 ``state`` written / read           XLIFF 2.0 ``state`` (``subState``)
===========  =========================================  ====================================
draft        needs-translation (``new`` when empty) /     initial (review-app:draft) /
             new, needs-*                                 initial
translated   translated / translated, no state            translated / translated
approved     signed-off, ``approved="yes"`` /             reviewed (review-app:approved) /
             signed-off, final, ``approved="yes"``        reviewed, final
rejected     needs-review-translation / —                 initial (review-app:rejected) / —
===========  =========================================  ====================================

What a file says is approved (signed-off, final, reviewed) is read as approved with the
file's word as the claim, and the import decides what to grant (``workflow.imported_status``).

The machine draft travels as 1.2 ``<alt-trans origin="machine-draft">`` and as a 2.0
``<note category="review-app:machine-draft">``; notes as ``<note>``; the segment's place in
the aligned text as a note of review-app (``segment_fields``). Inline codes become the
tokens of ``core.inline`` and their markup is kept, so the export restores the same tags.
"""

import json
import re
from dataclasses import dataclass

from lxml import etree

from ..core import inline
from ..core.bilingual import BilingualFile, BilingualSegment
from ..core.workflow import SegmentStatus
from .errors import FormatError
from .segment_fields import placement_lines, read_fields

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MACHINE_DRAFT = "machine-draft"
APP = "review-app"
DRAFT_NOTE = f"{APP}:{MACHINE_DRAFT}"
DRAFT_JSON_NOTE = f"{DRAFT_NOTE}-json"

# Our statuses to the standard's states, and back (what a file says is capped on import).
_WRITE_12 = {
    SegmentStatus.TRANSLATED: "translated",
    SegmentStatus.APPROVED: "signed-off",
    SegmentStatus.REJECTED: "needs-review-translation",
}
_STATES_20 = {
    "initial": SegmentStatus.DRAFT,
    "translated": SegmentStatus.TRANSLATED,
    "reviewed": SegmentStatus.APPROVED,
    "final": SegmentStatus.APPROVED,
}
_WRITE_20 = {
    SegmentStatus.DRAFT: "initial",
    SegmentStatus.TRANSLATED: "translated",
    SegmentStatus.APPROVED: "reviewed",
    SegmentStatus.REJECTED: "initial",
}

# Inline elements by role. A wrapping code holds text (becomes ⟦n⟧…⟦/n⟧), an opening or
# closing one marks one end of a pair, a standalone one is a single ⟦n⟧.
_WRAP = {"g", "pc", "mrk"}
_OPEN = {"bpt", "bx", "sc", "sm"}
_CLOSE = {"ept", "ex", "ec", "em"}
_ALONE = {"x", "ph", "it", "cp"}
_INLINE = {
    XLIFF12: {"g", "mrk", "bpt", "bx", "ept", "ex", "x", "ph", "it"},
    XLIFF20: {"pc", "mrk", "sc", "sm", "ec", "em", "ph", "cp"},
}

# libxml2 ends its messages with where it stopped; the error names the place once.
_POSITION = re.compile(r",?\s*line \d+(?:, line \d+)?(?:, column \d+)?$")
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_LANGUAGES = ("zh", "en")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_xliff(data: bytes, filename: str) -> BilingualFile:
    """The segments of an XLIFF 1.2 or 2.0 file (Trados and memoQ files are 1.2)."""
    root = _parse(data, filename)
    namespace = etree.QName(root).namespace
    version = root.get("version", "")
    if etree.QName(root).localname != "xliff":
        raise FormatError(filename, "is not an XLIFF file: its root element is not <xliff>.")
    if namespace == XLIFF20 or version.startswith("2."):
        segments = _read_20(root, filename)
    elif namespace in (XLIFF12, None) and version in ("1.2", "1.1", "1.0", ""):
        segments = _read_12(root, namespace, filename)
    else:
        raise FormatError(
            filename, f"is XLIFF version {version or '?'}, and this app reads 1.2 and 2.0."
        )
    if not segments:
        raise FormatError(filename, "has no translation units.")
    return BilingualFile(_title(root), segments, "xliff")


def _parse(data: bytes, filename: str) -> etree._Element:
    if not data.strip():
        raise FormatError(filename, "is empty")
    if _DOCTYPE.search(data):
        raise FormatError(
            filename,
            "is refused: it declares a DOCTYPE or entities, which XLIFF does not need and "
            "which can make a file read other files or grow without bound. Save it again "
            "without the DOCTYPE.",
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        problem = _POSITION.sub("", error.msg or "").strip() or "a syntax error"
        raise FormatError(
            filename,
            f"is not well-formed XML: {problem} at line {line}, column {column}. "
            "The file may be cut short; export it again from its tool.",
        ) from None
    if root.getroottree().docinfo.doctype:
        raise FormatError(filename, "is refused: it declares a DOCTYPE.")
    return root


def _title(root: etree._Element) -> str | None:
    for element in root.iter():
        if etree.QName(element).localname == "file":
            original = element.get("original")
            # Trados writes the Windows path of the job's file.
            return re.split(r"[/\\]", original)[-1] if original else None
    return None


def _check_languages(source: str | None, target: str | None, filename: str) -> None:
    found = (source or "").lower(), (target or "").lower()
    if not found[0].startswith("zh") or found[1] and not found[1].startswith("en"):
        raise FormatError(
            filename,
            f"translates from {source or '(no language)'} into {target or '(no language)'}; "
            "this app reviews Chinese (zh) into English (en) only.",
        )


# Reading -----------------------------------------------------------------------------


class _Codes:
    """The codes of one unit: token numbers by the code's id, markup by token."""

    def __init__(self, unit_id: str, filename: str) -> None:
        self.unit_id, self.filename = unit_id, filename
        self.numbers: dict[str, int] = {}
        self.markup: dict[str, str] = {}

    def token(self, element: etree._Element, name: str) -> str:
        closing = name in _CLOSE
        ref = element.get("startRef") or element.get("rid") or element.get("id")
        ref = ref or element.get("mid") or ""
        if ref not in self.numbers:
            taken = set(self.numbers.values())
            # A tool's numeric ids (ours among them) keep their numbers, so tokens read back
            # as they were written; other ids take the next free number.
            wanted = int(ref) if ref.isascii() and ref.isdigit() and 0 < int(ref) < 10_000 else 0
            if not wanted or wanted in taken:
                wanted = next(n for n in range(1, len(taken) + 2) if n not in taken)
            self.numbers[ref] = wanted
        number = self.numbers[ref]
        token = inline.closing(number) if closing else inline.opening(number)
        self.markup.setdefault(token, _markup(element, shallow=name in _WRAP))
        return token

    def text(self, element: etree._Element | None, namespace: str | None) -> str:
        """The text of ``source`` or ``target`` with its codes as tokens."""
        if element is None:
            return ""
        parts = [self._plain(element.text)]
        for child in element:
            parts.append(self._code(child, namespace))
            parts.append(self._plain(child.tail))
        return "".join(parts)

    def _code(self, element: etree._Element, namespace: str | None) -> str:
        if not isinstance(element.tag, str):
            return ""  # a comment or processing instruction inside the text
        name = etree.QName(element).localname
        if etree.QName(element).namespace != namespace or name not in _INLINE[namespace or XLIFF12]:
            raise FormatError(
                self.filename,
                f"has an element <{name}> inside the text of unit {self.unit_id} that is "
                "no XLIFF inline code.",
            )
        if name == "mrk" and element.get("mtype") == "seg":
            return self.text(element, namespace)  # a Trados/memoQ segment marker, not a code
        character = _character(element, name)
        if character is not None:
            return character
        token = self.token(element, name)
        if name in _WRAP:
            number = token[1:-1]
            return token + self.text(element, namespace) + inline.closing(int(number))
        return token

    def _plain(self, text: str | None) -> str:
        if text and inline.has_brackets(text):
            raise FormatError(
                self.filename,
                f"has the characters {inline.OPEN} {inline.CLOSE} in unit {self.unit_id}, "
                "which this app keeps for inline codes.",
            )
        return text or ""

    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.markup.items()))


def _character(element: etree._Element, name: str) -> str | None:
    """The character a 2.0 ``<cp>`` or a 1.2 character placeholder of review-app stands for."""
    code = element.get("hex") if name == "cp" else None
    if name == "x" and element.get("ctype") == CHAR_CTYPE:
        code = element.get("equiv-text")
    if code is None:
        return None
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return None


def _markup(element: etree._Element, *, shallow: bool) -> str:
    copy = etree.Element(element.tag, dict(element.attrib))
    if not shallow:
        copy.text = element.text
        copy.extend(child.__copy__() for child in element)
    return etree.tostring(copy, encoding="unicode")


def _read_12(root, namespace, filename) -> list[BilingualSegment]:
    ns = {"x": namespace} if namespace else {}
    q = (lambda name: f"x:{name}") if namespace else (lambda name: name)
    segments: list[BilingualSegment] = []
    for file in root.iterfind(q("file"), ns):
        _check_languages(file.get("source-language"), file.get("target-language"), filename)
        for unit in file.iterfind(f".//{q('trans-unit')}", ns):
            if unit.get("translate") == "no":
                continue  # structure a tool keeps for itself (Trados writes many)
            unit_id = unit.get("id") or str(len(segments) + 1)
            segments.extend(_unit_12(unit, unit_id, namespace, ns, q, filename))
    return segments


def _unit_12(unit, unit_id, namespace, ns, q, filename) -> list[BilingualSegment]:
    """The segments of one trans-unit: one, or one per ``<mrk mtype="seg">`` of its
    ``<seg-source>`` when a tool (Trados, memoQ) segmented it, keyed ``unit:mid``."""
    source_element = unit.find(q("source"), ns)
    if source_element is None:
        raise FormatError(filename, f"has a unit {unit_id} with no <source>.")
    target_element = unit.find(q("target"), ns)
    notes, fields = [], {}
    for note in unit.iterfind(q("note"), ns):
        if note.get("from") == APP:
            fields = _fields(note.text, unit_id, filename)
        elif note.text:
            notes.append(note.text)
    state = target_element.get("state", "") if target_element is not None else ""
    marked = _segment_marks(unit.find(q("seg-source"), ns))
    if len(marked) > 1:
        targets = _segment_marks(target_element)
        confirmations = _trados_confirmations(unit)
        found = []
        for mid, source_mark in marked.items():
            key = part_key(unit_id, mid, len(marked))
            codes = _Codes(key, filename)
            source = codes.text(source_mark, namespace)
            target = codes.text(targets.get(mid), namespace)
            status, claim = _status_12(unit, state, target, confirmations.get(mid))
            found.append(_segment(key, source, target, target, status, claim, notes, {}, codes))
        return found
    codes = _Codes(unit_id, filename)
    seg_source = unit.find(q("seg-source"), ns)
    source = codes.text(seg_source if seg_source is not None else source_element, namespace)
    target = codes.text(target_element, namespace)
    draft = target
    for alt in unit.iterfind(q("alt-trans"), ns):
        if alt.get("origin") == MACHINE_DRAFT:
            draft = codes.text(alt.find(q("target"), ns), namespace)
    status, claim = _status_12(unit, state, target, _trados_confirmations(unit).get(None))
    return [_segment(unit_id, source, target, draft, status, claim, notes, fields, codes)]


def part_key(unit_id: str, part: str, parts: int) -> str:
    """The key of one segment of a unit: the unit's id, or ``unit:part`` when it has several."""
    return unit_id if parts == 1 else f"{unit_id}:{part}"


def _segment_marks(element: etree._Element | None) -> dict[str, etree._Element]:
    """The ``<mrk mtype="seg">`` segments inside ``element`` by their ``mid``."""
    if element is None:
        return {}
    return {
        mark.get("mid", ""): mark
        for mark in element.iter(f"{{{XLIFF12}}}mrk", "mrk")
        if mark.get("mtype") == "seg"
    }


SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"


def _trados_confirmations(unit: etree._Element) -> dict[str | None, str]:
    """Trados's confirmation level (``sdl:seg conf``) of each segment by its ``mid``; with
    one segment in the unit, also under None."""
    found = {
        seg.get("id"): seg.get("conf", "Draft")
        for seg in unit.iterfind(f"{{{SDL}}}seg-defs/{{{SDL}}}seg")
    }
    if len(found) == 1:
        found[None] = next(iter(found.values()))
    return found


def _status_12(unit, state: str, target: str, confirmation: str | None = None) -> tuple[str, str]:
    """(status, the file's word when it claims approval) of a 1.2 unit or segment."""
    if confirmation is not None:
        status = _TRADOS_STATES.get(confirmation, SegmentStatus.DRAFT)
        if not target.strip():
            status = SegmentStatus.DRAFT
        return status, confirmation if status == SegmentStatus.APPROVED else ""
    if not target.strip() or state == "new" or state.startswith("needs-"):
        return SegmentStatus.DRAFT, ""
    for attribute, mapping in _VENDOR_STATES.items():
        value = unit.get(attribute)
        if value:
            status = mapping.get(value, SegmentStatus.DRAFT)
            return status, value if status == SegmentStatus.APPROVED else ""
    if unit.get("approved") == "yes" or state in ("signed-off", "final"):
        return SegmentStatus.APPROVED, state or "approved"
    return (SegmentStatus.TRANSLATED if state in ("translated", "") else SegmentStatus.DRAFT), ""


# memoQ writes its confirmation on the trans-unit.
_VENDOR_STATES = {
    "{MQXliff}status": {
        "ManuallyConfirmed": SegmentStatus.TRANSLATED,
        "Reviewer1Confirmed": SegmentStatus.APPROVED,
        "Reviewer2Confirmed": SegmentStatus.APPROVED,
        "Proofread": SegmentStatus.APPROVED,
    },
}
# Trados's levels; rejected ones need work again, like the standard's needs-* states.
_TRADOS_STATES = {
    "Translated": SegmentStatus.TRANSLATED,
    "ApprovedTranslation": SegmentStatus.APPROVED,
    "ApprovedSignOff": SegmentStatus.APPROVED,
}


def _read_20(root, filename) -> list[BilingualSegment]:
    _check_languages(root.get("srcLang"), root.get("trgLang"), filename)
    ns = {"x": XLIFF20}
    segments: list[BilingualSegment] = []
    for unit in root.iterfind(".//x:unit", ns):
        unit_id = unit.get("id") or str(len(segments) + 1)
        parts = unit.findall("x:segment", ns)
        notes, fields, draft_note = [], {}, None
        for note in unit.iterfind("x:notes/x:note", ns):
            category = note.get("category", "")
            if category == APP:
                fields = _fields(note.text, unit_id, filename)
            elif category == DRAFT_NOTE:
                draft_note = note.text or ""
            elif category == DRAFT_JSON_NOTE:
                draft_note = _json_text(note.text, unit_id, filename)
            elif note.text:
                notes.append(note.text)
        data = {d.get("id"): d for d in unit.iterfind("x:originalData/x:data", ns)}
        for index, part in enumerate(parts, start=1):
            key = part_key(unit_id, part.get("id") or str(index), len(parts))
            codes = _Codes(key, filename)
            source = codes.text(part.find("x:source", ns), XLIFF20)
            target = codes.text(part.find("x:target", ns), XLIFF20)
            for ref in _data_refs(codes.markup.values()):
                if ref in data:
                    codes.markup[f"data:{ref}"] = _markup(data[ref], shallow=False)
            state = part.get("state", "")
            # The standard's default state is initial, so a unit without one needs work.
            status = (
                _STATES_20.get(state, SegmentStatus.DRAFT)
                if target.strip()
                else SegmentStatus.DRAFT
            )
            if part.get("subState") == f"{APP}:rejected":
                status = SegmentStatus.REJECTED
            claim = state if status == SegmentStatus.APPROVED else ""
            draft = draft_note if draft_note is not None and len(parts) == 1 else target
            segments.append(
                _segment(key, source, target, draft, status, claim, notes, fields, codes)
            )
    return segments


_DATA_REF = re.compile(r'dataRef(?:Start|End)?="([^"]*)"')


def _data_refs(markup) -> set[str]:
    return {ref for text in markup for ref in _DATA_REF.findall(text)}


def _json_text(text: str | None, unit_id: str, filename: str) -> str:
    value = None
    if text and text.startswith('"'):  # a string only: nested arrays would recurse
        try:
            value = json.loads(text)
        except ValueError:
            value = None
    if not isinstance(value, str):
        raise FormatError(filename, f"has in unit {unit_id} a machine draft that is not JSON.")
    return value


def _fields(text: str | None, unit_id: str, filename: str) -> dict:
    try:
        return read_fields((text or "").splitlines())
    except ValueError as error:
        raise FormatError(filename, f"has in unit {unit_id} {error}.") from None


def _segment(key, source, target, draft, status, claim, notes, fields, codes) -> BilingualSegment:
    source_paragraph, target_paragraph = fields.get("paragraphs", (None, None))
    return BilingualSegment(
        key=key,
        source=source,
        target=target,
        draft=draft,
        status=status,
        shape=fields.get("shape", "1-1"),
        confidence=fields.get("confidence"),
        source_paragraph=source_paragraph,
        target_paragraph=target_paragraph,
        claim=claim,
        note="\n".join(notes),
        codes=codes.pairs(),
    )


# Writing -----------------------------------------------------------------------------


def write_xliff(segments, *, title: str, version: str = "1.2") -> str:
    """The segments as an XLIFF file of ``version`` ("1.2" or "2.0")."""
    # The texts go in after indenting: indenting would put whitespace into a text that is
    # all codes, and XLIFF texts are mixed content where every space counts.
    fills: list[tuple[etree._Element, str, dict]] = []
    if version == "2.0":
        root, units = _write_20(segments, title, fills)
    else:
        root, units = _write_12(segments, title, fills), []
    etree.indent(root)
    for element, text, codes in fills:
        _fill(element, text, codes, etree.QName(element).namespace)
    for data, part, codes in units:
        _original_data(data, part, codes)
    etree.cleanup_namespaces(root)
    text = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text


def _write_12(segments, title: str, fills: list) -> etree._Element:
    E = _maker(XLIFF12)
    root = etree.Element(E("xliff"), nsmap={None: XLIFF12}, version="1.2")
    file = etree.SubElement(
        root,
        E("file"),
        {
            "original": title,
            "source-language": "zh",
            "target-language": "en",
            "datatype": "plaintext",
        },
    )
    body = etree.SubElement(file, E("body"))
    taken: set[str] = set()
    for segment in segments:
        codes = dict(segment.codes)
        unit = etree.SubElement(body, E("trans-unit"), id=_unique_id(segment.key, taken))
        if segment.status == SegmentStatus.APPROVED:
            unit.set("approved", "yes")
        fills.append((etree.SubElement(unit, E("source")), segment.source, codes))
        target = etree.SubElement(unit, E("target"), state=_state_12(segment))
        fills.append((target, segment.target, codes))
        if segment.note:
            etree.SubElement(unit, E("note")).text = _note(segment.note)
        etree.SubElement(unit, E("note"), {"from": APP}).text = "\n".join(placement_lines(segment))
        if segment.draft != segment.target:
            alt = etree.SubElement(unit, E("alt-trans"), origin=MACHINE_DRAFT)
            fills.append((etree.SubElement(alt, E("target")), segment.draft, codes))
    return root


def _state_12(segment) -> str:
    if segment.status == SegmentStatus.DRAFT:
        return "needs-translation" if segment.target.strip() else "new"
    return _WRITE_12[segment.status]


def _write_20(segments, title: str, fills: list) -> tuple[etree._Element, list]:
    E = _maker(XLIFF20)
    root = etree.Element(
        E("xliff"), nsmap={None: XLIFF20}, version="2.0", srcLang="zh", trgLang="en"
    )
    file = etree.SubElement(root, E("file"), id="f1", original=title)
    taken: set[str] = set()
    units = []
    for segment in segments:
        codes = dict(segment.codes)
        unit = etree.SubElement(file, E("unit"), id=_unique_id(segment.key, taken, nmtoken=True))
        notes = etree.SubElement(unit, E("notes"))
        if segment.note:
            etree.SubElement(notes, E("note")).text = _note(segment.note)
        etree.SubElement(notes, E("note"), category=APP).text = "\n".join(placement_lines(segment))
        if segment.draft != segment.target:
            # A note holds text only: a draft with characters XML cannot hold goes as JSON.
            if _NOT_XML.search(segment.draft):
                note = etree.SubElement(notes, E("note"), category=DRAFT_JSON_NOTE)
                note.text = json.dumps(segment.draft)
            else:
                etree.SubElement(notes, E("note"), category=DRAFT_NOTE).text = segment.draft
        data = etree.SubElement(unit, E("originalData"))
        part = etree.SubElement(unit, E("segment"), state=_WRITE_20[segment.status])
        if segment.status != SegmentStatus.TRANSLATED:
            part.set("subState", f"{APP}:{segment.status}")
        fills.append((etree.SubElement(part, E("source")), segment.source, codes))
        fills.append((etree.SubElement(part, E("target")), segment.target, codes))
        units.append((data, part, codes))
    return root, units


def _original_data(data: etree._Element, part: etree._Element, codes: dict) -> None:
    """The unit's <originalData>: the kept data its codes refer to, or none at all."""
    for ref in sorted(_data_refs(etree.tostring(c, encoding="unicode") for c in part)):
        stored = _stored(codes.get(f"data:{ref}"), XLIFF20, {"data"})
        if stored is not None:
            data.append(stored)
    if not len(data):
        data.getparent().remove(data)


_NOT_NMTOKEN = re.compile(r"[^\w.:-]")


def _unique_id(key: str, taken: set[str], *, nmtoken: bool = False) -> str:
    """A unit id unique in the file (and for XLIFF 2.0 an NMTOKEN) as close to ``key`` as can
    be: both schemas make a repeated id invalid."""
    token = (_NOT_NMTOKEN.sub("_", key) if nmtoken else key) or "u"
    candidate, n = token, 1
    while candidate in taken:
        n += 1
        candidate = f"{token}_{n}"
    taken.add(candidate)
    return candidate


def _note(text: str) -> str:
    """A note as XML can hold it: control characters in a free-text note are dropped."""
    return _NOT_XML.sub("", text)


def _maker(namespace: str):
    return lambda name: f"{{{namespace}}}{name}"


def _stored(markup: str | None, namespace: str, allowed) -> etree._Element | None:
    """The element behind a token if it was kept and belongs to the version written."""
    if not markup:
        return None
    try:
        element = etree.fromstring(markup, _parser())
    except etree.XMLSyntaxError:
        return None
    name = etree.QName(element)
    if name.namespace != namespace or name.localname not in allowed:
        return None
    return element


def _fill(parent: etree._Element, text: str, codes: dict, namespace: str) -> None:
    """Write ``text`` into ``parent``, each token as the code it stands for.

    A pair whose two tokens nest properly is written as one element around its text when
    it was one (``<g>``, ``<pc>``); a token whose pair is broken by editing is written as a
    code of its own (which the inline-code check reports), so the file stays valid and reads
    back to the same tokens.
    """
    E = _maker(namespace)
    matches = list(inline.TOKEN.finditer(text))
    nested = _nested_pairs(matches)
    stack: list[tuple[etree._Element, str | None]] = [(parent, None)]
    position = 0
    for match in matches:
        _append_text(stack[-1][0], text[position : match.start()])
        position = match.end()
        slash, number, token = match.group(1), match.group(2), match.group(0)
        current = stack[-1][0]
        if number is None:  # the plural separator is text in XLIFF
            _append_text(current, token)
            continue
        stored = _stored(codes.get(token), namespace, _INLINE[namespace])
        role = _role(stored)
        if slash and stack[-1][1] == number:
            stack.pop()
        elif slash:
            current.append(stored if role == "close" else _generic(E, namespace, "close", number))
        elif number in nested and role in ("wrap", None):
            element = stored if stored is not None else _generic(E, namespace, "wrap", number)
            current.append(element)
            stack.append((element, number))
        elif number in nested or role in ("open", "alone"):
            current.append(
                stored if role in ("open", "alone") else _generic(E, namespace, "open", number)
            )
        else:
            current.append(_generic(E, namespace, "alone", number))
    _append_text(stack[-1][0], text[position:])


def _role(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    name = etree.QName(element).localname
    for role, names in (("wrap", _WRAP), ("open", _OPEN), ("close", _CLOSE)):
        if name in names:
            return role
    return "alone"


def _nested_pairs(matches) -> set[str]:
    """Numbers whose opening and closing tokens nest properly in the text."""
    stack: list[str] = []
    nested: set[str] = set()
    closes = {m.group(2) for m in matches if m.group(1)}
    for match in matches:
        slash, number = match.group(1), match.group(2)
        if number is None:
            continue
        if not slash and number in closes:
            stack.append(number)
        elif slash and stack and stack[-1] == number:
            stack.pop()
            nested.add(number)
        elif slash:
            return nested - set(stack)
    return nested


def _generic(E, namespace: str, kind: str, number: str) -> etree._Element:
    if namespace == XLIFF12:
        name = {"wrap": "g", "open": "bpt", "close": "ept", "alone": "x"}[kind]
        return etree.Element(E(name), id=number)
    if kind == "close":
        # An <ec> may point back only at an <sc> of its unit; an isolated one needs no <sc>.
        return etree.Element(E("ec"), id=number, isolated="yes")
    name = {"wrap": "pc", "open": "sc", "alone": "ph"}[kind]
    return etree.Element(E(name), id=number)


# Characters XML 1.0 cannot hold (controls other than tab and line breaks): XLIFF 2.0 writes
# them as <cp hex>, 1.2 as a placeholder of review-app that the reader turns back.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHAR_CTYPE = f"x-{APP}-char"


def _append_text(element: etree._Element, text: str) -> None:
    if not text:
        return
    position = 0
    for match in _NOT_XML.finditer(text):
        _append_plain(element, text[position : match.start()])
        position = match.end()
        code = f"{ord(match.group(0)):04X}"
        namespace = etree.QName(element).namespace
        if namespace == XLIFF20:
            element.append(etree.Element(f"{{{XLIFF20}}}cp", hex=code))
        else:
            number = sum(1 for _ in element.getroottree().getroot().iter()) + 1
            element.append(
                etree.Element(
                    f"{{{XLIFF12}}}x", id=f"char{number}", ctype=CHAR_CTYPE, **{"equiv-text": code}
                )
            )
    _append_plain(element, text[position:])


def _append_plain(element: etree._Element, text: str) -> None:
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


# Writing back into the original -------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    """What this app holds for one segment of an imported file."""

    target: str
    status: str
    codes: dict


def merge_xliff(original: bytes, filename: str, translations: dict[str, Translation]) -> bytes:
    """``original`` (an XLIFF file this app imported) with each segment's target and state
    replaced by ``translations`` (by the reader's keys), everything else as it was: the
    file goes back to the tool it came from (Trados, memoQ, any XLIFF 1.2 or 2.0 tool) with
    its own structure, ids, skeleton and tool data. Trados's and memoQ's confirmation
    levels are written where the file has them."""
    root = _parse(original, filename)
    namespace = etree.QName(root).namespace
    for key, target, part, unit in _places(root, namespace):
        translation = translations.get(key)
        if translation is None:
            continue
        codes = translation.codes
        if namespace == XLIFF20:
            target = _child(part, "target", XLIFF20, after=("source",))
            _replace(target, translation.target, codes, XLIFF20)
            part.set("state", _WRITE_20[SegmentStatus(translation.status)])
            _set(
                part,
                "subState",
                None if translation.status == "translated" else f"{APP}:{translation.status}",
            )
            continue
        _replace(target, translation.target, codes, namespace or XLIFF12)
        _write_state_12(unit, part, target, translation)
    text = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)
    return text


def _places(root, namespace):
    """(key, target element, segment or mark, unit) for every segment, as the reader keys
    them; a missing target is created where the standard puts it."""
    if namespace == XLIFF20:
        ns = {"x": XLIFF20}
        for unit in root.iterfind(".//x:unit", ns):
            parts = unit.findall("x:segment", ns)
            if not unit.get("id"):
                continue
            for index, part in enumerate(parts, start=1):
                key = part_key(unit.get("id", ""), part.get("id") or str(index), len(parts))
                yield key, None, part, unit
        return
    q = (lambda name: f"{{{namespace}}}{name}") if namespace else (lambda name: name)
    for unit in root.iter(q("trans-unit")):
        if unit.get("translate") == "no" or not unit.get("id"):
            continue
        marked = _segment_marks(unit.find(q("seg-source")))
        target = unit.find(q("target"))
        if target is None:
            target = _child(unit, "target", namespace, after=("source", "seg-source"))
        if len(marked) <= 1:
            mark = _segment_marks(target).get(next(iter(marked), ""))
            if marked and mark is None:
                target.clear()
                mark = etree.SubElement(target, q("mrk"), mtype="seg", mid=next(iter(marked)))
            yield unit.get("id"), mark if mark is not None else target, None, unit
            continue
        marks = _segment_marks(target)
        for mid in marked:
            if mid not in marks:
                marks[mid] = etree.SubElement(target, q("mrk"), mtype="seg", mid=mid)
            yield part_key(unit.get("id"), mid, len(marked)), marks[mid], mid, unit


def _child(parent, name: str, namespace: str | None, *, after: tuple[str, ...]):
    """``parent``'s child ``name``, created just after the last of ``after`` if missing."""
    tag = f"{{{namespace}}}{name}" if namespace else name
    found = parent.find(tag)
    if found is not None:
        return found
    element = etree.Element(tag)
    anchors = [c for c in parent if isinstance(c.tag, str) and etree.QName(c).localname in after]
    if anchors:
        anchors[-1].addnext(element)
    else:
        parent.insert(0, element)
    return element


def _replace(element, text: str, codes: dict, namespace: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = None
    _fill(element, text, codes, namespace)


def _write_state_12(unit, mid, target, translation: Translation) -> None:
    status = SegmentStatus(translation.status)
    confirmation = _TRADOS_WRITE[status]
    seg = None
    for candidate in unit.iterfind(f"{{{SDL}}}seg-defs/{{{SDL}}}seg"):
        if mid is None or candidate.get("id") == mid:
            seg = candidate
            break
    if seg is not None:
        seg.set("conf", confirmation)
        return  # Trados keeps its levels there and nothing on the target
    if unit.get("{MQXliff}status") is not None:
        unit.set("{MQXliff}status", _MEMOQ_WRITE[status])
    if etree.QName(target).localname != "target":  # a segment marker inside the target
        target = next(target.iterancestors(f"{{{XLIFF12}}}target", "target"))
    target.set("state", _state_12(translation))
    _set(unit, "approved", "yes" if status == SegmentStatus.APPROVED else None)


def _set(element, name: str, value: str | None) -> None:
    if value is None:
        element.attrib.pop(name, None)
    else:
        element.set(name, value)


_TRADOS_WRITE = {
    SegmentStatus.DRAFT: "Draft",
    SegmentStatus.TRANSLATED: "Translated",
    SegmentStatus.APPROVED: "ApprovedTranslation",
    SegmentStatus.REJECTED: "RejectedTranslation",
}
_MEMOQ_WRITE = {
    SegmentStatus.DRAFT: "PartiallyEdited",
    SegmentStatus.TRANSLATED: "ManuallyConfirmed",
    SegmentStatus.APPROVED: "Reviewer1Confirmed",
    SegmentStatus.REJECTED: "Rejected",
}
