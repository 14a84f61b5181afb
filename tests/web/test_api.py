"""The REST API: tokens, every endpoint, one scripted review run, concurrent saves."""

import io
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from review_app.cli import main
from review_app.services.tokens import create_token
from review_app.store import Revision, Segment
from review_app.web.db import get_db
from tests.live_server import serving

ZH = "这是第一句。这是第二句。\n\n这是第三句。\n"
EN = "This is the first sentence. This is the second sentence.\n\nThis is the third sentence.\n"


@pytest.fixture
def tokens(app, app_users):
    with app.app_context():
        return {role: create_token(get_db(), role)[1] for role in app_users}


class Api:
    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url):
        return self.client.get(url, headers=self.headers)

    def post(self, url, **kwargs):
        return self.client.post(url, headers=self.headers, **kwargs)

    def patch(self, url, body):
        return self.client.patch(url, headers=self.headers, json=body)


@pytest.fixture
def api(client, tokens):
    return lambda role: Api(client, tokens[role])


def test_no_token_bad_token_or_a_session_cookie_is_401(client, auth, tokens, app_document):
    assert client.get("/api/documents").status_code == 401
    response = client.get("/api/documents", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and "token" in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    auth.login("editor")
    assert client.get("/api/documents").status_code == 401
    response = client.post(f"/api/documents/{app_document}/sign-off")
    assert response.status_code == 401


def test_list_documents(api, app_document):
    response = api("translator").get("/api/documents")
    assert response.status_code == 200
    [doc] = response.get_json()
    assert isinstance(doc["project_id"], int)  # the Default project
    assert doc | {"counts": None} == {
        "id": app_document,
        "title": "Sample",
        "slug": "sample",
        "status": "in_translation",
        "source_url": "",
        "publisher": "",
        "article_date": "",
        "project_id": doc["project_id"],
        "counts": None,
        "issues": doc["issues"],
    }
    assert doc["counts"] == {"draft": 3, "translated": 1}
    assert "Set-Cookie" not in response.headers


def test_segments_and_patch_rules(api, app, app_document):
    segments = api("translator").get(f"/api/documents/{app_document}/segments").get_json()
    assert [s["label"] for s in segments] == ["1", "2", "3", "4"]
    first = segments[0]
    assert set(first) >= {"id", "position", "source", "draft", "target", "status", "version"}
    assert set(first) >= {"confidence", "issues"}
    url = f"/api/segments/{segments[3]['id']}"
    assert api("translator").patch(url, {"version": 1, "status": "approved"}).status_code == 403
    response = api("editor").patch(
        url,
        {"version": 1, "status": "rejected", "error": {"category": "Style", "severity": "Minor"}},
    )
    assert response.status_code == 422 and "comment" in response.get_json()["error"]
    assert api("editor").patch(url, {"status": "approved"}).status_code == 422
    assert api("editor").patch(url, {"version": 1, "status": "draft"}).status_code == 422
    response = api("translator").patch(url, {"version": 1, "target": "Fifth sentence."})
    assert response.status_code == 200 and response.get_json()["version"] == 2
    response = api("editor").patch(url, {"version": 1, "target": "Stale text."})
    assert response.status_code == 409
    assert response.get_json()["segment"]["target"] == "Fifth sentence."
    response = api("editor").patch(
        url,
        {
            "version": 2,
            "status": "rejected",
            "comment": "Say which sentence.",
            "error": {"category": "Accuracy/Omission", "severity": "Critical"},
        },
    )
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "rejected"
    assert body["rejection"]["category"] == "Accuracy/Omission"
    assert api("editor").get("/api/documents/999/segments").status_code == 404


def test_translator_may_not_sign_off_or_publish(api, app_document):
    assert api("translator").post(f"/api/documents/{app_document}/sign-off").status_code == 403
    assert api("translator").post(f"/api/documents/{app_document}/publish").status_code == 403
    response = api("editor").post(f"/api/documents/{app_document}/sign-off")
    assert response.status_code == 409 and response.get_json()["reasons"]


def test_a_scripted_review_run(api, app):
    editor, translator = api("editor"), api("translator")
    # Import.
    response = editor.post(
        "/api/documents",
        data={
            "source": (io.BytesIO(ZH.encode()), "article.zh.txt"),
            "draft": (io.BytesIO(EN.encode()), "article.en.txt"),
            "title": "API article",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    document_id = response.get_json()["id"]
    assert translator.post("/api/documents", data={}).status_code == 403
    assert editor.post("/api/documents", data={}).status_code == 422
    # Translate.
    segments = translator.get(f"/api/documents/{document_id}/segments").get_json()
    for s in segments:
        response = translator.patch(
            f"/api/segments/{s['id']}", {"version": s["version"], "status": "translated"}
        )
        assert response.status_code == 200 and response.get_json()["status"] == "translated"
    # Approve all.
    for s in translator.get(f"/api/documents/{document_id}/segments").get_json():
        response = editor.patch(
            f"/api/segments/{s['id']}", {"version": s["version"], "status": "approved"}
        )
        assert response.status_code == 200, response.get_json()
    # Sign off, publish.
    response = editor.post(f"/api/documents/{document_id}/sign-off")
    assert response.status_code == 200, response.get_json()
    sign_off = response.get_json()
    assert len(sign_off["sha256"]) == 64 and sign_off["signed_off_by"] == "editor"
    response = editor.post(f"/api/documents/{document_id}/publish")
    assert response.status_code == 200
    files = response.get_json()["files"]
    assert {Path(f).name for f in files} >= {"api-article.md", "review-report.json"}
    assert all(Path(f).is_file() for f in files)
    assert editor.get("/api/documents").get_json()[0]["status"] == "published"
    # A published document is read-only: the edit is refused, naming the sign-off.
    s = translator.get(f"/api/documents/{document_id}/segments").get_json()[0]
    edit = {"version": s["version"], "target": "The first sentence."}
    response = translator.patch(f"/api/segments/{s['id']}", edit)
    assert response.status_code == 409
    assert "signed off by editor" in response.get_json()["error"]
    # Reopening needs an editor and a reason; then the edit goes through.
    reopen = f"/api/documents/{document_id}/reopen"
    assert translator.post(reopen, json={"reason": "Typo."}).status_code == 403
    assert editor.post(reopen, json={"reason": " "}).status_code == 422
    response = editor.post(reopen, json={"reason": "Segment 1 needs a definite article."})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "in_review"
    assert translator.patch(f"/api/segments/{s['id']}", edit).status_code == 200
    events = editor.get(f"/api/documents/{document_id}/audit").get_json()
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "import" and kinds[-3:] == ["revocation", "reopen", "edit"]
    assert "sign-off" in kinds and "publication" in kinds
    assert events[-3]["summary"].startswith("sign-off revoked: reopened by editor: ")
    assert all(e["at"].endswith("+00:00") for e in events)
    response = editor.post(f"/api/documents/{document_id}/publish")
    assert response.status_code == 409 and "valid sign-off" in response.get_json()["error"]
    assert editor.get("/api/documents").get_json()[0]["status"] == "in_review"


def test_token_commands_create_and_revoke(data_dir, app, client):
    runner = CliRunner()
    result = runner.invoke(main, ["token", "create", "editor", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers=headers).status_code == 200
    listing = runner.invoke(main, ["token", "list", "editor", "--data-dir", str(data_dir)])
    token_id = listing.output.split("\t")[0]
    assert "active" in listing.output and token not in listing.output
    result = runner.invoke(main, ["token", "revoke", token_id, "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert client.get("/api/documents", headers=headers).status_code == 401
    bad = runner.invoke(main, ["token", "create", "nobody", "--data-dir", str(data_dir)])
    assert bad.exit_code != 0 and "no user called nobody" in bad.output


def test_concurrent_saves_at_one_version_one_wins_and_every_revision_is_kept(
    app, tokens, app_document
):
    """Real HTTP requests on a threaded server, each with its own database session."""
    with app.app_context():
        seg_id = (
            get_db()
            .scalars(
                select(Segment.id).where(Segment.document_id == app_document, Segment.label == "1")
            )
            .one()
        )
    barrier, outcomes = threading.Barrier(4), []

    def save(url, n):
        request = urllib.request.Request(
            url,
            data=json.dumps({"version": 1, "target": f"Writer {n}."}).encode(),
            method="PATCH",
            headers={
                "Authorization": f"Bearer {tokens['translator']}",
                "Content-Type": "application/json",
            },
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                outcomes.append((response.status, json.load(response)))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, json.load(error)))

    with serving(app) as base_url:
        url = f"{base_url}/api/segments/{seg_id}"
        writers = [threading.Thread(target=save, args=(url, n)) for n in range(4)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200, 409, 409, 409]
    [winner] = [body for status, body in outcomes if status == 200]
    for status, body in outcomes:
        if status == 409:
            assert body["segment"]["target"] == winner["target"]
    with app.app_context():
        session = get_db()
        revisions = session.scalars(select(Revision).where(Revision.segment_id == seg_id)).all()
        assert [r.new_target for r in revisions] == [winner["target"]]
        assert session.get(Segment, seg_id).version == 2
        assert session.scalar(select(func.count()).select_from(Revision)) == 1


def test_import_over_the_limits_is_a_422_with_the_reason(api, app, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_MAX_IMPORT_SENTENCES", "2")
    response = api("editor").post(
        "/api/documents",
        data={
            "source": (io.BytesIO(ZH.encode()), "article.zh.txt"),
            "draft": (io.BytesIO(EN.encode()), "article.en.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "The Chinese source has more than 2 sentences" in response.get_json()["error"]
    with app.app_context():
        assert get_db().scalar(select(func.count()).select_from(Segment)) == 0


XLIFF_JOB = """\
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" trgLang="en">
 <file id="f1"><unit id="u1"><segment state="final"><source>你好<ph id="1"/>。</source>
 <target>Hello<ph id="1"/>.</target></segment></unit></file>
</xliff>
"""


def test_import_an_xliff_file_and_export_each_format(api):
    """POST /api/documents with ``file``; GET .../export?format= po, xliff, xliff2."""
    editor = api("editor")
    response = editor.post(
        "/api/documents",
        data={"file": (io.BytesIO(XLIFF_JOB.encode()), "job.xlf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["title"] == "job" and body["counts"] == {"translated": 1}
    audit = editor.get(f"/api/documents/{body['id']}/audit").get_json()
    assert any(e["summary"].startswith("Segment u1: file said final") for e in audit)
    exported = editor.get(f"/api/documents/{body['id']}/export?format=xliff2")
    assert exported.status_code == 200
    assert '<unit id="u1">' in exported.get_data(as_text=True)
    assert 'Hello<ph id="1"/>.' in exported.get_data(as_text=True)
    assert editor.get(f"/api/documents/{body['id']}/export?format=xliff").status_code == 200
    assert editor.get(f"/api/documents/{body['id']}/export?format=po").status_code == 200
    assert editor.get(f"/api/documents/{body['id']}/export?format=pdf").status_code == 422
    doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + XLIFF_JOB.encode()
    refused = editor.post(
        "/api/documents",
        data={"file": (io.BytesIO(doctype), "evil.xlf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "DOCTYPE" in refused.get_json()["error"]
    assert len(editor.get("/api/documents").get_json()) == 1


def test_an_import_names_the_missing_file_and_titles_by_the_source(api, app):
    editor = api("editor")
    refused = editor.post(
        "/api/documents",
        data={"source": (io.BytesIO(ZH.encode()), "article.zh.txt")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "Send the draft as multipart file fields."
    response = editor.post(
        "/api/documents",
        data={
            "source": (io.BytesIO(ZH.encode()), "article.zh.txt"),
            "draft": (io.BytesIO(EN.encode()), "article.en.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == "article.zh"


def test_export_writes_back_into_the_imported_file_and_gives_the_final_english(api):
    """``?format=original`` hands a Trados file back as itself; txt, md, html and docx are
    the final English; an unknown format or a document without an original is 422."""
    editor = api("editor")
    trados = Path(__file__).parents[1] / "formats" / "golden" / "xliff" / "trados.sdlxliff"
    response = editor.post(
        "/api/documents",
        data={"file": (io.BytesIO(trados.read_bytes()), "Notice.sdlxliff")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    document = response.get_json()["id"]
    original = editor.get(f"/api/documents/{document}/export?format=original")
    assert original.status_code == 200
    assert original.headers["Content-Disposition"].endswith("filename=Notice.sdlxliff")
    assert b"sdl:seg-defs" in original.data
    word = editor.get(f"/api/documents/{document}/export?format=docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"
    assert editor.get(f"/api/documents/{document}/export?format=pdf").status_code == 422
    plain = editor.post(
        "/api/documents",
        data={"file": (io.BytesIO(XLIFF_JOB.encode()), "job.po")},
        content_type="multipart/form-data",
    )
    assert plain.status_code == 422  # not a PO file: refused, nothing kept
