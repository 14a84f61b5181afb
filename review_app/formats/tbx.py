"""TBX glossaries (ISO 30042): import TBX v2 (``martif``) and v3 (``tbx``, DCA and DCT styles),
export TBX-Basic v3 (DCA style).

Import makes one term per pair of a Chinese and an English term in a concept entry. A data
category is read in either style, ``<termNote type="partOfSpeech">`` (DCA, v2) or
``<min:partOfSpeech>`` (DCT). Term type, definition and subject field have no field in our
model, so they are added to the note, where the reviewer still sees them. Superseded (TBX-Min:
obsolete) comes in as deprecated: a rendering to avoid, which is all the checks need to know.

TBX-Basic's picklists are narrower than our model: its administrativeStatus has no "forbidden",
its partOfSpeech no "proper noun", and it has no case-sensitivity flag. The export writes the
nearest TBX-Basic value (deprecated, noun, other) and adds a note such as
``review-app status: forbidden``, which other tools show as text and our import reads back, so
importing our own export changes nothing.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

import defusedxml
import defusedxml.ElementTree as SafeET

from ..core.glossary import Term, TermStatus
from .errors import FormatError
from .glossary import GlossaryFile

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements that hold a language section, a term section (v3, v2 tig and ntig), a term.
_LANGUAGE_SECTIONS = frozenset({"langSec", "langSet"})
_TERM_SECTIONS = frozenset({"termSec", "tig", "ntig"})
# DCA style names the data category in @type; DCT style names the element after it.
_TYPED_ELEMENTS = frozenset({"termNote", "descrip", "admin"})

_STATUS_TO_TBX = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
# TBX-Basic's values, TBX-Default's normative ones, TBX-Min's short ones, and "forbidden" as
# memoQ-style termbases write it; compared in lower case.
_STATUS_FROM_TBX = {
    "preferredterm-admn-sts": TermStatus.PREFERRED,
    "preferred": TermStatus.PREFERRED,
    "standardizedterm-admn-sts": TermStatus.PREFERRED,
    "legalterm-admn-sts": TermStatus.PREFERRED,
    "regulatedterm-admn-sts": TermStatus.PREFERRED,
    "admittedterm-admn-sts": TermStatus.ADMITTED,
    "admitted": TermStatus.ADMITTED,
    "deprecatedterm-admn-sts": TermStatus.DEPRECATED,
    "deprecated": TermStatus.DEPRECATED,
    "notrecommended": TermStatus.DEPRECATED,
    "notrecommendedterm-admn-sts": TermStatus.DEPRECATED,
    "supersededterm-admn-sts": TermStatus.DEPRECATED,
    "superseded": TermStatus.DEPRECATED,
    "obsolete": TermStatus.DEPRECATED,
    "obsoleteterm-admn-sts": TermStatus.DEPRECATED,
    "forbidden": TermStatus.FORBIDDEN,
    "forbiddenterm-admn-sts": TermStatus.FORBIDDEN,
}
_TBX_BASIC_POS = ("noun", "verb", "adjective", "adverb", "other")
# TBX-Default (and this app's exports before TBX-Basic was enforced) write properNoun.
_POS_FROM_TBX = {"propernoun": "proper noun"}

_FORBIDDEN_NOTE = "review-app status: forbidden"
_CASE_SENSITIVE_NOTE = "review-app match: case-sensitive"
_POS_NOTE = "review-app part of speech: "
_DESCRIBED = {"termType": "Term type", "definition": "Definition", "subjectField": "Subject field"}


@dataclass(frozen=True)
class _TermSection:
    text: str
    fields: list[tuple[str, str]]


def read_tbx(data: bytes, filename: str) -> GlossaryFile:
    """Terms of a TBX file (v2 ``martif`` or v3 ``tbx``); Chinese (zh*) to English (en*) only."""
    root = _parse(data, filename)
    if _local(root.tag) not in ("tbx", "martif"):
        raise FormatError(filename, f"is not a TBX file (its root element is <{_local(root.tag)}>)")
    result = GlossaryFile([])
    seen: set[tuple[str, str]] = set()
    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}" + (f" (id {entry.get('id')})" if entry.get("id") else "")
        for term in _entry_terms(entry, filename, where):
            if (term.source, term.target) in seen:
                result.warnings.append(
                    f"{filename}, {where}: {term.source} → {term.target} repeats an "
                    "earlier entry; the first is kept"
                )
                continue
            if len(term.source) == 1 and not any(t.source == term.source for t in result.terms):
                result.warnings.append(
                    f"{filename}, {where}: the one-character term {term.source} will match inside "
                    "many words and be noisy"
                )
            seen.add((term.source, term.target))
            result.terms.append(term)
    if not result.terms:
        raise FormatError(
            filename, "has no entry with both a Chinese (zh) and an English (en) term"
        )
    return result


def _parse(data: bytes, filename: str) -> ET.Element:
    if not data.strip():
        raise FormatError(filename, "is empty")
    try:
        # A DOCTYPE is allowed: translate-toolkit and older TBX tools write one, and ElementTree
        # never loads the DTD it names. Entity declarations (billion laughs) and external
        # references (XXE) are refused before anything is expanded or fetched.
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise FormatError(
            filename,
            "declares XML entities or external references, which are refused for safety "
            "(nothing was fetched); remove them and import it again",
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        problem = str(error).split(": line ")[0]
        raise FormatError(
            filename,
            f"is not well-formed XML: {problem} at line {line}, column {column}. "
            "The file may be cut short; export it again from its tool.",
        ) from None


def _entry_terms(entry: ET.Element, filename: str, where: str) -> list[Term]:
    shared = _fields(entry)
    sources: list[_TermSection] = []
    targets: list[_TermSection] = []
    for lang_section in (c for c in entry if _local(c.tag) in _LANGUAGE_SECTIONS):
        lang = (lang_section.get(XML_LANG) or lang_section.get("lang") or "").lower()
        if not lang.startswith(("zh", "en")):
            continue
        shared += _fields(lang_section)
        for term_section in (c for c in lang_section if _local(c.tag) in _TERM_SECTIONS):
            term_element = next((e for e in term_section.iter() if _local(e.tag) == "term"), None)
            text = _text(term_element)
            if not text:
                raise FormatError(filename, f"has an empty term in {where}")
            section = _TermSection(text, _fields(term_section))
            (sources if lang.startswith("zh") else targets).append(section)
    renderings = [_rendering(target, filename, where) for target in targets]
    shared_notes = _notes(shared)
    return [
        Term(
            source.text,
            rendering.target,
            rendering.status,
            "; ".join([*filter(None, [rendering.note]), *_notes(source.fields), *shared_notes]),
            rendering.case_sensitive,
            rendering.pos,
        )
        for source in sources
        for rendering in renderings
    ]


def _rendering(section: _TermSection, filename: str, where: str) -> Term:
    """The English term with its status, part of speech and own notes (source left empty)."""
    fields = dict(reversed(section.fields))  # the first of a repeated category counts
    status_text = fields.get("administrativeStatus", "")
    status = _STATUS_FROM_TBX.get(status_text.lower(), TermStatus.PREFERRED)
    if status_text and status_text.lower() not in _STATUS_FROM_TBX:
        raise FormatError(
            filename,
            f"has an unknown administrativeStatus {status_text!r} in {where} "
            f"(use one of {', '.join(dict.fromkeys(_STATUS_TO_TBX.values()))} "
            "or supersededTerm-admn-sts)",
        )
    tbx_pos = fields.get("partOfSpeech", "")
    pos = _POS_FROM_TBX.get(tbx_pos.lower(), tbx_pos)
    case_sensitive = False
    notes = []
    for category, text in section.fields:
        if category != "note":
            continue
        # Our own export's notes refine the TBX-Basic value they were written beside; if
        # another tool has changed that value since, its change wins.
        if text == _FORBIDDEN_NOTE and status is TermStatus.DEPRECATED:
            status = TermStatus.FORBIDDEN
        elif text == _CASE_SENSITIVE_NOTE:
            case_sensitive = True
        elif text.startswith(_POS_NOTE) and _nearest_pos(text[len(_POS_NOTE) :]) == tbx_pos:
            pos = text[len(_POS_NOTE) :]
        else:
            notes.append(text)
    notes += [f"{_DESCRIBED[c]}: {t}" for c, t in section.fields if c == "termType"]
    return Term("", section.text, status, "; ".join(notes), case_sensitive, pos)


def _notes(fields: list[tuple[str, str]]) -> list[str]:
    """Notes, definitions and subject fields of a concept or language section, as note text."""
    return [
        text if category == "note" else f"{_DESCRIBED[category]}: {text}"
        for category, text in fields
        if category in ("note", "definition", "subjectField")
    ]


def _fields(element: ET.Element) -> list[tuple[str, str]]:
    """(data category, text) of each field of an entry, language or term section, in order.

    Fields inside groups (descripGrp, termGrp, termNoteGrp...) count; nested language and term
    sections have fields of their own and are left out.
    """
    found: list[tuple[str, str]] = []
    for child in element:
        name = _local(child.tag)
        if name in _LANGUAGE_SECTIONS | _TERM_SECTIONS or name == "term":
            continue
        if name.endswith("Grp"):
            found += _fields(child)
            continue
        category = child.get("type", "") if name in _TYPED_ELEMENTS else name
        if category and (text := _text(child)):
            found.append((category, text))
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _nearest_pos(pos: str) -> str:
    """The TBX-Basic partOfSpeech value closest to one of ours."""
    pos = pos.lower()
    if pos in _TBX_BASIC_POS:
        return pos
    return "noun" if pos == "proper noun" else "other"


def write_tbx(terms: Iterable[Term], *, title: str = "review-app glossary") -> str:
    """A TBX-Basic v3 document: one concept entry per Chinese term, renderings in order."""
    ET.register_namespace("", TBX_NAMESPACE)
    ns = f"{{{TBX_NAMESPACE}}}"
    root = ET.Element(ns + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "zh"})
    header = ET.SubElement(root, ns + "tbxHeader")
    file_desc = ET.SubElement(header, ns + "fileDesc")
    title_stmt = ET.SubElement(file_desc, ns + "titleStmt")
    ET.SubElement(title_stmt, ns + "title").text = title
    source_desc = ET.SubElement(file_desc, ns + "sourceDesc")
    ET.SubElement(source_desc, ns + "p").text = "Exported by review-app"
    body = ET.SubElement(ET.SubElement(root, ns + "text"), ns + "body")
    by_source: dict[str, list[Term]] = {}
    for term in terms:
        by_source.setdefault(term.source, []).append(term)
    for number, (source, renderings) in enumerate(by_source.items(), start=1):
        entry = ET.SubElement(body, ns + "conceptEntry", {"id": f"c{number}"})
        zh = ET.SubElement(entry, ns + "langSec", {XML_LANG: "zh"})
        ET.SubElement(ET.SubElement(zh, ns + "termSec"), ns + "term").text = source
        en = ET.SubElement(entry, ns + "langSec", {XML_LANG: "en"})
        for term in renderings:
            section = ET.SubElement(en, ns + "termSec")
            ET.SubElement(section, ns + "term").text = term.target
            for category, value in _term_notes(term):
                ET.SubElement(section, ns + "termNote", {"type": category}).text = value
            for note in _notes_of(term):
                ET.SubElement(section, ns + "note").text = note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _term_notes(term: Term) -> list[tuple[str, str]]:
    notes = [("administrativeStatus", _STATUS_TO_TBX[term.status])]
    if term.pos:
        notes.append(("partOfSpeech", _nearest_pos(term.pos)))
    return notes


def _notes_of(term: Term) -> list[str]:
    """The term's note, then what TBX-Basic has no value for, as notes our import reads back."""
    notes = [term.note] if term.note else []
    if term.status is TermStatus.FORBIDDEN:
        notes.append(_FORBIDDEN_NOTE)
    if term.case_sensitive:
        notes.append(_CASE_SENSITIVE_NOTE)
    if term.pos and term.pos != _nearest_pos(term.pos):
        notes.append(_POS_NOTE + term.pos)
    return notes
