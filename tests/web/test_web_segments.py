"""Segment endpoints: save, confirm, conflicts, panel, comments, alignment fixes, undo."""

import re
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from review_app.services import segments as segment_service
from review_app.store import QaIssue, Segment, User
from review_app.web.db import get_db


def segment_id(app, document_id, label):
    with app.app_context():
        return (
            get_db()
            .query(Segment)
            .filter_by(document_id=document_id, label=label, active=True)
            .one()
            .id
        )


def stored(app, seg_id):
    with app.app_context():
        return get_db().get(Segment, seg_id)


@pytest.fixture
def seg(app, app_document):
    return segment_id(app, app_document, "1")


def test_save_with_htmx_returns_the_row(auth, app, seg):
    auth.login()
    response = auth.post(f"/segments/{seg}", {"target": "Saved.", "version": "1"}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="seg-{seg}"') and "<html" not in body
    assert 'data-version="2"' in body
    assert response.headers["HX-Trigger"] == "segmentChanged"
    assert stored(app, seg).target == "Saved."


def test_save_without_htmx_redirects_to_the_row(auth, app, app_document, seg):
    auth.login()
    response = auth.post(f"/segments/{seg}", {"target": "Saved.", "version": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/documents/{app_document}#seg-{seg}"


def test_confirm_sets_translated(auth, app, seg):
    auth.login()
    response = auth.post(f"/segments/{seg}/confirm", {"target": "Done.", "version": "1"}, htmx=True)
    assert 'data-status="translated"' in response.get_data(as_text=True)
    assert stored(app, seg).status == "translated"
    plain = auth.post(f"/segments/{seg}/confirm", {"target": "Done again.", "version": "2"})
    assert plain.status_code == 303


def test_only_the_active_row_has_form_controls(auth, app, seg):
    auth.login()
    row = auth.get(f"/segments/{seg}", htmx=True).get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="seg-{seg}"') and 'tabindex="0"' in row
    assert not any(tag in row for tag in ("<textarea", "<button", "<input", "<select"))
    editor = auth.get(f"/segments/{seg}/edit", htmx=True).get_data(as_text=True)
    assert editor.lstrip().startswith(f'<tr id="seg-{seg}"') and "editing" in editor
    assert f'<textarea id="target-{seg}" name="target" aria-label="Translation of segment 1"' in (
        editor
    )
    # Without htmx: the segment's own page, with the editor open and the panel beside it.
    page = auth.get(f"/segments/{seg}/edit").get_data(as_text=True)
    assert "<html" in page and 'aria-label="Translation of segment 1"' in page


def test_ctrl_s_answers_with_the_editor_and_leaving_with_the_read_only_row(auth, app, seg):
    auth.login()
    kept = auth.post(
        f"/segments/{seg}", {"target": "One.", "version": "1", "editing": "1"}, htmx=True
    ).get_data(as_text=True)
    assert ">One.</textarea>" in kept and 'name="version" value="2"' in kept
    left = auth.post(f"/segments/{seg}", {"target": "Two.", "version": "2"}, htmx=True)
    body = left.get_data(as_text=True)
    assert "<textarea" not in body and 'data-version="3"' in body and "Two." in body
    # A confirmation always closes the editor: the script opens the next unconfirmed one.
    confirmed = auth.post(
        f"/segments/{seg}/confirm", {"target": "Two.", "version": "3", "editing": "1"}, htmx=True
    ).get_data(as_text=True)
    assert "<textarea" not in confirmed and 'data-status="translated"' in confirmed


def test_stale_save_gets_409_with_both_texts(auth, app, seg):
    auth.login()
    auth.post(f"/segments/{seg}", {"target": "Theirs <b>bold</b>.", "version": "1"}, htmx=True)
    response = auth.post(f"/segments/{seg}", {"target": "Mine.", "version": "1"}, htmx=True)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Theirs &lt;b&gt;bold&lt;/b&gt;." in body
    assert "Theirs, saved by translator at" in body
    assert ">Mine.</textarea>" in body
    assert "Keep mine" in body and "Take theirs" in body
    assert 'name="version" value="2"' in body  # keeping mine saves over the current version
    keep = auth.post(f"/segments/{seg}", {"target": "Mine.", "version": "2"}, htmx=True)
    assert keep.status_code == 200 and stored(app, seg).target == "Mine."
    theirs = auth.get(f"/segments/{seg}", htmx=True)
    assert theirs.status_code == 200 and "<html" not in theirs.get_data(as_text=True)


def test_stale_save_without_htmx_flashes_the_conflict(auth, seg):
    auth.login()
    auth.post(f"/segments/{seg}", {"target": "Theirs.", "version": "1"})
    response = auth.post(f"/segments/{seg}", {"target": "Mine.", "version": "1"})
    assert response.status_code == 303
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed by someone else" in page


def test_invalid_save_is_422_and_keeps_the_text(auth, seg):
    auth.login()
    response = auth.post(f"/segments/{seg}", {"target": "x" * 20_001, "version": "1"}, htmx=True)
    assert response.status_code == 422
    assert "at most 20,000 characters" in response.get_data(as_text=True)
    missing = auth.post(f"/segments/{seg}", {"target": "x"}, htmx=True)
    assert missing.status_code == 422


def test_missing_segment_is_404(auth, app_document):
    auth.login()
    assert auth.post("/segments/999", {"target": "x", "version": "1"}, htmx=True).status_code == 404
    assert auth.get("/segments/999").status_code == 404


def test_show_and_panel_are_fragments_for_htmx_and_pages_otherwise(auth, seg):
    auth.login()
    for url in (f"/segments/{seg}", f"/segments/{seg}/panel"):
        page = auth.get(url)
        fragment = auth.get(url, htmx=True)
        assert "<html" in page.get_data(as_text=True)
        assert "<html" not in fragment.get_data(as_text=True)
        assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    panel = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert panel.startswith('<aside id="panel"')
    assert "Merge with next" in panel and "Split here" in panel


def test_history_shows_word_diffs(auth, seg):
    auth.login()
    auth.post(f"/segments/{seg}", {"target": "First line. Second sentence.", "version": "1"})
    panel = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert "<del>sentence</del><ins>line</ins>" in panel
    assert "by translator" in panel
    assert "Restore the machine draft" in panel


def test_revert_restores_the_draft(auth, app, seg):
    auth.login()
    auth.post(f"/segments/{seg}", {"target": "Changed.", "version": "1"})
    response = auth.post(f"/segments/{seg}/revert", {"version": "2"}, htmx=True)
    assert response.status_code == 200
    assert stored(app, seg).target == "First sentence. Second sentence."
    stale = auth.post(f"/segments/{seg}/revert", {"version": "1"}, htmx=True)
    assert stale.status_code == 409
    assert auth.post(f"/segments/{seg}/revert", {"version": "3"}).status_code == 303


def test_comments_add_and_resolve(auth, app, seg):
    auth.login("translator")
    response = auth.post(f"/segments/{seg}/comments", {"body": "Is <this> right?"}, htmx=True)
    body = response.get_data(as_text=True)
    assert "Is &lt;this&gt; right?" in body and body.startswith('<aside id="panel"')
    empty = auth.post(f"/segments/{seg}/comments", {"body": " "}, htmx=True)
    assert empty.status_code == 422
    comment = re.search(r"/comments/(\d+)/resolve", body).group(1)
    plain = auth.post(f"/segments/{seg}/comments", {"body": "Plain form."})
    assert plain.status_code == 303
    resolved = auth.post(f"/comments/{comment}/resolve", htmx=True)
    assert "resolved by translator" in resolved.get_data(as_text=True)
    assert auth.post(f"/comments/{comment}/resolve").status_code == 303


def test_only_author_or_editor_resolves_a_comment(app, auth, seg):
    with app.app_context():
        session = get_db()
        editor = session.query(User).filter_by(username="editor").one()
        comment = segment_service.add_comment(session, editor, seg, "Editor says.").id
    auth.login("translator")
    response = auth.post(f"/comments/{comment}/resolve", htmx=True)
    assert response.status_code == 403
    assert "Only the author or an editor" in unquote(response.headers["X-Error-Message"])
    assert response.headers["HX-Reswap"] == "none"
    page = auth.post(f"/comments/{comment}/resolve")
    assert page.status_code == 403 and "<html" in page.get_data(as_text=True)


def test_merge_then_undo_with_htmx(auth, app, app_document, seg):
    auth.login()
    second = segment_id(app, app_document, "2")
    response = auth.post(f"/segments/{seg}/merge", {"version": "1"}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="seg-{seg}"')
    assert f'<template><tr id="seg-{second}" hx-swap-oob="delete"></tr></template>' in body
    assert "Merged segment 1 with the next" in body
    operation = re.search(r"/operations/(\d+)/undo", body).group(1)
    undo = auth.post(f"/operations/{operation}/undo", {"row": str(seg)}, htmx=True)
    text = undo.get_data(as_text=True)
    assert text.count("data-segment-id=") == 2
    assert "Alignment change undone." in text
    assert stored(app, second).active
    again = auth.post(f"/operations/{operation}/undo", {"row": str(seg)}, htmx=True)
    assert again.status_code == 422
    # An error page must never replace the row the request came from.
    assert again.headers["HX-Reswap"] == "none"
    assert "already been undone" in unquote(again.headers["X-Error-Message"])


def test_alignment_fixes_without_htmx_redirect(auth, app, app_document, seg):
    auth.login()
    response = auth.post(
        f"/segments/{seg}/split", {"version": "1", "source_cut": "1", "target_cut": "1"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/documents/{app_document}#seg-")
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Split segment 1" in page
    assert 'data-label="1.1"' in page


def test_split_with_htmx_returns_both_parts(auth, seg):
    auth.login()
    response = auth.post(
        f"/segments/{seg}/split",
        {"version": "1", "source_cut": "1", "target_cut": "1"},
        htmx=True,
    )
    assert response.get_data(as_text=True).count("data-segment-id=") == 2


def test_move_updates_the_neighbour_out_of_band(auth, app, app_document, seg):
    auth.login()
    second = segment_id(app, app_document, "2")
    response = auth.post(
        f"/segments/{seg}/move",
        {"version": "1", "side": "target", "direction": "next"},
        htmx=True,
    )
    body = response.get_data(as_text=True)
    assert f'<template><tr id="seg-{second}"' in body and 'hx-swap-oob="true"' in body
    assert stored(app, second).target == "Second sentence. Third sentence."


def test_insert_empty_counterpart(auth, seg):
    auth.login()
    response = auth.post(f"/segments/{seg}/insert", {"version": "1", "side": "target"}, htmx=True)
    assert response.get_data(as_text=True).count("data-segment-id=") == 2


@pytest.mark.parametrize(
    ("endpoint", "form"),
    [
        ("split", {"version": "1", "source_cut": "0", "target_cut": "0"}),
        ("move", {"version": "1", "side": "sideways", "direction": "next"}),
        ("move", {"version": "1", "side": "source", "direction": "previous"}),
        ("insert", {"version": "1", "side": "middle"}),
    ],
)
def test_impossible_fixes_are_422_with_the_reason(auth, seg, endpoint, form):
    auth.login()
    response = auth.post(f"/segments/{seg}/{endpoint}", form, htmx=True)
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)


def test_stale_fix_is_409(auth, seg):
    auth.login()
    auth.post(f"/segments/{seg}", {"target": "Changed.", "version": "1"})
    response = auth.post(f"/segments/{seg}/merge", {"version": "1"}, htmx=True)
    assert response.status_code == 409


def test_every_post_needs_csrf(auth, seg):
    auth.login()
    for url, form in [
        (f"/segments/{seg}", {"target": "x", "version": "1"}),
        (f"/segments/{seg}/confirm", {"target": "x", "version": "1"}),
        (f"/segments/{seg}/revert", {"version": "1"}),
        (f"/segments/{seg}/comments", {"body": "x"}),
        (f"/segments/{seg}/merge", {"version": "1"}),
        (f"/segments/{seg}/split", {"version": "1", "source_cut": "1", "target_cut": "1"}),
        (f"/segments/{seg}/move", {"version": "1", "side": "target", "direction": "next"}),
        (f"/segments/{seg}/insert", {"version": "1", "side": "target"}),
        ("/operations/1/undo", {"row": str(seg)}),
        ("/comments/1/resolve", {}),
        ("/documents/import", {"title": "x"}),
        ("/auth/logout", {}),
    ]:
        response = auth.post(url, form, htmx=True, csrf=False)
        assert response.status_code == 400, url


@pytest.mark.parametrize(
    ("endpoint", "form"),
    [
        ("merge", {"version": "1"}),
        ("split", {"version": "1", "source_cut": "1", "target_cut": "0"}),
        ("move", {"version": "1", "side": "source", "direction": "next"}),
        ("insert", {"version": "1", "side": "source"}),
    ],
)
def test_fixes_and_their_undo_with_and_without_htmx(auth, app, seg, endpoint, form):
    auth.login()
    fragment = auth.post(f"/segments/{seg}/{endpoint}", form, htmx=True)
    assert fragment.status_code == 200
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and f'id="seg-{seg}"' in body
    operation = re.search(r"/operations/(\d+)/undo", body).group(1)
    undone = auth.post(f"/operations/{operation}/undo", {"row": str(seg)})
    assert undone.status_code == 303
    page = auth.client.get(undone.headers["Location"]).get_data(as_text=True)
    assert "Alignment change undone." in page
    assert stored(app, seg).source == "第一句。第二句。"


def test_the_panels_role_toggle_makes_a_segment_a_heading_or_excluded(auth, app, app_document):
    from review_app.services.documents import active_segments

    with app.app_context():
        seg = active_segments(get_db(), app_document)[0].id
    auth.login("translator")
    panel = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert 'name="role" value="excluded"' in panel and "Heading level" in panel
    response = auth.post(
        f"/segments/{seg}/role",
        {"role": "heading", "heading_level": "2", "version": "1"},
        htmx=True,
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "segmentChanged"
    assert 'value="heading" checked' in response.get_data(as_text=True)
    row = auth.get(f"/segments/{seg}", htmx=True).get_data(as_text=True)
    assert 'class="role-badge role-heading">H2<' in row
    refused = auth.post(f"/segments/{seg}/role", {"role": "title", "version": "2"}, htmx=True)
    assert refused.status_code == 422 and "Unknown segment role" in refused.get_data(as_text=True)


def test_the_panel_ignores_a_warning_with_a_reason_and_an_editor_takes_it_back(
    app, auth, app_document
):
    with app.app_context():
        session = get_db()
        segment = session.scalars(
            select(Segment).where(Segment.document_id == app_document, Segment.label == "1")
        ).one()
    auth.login("translator")
    auth.post(f"/segments/{segment.id}", {"target": "First  sentence.", "version": "1"}, htmx=True)
    with app.app_context():
        warning = (
            get_db()
            .scalars(
                select(QaIssue).where(
                    QaIssue.segment_id == segment.id, QaIssue.severity == "warning"
                )
            )
            .first()
        )
    panel = auth.get(f"/segments/{segment.id}/panel", htmx=True).get_data(as_text=True)
    assert f'action="/issues/{warning.id}/ignore"' in panel
    refused = auth.post(f"/issues/{warning.id}/ignore", {"reason": " "}, htmx=True)
    assert refused.status_code == 422 and "why" in refused.get_data(as_text=True).lower()
    done = auth.post(
        f"/issues/{warning.id}/ignore", {"reason": "Two spaces on purpose."}, htmx=True
    )
    assert done.status_code == 200 and "Ignored: Two spaces on purpose." in done.get_data(
        as_text=True
    )
    assert "Take back" not in done.get_data(as_text=True)  # translators cannot
    assert auth.post(f"/issues/{warning.id}/unignore", htmx=True).status_code == 403
