"""Documents list, import, workspace, rows, export."""

import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from review_app.services.documents import import_file
from review_app.store import Segment, User
from review_app.web.db import get_db

SAMPLES = Path(__file__).resolve().parents[2] / "translations"
ZH = SAMPLES / "cantoop-ip-conference.zh.txt"
EN = SAMPLES / "cantoop-ip-conference.en.txt"


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def test_documents_list_links_titles_and_shows_progress(auth, app_document):
    auth.login()
    page = auth.get("/").get_data(as_text=True)
    assert f'<a href="/documents/{app_document}">Sample</a>' in page
    assert "1 of 4 confirmed" in page
    assert "Import" not in page.split("<main>")[1]  # translators do not import


def test_editors_see_import(auth, app_document):
    auth.login("editor")
    assert 'href="/documents/import"' in auth.get("/").get_data(as_text=True)


def test_translators_may_not_import(auth):
    auth.login("translator")
    assert auth.get("/documents/import").status_code == 403
    response = auth.post(
        "/documents/import", {"title": "T", "source_text": "一。", "draft_text": "One."}
    )
    assert response.status_code == 403


def test_import_pasted_text_lands_on_the_document(auth):
    auth.login("editor")
    response = auth.post(
        "/documents/import",
        {
            "title": "Pasted",
            "source_text": read(ZH).decode("utf-8"),
            "draft_text": read(EN).decode("utf-8"),
        },
    )
    assert response.status_code == 303
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported “Pasted”." in page
    assert "2024年7月26日" in page


