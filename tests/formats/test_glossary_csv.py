"""Glossary CSV files: the shipped glossary, and each kind of bad or odd row."""

import codecs
from pathlib import Path

import pytest

from review_app.core.glossary import Term, TermStatus
from review_app.formats.errors import FormatError
from review_app.formats.glossary import read_glossary_csv

SHIPPED = Path(__file__).resolve().parents[2] / "glossaries" / "ip-and-policy.csv"


def read(text: str, filename: str = "terms.csv"):
    return read_glossary_csv(text.encode("utf-8"), filename)


def test_shipped_glossary_loads_cleanly() -> None:
    glossary = read_glossary_csv(SHIPPED.read_bytes(), SHIPPED.name)
    assert glossary.warnings == []
    assert len(glossary.terms) >= 40
    pairs = {(t.source, t.target): t for t in glossary.terms}
    assert pairs[("国家知识产权局", "SIPO")].status is TermStatus.ADMITTED
    assert pairs[("三中全会", "Third Plenary Session")].status is TermStatus.PREFERRED
    assert pairs[("示范区", "demonstration zone")].status is TermStatus.PREFERRED
    assert pairs[("示范区", "demonstration area")].status is TermStatus.DEPRECATED
    assert pairs[("CANTOOP", "CANTOOP")].case_sensitive
    # A quoted target with a comma survives as one field.
    assert ("堪途知识产权服务（上海）有限公司", "CANTOOP IP Service (Shanghai) Co., Ltd.") in pairs


def test_all_columns_are_read() -> None:
    glossary = read(
        "source,target,status,note,case_sensitive,pos\n"
        '国家知识产权局,CNIPA,admitted,"Acronym, after first mention",true,proper noun\n'
    )
    assert glossary.terms == [
        Term(
            "国家知识产权局",
            "CNIPA",
            TermStatus.ADMITTED,
            "Acronym, after first mention",
            True,
            "proper noun",
        )
    ]


def test_spreadsheet_escapes_of_the_export_are_undone() -> None:
    glossary = read("source,target,note\n'-化,'-ization,'=not a formula\n区号,'+86,'s\n")
    assert [(t.source, t.target, t.note) for t in glossary.terms] == [
        ("-化", "-ization", "=not a formula"),
        ("区号", "+86", "'s"),
    ]


def test_only_source_and_target_are_required() -> None:
    assert read("source,target\n专利,patent\n").terms == [Term("专利", "patent")]


def test_header_case_spaces_and_column_order_do_not_matter() -> None:
    glossary = read("Status , Target,SOURCE\nDeprecated,demonstration area,示范区\n")
    assert glossary.terms == [Term("示范区", "demonstration area", TermStatus.DEPRECATED)]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "source,target\n示范区,demonstration zone\n".encode(),
        codecs.BOM_UTF16_LE + "source,target\r\n示范区,demonstration zone\r\n".encode("utf-16-le"),
        "source,target\r\n示范区,demonstration zone\r\n".encode("gbk"),
    ],
    ids=["utf8-bom", "utf16-bom", "gbk-crlf"],
)
def test_spreadsheet_encodings_are_read(data: bytes) -> None:
    glossary = read_glossary_csv(data, "excel.csv")
    assert glossary.terms == [Term("示范区", "demonstration zone")]


def test_missing_column_is_an_error_naming_it() -> None:
    with pytest.raises(FormatError) as caught:
        read("source,status\n示范区,preferred\n", "terms.csv")
    message = str(caught.value)
    assert message.startswith("terms.csv ")
    assert "target" in message


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("source,target\n示范区,demonstration zone\n,model zone\n", 3, "source"),
        ("source,target\n专利,\n", 2, "target"),
        ("source,target\n专利,  \n", 2, "target"),
        # A note spanning two lines: the error names the line the bad row is on.
        ('source,target,note\n示范区,demonstration zone,"one\ntwo"\n,model zone,\n', 4, "source"),
    ],
    ids=["empty-source", "empty-target", "blank-target", "after-multiline-note"],
)
def test_empty_term_is_an_error_with_its_line_number(text: str, line: int, what: str) -> None:
    with pytest.raises(FormatError) as caught:
        read(text, "terms.csv")
    message = str(caught.value)
    assert message.startswith("terms.csv ")
    assert f"empty {what}" in message
    assert f"line {line}" in message


