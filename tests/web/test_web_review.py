"""Review in the browser UI: approve, reject, approve all, the sign-off panel, publish, audit."""

from pathlib import Path
from urllib.parse import unquote

import pytest

from review_app.services import segments as segment_service
from review_app.store import Segment, User
from review_app.web.db import get_db


def seg_id(app, document_id, label):
    with app.app_context():
        return get_db().query(Segment).filter_by(document_id=document_id, label=label).one().id


def stored(app, seg_id):
    with app.app_context():
        return get_db().get(Segment, seg_id)


def confirm_all(app, app_document, app_users):
    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        for s in session.query(Segment).filter_by(document_id=app_document).all():
            text = "Fifth sentence." if s.label == "4" else s.target
            segment_service.confirm_segment(
                session, translator, s.id, target=text, version=s.version
            )


REJECT = {
    "version": "1",
    "comment": "Drop the markup.",
    "category": "Accuracy/Addition",
    "severity": "Major",
}


def test_editor_approves_with_htmx_and_gets_the_row(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    response = auth.post(f"/segments/{four}/approve", {"version": "1"}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="seg-{four}"') and 'data-status="approved"' in body
    assert stored(app, four).status == "approved"


def test_approve_without_htmx_redirects_to_the_row(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    response = auth.post(f"/segments/{four}/approve", {"version": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/documents/{app_document}#seg-{four}"


def test_translator_gets_403_and_no_review_buttons(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("translator")
    assert auth.post(f"/segments/{four}/approve", {"version": "1"}, htmx=True).status_code == 403
    assert auth.post(f"/segments/{four}/reject", REJECT, htmx=True).status_code == 403
    assert auth.post(f"/documents/{app_document}/sign-off", htmx=True).status_code == 403
    assert auth.post(f"/documents/{app_document}/publish", htmx=True).status_code == 403
    assert auth.post(f"/documents/{app_document}/approve-all", htmx=True).status_code == 403
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert "Approve all translated" not in page and 'class="approve"' not in page
    assert "Sign off</button>" not in page
    assert stored(app, four).status == "translated"


def test_posts_without_csrf_are_refused(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    response = auth.post(f"/segments/{four}/approve", {"version": "1"}, csrf=False)
    assert response.status_code == 400
    assert auth.post(f"/documents/{app_document}/sign-off", csrf=False).status_code == 400
    assert stored(app, four).status == "translated"


def test_anonymous_users_get_the_login_page(client, app_document):
    response = client.get(f"/documents/{app_document}/audit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_reject_needs_a_comment_and_the_translator_sees_the_reason(auth, client, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    editor = auth.get(f"/segments/{four}/edit", htmx=True).get_data(as_text=True)
    assert "Accuracy/Omission" in editor and "Critical" in editor
    response = auth.post(f"/segments/{four}/reject", REJECT | {"comment": " "}, htmx=True)
    assert response.status_code == 422
    assert "needs a comment" in response.get_data(as_text=True)
    response = auth.post(f"/segments/{four}/reject", REJECT, htmx=True)
    assert response.status_code == 200
    assert stored(app, four).status == "rejected"
    auth.post("/auth/logout")
    auth.login("translator")
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert "Drop the markup." in page and "Accuracy/Addition, Major" in page
    response = auth.post(
        f"/segments/{four}/confirm", {"target": "Fifth sentence.", "version": "2"}, htmx=True
    )
    assert response.status_code == 200 and stored(app, four).status == "translated"
    assert "Drop the markup." not in response.get_data(as_text=True)


def test_a_stale_approval_is_a_409_row(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    auth.post(f"/segments/{four}", {"target": "Fifth.", "version": "1"}, htmx=True)
    response = auth.post(f"/segments/{four}/approve", {"version": "1"}, htmx=True)
    assert response.status_code == 409
    assert stored(app, four).status == "translated"


def test_approve_all_follows_the_filter_in_the_address_bar(auth, app, app_document, app_users):
    confirm_all(app, app_document, app_users)
    auth.login("editor")
    response = auth.post(
        f"/documents/{app_document}/approve-all",
        htmx=True,
        headers={"HX-Current-URL": f"http://localhost/documents/{app_document}?low=1"},
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/documents/{app_document}?low=1"
    statuses = {label: stored(app, seg_id(app, app_document, label)).status for label in "1234"}
    assert statuses == {"1": "translated", "2": "approved", "3": "translated", "4": "translated"}
    response = auth.post(f"/documents/{app_document}/approve-all", {"status": "translated"})
    assert response.status_code == 303
    assert all(stored(app, seg_id(app, app_document, n)).status == "approved" for n in "1234")


def test_sign_off_panel_refuses_with_reasons_then_signs_and_publishes(
    auth, app, app_document, app_users
):
    auth.login("editor")
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert "0 of 4</span> segments approved" in page
    response = auth.post(f"/documents/{app_document}/publish", htmx=True)
    assert response.status_code == 409 and "valid sign-off" in response.get_data(as_text=True)
    response = auth.post(f"/documents/{app_document}/sign-off", htmx=True)
    assert response.status_code == 409
    assert "4 of 4 segments are not approved" in response.get_data(as_text=True)
    confirm_all(app, app_document, app_users)
    auth.post(f"/documents/{app_document}/approve-all", {})
    response = auth.post(f"/documents/{app_document}/sign-off", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="sign-off"')
    assert "Signed off by <strong>editor</strong>" in body and 'class="hash"' in body
    response = auth.post(f"/documents/{app_document}/publish", htmx=True)
    assert response.status_code == 200 and "Published version 1" in response.get_data(as_text=True)
    folder = Path(app.config["DATA_DIR"]) / "published" / "sample" / "v1"
    assert (folder / "sample.html").is_file() and (folder / "review-report.json").is_file()
    panel = auth.get(f"/documents/{app_document}/sign-off", htmx=True)
    assert "v1" in panel.get_data(as_text=True) and "HX-Request" in panel.headers["Vary"]
    # Without htmx the same POST redirects with the message flashed.
    response = auth.post(f"/documents/{app_document}/sign-off")
    assert response.status_code == 303


def test_audit_page_and_fragment(auth, app, app_document):
    four = seg_id(app, app_document, "4")
    auth.login("editor")
    auth.post(f"/segments/{four}/reject", REJECT, htmx=True)
    page = auth.get(f"/documents/{app_document}/audit").get_data(as_text=True)
    assert "<html" in page and "Imported “Sample”" in page and "translated → rejected" in page
    fragment = auth.get(f"/documents/{app_document}/audit", htmx=True).get_data(as_text=True)
    assert "<html" not in fragment and "audit-event kind-status" in fragment


@pytest.mark.parametrize("path", ["sign-off", "audit"])
def test_unknown_document_is_404(auth, path):
    auth.login("editor")
    assert auth.get(f"/documents/999/{path}", htmx=True).status_code in (302, 404)


def _signed_off(auth, app, app_document, app_users):
    confirm_all(app, app_document, app_users)
    auth.login("editor")
    auth.post(f"/documents/{app_document}/approve-all", {})
    assert auth.post(f"/documents/{app_document}/sign-off", htmx=True).status_code == 200


def test_a_signed_off_document_is_read_only_until_an_editor_reopens_it(
    auth, app, app_document, app_users
):
    _signed_off(auth, app, app_document, app_users)
    one = seg_id(app, app_document, "1")
    panel = auth.get(f"/documents/{app_document}/sign-off", htmx=True).get_data(as_text=True)
    assert "Read-only" in panel and "Reopen for changes" in panel
    auth.post("/auth/logout")
    auth.login("translator")
    version = str(stored(app, one).version)
    for path in (f"/segments/{one}", f"/segments/{one}/confirm"):
        response = auth.post(path, {"version": version, "target": "Changed."}, htmx=True)
        assert response.status_code == 409
        assert "signed off by editor" in unquote(response.headers["X-Error-Message"])
        assert response.headers["HX-Reswap"] == "none"
    response = auth.post(f"/segments/{one}/merge", {"version": version}, htmx=True)
    assert response.status_code == 409
    assert stored(app, one).target != "Changed."
    # Only an editor reopens, and only with a reason.
    panel = auth.get(f"/documents/{app_document}/sign-off", htmx=True).get_data(as_text=True)
    assert "Reopen for changes" not in panel
    assert auth.post(f"/documents/{app_document}/reopen", {"reason": "x"}).status_code == 403
    auth.post("/auth/logout")
    auth.login("editor")
    response = auth.post(f"/documents/{app_document}/reopen", {"reason": "  "}, htmx=True)
    assert response.status_code == 422 and "Say why" in response.get_data(as_text=True)
    response = auth.post(
        f"/documents/{app_document}/reopen", {"reason": "Segment 1 needs work."}, htmx=True
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="sign-off"')
    assert "reopened by editor: Segment 1 needs work." in body and "Read-only" not in body
    audit_page = auth.get(f"/documents/{app_document}/audit").get_data(as_text=True)
    assert "Reopened for changes by editor: Segment 1 needs work." in audit_page
    auth.post("/auth/logout")
    auth.login("translator")
    response = auth.post(f"/segments/{one}", {"version": version, "target": "Changed."}, htmx=True)
    assert response.status_code == 200 and stored(app, one).target == "Changed."


def test_reopen_without_htmx_redirects_with_the_message(auth, app, app_document, app_users):
    _signed_off(auth, app, app_document, app_users)
    response = auth.post(f"/documents/{app_document}/reopen", {"reason": ""})
    assert response.status_code == 303
    page = auth.get(response.headers["Location"]).get_data(as_text=True)
    assert "Say why the document is reopened" in page
