"""Published versions in the app: the list, downloads, the API, and a second publish → 409."""

import json
from pathlib import Path

import pytest

from review_app.cli import main
from review_app.services import review as review_service
from review_app.services import segments as segment_service
from review_app.services.publishing import publish
from review_app.services.tokens import create_token
from review_app.store import Segment, User
from review_app.web.db import get_db


def _sign_off(app, document_id, app_users):
    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        editor = session.get(User, app_users["editor"])
        for s in session.query(Segment).filter_by(document_id=document_id).all():
            text = "Fifth sentence." if s.label == "4" else s.target
            segment_service.confirm_segment(
                session, translator, s.id, target=text, version=s.version
            )
        review_service.bulk_approve(session, editor, document_id, segment_service.SegmentFilter())
        review_service.sign_off(session, editor, document_id)


@pytest.fixture
def published(app, app_document, app_users):
    """The sample approved, signed off and published as version 1."""
    _sign_off(app, app_document, app_users)
    with app.app_context():
        session = get_db()
        publish(
            session, session.get(User, app_users["editor"]), app_document, app.config["DATA_DIR"]
        )
    return app_document


@pytest.fixture
def tokens(app, app_users):
    with app.app_context():
        return {role: create_token(get_db(), role)[1] for role in app_users}


FILES = [
    "review-report.html",
    "review-report.json",
    "sample.docx",
    "sample.html",
    "sample.md",
    "sample.po",
    "sample.txt",
]


def test_the_versions_page_lists_each_version_with_its_files(auth, published):
    auth.login("translator")
    response = auth.get(f"/documents/{published}/publications")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert "v1" in page and "by editor" in page and 'class="hash"' in page
    for name in FILES:
        assert f'href="/documents/{published}/publications/1/{name}"' in page
    fragment = auth.get(f"/documents/{published}/publications", htmx=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<section id="publications"')
    assert "HX-Request" in fragment.vary
    workspace = auth.get(f"/documents/{published}").get_data(as_text=True)
    assert f'href="/documents/{published}/publications"' in workspace


def test_a_download_is_the_published_file_and_only_a_listed_name_is_served(
    auth, client, app, published
):
    url = f"/documents/{published}/publications/1/sample.txt"
    assert client.get(url).status_code == 302  # login first
    auth.login("translator")
    response = auth.get(url)
    folder = Path(app.config["DATA_DIR"]) / "published" / "sample" / "v1"
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.data == (folder / "sample.txt").read_bytes()
    (folder / "extra.txt").write_text("not published")
    for name in ("extra.txt", "..", "%2E%2E%2Fv1%2Fsample.txt", "..%2F..%2Fsecret_key"):
        assert auth.get(f"/documents/{published}/publications/1/{name}").status_code == 404
    assert auth.get(f"/documents/{published}/publications/2/sample.txt").status_code == 404
    assert auth.get("/documents/999/publications/1/sample.txt").status_code == 404


def test_the_api_lists_publications_with_urls_and_serves_their_files(client, tokens, published):
    headers = {"Authorization": f"Bearer {tokens['translator']}"}
    assert client.get(f"/api/documents/{published}/publications").status_code == 401
    response = client.get(f"/api/documents/{published}/publications", headers=headers)
    [version] = response.get_json()
    assert version["version"] == 1 and version["signed_off_by"] == "editor"
    assert len(version["sha256"]) == 64 and version["published_at"].endswith("+00:00")
    assert [f["name"] for f in version["files"]] == FILES
    url = version["files"][-1]["url"]
    assert url.endswith(f"/api/documents/{published}/publications/1/sample.txt")
    text = client.get(url, headers=headers)
    assert text.status_code == 200 and text.get_data(as_text=True).startswith("Sample")
    report = client.get(
        f"/api/documents/{published}/publications/1/review-report.json", headers=headers
    )
    assert json.loads(report.data)["publication"]["version"] == 1
    missing = client.get(f"/api/documents/{published}/publications/1/nope.txt", headers=headers)
    assert missing.status_code == 404 and "nope.txt" in missing.get_json()["error"]
    assert client.get("/api/documents/999/publications", headers=headers).status_code == 404


def test_publishing_a_published_sign_off_again_is_a_409_that_writes_nothing(
    auth, app, client, tokens, published
):
    """Two publishes of one document are serialised by its lock: the second finds the
    first one's version and is answered 409, never a second (or half-written) version."""
    auth.login("editor")
    response = auth.post(f"/documents/{published}/publish", htmx=True)
    assert response.status_code == 409
    assert "already published as version 1" in response.get_data(as_text=True)
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    response = client.post(f"/api/documents/{published}/publish", headers=headers)
    assert response.status_code == 409 and response.get_json()["version"] == 1
    root = Path(app.config["DATA_DIR"]) / "published" / "sample"
    assert sorted(p.name for p in root.iterdir()) == ["v1"]


def test_cli_publish_and_export_the_final_english(app, app_document, app_users, data_dir):
    runner = app.test_cli_runner()
    data = ["--data-dir", str(data_dir)]
    result = runner.invoke(main, ["publish", str(app_document), *data])
    assert result.exit_code != 0 and "not been signed off" in result.output
    _sign_off(app, app_document, app_users)
    result = runner.invoke(main, ["publish", str(app_document), *data])
    assert result.exit_code == 0, result.output
    folder = Path(result.output.strip())
    assert folder.name == "v1" and (folder / "sample.md").is_file()
    again = runner.invoke(main, ["publish", str(app_document), *data])
    assert again.exit_code == 0 and "Already published as version 1" in again.output
    for file_format in ("txt", "md", "html"):
        result = runner.invoke(main, ["export", str(app_document), "--format", file_format, *data])
        assert result.exit_code == 0, result.output
        assert result.output == (folder / f"sample.{file_format}").read_text()
