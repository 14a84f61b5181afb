"""A document whose post-editing statistics are not stored (an imported PO file) has them
computed by a job: its dashboard says so with a progress bar that asks again, and shows the
figures once the job has stored them; a failed job says why and is queued again only when
the page is opened anew."""

import pytest
from sqlalchemy import func, select

from review_app.core.jobs import JobState
from review_app.services import jobs
from review_app.services.metric_jobs import METRICS, statistics_pending
from review_app.services.metrics import (
    document_stats,
    store_pair_statistics,
    store_statistics,
    unstored_pairs,
)
from review_app.store import Job, PairStatistic
from review_app.tasks import JobQueue, make_huey
from review_app.web.db import get_db


def _metric_jobs(session) -> list[Job]:
    session.expire_all()
    return session.scalars(select(Job).where(Job.kind == METRICS)).all()


def test_few_missing_statistics_are_read_at_once_and_many_wait_for_one_job(
    session, session_factory, document
):
    queued: list[int] = []
    assert len(unstored_pairs(session, [document.id])) == 4
    assert statistics_pending(session, document.id, queued.append, inline=4) is None
    assert queued == [] and _metric_jobs(session) == []

    pending = statistics_pending(session, document.id, queued.append, inline=3)
    assert pending is not None and pending.state == JobState.QUEUED
    # Asked again while it waits (another reader, the page's poll): the same job.
    again = statistics_pending(session, document.id, queued.append, inline=3)
    assert again.job.id == pending.job.id and queued == [pending.job.id]

    jobs.run_job(session_factory, pending.job.id)
    session.expire_all()
    assert unstored_pairs(session, [document.id]) == []
    assert statistics_pending(session, document.id, queued.append, inline=0) is None
    assert document_stats(session, document.id).metrics is not None


def test_statistics_stored_meanwhile_by_another_process_are_not_a_conflict(
    session, session_factory, document
):
    pairs = unstored_pairs(session, [document.id])
    with session_factory() as other:
        store_statistics(other, *pairs[0])
        other.commit()
    store_pair_statistics(session, pairs)
    session.commit()
    assert session.scalar(select(func.count()).select_from(PairStatistic)) == len(pairs)


@pytest.fixture
def queued_app(app, data_dir):
    """The app with a real queue that nobody consumes: its jobs wait until the test runs
    them, as a worker would."""
    app.config["INLINE_METRICS_PAIRS"] = 2
    factory = app.extensions["review_app.sessions"]
    app.extensions["review_app.jobs"] = JobQueue(make_huey(data_dir), factory)
    return app


def _only_job(app) -> Job:
    with app.app_context():
        (job,) = _metric_jobs(get_db())
        return job


def test_a_dashboard_of_unstored_metrics_shows_their_job_then_the_figures(
    auth, queued_app, app_document
):
    auth.login("editor")
    url = f"/documents/{app_document}/dashboard"
    page = auth.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 202 and "<html" in html
    assert "being computed" in html and "Waiting for a worker" in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    poll = auth.get(url, htmx=True)
    assert poll.status_code == 202 and "<html" not in poll.get_data(as_text=True)
    assert "HX-Request" in poll.headers["Vary"]
    csv = auth.get(f"{url}.csv")
    assert csv.status_code == 303 and csv.location == url
    job = _only_job(queued_app)

    jobs.run_job(queued_app.extensions["review_app.sessions"], job.id)
    done = auth.get(url, htmx=True)
    fragment = done.get_data(as_text=True)
    assert done.status_code == 200 and 'id="dashboard-panels"' in fragment
    assert "being computed" not in fragment and "TER" in fragment
    assert auth.get(f"{url}.csv").status_code == 200
    assert _only_job(queued_app).state == JobState.DONE


def test_a_failed_metrics_job_says_why_and_is_queued_again_by_opening_the_page(
    auth, queued_app, app_document
):
    auth.login("editor")
    url = "/dashboard"
    assert auth.get(url).status_code == 202
    job = _only_job(queued_app)
    with queued_app.app_context():
        session = get_db()
        stored = session.get(Job, job.id)
        stored.state, stored.error = JobState.FAILED, "The disk is full."
        session.commit()

    poll = auth.get(url, htmx=True).get_data(as_text=True)
    assert "The disk is full." in poll and "hx-trigger" not in poll
    assert _only_job(queued_app).state == JobState.FAILED
    assert "Compute them again" in poll and f'href="{url}"' in poll

    assert auth.get(url).status_code == 202
    again = _only_job(queued_app)
    assert again.id == job.id and again.state == JobState.QUEUED and again.error is None
    jobs.run_job(queued_app.extensions["review_app.sessions"], job.id)
    assert auth.get(url).status_code == 200


def test_most_changed_first_waits_for_the_metrics_job_rather_than_computing_them(
    auth, queued_app, app_document
):
    auth.login("editor")
    url = f"/documents/{app_document}?edits=most"
    page = auth.get(url)
    assert page.status_code == 422 and "being computed" in page.get_data(as_text=True)
    rows = auth.get(f"/documents/{app_document}/rows?edits=most", htmx=True)
    assert rows.status_code == 422 and "being computed" in rows.get_data(as_text=True)
    job = _only_job(queued_app)
    jobs.run_job(queued_app.extensions["review_app.sessions"], job.id)
    ranked = auth.get(url)
    assert ranked.status_code == 200 and "being computed" not in ranked.get_data(as_text=True)
