"""``review-app worker``: a real worker process runs queued imports; one killed with SIGKILL
inside an import's transaction (every segment written, nothing committed) leaves no trace of
it, the database passes its integrity check, and the job, retried, is done once."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from review_app.core.headline import Article
from review_app.core.jobs import JobState
from review_app.services import import_jobs, jobs
from review_app.services.pauses import IMPORT_STORED, PAUSE_AT, PAUSE_FILE
from review_app.store import AuditEvent, Document, Job, QaIssue, Segment
from review_app.tasks import JobQueue, make_huey
from tests.cli.processes import ROOT, assert_intact, kill, row_counts, stop, wait_for_file, worker

TRANSLATIONS = ROOT / "translations"


def _pair() -> tuple[Article, Article]:
    zh = (TRANSLATIONS / "cantoop-ip-conference.zh.txt").read_text(encoding="utf-8")
    en = (TRANSLATIONS / "cantoop-ip-conference.en.txt").read_text(encoding="utf-8")
    return Article.of(zh.splitlines(), "zh"), Article.of(en.splitlines(), "en")


def _wait_for(session, job_id: int, ready, what: str, process) -> Job:
    """Poll the job's row until ``ready(job)``; fail (not hang) if the worker dies or it
    never happens."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        session.expire_all()
        job = session.get(Job, job_id)
        if ready(job):
            return job
        assert process.poll() is None, f"the worker exited ({process.returncode}) before {what}"
        time.sleep(0.05)
    pytest.fail(f"the job never got to {what}: {job.state} {job.done}/{job.total}")


def _counts(session) -> dict[str, int]:
    return row_counts(session, Document, Segment, QaIssue, AuditEvent)


def test_a_worker_killed_inside_an_import_leaves_nothing_and_the_retried_job_is_done_once(
    data_dir, session, users, tmp_path
):
    queue = JobQueue(make_huey(data_dir), None)  # only queues here; the workers run
    source, draft = _pair()
    before = _counts(session)
    job = import_jobs.submit_pair(
        session, users["editor"], queue.enqueue, title="Long", source=source, draft=draft
    )

    paused = tmp_path / "paused"
    process = worker(data_dir, env={PAUSE_AT: IMPORT_STORED, PAUSE_FILE: str(paused)})
    try:
        wait_for_file(paused, process)
        kill(process)
    finally:
        stop(process)
    session.expire_all()
    killed = session.get(Job, job.id)
    assert killed.state == JobState.RUNNING and killed.result is None
    assert_intact(session)
    assert _counts(session) == before

    # Its heartbeat has stopped; as soon as it counts as stale, it can be retried.
    jobs.retry(session, users["editor"], job.id, queue.enqueue, stale_after=timedelta(0))
    process = worker(data_dir)
    try:
        done = _wait_for(
            session,
            job.id,
            lambda j: j.state in (JobState.DONE, JobState.FAILED),
            "the end",
            process,
        )
    finally:
        stop(process)
    assert done.state == JobState.DONE, done.error
    assert done.attempts == 2
    assert session.scalars(select(Document.title).where(Document.title == "Long")).all() == ["Long"]
    after = _counts(session)
    assert after["Document"] == before["Document"] + 1
    stored = session.scalar(
        select(func.count()).where(Segment.document_id == done.result["document_id"])
    )
    assert stored > 10 and after["Segment"] == before["Segment"] + stored
