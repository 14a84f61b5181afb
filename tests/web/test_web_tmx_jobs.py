"""A long TMX file imported into a project's memory as a job: the job page leads back to the
project with what was added; a file refused, even after thousands of good units, adds none
of them, says why, and offers the project's page again."""

import io

import pytest
from sqlalchemy import func, select

from review_app.core.jobs import JobState
from review_app.store import Job, Project, TmUnit
from review_app.web.db import get_db
from tests.web.test_memory_views import TMX


@pytest.fixture
def long_files(app):
    """Every uploaded file counts as long, so a small TMX goes through a job."""
    app.config["LONG_IMPORT_FILE_BYTES"] = 0


def _project_id(app) -> int:
    with app.app_context():
        return get_db().scalars(select(Project.id).where(Project.name == "Default")).one()


def _upload(auth, project_id: int, data: bytes, name: str = "client.tmx"):
    return auth.post(
        f"/projects/{project_id}/tmx",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _job(app, job_id: int) -> Job:
    with app.app_context():
        return get_db().get(Job, job_id)


def _units(app) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(TmUnit))


def test_a_long_tmx_import_is_a_job_that_leads_back_to_the_project(auth, app, long_files):
    auth.login("editor")
    project_id = _project_id(app)
    response = _upload(auth, project_id, TMX.encode())
    assert response.status_code == 303 and response.location.startswith("/jobs/")
    job_id = int(response.location.rsplit("/", 1)[1])
    job = _job(app, job_id)
    # Jobs run in the request in tests; its progress was the bytes of the file read.
    assert job.state == JobState.DONE, job.error
    assert job.kind == "tmx_import" and job.total == len(TMX.encode()) and job.params is None
    assert _units(app) == 1
    landed = auth.get(response.location)
    assert landed.status_code == 303 and landed.location == f"/projects/{project_id}"
    page = auth.get(landed.location).get_data(as_text=True)
    assert "1 units added" in page and "1 with an empty side skipped" in page
    assert "declares entities" in page
    htmx = auth.get(response.location, htmx=True)
    assert htmx.headers["HX-Redirect"] == f"/projects/{project_id}"


def _many_units_then_broken(count: int) -> bytes:
    units = "".join(
        f'<tu><tuv xml:lang="zh"><seg>第{n}句。</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Sentence {n}.</seg></tuv></tu>'
        for n in range(count)
    )
    return f'<tmx version="1.4"><header srclang="zh"/><body>{units}<tu><tuv'.encode()


def test_a_tmx_job_refused_after_thousands_of_units_adds_none_and_says_why(auth, app, long_files):
    auth.login("editor")
    project_id = _project_id(app)
    before = _units(app)
    # More than a batch of good units comes before the parser finds the broken end.
    response = _upload(auth, project_id, _many_units_then_broken(2_500))
    job_id = int(response.location.rsplit("/", 1)[1])
    job = _job(app, job_id)
    assert job.state == JobState.FAILED and job.error
    assert _units(app) == before
    html = auth.get(f"/jobs/{job_id}", htmx=True).get_data(as_text=True)
    assert job.error.split(":")[0] in html and "hx-trigger" not in html
    assert "Retry" in html and f'href="/projects/{project_id}"' in html


def test_a_translator_cannot_queue_a_tmx_job(auth, app, long_files):
    auth.login("translator")
    assert _upload(auth, _project_id(app), TMX.encode()).status_code == 403
    with app.app_context():
        assert get_db().scalars(select(Job)).all() == []
