"""The glossary page: search, add, edit, delete, import, export; roles and CSRF."""

import io
from pathlib import Path

import pytest

from review_app.services import glossary as glossary_service
from review_app.store import GlossaryTerm, User
from review_app.web.db import get_db

GOLDEN = Path(__file__).resolve().parents[1] / "formats" / "golden" / "tbx"
CSV = (GOLDEN / "small.csv").read_bytes()
TBX = (GOLDEN / "small.tbx").read_bytes()


@pytest.fixture
def glossary_id(app, app_users):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        result = glossary_service.import_glossary(
            session, editor, name="IP terms", data=CSV, filename="small.csv"
        )
        return result.glossary.id


def term_id(app, target):
    with app.app_context():
        return get_db().query(GlossaryTerm).filter_by(target=target).one().id


def stored(app, target):
    with app.app_context():
        return get_db().query(GlossaryTerm).filter_by(target=target).one_or_none()


NEW = {"source": "专利", "target": "patent", "status": "preferred", "note": "", "pos": "noun"}


def test_everyone_reads_the_glossary_page(auth, glossary_id):
    auth.login("translator")
    response = auth.get("/glossary/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert page.count('<tr id="term-') == 6
    assert "Add a term" not in page and "Import CSV" not in page and ">Edit<" not in page
    assert f"/glossary/{glossary_id}/export.tbx" in page


def test_search_answers_htmx_with_rows_only(auth, glossary_id):
    auth.login("translator")
    response = auth.get("/glossary/?q=CNIPA", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.count('<tr id="term-') == 1 and "HX-Request" in response.headers["Vary"]
    assert "No term matches “nothing”" in auth.get("/glossary/?q=nothing", htmx=True).get_data(
        as_text=True
    )
    assert auth.get("/glossary/?q=" + "x" * 201, htmx=True).status_code == 422


def test_editors_see_the_forms(auth, glossary_id):
    auth.login("editor")
    page = auth.get("/glossary/").get_data(as_text=True)
    assert "Add a term" in page and ">Edit<" in page and ">Delete<" in page


def test_add_with_htmx_returns_a_fresh_form_and_announces_the_change(app, auth, glossary_id):
    auth.login("editor")
    response = auth.post("/glossary/terms", NEW | {"glossary": glossary_id}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith("<form")
    assert "Added 专利 → patent to IP terms." in body
    assert response.headers["HX-Trigger"] == "glossaryChanged"
    assert stored(app, "patent").pos == "noun"


def test_add_without_htmx_redirects_to_the_term(app, auth, glossary_id):
    auth.login("admin")
    response = auth.post("/glossary/terms", NEW | {"case_sensitive": "1"})
    assert response.status_code == 303 and "/glossary/?q=" in response.headers["Location"]
    assert stored(app, "patent").case_sensitive is True


def test_invalid_add_is_a_422_with_the_form_and_the_reason(auth, glossary_id):
    auth.login("editor")
    bad = NEW | {"target": "  "}
    response = auth.post("/glossary/terms", bad, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Give both the Chinese term" in body
    assert 'value="专利"' in body  # what was typed is kept
    page = auth.post("/glossary/terms", bad)
    assert page.status_code == 422 and "<html" in page.get_data(as_text=True)


def test_the_panel_form_from_a_workspace_selection(auth, glossary_id):
    auth.login("editor")
    response = auth.get("/glossary/terms/new?panel=1&source=%E7%A4%BA%E8%8C%83", htmx=True)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<aside id="panel"') and 'value="示范"' in body
    added = auth.post("/glossary/terms", NEW | {"panel": "1"}, htmx=True)
    assert added.get_data(as_text=True).lstrip().startswith('<aside id="panel"')
    assert "Added 专利 → patent" in added.get_data(as_text=True)
    assert auth.get("/glossary/terms/new?source=x").status_code == 200
    fragment = auth.get("/glossary/terms/new", htmx=True).get_data(as_text=True)
    assert fragment.lstrip().startswith("<form")


def test_edit_and_cancel_swap_the_row(app, auth, glossary_id):
    auth.login("editor")
    term = term_id(app, "CNIPA")
    form = auth.get(f"/glossary/terms/{term}/edit", htmx=True).get_data(as_text=True)
    assert form.lstrip().startswith(f'<tr id="term-{term}"') and 'name="target"' in form
    assert "<html" in auth.get(f"/glossary/terms/{term}/edit").get_data(as_text=True)
    row = auth.get(f"/glossary/terms/{term}", htmx=True).get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="term-{term}"') and ">CNIPA<" in row
    assert auth.get(f"/glossary/terms/{term}").status_code == 302


def test_update_with_and_without_htmx(app, auth, glossary_id):
    auth.login("editor")
    term = term_id(app, "CNIPA")
    edited = {"source": "国家知识产权局", "target": "CNIPA", "status": "preferred", "note": "Now"}
    response = auth.post(f"/glossary/terms/{term}", edited, htmx=True)
    assert response.status_code == 200 and ">Now<" in response.get_data(as_text=True)
    plain = auth.post(f"/glossary/terms/{term}", edited | {"note": "Later"})
    assert plain.status_code == 303
    assert stored(app, "CNIPA").note == "Later"
    clash = auth.post(f"/glossary/terms/{term}", edited | {"target": "CANTOOP", "source": "堪途"})
    assert clash.status_code == 422
    htmx_clash = auth.post(
        f"/glossary/terms/{term}", edited | {"target": "CANTOOP", "source": "堪途"}, htmx=True
    )
    body = htmx_clash.get_data(as_text=True)
    assert htmx_clash.status_code == 422 and "already in this glossary" in body
    assert body.lstrip().startswith(f'<tr id="term-{term}"')


def test_delete_with_and_without_htmx(app, auth, glossary_id):
    auth.login("editor")
    response = auth.post(f"/glossary/terms/{term_id(app, 'CNIPA')}/delete", htmx=True)
    assert response.status_code == 200 and response.get_data() == b""
    assert stored(app, "CNIPA") is None
    plain = auth.post(f"/glossary/terms/{term_id(app, 'CANTOOP')}/delete")
    assert plain.status_code == 303
    assert auth.post("/glossary/terms/999999/delete", htmx=True).status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/glossary/terms/new"),
        ("get", "/glossary/terms/{id}/edit"),
        ("get", "/glossary/import"),
        ("post", "/glossary/terms"),
        ("post", "/glossary/terms/{id}"),
        ("post", "/glossary/terms/{id}/delete"),
        ("post", "/glossary/import"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_translators_may_not_change_the_glossary(app, auth, glossary_id, method, url, htmx):
    auth.login("translator")
    url = url.format(id=term_id(app, "CNIPA"))
    if method == "get":
        response = auth.get(url, htmx=htmx)
    else:
        response = auth.post(url, NEW, htmx=htmx)
    assert response.status_code == 403
    assert stored(app, "patent") is None and stored(app, "CNIPA") is not None


@pytest.mark.parametrize(
    "url", ["/glossary/terms", "/glossary/terms/{id}", "/glossary/terms/{id}/delete"]
)
def test_changes_without_the_csrf_token_are_refused(app, auth, glossary_id, url):
    auth.login("editor")
    response = auth.post(url.format(id=term_id(app, "CNIPA")), NEW, htmx=True, csrf=False)
    assert response.status_code == 400
    assert stored(app, "CNIPA") is not None and stored(app, "patent") is None
    upload = auth.post(
        "/glossary/import",
        {"file": (io.BytesIO(CSV), "small.csv")},
        content_type="multipart/form-data",
        csrf=False,
    )
    assert upload.status_code == 400


def test_import_page_and_upload_with_warnings(app, auth):
    auth.login("editor")
    assert "<html" in auth.get("/glossary/import").get_data(as_text=True)
    noisy = CSV + "堪途,CANTOOP,preferred,,,\n局,bureau,,,,\n".encode()
    response = auth.post(
        "/glossary/import",
        {"file": (io.BytesIO(noisy), "noisy.csv"), "name": ""},
        content_type="multipart/form-data",
        htmx=True,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Imported into “noisy”: 7 added, 0 updated." in body
    assert "repeats line 7" in body and "one-character term 局" in body
    assert response.headers["HX-Trigger"] == "glossaryChanged"
    page = auth.post(
        "/glossary/import",
        {"file": (io.BytesIO(TBX), "small.tbx"), "name": "noisy"},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert "updated" in page.get_data(as_text=True)


def test_an_excel_workbook_is_imported(auth):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["source", "target", "status"])
    book.active.append(["示范区", "demonstration area", "deprecated"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    auth.login("editor")
    page = auth.get("/glossary/import").get_data(as_text=True)
    assert ".xlsx" in page
    response = auth.post(
        "/glossary/import",
        {"file": (data, "zones.xlsx"), "name": ""},
        content_type="multipart/form-data",
        htmx=True,
    )
    assert "Imported into “zones”: 1 added, 0 updated." in response.get_data(as_text=True)
    not_a_workbook = auth.post(
        "/glossary/import",
        {"file": (io.BytesIO(CSV), "small.xlsx")},
        content_type="multipart/form-data",
        htmx=True,
    )
    assert not_a_workbook.status_code == 422
    assert "small.xlsx is not an Excel workbook" in not_a_workbook.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_glossary_file_is_a_422_saying_why(auth, htmx):
    auth.login("editor")
    response = auth.post(
        "/glossary/import",
        {"file": (io.BytesIO(b"zh,en\n"), "bad.csv")},
        content_type="multipart/form-data",
        htmx=htmx,
    )
    assert response.status_code == 422
    assert "bad.csv lacks the column(s) source, target" in response.get_data(as_text=True)
    missing = auth.post("/glossary/import", {}, content_type="multipart/form-data", htmx=htmx)
    assert missing.status_code == 422
    assert "Choose a CSV, Excel (.xlsx) or TBX file" in missing.get_data(as_text=True)


def test_export_csv_and_tbx(auth, glossary_id):
    auth.login("translator")
    csv = auth.get(f"/glossary/{glossary_id}/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "ip-terms.csv" in csv.headers["Content-Disposition"]
    assert csv.get_data(as_text=True).startswith("source,target,status,note,case_sensitive,pos")
    tbx = auth.get(f"/glossary/{glossary_id}/export.tbx")
    assert "<conceptEntry" in tbx.get_data(as_text=True)
    assert auth.get("/glossary/999/export.csv").status_code == 404
    assert auth.get(f"/glossary/{glossary_id}/export.xls").status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(client):
    assert client.get("/glossary/").status_code == 302
