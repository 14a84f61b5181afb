"""Spreadsheet-safe CSV cells: what is escaped, and that unescaping gives back every text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.formats.csvsafe import escape_row, unescape_cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+86 21 1234", "'+86 21 1234"),
        ("-ization", "'-ization"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # A leading quote is doubled, so that unescaping cannot eat one the text had.
        ("'=1+1", "''=1+1"),
        ("'quoted'", "''quoted'"),
        ("patent", "patent"),
        ("专利 = patent", "专利 = patent"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_evaluate_are_escaped(cell: str, written: str) -> None:
    assert escape_row([cell]) == [written]
    assert unescape_cell(written) == cell


def test_only_text_cells_are_escaped() -> None:
    assert escape_row([7, -1.5, None, "-1"]) == [7, -1.5, None, "'-1"]


def test_text_without_escape_is_read_as_it_is() -> None:
    # Hand-made files: a quote before an ordinary character is part of the text.
    assert unescape_cell("'s") == "'s"
    assert unescape_cell("'") == "'"


@given(st.text())
def test_unescape_undoes_escape(text: str) -> None:
    [escaped] = escape_row([text])
    assert unescape_cell(escaped) == text
