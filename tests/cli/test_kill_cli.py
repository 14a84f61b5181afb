"""``kill -9`` of a real server in the middle of a bulk approval and of a publish: after a
restart the database passes its integrity check and holds none of the operation, and the
operation, done again, is whole. (The worker killed inside an import: test_worker_cli.py.)
And an import whose client disconnects before its request is whole stores nothing.

Each server is started with a pause point (``services.pauses``): the operation stops inside
its transaction with all its rows written and nothing committed, and the test kills it then,
not after a guessed sleep.
"""

import http.client
import threading
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import select

from review_app.core.workflow import SegmentStatus
from review_app.services.pauses import BULK_APPROVED, PAUSE_AT, PAUSE_FILE, PUBLICATION_WRITTEN
from review_app.services.review import sign_off
from review_app.services.tokens import create_token
from review_app.store import AuditEvent, Document, Publication, Revision, Segment
from tests.cli.processes import (
    Browser,
    assert_intact,
    free_port,
    kill,
    row_counts,
    serve,
    stop,
    wait_for_file,
    wait_until_up,
)
from tests.conftest import PASSWORD, approve_everything, confirm_everything

ZH = "这是第一句。这是第二句。\n\n这是第三句。\n"
EN = "This is the first sentence. This is the second sentence.\n\nThis is the third sentence.\n"
CHANGED_BY_APPROVAL = (Revision, AuditEvent)
CHANGED_BY_PUBLISHING = (Publication, AuditEvent)


def _statuses(session, document) -> list[str]:
    session.expire_all()
    return session.scalars(
        select(Segment.status).where(Segment.document_id == document.id).order_by(Segment.id)
    ).all()


def _paused_server(data_dir: Path, point: str):
    port, paused = free_port(), data_dir / f"paused-{point}"
    server = serve(data_dir, port, env={PAUSE_AT: point, PAUSE_FILE: str(paused)})
    wait_until_up(server, port)
    return server, f"http://127.0.0.1:{port}", paused


def _in_background(call) -> threading.Thread:
    """A request the killed server will never answer: its failure is the point."""

    def run() -> None:
        try:
            call()
        except OSError:
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _restarted(data_dir: Path):
    port = free_port()
    server = serve(data_dir, port)
    wait_until_up(server, port)
    return server, f"http://127.0.0.1:{port}"


def test_a_server_killed_inside_approve_all_approves_nothing(
    data_dir, session, users, document, monkeypatch
):
    monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", "0")
    confirm_everything(session, users, document)
    before, statuses = row_counts(session, *CHANGED_BY_APPROVAL), _statuses(session, document)
    assert set(statuses) == {SegmentStatus.TRANSLATED}

    server, base, paused = _paused_server(data_dir, BULK_APPROVED)
    try:
        browser = Browser()
        token = browser.login(base, "editor", PASSWORD)
        url = f"{base}/documents/{document.id}/approve-all"
        request = _in_background(lambda: browser.post(url, {"csrf_token": token}, timeout=60))
        wait_for_file(paused, server)
        kill(server)
        request.join(30)
    finally:
        stop(server)
    assert_intact(session)
    assert _statuses(session, document) == statuses
    assert row_counts(session, *CHANGED_BY_APPROVAL) == before

    server, base = _restarted(data_dir)
    try:
        browser = Browser()
        token = browser.login(base, "editor", PASSWORD)
        url = f"{base}/documents/{document.id}/approve-all"
        assert browser.post(url, {"csrf_token": token}) == 303
    finally:
        stop(server)
    assert set(_statuses(session, document)) == {SegmentStatus.APPROVED}
    after = row_counts(session, *CHANGED_BY_APPROVAL)
    assert after["Revision"] == before["Revision"] + len(statuses)


def test_a_server_killed_inside_a_publish_records_no_publication(
    data_dir, session, users, document
):
    approve_everything(session, users, document)
    sign_off(session, users["editor"], document.id)
    _, secret = create_token(session, "editor")
    before = row_counts(session, *CHANGED_BY_PUBLISHING)

    def publish(base: str) -> int:
        request = urllib.request.Request(
            f"{base}/api/documents/{document.id}/publish",
            method="POST",
            headers={"Authorization": f"Bearer {secret}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    server, base, paused = _paused_server(data_dir, PUBLICATION_WRITTEN)
    try:
        request = _in_background(lambda: publish(base))
        wait_for_file(paused, server)
        kill(server)
        request.join(30)
    finally:
        stop(server)
    assert_intact(session)
    assert row_counts(session, *CHANGED_BY_PUBLISHING) == before
    assert session.scalars(select(Publication)).all() == []

    server, base = _restarted(data_dir)
    try:
        assert publish(base) == 200
    finally:
        stop(server)
    (publication,) = session.scalars(select(Publication)).all()
    # The killed publish had renamed its complete folder into place (v1) before the crash;
    # with no record of it, the next version number is taken, and nothing is overwritten.
    assert publication.version == 2
    assert sorted(p.name for p in Path(publication.folder).iterdir()) == publication.files


def test_an_import_whose_client_goes_away_during_the_upload_stores_nothing(
    data_dir, session, monkeypatch
):
    """The server reads a request's whole body before the import starts: a client that
    disconnects halfway leaves no document, and the server carries on. (Once the body is in,
    a short import finishes whole, and a long one is a job that does not depend on the
    request.)"""
    monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", "0")
    before = row_counts(session, Document, Segment)
    port = free_port()
    server = serve(data_dir, port)
    try:
        wait_until_up(server, port)
        base = f"http://127.0.0.1:{port}"
        browser = Browser()
        token = browser.login(base, "editor", PASSWORD)
        fields = {"title": "Cut off", "source_text": ZH, "draft_text": EN, "csrf_token": token}
        body = urllib.parse.urlencode(fields).encode()
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.putrequest("POST", "/documents/import")
        connection.putheader("Cookie", cookie)
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        connection.send(body[: len(body) // 2])
        connection.close()
        # The same import sent whole: one document, the cut-off one never becomes another.
        assert browser.post(f"{base}/documents/import", fields) == 303
    finally:
        stop(server)
    after = row_counts(session, Document, Segment)
    assert after["Document"] == before["Document"] + 1
    assert session.scalars(select(Document.title)).all().count("Cut off") == 1
