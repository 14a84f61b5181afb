"""Word sources and drafts through the import form: read as Word, or refused with nothing stored."""

import io
import zipfile

import docx
import pytest


def _docx(title: str, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SOURCE = _docx("上海知识产权保护大会", ["会议于七月举行。", "多家企业参加了会议。"])
DRAFT = _docx(
    "Shanghai IP Protection Conference",
    ["The conference was held in July.", "Many companies attended the conference."],
)


def _with_macros(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("word/vbaProject.bin", b"\0" * 64)
    return out.getvalue()


def test_a_word_source_and_draft_import_with_the_drafts_title(auth):
    auth.login("editor")
    response = auth.post(
        "/documents/import",
        {
            "title": "",
            "source_file": (io.BytesIO(SOURCE), "article.zh.docx"),
            "draft_file": (io.BytesIO(DRAFT), "article.en.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Shanghai IP Protection Conference" in page
    assert "会议于七月举行。" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "is not one"),
        (_with_macros(SOURCE), "contains macros"),
    ],
)
def test_a_bad_word_file_is_refused_and_nothing_is_stored(auth, data, message):
    auth.login("editor")
    response = auth.post(
        "/documents/import",
        {
            "title": "T",
            "source_file": (io.BytesIO(data), "source.docx"),
            "draft_file": (io.BytesIO(DRAFT), "draft.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "source.docx" in page and message in page and "Nothing was imported." in page
    assert "No documents yet" in auth.get("/").get_data(as_text=True)
