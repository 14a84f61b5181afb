"""Long imports as jobs in the browser and the API: a progress page that updates itself and
leads to the document, 202 with a job URL, the job's state, progress, result or error."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from review_app.core.jobs import JobState
from review_app.services.tokens import create_token
from review_app.store import Document, Job
from review_app.store.models import utcnow
from review_app.web.db import get_db

ZH = "这是第一句。这是第二句。\n\n这是第三句。\n"
EN = "This is the first sentence. This is the second sentence.\n\nThis is the third sentence.\n"


@pytest.fixture
def long_imports(app):
    """Every import counts as long, so the small sample goes through a job."""
    app.config["LONG_IMPORT_CHARACTERS"] = 0
    app.config["LONG_IMPORT_FILE_BYTES"] = 0


def _import(auth, source=ZH, draft=EN):
    return auth.post(
        "/documents/import", {"title": "Job", "source_text": source, "draft_text": draft}
    )


def _job(app, job_id) -> Job:
    with app.app_context():
        return get_db().get(Job, job_id)


def _set(app, job_id, **values) -> None:
    with app.app_context():
        session = get_db()
        job = session.get(Job, job_id)
        for name, value in values.items():
            setattr(job, name, value)
        session.commit()


def test_a_long_import_answers_with_its_job_page_that_leads_to_the_document(
    auth, app, long_imports
):
    auth.login("editor")
    response = _import(auth)
    assert response.status_code == 303 and response.location.startswith("/jobs/")
    job_id = int(response.location.rsplit("/", 1)[1])
    # Jobs run in the request in tests (huey's immediate mode): this one is done.
    job = _job(app, job_id)
    assert job.state == JobState.DONE
    landed = auth.get(response.location)
    assert landed.status_code == 303
    assert landed.location == f"/documents/{job.result['document_id']}"
    assert "Imported “Job”" in auth.get(landed.location).get_data(as_text=True)
    htmx = auth.get(response.location, htmx=True)
    assert htmx.status_code == 200 and htmx.headers["HX-Redirect"] == landed.location


def test_a_running_job_shows_a_progress_bar_that_asks_again(auth, app, long_imports):
    auth.login("editor")
    job_id = int(_import(auth).location.rsplit("/", 1)[1])
    _set(
        app,
        job_id,
        state="running",
        done=30,
        total=120,
        message="Aligning",
        heartbeat_at=utcnow(),
        result=None,
    )
    page = auth.get(f"/jobs/{job_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    assert 'value="25"' in html and "Aligning" in html
    assert f'hx-get="/jobs/{job_id}"' in html and 'hx-trigger="every 1s"' in html
    fragment = auth.get(f"/jobs/{job_id}", htmx=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]


def test_a_failed_import_job_says_why_stops_polling_and_can_be_retried(
    auth, app, long_imports, monkeypatch
):
    monkeypatch.setenv("REVIEW_APP_MAX_IMPORT_SENTENCES", "1")
    auth.login("editor")
    job_id = int(_import(auth).location.rsplit("/", 1)[1])
    assert _job(app, job_id).state == JobState.FAILED
    html = auth.get(f"/jobs/{job_id}", htmx=True).get_data(as_text=True)
    assert "more than 1 sentences" in html and "hx-trigger" not in html
    assert "Retry" in html
    with app.app_context():
        assert get_db().scalars(select(Document).filter_by(title="Job")).first() is None
    assert auth.post(f"/jobs/{job_id}/retry", csrf=False).status_code == 400
    retried = auth.post(f"/jobs/{job_id}/retry")
    assert retried.status_code == 303
    job = _job(app, job_id)
    assert job.state == JobState.FAILED and job.attempts == 2
    monkeypatch.delenv("REVIEW_APP_MAX_IMPORT_SENTENCES")
    assert auth.post(f"/jobs/{job_id}/retry").status_code == 303
    assert _job(app, job_id).state == JobState.DONE
    with app.app_context():
        assert get_db().scalars(select(Document).filter_by(title="Job")).one()


def test_a_job_whose_worker_died_reads_as_failed_with_a_retry_button(auth, app, long_imports):
    auth.login("editor")
    job_id = int(_import(auth).location.rsplit("/", 1)[1])
    _set(app, job_id, state="running", result=None, heartbeat_at=utcnow() - timedelta(minutes=10))
    html = auth.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "stopped before it finished" in html and "Retry" in html


def test_someone_elses_job_is_not_found(auth, app, long_imports):
    auth.login("editor")
    location = _import(auth).location
    auth.client.post("/auth/logout", headers={"X-CSRFToken": auth.token})
    auth.login("translator")
    assert auth.get(location).status_code == 404
    assert auth.get("/jobs/999999").status_code == 404
    assert auth.post(location + "/retry").status_code == 404


@pytest.fixture
def api(client, app, app_users):
    with app.app_context():
        tokens = {role: create_token(get_db(), role)[1] for role in app_users}

    def call(role, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {tokens[role]}", **kwargs.pop("headers", {})}
        return client.open(url, method=method, headers=headers, **kwargs)

    return call


def _files():
    return {
        "source": (io.BytesIO(ZH.encode()), "a.zh.txt"),
        "draft": (io.BytesIO(EN.encode()), "a.en.txt"),
        "title": "Async",
    }


def test_the_api_answers_a_long_import_with_202_and_a_job_url(api, app, long_imports):
    response = api("editor", "POST", "/api/documents", data=_files())
    assert response.status_code == 202
    location = response.headers["Location"]
    assert location.startswith("/api/jobs/")
    job = api("editor", "GET", location).get_json()
    assert job["state"] == "done" and job["kind"] == "import" and job["error"] is None
    assert job["progress"]["percent"] == 100
    document_id = job["result"]["document_id"]
    assert job["result"]["url"] == f"/api/documents/{document_id}/segments"
    assert api("editor", "GET", job["result"]["url"]).status_code == 200
    assert api("translator", "GET", location).status_code == 404
    assert api("admin", "GET", location).status_code == 200
    assert api("editor", "POST", location + "/retry").status_code == 409


def test_prefer_respond_async_makes_any_import_a_job(api):
    short = api("editor", "POST", "/api/documents", data=_files())
    assert short.status_code == 201
    asked = api(
        "editor", "POST", "/api/documents", data=_files(), headers={"Prefer": "respond-async"}
    )
    assert asked.status_code == 202


def test_a_failed_api_job_gives_its_error(api, long_imports, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_MAX_IMPORT_SENTENCES", "1")
    response = api("editor", "POST", "/api/documents", data=_files())
    job = api("editor", "GET", response.headers["Location"]).get_json()
    assert job["state"] == "failed" and job["result"] is None
    assert "more than 1 sentences" in job["error"]


def test_a_bilingual_file_over_the_size_is_a_job_too(api, long_imports):
    po = b'msgctxt "a"\nmsgid "\xe7\xac\xac\xe4\xb8\x80\xe5\x8f\xa5\xe3\x80\x82"\nmsgstr "One."\n'
    response = api("editor", "POST", "/api/documents", data={"file": (io.BytesIO(po), "one.po")})
    assert response.status_code == 202
    job = api("editor", "GET", response.headers["Location"]).get_json()
    assert job["state"] == "done", job
