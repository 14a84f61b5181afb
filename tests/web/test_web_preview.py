"""The preview: the final English as it will be published, and its changes against the draft."""

from review_app.services import segments as segment_service
from review_app.store import Segment, User
from review_app.web.db import get_db


def _roles(app, document_id, app_users):
    """Segment 2 excluded, segment 3 a heading."""
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        for label, role in (("2", "excluded"), ("3", "heading")):
            s = session.query(Segment).filter_by(document_id=document_id, label=label).one()
            segment_service.set_role(session, editor, s.id, role=role, version=s.version)


def test_the_preview_page_reads_like_the_published_copy(auth, app, app_document, app_users):
    _roles(app, app_document, app_users)
    auth.login("translator")
    response = auth.get(f"/documents/{app_document}/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page and "HX-Request" in response.vary
    assert '<h1 id="preview-title">Sample</h1>' in page
    assert "<p>First sentence. Second sentence.</p>" in page
    assert "<h2>Fourth sentence.</h2>" in page
    assert "Third sentence." not in page  # excluded
    # The fourth segment's target carries markup: escaped, never run.
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<del>" not in page and "Show tracked changes" in page


def test_tracked_changes_against_the_machine_draft_as_a_fragment(
    auth, app, app_document, app_users
):
    with app.app_context():
        session = get_db()
        s = session.query(Segment).filter_by(document_id=app_document, label="1").one()
        translator = session.get(User, app_users["translator"])
        segment_service.save_segment(
            session, translator, s.id, target="The first sentence. Second sentence.", version=1
        )
    auth.login("editor")
    response = auth.get(f"/documents/{app_document}/preview?changes=1", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section id="preview" class="preview show-changes"')
    assert "<p><del>First</del><ins>The first</ins> sentence. Second sentence." in body
    # The fourth segment's target added markup to the draft: shown as an escaped insertion.
    assert "Fifth <ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>sentence." in body
    assert "Show the final copy" in body
    # Without htmx the same address is the whole page, in the tracked-changes mode.
    page = auth.get(f"/documents/{app_document}/preview?changes=1").get_data(as_text=True)
    assert "<html" in page and "<ins>" in page


def test_the_sign_off_panel_links_the_preview_and_access_is_checked(
    auth, client, app, app_document
):
    assert client.get(f"/documents/{app_document}/preview").status_code == 302  # to login
    auth.login("editor")
    page = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert f'href="/documents/{app_document}/preview"' in page
    assert auth.get("/documents/999/preview").status_code == 404
