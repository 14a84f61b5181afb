"""Glossary tables: ``source,target,status,note`` (optional ``case_sensitive,pos``), as CSV
files here and as spreadsheets in ``formats.workbook``."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.glossary import Term, TermStatus
from .csvsafe import unescape_cell
from .errors import FormatError
from .text import decode_bytes

REQUIRED_COLUMNS = ("source", "target")
OPTIONAL_COLUMNS = ("status", "note", "case_sensitive", "pos")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}
_SEPARATORS = (",", ";", "\t")


@dataclass
class GlossaryFile:
    terms: list[Term]
    warnings: list[str] = field(default_factory=list)


def read_glossary_csv(data: bytes, filename: str) -> GlossaryFile:
    """Terms of a glossary CSV, comma-, semicolon- or tab-separated, in any encoding that
    ``decode_bytes`` reads (Excel's "Unicode text" is UTF-16 and tab-separated)."""
    text = decode_bytes(data, filename)
    reader = csv.reader(io.StringIO(text), delimiter=_separator(text))
    # line_num once a row is read is the line it ends on, which is where an editor shows it.
    return read_glossary_rows(((reader.line_num, row) for row in reader), filename, unit="line")


def read_glossary_rows(
    rows: Iterable[tuple[int, list[str]]], filename: str, *, unit: str
) -> GlossaryFile:
    """Terms of a table whose first non-empty row names the columns: CSV lines or sheet rows.

    ``rows`` are (number, cells) with the number the user sees, called ``unit`` in messages.
    Bad rows are errors naming it, oddities are warnings; rows with no text are skipped,
    because spreadsheets leave them (as ``,,,``) wherever a row was cleared.
    """
    filled = ((number, cells) for number, cells in rows if any(c.strip() for c in cells))
    _, header_cells = next(filled, (0, []))
    header = [h.strip().lower() for h in header_cells]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FormatError(
            filename,
            f"lacks the column(s) {', '.join(missing)}: the first {unit} must be "
            "source,target,status,note (status, note, case_sensitive and pos are optional)",
        )
    result = GlossaryFile([])
    seen: dict[tuple[str, str], int] = {}
    for number, cells in filled:
        # Our own export escapes cells a spreadsheet would run as formulas (see csvsafe).
        values = {k: unescape_cell(v.strip()) for k, v in zip(header, cells, strict=False) if k}
        term = _term(values, filename, f"{unit} {number}")
        key = (term.source, term.target)
        if key in seen:
            result.warnings.append(
                f"{filename}, {unit} {number}: {term.source} → {term.target} repeats {unit} "
                f"{seen[key]}; the first is kept"
            )
            continue
        seen[key] = number
        if len(term.source) == 1:
            result.warnings.append(
                f"{filename}, {unit} {number}: the one-character term {term.source} will match "
                "inside many words and be noisy"
            )
        result.terms.append(term)
    return result


def _separator(text: str) -> str:
    """The separator that splits the header line into columns naming source and target.

    Judged on the header only, whose names are known, rather than by csv.Sniffer's guess over
    terms and notes full of commas and semicolons. Without such a header, the most frequent
    candidate, so that the missing-column error lists what is really missing.
    """
    header = next((line for line in text.split("\n") if line.strip()), "")
    for separator in _SEPARATORS:
        names = {cell.strip().strip('"').strip().lower() for cell in header.split(separator)}
        if set(REQUIRED_COLUMNS) <= names:
            return separator
    return max(_SEPARATORS, key=header.count)


def _term(values: dict[str, str], filename: str, where: str) -> Term:
    source, target = values.get("source", ""), values.get("target", "")
    if not source or not target:
        empty = "source" if not source else "target"
        raise FormatError(filename, f"has an empty {empty} term on {where}")
    status_text = (values.get("status") or "preferred").lower()
    try:
        status = TermStatus(status_text)
    except ValueError:
        allowed = ", ".join(s.value for s in TermStatus)
        raise FormatError(
            filename, f"has an unknown status {status_text!r} on {where} (use {allowed})"
        ) from None
    flag = values.get("case_sensitive", "").lower()
    if flag not in _TRUE | _FALSE:
        raise FormatError(filename, f"has case_sensitive={flag!r} on {where} (true/false)")
    return Term(
        source, target, status, values.get("note", ""), flag in _TRUE, values.get("pos", "")
    )