def test_unknown_status_is_an_error_listing_the_allowed_ones() -> None:
    with pytest.raises(FormatError) as caught:
        read("source,target,status\n专利,patent,preferred\n示范区,demonstration zone,approved\n")
    message = str(caught.value)
    assert "'approved'" in message
    assert "line 3" in message
    assert all(status.value in message for status in TermStatus)


def test_bad_case_sensitive_flag_is_an_error() -> None:
    with pytest.raises(FormatError, match="line 2"):
        read("source,target,case_sensitive\n专利,patent,maybe\n")


def test_duplicate_row_is_a_warning_and_the_first_is_kept() -> None:
    glossary = read(
        "source,target,note\n示范区,demonstration zone,first\n示范区,demonstration zone,second\n"
    )
    assert [t.note for t in glossary.terms] == ["first"]
    assert len(glossary.warnings) == 1
    assert "line 3" in glossary.warnings[0] and "line 2" in glossary.warnings[0]


def test_same_source_with_another_rendering_is_not_a_duplicate() -> None:
    glossary = read("source,target\n示范区,demonstration zone\n示范区,model zone\n")
    assert len(glossary.terms) == 2
    assert glossary.warnings == []


def test_one_character_term_is_a_warning() -> None:
    glossary = read("source,target\n局,bureau\n局长,Director\n")
    assert [t.source for t in glossary.terms] == ["局", "局长"]
    assert len(glossary.warnings) == 1
    assert "line 2" in glossary.warnings[0] and "局" in glossary.warnings[0]


def test_empty_file_is_an_error() -> None:
    with pytest.raises(FormatError, match="^terms.csv "):
        read_glossary_csv(b"", "terms.csv")


EXCEL_TERMS = [
    Term("示范区", "demonstration zone", TermStatus.PREFERRED, "Official; since 2013"),
    Term("示范区", "demonstration area", TermStatus.DEPRECATED, "Literal, machine output"),
]


def table(separator: str) -> str:
    rows = [
        ["source", "target", "status", "note"],
        ["示范区", "demonstration zone", "preferred", "Official; since 2013"],
        ["示范区", "demonstration area", "deprecated", "Literal, machine output"],
    ]
    quote = '"{}"'.format
    return "".join(
        separator.join(quote(c) if separator in c or "," in c else c for c in row) + "\r\n"
        for row in rows
    )


@pytest.mark.parametrize(
    ("separator", "encode"),
    [
        (",", lambda text: text.encode("utf-8")),
        (";", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),  # Excel in many locales
        (";", lambda text: text.encode("gbk")),
        ("\t", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le")),  # "Unicode text"
        ("\t", lambda text: text.encode("utf-8")),
    ],
    ids=["comma-utf8", "semicolon-utf8-bom", "semicolon-gbk", "tab-utf16-bom", "tab-utf8"],
)
def test_separator_is_found_from_the_header(separator, encode) -> None:
    glossary = read_glossary_csv(encode(table(separator)), "excel.csv")
    assert glossary.terms == EXCEL_TERMS
    assert glossary.warnings == []


def test_empty_rows_are_skipped_and_lines_still_counted() -> None:
    text = "\n,,,\nsource,target,status,note\n示范区,demonstration zone,,\n ,  ,,\n,model zone,,\n"
    with pytest.raises(FormatError, match="empty source term on line 6"):
        read(text)
    glossary = read("source,target\n,\n示范区,demonstration zone\n,\n\n")
    assert glossary.terms == [Term("示范区", "demonstration zone")]
