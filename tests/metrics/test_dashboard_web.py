"""The dashboards through the Flask client: pages, htmx fragments, login, CSV export."""

import csv
import io
import re

import pytest

from review_app.services.documents import active_segments
from review_app.services.review import reject_segment
from review_app.services.segments import add_comment, confirm_segment, save_segment
from review_app.store import User
from review_app.web.db import get_db


@pytest.fixture
def edited_document(app, app_users, app_document):
    """The sample after a translator's work: two segments confirmed, one saved, a comment."""
    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        ids = [s.id for s in active_segments(session, app_document)]
        confirm_segment(
            session, translator, ids[0], target="First sentence. Second one!", version=1
        )
        confirm_segment(session, translator, ids[1], target="Third sentence.", version=1)
        save_segment(
            session,
            translator,
            ids[2],
            target="A rewritten <b>fourth</b> 第四句 with 42 items",
            version=1,
        )
        add_comment(session, translator, ids[2], "Check the term.")
    return app_document


@pytest.mark.parametrize(
    "url", ["/dashboard", "/documents/{doc}/dashboard", "/documents/{doc}/dashboard.csv"]
)
def test_login_required(client, app_document, url):
    response = client.get(url.format(doc=app_document))
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_document_dashboard_page(auth, edited_document):
    auth.login()
    response = auth.get(f"/documents/{edited_document}/dashboard")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert "<!doctype html>" in page
    assert "Dashboard: Sample" in page
    assert "3 <small>of 4</small>" in page  # two confirmed here, one imported translated
    for title in (
        "Progress by status over time",
        "Edit distance of confirmed segments (TER)",
        "Open QA issues by check",
        "Activity per person",
    ):
        assert title in page
    # Four charts, each followed by its table for screen readers.
    assert page.count('<svg class="chart') == 4
    assert page.count('<table class="visually-hidden">') == 4
    assert "No rejections recorded." in page
    assert f'href="/documents/{edited_document}/dashboard.csv"' in page
    # The translator's work: activity row and per-translator metrics.
    activity = re.search(
        r"<caption>Changes and comments per person</caption>(.*?)</table>", page, re.S
    )
    # Edits, confirmations; no reverts, approvals, rejections or other changes; one comment.
    assert (
        '<th scope="row">translator</th>' + "<td>1</td><td>2</td>" + "<td>0</td>" * 4 + "<td>1</td>"
        in activity.group(1)
    )
    assert '<h2 id="translators-title">By translator</h2>' in page


def test_user_text_is_escaped(auth, edited_document):
    auth.login("editor")
    page = auth.get(f"/documents/{edited_document}/dashboard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_htmx_gets_the_panels_only(auth, edited_document):
    auth.login()
    response = auth.get(f"/documents/{edited_document}/dashboard", htmx=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    fragment = response.get_data(as_text=True)
    assert '<div id="dashboard-panels"' in fragment
    assert "<!doctype html>" not in fragment
    assert "<nav" not in fragment


def test_all_documents_dashboard(auth, edited_document):
    auth.login()
    page = auth.get("/dashboard").get_data(as_text=True)
    assert "Dashboard: All documents" in page
    assert f'href="/documents/{edited_document}/dashboard">Sample</a>' in page
    assert "3 of 4" in page
    fragment = auth.get("/dashboard", htmx=True).get_data(as_text=True)
    assert "<!doctype html>" not in fragment and "Sample" in fragment


def test_dashboard_links_in_nav_and_documents_list(auth, app_document):
    auth.login()
    page = auth.get("/").get_data(as_text=True)
    assert 'href="/dashboard"' in page
    assert f'href="/documents/{app_document}/dashboard"' in page


def test_an_empty_store_has_an_empty_dashboard(auth):
    auth.login()
    page = auth.get("/dashboard").get_data(as_text=True)
    assert "No confirmed segments yet" in page
    assert "Nothing to show yet." in page


def test_unknown_document(auth):
    auth.login()
    response = auth.get("/documents/999/dashboard")
    assert response.status_code == 404
    assert "There is no document 999" in response.get_data(as_text=True)


def test_csv_export(auth, edited_document):
    auth.login()
    response = auth.get(f"/documents/{edited_document}/dashboard.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["id", "number", "status", "ter", "chrf", "source", "draft", "target"]
    assert len(rows) == 5
    first = rows[1]
    assert first[1:3] == ["1", "translated"]
    assert first[3] == "25.00"
    assert first[5:] == [
        "第一句。第二句。",
        "First sentence. Second sentence.",
        "First sentence. Second one!",
    ]
    assert rows[2][3] == "0.00" and rows[2][4] == "100.00"


def test_qa_issues_by_check(auth, edited_document):
    auth.login()
    page = auth.get(f"/documents/{edited_document}/dashboard").get_data(as_text=True)
    table = re.search(r"<caption>Open QA issues by check</caption>(.*?)</table>", page, re.S)
    assert (
        '<tr><th scope="row">Chinese characters left in the English</th><td>1</td><td>0</td></tr>'
        in table.group(1)
    )
    assert re.search(r'<rect class="series-error"[^>]*><title>Chinese characters', page)


def test_mqm_card_shows_the_rejections(app, app_users, auth, edited_document):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        segment = active_segments(session, edited_document)[0]
        reject_segment(
            session,
            editor,
            segment.id,
            version=segment.version,
            comment="Wrong term.",
            category="Terminology",
            severity="Minor",
        )
    auth.login("editor")
    page = auth.get(f"/documents/{edited_document}/dashboard").get_data(as_text=True)
    assert "No rejections recorded." not in page
    assert "penalty points per 1,000 words, from 1 rejection</p>" in page
    assert "<dt>Minor</dt><dd>1</dd>" in page


def test_csv_export_escapes_cells_a_spreadsheet_would_run(auth, app, app_users, app_document):
    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        first_id = active_segments(session, app_document)[0].id
        save_segment(session, translator, first_id, target="=cmd|' /C calc'!A0", version=1)
    auth.login()
    text = auth.get(f"/documents/{app_document}/dashboard.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1][7] == "'=cmd|' /C calc'!A0"
    assert rows[1][:3] == [str(first_id), "1", "draft"]


def test_the_dashboard_stores_the_pairs_it_measured_after_its_response(app, auth, app_document):
    from review_app.store import PairStatistic

    def stored():
        with app.app_context():
            return get_db().query(PairStatistic).count()

    before = stored()
    auth.login()
    response = auth.get(f"/documents/{app_document}/dashboard")
    assert response.status_code == 200
    assert stored() == before  # the read itself wrote nothing
    response.close()  # the server closes every response; the deferred work runs then
    assert stored() == before + 4
