"""CSV cells that a spreadsheet shows as text instead of running them as formulas.

Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, after a tab or carriage return, what follows), so a segment or term such as
``=cmd|' /C calc'!A0`` in an export would run on the reader's machine. OWASP's remedy: a single
quote in front, which spreadsheets take as "this is text". A cell that already starts with a
quote gets one more, so that ``unescape_cell`` knows exactly which quote to take away and
export → import gives back every text, "-ization" and "'s" alike.
"""

from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
_ESCAPED_STARTS = (*_FORMULA_STARTS, _QUOTE)


def escape_row(cells: Iterable) -> list:
    """The row with each text cell escaped; numbers and other values as they are."""
    return [
        _QUOTE + cell if isinstance(cell, str) and cell.startswith(_ESCAPED_STARTS) else cell
        for cell in cells
    ]


def unescape_cell(text: str) -> str:
    """The text ``escape_row`` was given; a quote before any other character stays."""
    if text.startswith(_QUOTE) and text[1:].startswith(_ESCAPED_STARTS):
        return text[1:]
    return text
