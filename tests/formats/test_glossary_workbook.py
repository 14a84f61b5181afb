"""Glossary workbooks (.xlsx): the CSV's columns on the first sheet, and files that are not one."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from review_app.core.glossary import Term, TermStatus
from review_app.formats import workbook as workbook_format
from review_app.formats.errors import FormatError
from review_app.formats.termbase import read_termbase

HEADER = ["source", "target", "status", "note", "case_sensitive", "pos"]


def xlsx(*rows: list) -> bytes:
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_are_read_in_the_csv_columns_and_empty_rows_skipped():
    data = xlsx(
        HEADER,
        ["国家知识产权局", "CNIPA", "admitted", "Acronym, after first use", True, "proper noun"],
        [],
        ["5G", "5G", None, None, "yes", None],
        ["区号", "'+86", "forbidden", None, False, None],
        ["版本", 2.0, "preferred", None, None, None],
    )
    assert read_termbase(data, "terms.xlsx").terms == [
        Term(
            "国家知识产权局",
            "CNIPA",
            TermStatus.ADMITTED,
            "Acronym, after first use",
            True,
            "proper noun",
        ),  # fmt: skip
        Term("5G", "5G", case_sensitive=True),
        Term("区号", "+86", TermStatus.FORBIDDEN),
        Term("版本", "2"),
    ]


def test_errors_and_warnings_name_the_sheet_row():
    with pytest.raises(FormatError, match=r"^terms.xlsx has an empty target term on row 4$"):
        read_termbase(xlsx(HEADER, ["专利", "patent"], [], ["示范区", None]), "terms.xlsx")
    result = read_termbase(xlsx(["Source", "Target"], ["局", "bureau"], ["局", "bureau"]), "t.xlsx")
    assert result.warnings == [
        "t.xlsx, row 2: the one-character term 局 will match inside many words and be noisy",
        "t.xlsx, row 3: 局 → bureau repeats row 2; the first is kept",
    ]
    with pytest.raises(FormatError, match="lacks the column.*target: the first row"):
        read_termbase(xlsx(["source", "english"], ["专利", "patent"]), "t.xlsx")


def zipped(name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is empty"),
        (b"source,target\n", "is not an Excel workbook .* not a zip archive"),
        (zipped("word/document.xml", "<w/>"), "is not an Excel workbook"),
    ],
    ids=["empty", "csv-named-xlsx", "other-zip"],
)
def test_a_file_that_is_not_a_workbook_is_a_clear_error(data, says):
    with pytest.raises(FormatError, match=says) as caught:
        read_termbase(data, "terms.xlsx")
    assert str(caught.value).startswith("terms.xlsx ")


def test_a_workbook_that_would_unpack_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(workbook_format, "MAX_UNPACKED_BYTES", 1_000)
    with pytest.raises(FormatError, match="would unpack to"):
        read_termbase(xlsx(HEADER, ["专利", "patent" * 300]), "big.xlsx")


def test_an_old_xls_workbook_is_refused_with_advice():
    with pytest.raises(FormatError, match="old-style Excel .xls.*save it as .xlsx"):
        read_termbase(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "terms.xls")
