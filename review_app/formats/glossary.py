"""Glossary CSV files: ``source,target,status,note`` (optional ``case_sensitive,pos``)."""

import csv
import io
from dataclasses import dataclass, field

from ..core.glossary import Term, TermStatus
from .csvsafe import unescape_cell
from .errors import FormatError
from .text import decode_bytes

REQUIRED_COLUMNS = ("source", "target")
OPTIONAL_COLUMNS = ("status", "note", "case_sensitive", "pos")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


@dataclass
class GlossaryFile:
    terms: list[Term]
    warnings: list[str] = field(default_factory=list)


def read_glossary_csv(data: bytes, filename: str) -> GlossaryFile:
    """Terms of a glossary CSV; bad rows are errors naming the line, oddities are warnings."""
    text = decode_bytes(data, filename)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FormatError(
            filename,
            f"lacks the column(s) {', '.join(missing)}: the first line must be "
            "source,target,status,note (status, note, case_sensitive and pos are optional)",
        )
    reader.fieldnames = header
    result = GlossaryFile([])
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        # Our own export escapes cells a spreadsheet would run as formulas (see csvsafe).
        values = {k: unescape_cell((v or "").strip()) for k, v in row.items() if k}
        term = _term(values, filename, line)
        key = (term.source, term.target)
        if key in seen:
            result.warnings.append(
                f"{filename}, line {line}: {term.source} → {term.target} repeats line "
                f"{seen[key]}; the first is kept"
            )
            continue
        seen[key] = line
        if len(term.source) == 1:
            result.warnings.append(
                f"{filename}, line {line}: the one-character term {term.source} will match "
                "inside many words and be noisy"
            )
        result.terms.append(term)
    return result


def _term(values: dict[str, str], filename: str, line: int) -> Term:
    source, target = values.get("source", ""), values.get("target", "")
    if not source or not target:
        empty = "source" if not source else "target"
        raise FormatError(filename, f"has an empty {empty} term on line {line}")
    status_text = (values.get("status") or "preferred").lower()
    try:
        status = TermStatus(status_text)
    except ValueError:
        allowed = ", ".join(s.value for s in TermStatus)
        raise FormatError(
            filename, f"has an unknown status {status_text!r} on line {line} (use {allowed})"
        ) from None
    flag = values.get("case_sensitive", "").lower()
    if flag not in _TRUE | _FALSE:
        raise FormatError(filename, f"has case_sensitive={flag!r} on line {line} (true/false)")
    return Term(
        source, target, status, values.get("note", ""), flag in _TRUE, values.get("pos", "")
    )
