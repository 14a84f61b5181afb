"""Publishing a long document as a job: the panel's button leads to the job's page, which
lands on the document with the new version; the API answers 202 with the job, whose result
links to the publications. A refusal is answered at once; a job that finds the sign-off
revoked by the time it runs fails saying so, records nothing, and can be retried."""

import pytest
from sqlalchemy import select

from review_app.core.jobs import JobState
from review_app.services import jobs
from review_app.services import review as review_service
from review_app.store import Job, Publication, User
from review_app.tasks import JobQueue, make_huey
from review_app.web.db import get_db
from tests.web.test_web_jobs import api  # noqa: F401  (the fixture)
from tests.web.test_web_publications import _sign_off


@pytest.fixture
def long_publishing(app):
    """Every document counts as long, so the sample is published by a job."""
    app.config["LONG_PUBLISH_SEGMENTS"] = 0


def _publications(app) -> list[Publication]:
    with app.app_context():
        return get_db().scalars(select(Publication)).all()


def _job(app, job_id: int) -> Job:
    with app.app_context():
        return get_db().get(Job, job_id)


def test_a_long_publish_is_a_job_whose_page_lands_on_the_new_version(
    auth, app, app_document, app_users, long_publishing
):
    _sign_off(app, app_document, app_users)
    auth.login("editor")
    response = auth.post(f"/documents/{app_document}/publish", htmx=True)
    assert response.status_code == 200
    job_url = response.headers["HX-Redirect"]
    job = _job(app, int(job_url.rsplit("/", 1)[1]))
    assert job.kind == "publish" and job.state == JobState.DONE, job.error
    (publication,) = _publications(app)
    assert job.result["version"] == publication.version == 1
    landed = auth.get(job_url)
    assert landed.status_code == 303 and landed.location == f"/documents/{app_document}"
    assert "Published version 1 to" in auth.get(landed.location).get_data(as_text=True)
    plain = auth.post(f"/documents/{app_document}/publish")
    assert plain.status_code == 303 and plain.location.startswith("/jobs/")
    again = _job(app, int(plain.location.rsplit("/", 1)[1]))
    # The same sign-off again: nothing new, and the landing says so.
    assert again.state == JobState.DONE and again.result["created"] is False
    assert len(_publications(app)) == 1
    page = auth.get(auth.get(plain.location).location).get_data(as_text=True)
    assert "published already, as version 1" in page


def test_a_publish_that_would_be_refused_is_refused_before_any_job(
    auth, app, app_document, long_publishing
):
    auth.login("editor")
    response = auth.post(f"/documents/{app_document}/publish", htmx=True)
    assert response.status_code == 409
    assert "valid sign-off" in response.get_data(as_text=True)
    with app.app_context():
        assert get_db().scalars(select(Job)).all() == []
    auth.post("/auth/logout")
    auth.login("translator")
    assert auth.post(f"/documents/{app_document}/publish").status_code == 403


def test_the_api_answers_a_long_publish_with_202_and_its_job(
    api,  # noqa: F811
    app,
    app_document,
    app_users,
    long_publishing,
):
    _sign_off(app, app_document, app_users)
    response = api("editor", "POST", f"/api/documents/{app_document}/publish")
    assert response.status_code == 202
    body = response.get_json()
    assert response.headers["Location"] == f"/api/jobs/{body['id']}"
    done = api("editor", "GET", response.headers["Location"]).get_json()
    assert done["state"] == "done" and done["kind"] == "publish"
    assert done["result"]["version"] == 1
    assert done["result"]["url"] == f"/api/documents/{app_document}/publications"
    assert api("editor", "GET", done["result"]["url"]).status_code == 200


def test_any_publish_is_a_job_with_prefer_respond_async(api, app, app_document, app_users):  # noqa: F811
    _sign_off(app, app_document, app_users)
    url = f"/api/documents/{app_document}/publish"
    response = api("editor", "POST", url, headers={"Prefer": "respond-async"})
    assert response.status_code == 202


def test_a_publish_job_that_finds_the_sign_off_revoked_fails_and_can_be_retried(
    auth, app, app_document, app_users, long_publishing, data_dir
):
    # A queue nobody consumes: the job waits, as for a busy worker, while the editor reopens.
    factory = app.extensions["review_app.sessions"]
    app.extensions["review_app.jobs"] = JobQueue(make_huey(data_dir), factory)
    _sign_off(app, app_document, app_users)
    auth.login("editor")
    job_id = int(auth.post(f"/documents/{app_document}/publish").location.rsplit("/", 1)[1])
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        review_service.reopen(session, editor, app_document, "One more fix.")
    jobs.run_job(factory, job_id)
    failed = _job(app, job_id)
    assert failed.state == JobState.FAILED and "valid sign-off" in failed.error
    assert _publications(app) == []
    html = auth.get(f"/jobs/{job_id}", htmx=True).get_data(as_text=True)
    assert "valid sign-off" in html and "Back to the document" in html
    assert f'href="/documents/{app_document}"' in html

    with app.app_context():
        session = get_db()
        review_service.sign_off(session, session.get(User, app_users["editor"]), app_document)
    assert auth.post(f"/jobs/{job_id}/retry").status_code == 303
    jobs.run_job(factory, job_id)
    assert _job(app, job_id).state == JobState.DONE
    assert [p.version for p in _publications(app)] == [1]


def test_publishing_inline_is_unchanged_below_the_size(auth, app, app_document, app_users):
    _sign_off(app, app_document, app_users)
    auth.login("editor")
    response = auth.post(f"/documents/{app_document}/publish", htmx=True)
    assert response.status_code == 200 and "HX-Redirect" not in response.headers
    assert "Published version 1" in response.get_data(as_text=True)
    with app.app_context():
        assert get_db().scalars(select(Job)).all() == []