def test_import_uploaded_files(auth):
    auth.login("admin")
    response = auth.post(
        "/documents/import",
        {
            "title": "Uploaded",
            "source_file": (io.BytesIO(read(ZH)), "article.zh.txt"),
            "draft_file": (io.BytesIO(read(EN)), "article.en.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303


def test_import_a_po_file(auth, app_document):
    auth.login("editor")
    po = auth.get(f"/documents/{app_document}/export.po").get_data()
    response = auth.post(
        "/documents/import",
        {"file": (io.BytesIO(po), "sample.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Sample</h1>" in page and "第一句。第二句。" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"title": "T", "draft_text": "One."}, "Chinese source is missing"),
        ({"title": "", "source_text": "一。", "draft_text": "One."}, "Give the document a title"),
        (
            {
                "title": "T",
                "source_file": (io.BytesIO(b"\xff\xfe\x00\xd8 broken"), "a.txt"),
                "draft_text": "One.",
            },
            "a.txt",
        ),
        ({"file": (io.BytesIO(b"hello world\n"), "bad.po")}, "bad.po"),
    ],
)
def test_bad_import_input_explains_and_stores_nothing(auth, form, message):
    auth.login("editor")
    response = auth.post("/documents/import", form, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Nothing was imported." in page
    assert "No documents yet" in auth.get("/").get_data(as_text=True)


def test_uploads_over_the_limit_get_a_friendly_413(app, auth):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    auth.login("editor")
    response = auth.post(
        "/documents/import",
        {"title": "Big", "source_file": (io.BytesIO(b"x" * 4096), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Uploads are limited to" in response.get_data(as_text=True)


def test_mismatched_draft_is_imported_with_a_warning(auth):
    auth.login("editor")
    unrelated = "\n".join(["The ferry to the island was late again because of the storm."] * 8)
    response = auth.post(
        "/documents/import",
        {"title": "Wrong pair", "source_text": read(ZH).decode(), "draft_text": unrelated},
    )
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "does not seem to translate this source" in page


def test_workspace_rows_carry_the_contracts(auth, app_document):
    auth.login()
    response = auth.get(f"/documents/{app_document}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert page.count("data-segment-id=") == 4
    # Read-only rows: the one active editor comes from segments.edit (test_web_segments).
    assert "<textarea" not in page and 'tabindex="0"' in page
    assert "Check alignment" in page  # segment 2 has confidence 0.2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def test_rows_are_a_fragment_for_htmx_and_a_page_otherwise(app, auth, app_document):
    app.config["PAGE_SIZE"] = 2
    auth.login()
    first = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert first.count("data-segment-id=") == 2
    assert 'hx-trigger="revealed"' in first
    fragment = auth.get(f"/documents/{app_document}/rows?after=2048", htmx=True)
    assert "HX-Request" in fragment.headers["Vary"]
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and text.count("data-segment-id=") == 2
    assert 'hx-trigger="revealed"' not in text
    full = auth.get(f"/documents/{app_document}/rows?after=2048")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]
    assert "Back to the first segment" in full.get_data(as_text=True)


def test_rows_page_backwards_and_jump_to_a_segment(app, auth, app_document):
    app.config["PAGE_SIZE"] = 2
    auth.login()
    jump = auth.get(f"/documents/{app_document}/rows?goto=3", htmx=True)
    text = jump.get_data(as_text=True)
    # Segments 3 and 4, a sentinel above them to scroll back up, and no address change.
    assert re.findall(r'data-label="([^"]+)"', text) == ["3", "4"]
    before = re.search(r'class="more more-before" data-before="(\d+)"', text).group(1)
    assert "HX-Replace-Url" not in jump.headers
    back = auth.get(f"/documents/{app_document}/rows?before={before}", htmx=True)
    text = back.get_data(as_text=True)
    assert re.findall(r'data-label="([^"]+)"', text) == ["1", "2"]
    assert "more-before" not in text and "more-after" not in text
    # An unknown segment is a 404 whose message the status line shows; nothing is swapped.
    missing = auth.get(f"/documents/{app_document}/rows?goto=99", htmx=True)
    assert missing.status_code == 404 and missing.headers["HX-Reswap"] == "none"
    assert "no segment 99" in unquote(missing.headers["X-Error-Message"])


def test_filters_narrow_rows_and_update_the_address(auth, app_document):
    auth.login()
    response = auth.get(f"/documents/{app_document}/rows?status=translated", htmx=True)
    assert response.get_data(as_text=True).count("data-segment-id=") == 1
    assert response.headers["HX-Replace-Url"] == f"/documents/{app_document}?status=translated"
    low = auth.get(f"/documents/{app_document}?low=1").get_data(as_text=True)
    assert low.count("data-segment-id=") == 1
    regex = auth.get(f"/documents/{app_document}?q=F.*th&regex=1&field=target")
    assert regex.get_data(as_text=True).count("data-segment-id=") == 2
    none = auth.get(f"/documents/{app_document}?q=zzz").get_data(as_text=True)
    assert "No segment matches these filters." in none


def test_invalid_regex_is_a_422_with_a_message(auth, app_document):
    auth.login()
    fragment = auth.get(f"/documents/{app_document}/rows?q=(&regex=1", htmx=True)
    assert fragment.status_code == 422
    assert "regular expression is not valid" in fragment.get_data(as_text=True)
    page = auth.get(f"/documents/{app_document}?q=(&regex=1")
    assert page.status_code == 422 and "<html" in page.get_data(as_text=True)


def test_diff_view_marks_changes_from_the_draft(auth, app_document):
    auth.login()
    page = auth.get(f"/documents/{app_document}?diff=1").get_data(as_text=True)
    assert 'class="segments show-diff"' in page
    assert "<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in page


def test_exports(auth, app_document):
    auth.login()
    po = auth.get(f"/documents/{app_document}/export.po")
    assert po.status_code == 200
    assert po.headers["Content-Disposition"] == "attachment; filename=sample.po"
    assert 'msgid "第一句。第二句。"' in po.get_data(as_text=True)
    text = auth.get(f"/documents/{app_document}/export.txt")
    assert text.mimetype == "text/plain"
    assert text.get_data(as_text=True).startswith("Sample\n\nFirst sentence. Second sentence.")


def test_progress_is_a_fragment_for_htmx_and_the_workspace_otherwise(auth, app_document):
    auth.login()
    fragment = auth.get(f"/documents/{app_document}/progress", htmx=True)
    assert "1 of 4 confirmed" in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    page = auth.get(f"/documents/{app_document}/progress")
    assert page.status_code == 302
    assert page.headers["Location"] == f"/documents/{app_document}"


def test_pasted_text_may_be_larger_than_flasks_field_default(auth, monkeypatch):
    from review_app.services import documents

    received = {}

    def fake_import(session, actor, *, title, source, draft, fallback_title, **_progress):
        received["size"] = sum(map(len, source.paragraphs))
        raise documents.InvalidInput("stop here")

    monkeypatch.setattr(documents, "import_articles", fake_import)
    auth.login("editor")
    big = ("这是一个很长的段落。" * 100 + "\n") * 300  # 300,000 hanzi, about 900 kB
    response = auth.post(
        "/documents/import", {"title": "Big", "source_text": big, "draft_text": "One."}
    )
    # So long a pair is imported as a job, whose page then says why it failed.
    assert response.status_code == 303 and "/jobs/" in response.location
    assert "stop here" in auth.get(response.location).get_data(as_text=True)
    assert received["size"] == 300_000


def test_machine_text_filter_and_the_edit_distance_badge(auth, app_document):
    from sacrebleu.metrics import TER

    auth.login()
    unedited = auth.get(f"/documents/{app_document}/rows?edits=unedited", htmx=True)
    assert unedited.get_data(as_text=True).count("data-segment-id=") == 3
    assert "edit-badge" not in unedited.get_data(as_text=True)
    edited = auth.get(f"/documents/{app_document}?edits=edited").get_data(as_text=True)
    assert edited.count("data-segment-id=") == 1
    draft, target = "Fifth sentence.", "Fifth <script>alert(1)</script> sentence."
    expected = TER().sentence_score(draft, [target]).score
    assert f">TER {expected:.0f}</span>" in edited
    assert auth.get(f"/documents/{app_document}?edits=mostly").status_code == 422


def test_most_changed_first(auth, app, app_document):
    auth.login()
    with app.app_context():
        from review_app.store import Segment
        from review_app.web.db import get_db

        ids = {s.label: s.id for s in get_db().query(Segment).filter_by(document_id=app_document)}
    # Segment 1 gets one word changed, segment 3 is rewritten, segment 4 came edited.
    for label, target in (("1", "First sentence. Second line."), ("3", "Totally new words here.")):
        response = auth.post(f"/segments/{ids[label]}", {"target": target, "version": "1"})
        assert response.status_code in (200, 303)
    page = auth.get(f"/documents/{app_document}/rows?edits=most", htmx=True).get_data(as_text=True)
    order = re.findall(r'<tr id="seg-(\d+)"', page)
    assert order == [str(ids["3"]), str(ids["4"]), str(ids["1"])]
    assert 'hx-trigger="revealed"' not in page  # one ranked page, no endless scrolling


def test_a_sentence_over_the_segment_limit_is_a_422_naming_it(auth):
    from review_app.services.segments import MAX_TARGET_LENGTH

    auth.login("editor")
    long_draft = "One. " + "Very " * (MAX_TARGET_LENGTH // 5) + "long."
    response = auth.post(
        "/documents/import", {"title": "Long", "source_text": "一。二。", "draft_text": long_draft}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "sentence 2 of the English draft (paragraph 1: “Very Very" in page
    assert f"at most {MAX_TARGET_LENGTH:,}" in page and "Nothing was imported." in page
    assert "No documents yet" in auth.get("/").get_data(as_text=True)


def test_a_po_entry_over_the_segment_limit_is_a_422_naming_it(auth):
    from review_app.services.segments import MAX_TARGET_LENGTH

    auth.login("editor")
    po = f'msgctxt "a"\nmsgid "{"长" * (MAX_TARGET_LENGTH + 1)}"\nmsgstr "Long."\n'.encode()
    response = auth.post(
        "/documents/import",
        {"file": (io.BytesIO(po), "long.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Segment 1 is refused: its Chinese source (“长长长" in page
    assert "No documents yet" in auth.get("/").get_data(as_text=True)


def test_a_bad_po_comment_is_a_422_naming_its_line(auth):
    auth.login("editor")
    po = b'#. shape: banana\nmsgctxt "a"\nmsgid "\xe7\x94\xb2"\nmsgstr "A."\n'
    response = auth.post(
        "/documents/import",
        {"file": (io.BytesIO(po), "bad.po")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "line 1 has a bad shape comment" in response.get_data(as_text=True)
    assert "No documents yet" in auth.get("/").get_data(as_text=True)


def test_import_an_xliff_file_shows_its_note_in_the_segment_panel(auth, app):
    job = (Path(__file__).parents[1] / "formats" / "golden" / "xliff" / "tool-1.2.xlf").read_bytes()
    auth.login("editor")
    response = auth.post(
        "/documents/import",
        {"file": (io.BytesIO(job), "brochure.xlf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    with app.app_context():
        segment = get_db().scalars(select(Segment).filter_by(label="u1")).one()
        assert segment.source.startswith("点击⟦1⟧这里⟦/1⟧")
    panel = auth.get(f"/segments/{segment.id}/panel").get_data(as_text=True)
    assert "Note from the imported file" in panel and "Keep the link bold" in panel


def test_a_document_from_an_xliff_file_offers_that_file_back(auth, app, app_users):
    trados = Path(__file__).parents[1] / "formats" / "golden" / "xliff" / "trados.sdlxliff"
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        data = trados.read_bytes()
        document = import_file(session, editor, data=data, filename="Notice.sdlxliff").id
    auth.login("editor")
    page = auth.get(f"/documents/{document}").get_data(as_text=True)
    assert "format=original" in page and "Notice.sdlxliff</a>" in page
    download = auth.get(f"/documents/{document}/export?format=original")
    assert download.status_code == 200 and b"sdl:seg-defs" in download.data
