"""TBX-Basic glossaries (ISO 30042): import of TBX v2 (``martif``) and v3 (``tbx``), export v3.

One concept entry per Chinese term; its English renderings are term sections whose
``administrativeStatus`` carries the glossary status. TBX-Basic has no "forbidden" status and
no case-sensitivity flag: forbidden renderings are written as ``deprecatedTerm-admn-sts`` (the
checks treat both alike) and case sensitivity is not exported (imported terms match
case-insensitively). Files are parsed with defusedxml: a DOCTYPE, an entity declaration or an
external reference is refused before anything is resolved or fetched.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterable

import defusedxml
import defusedxml.ElementTree as SafeET

from ..core.glossary import Term, TermStatus
from .errors import FormatError
from .glossary import GlossaryFile

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_TO_TBX = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_STATUS_FROM_TBX = {
    "preferredterm-admn-sts": TermStatus.PREFERRED,
    "admittedterm-admn-sts": TermStatus.ADMITTED,
    "deprecatedterm-admn-sts": TermStatus.DEPRECATED,
    "supersededterm-admn-sts": TermStatus.DEPRECATED,
    "notrecommendedterm-admn-sts": TermStatus.DEPRECATED,
    "obsoleteterm-admn-sts": TermStatus.DEPRECATED,
}
_POS_TO_TBX = {"noun": "noun", "proper noun": "properNoun", "verb": "verb",
               "adjective": "adjective", "adverb": "adverb"}  # fmt: skip
_POS_FROM_TBX = {value.lower(): key for key, value in _POS_TO_TBX.items()}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def read_tbx(data: bytes, filename: str) -> GlossaryFile:
    """Terms of a TBX file (v2 ``martif`` or v3 ``tbx``); Chinese (zh*) to English (en*) only."""
    if not data.strip():
        raise FormatError(filename, "is empty")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise FormatError(
            filename,
            "declares a DOCTYPE, which is refused for safety (nothing was fetched); "
            "remove the <!DOCTYPE ...> line and import it again",
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise FormatError(
            filename,
            "declares XML entities or external references, which are refused for safety "
            "(nothing was fetched); remove them and import it again",
        ) from None
    except ET.ParseError as error:
        raise FormatError(filename, f"is not well-formed XML: {error}") from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise FormatError(filename, f"is not a TBX file (its root element is <{_local(root.tag)}>)")
    result = GlossaryFile([])
    seen: set[tuple[str, str]] = set()
    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}" + (f" (id {entry.get('id')})" if entry.get("id") else "")
        sources, targets = _entry_terms(entry, filename, where)
        for source in sources:
            if len(source) == 1:
                result.warnings.append(
                    f"{filename}, {where}: the one-character term {source} will match inside "
                    "many words and be noisy"
                )
            for term in targets:
                term = Term(source, term.target, term.status, term.note, False, term.pos)
                if (term.source, term.target) in seen:
                    result.warnings.append(
                        f"{filename}, {where}: {term.source} → {term.target} repeats an "
                        "earlier entry; the first is kept"
                    )
                    continue
                seen.add((term.source, term.target))
                result.terms.append(term)
    if not result.terms:
        raise FormatError(
            filename, "has no entry with both a Chinese (zh) and an English (en) term"
        )
    return result


def _entry_terms(entry: ET.Element, filename: str, where: str) -> tuple[list[str], list[Term]]:
    sources: list[str] = []
    targets: list[Term] = []
    entry_note = "; ".join(_text(n) for n in _children(entry, "note") if _text(n))
    for lang_section in [c for c in entry if _local(c.tag) in ("langSec", "langSet")]:
        lang = (lang_section.get(XML_LANG) or lang_section.get("lang") or "").lower()
        for term_section in [
            c for c in lang_section if _local(c.tag) in ("termSec", "tig", "ntig")
        ]:
            term_element = next((e for e in term_section.iter() if _local(e.tag) == "term"), None)
            text = _text(term_element)
            if not text:
                raise FormatError(filename, f"has an empty term in {where}")
            notes = {
                (n.get("type") or ""): _text(n)
                for n in term_section.iter()
                if _local(n.tag) == "termNote"
            }
            note = "; ".join(
                _text(n) for n in term_section.iter() if _local(n.tag) == "note" and _text(n)
            )
            if lang.startswith("zh"):
                sources.append(text)
            elif lang.startswith("en"):
                status_text = notes.get("administrativeStatus", "").lower()
                status = _STATUS_FROM_TBX.get(status_text, TermStatus.PREFERRED)
                if status_text and status_text not in _STATUS_FROM_TBX:
                    raise FormatError(
                        filename,
                        f"has an unknown administrativeStatus {status_text!r} in {where} "
                        f"(use one of {', '.join(sorted(set(_STATUS_TO_TBX.values())))})",
                    )
                pos = notes.get("partOfSpeech", "")
                targets.append(
                    Term(
                        "",
                        text,
                        status,
                        note or entry_note,
                        False,
                        _POS_FROM_TBX.get(pos.lower(), pos),
                    )
                )
    return sources, targets


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
            status = ET.SubElement(section, ns + "termNote", {"type": "administrativeStatus"})
            status.text = _STATUS_TO_TBX[term.status]
            if term.pos:
                pos = ET.SubElement(section, ns + "termNote", {"type": "partOfSpeech"})
                pos.text = _POS_TO_TBX.get(term.pos.lower(), "other")
            if term.note:
                ET.SubElement(section, ns + "note").text = term.note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
