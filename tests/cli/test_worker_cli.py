"""``review-app worker``: a real worker process runs queued imports; one killed with SIGKILL
in the middle of an import leaves no document, and the job, retried, is done once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from review_app.core.headline import Article
from review_app.core.jobs import JobState
from review_app.services import import_jobs, jobs
from review_app.store import Document, Job, Segment
from review_app.tasks import JobQueue, make_huey

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
# Long enough that the worker is still aligning when the test kills it.
COPIES = 60


def _long_pair() -> tuple[Article, Article]:
    zh = (TRANSLATIONS / "cantoop-ip-conference.zh.txt").read_text(encoding="utf-8")
    en = (TRANSLATIONS / "cantoop-ip-conference.en.txt").read_text(encoding="utf-8")
    return (
        Article.of(zh.splitlines() * COPIES, "zh"),
        Article.of(en.splitlines() * COPIES, "en"),
    )


def _worker(data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "review_app.cli", "worker", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(session, job_id: int, ready, what: str, worker: subprocess.Popen) -> Job:
    """Poll the job's row until ``ready(job)``; fail (not hang) if the worker dies or it
    never happens."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        session.expire_all()
        job = session.get(Job, job_id)
        if ready(job):
            return job
        assert worker.poll() is None, f"the worker exited ({worker.returncode}) before {what}"
        time.sleep(0.05)
    pytest.fail(f"the job never got to {what}: {job.state} {job.done}/{job.total}")


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)


def test_a_worker_killed_mid_import_leaves_nothing_and_the_retried_job_is_done_once(
    data_dir, session, users
):
    queue = JobQueue(make_huey(data_dir), None)  # only queues here; the workers run
    source, draft = _long_pair()
    documents_before = session.scalar(select(func.count()).select_from(Document))
    segments_before = session.scalar(select(func.count()).select_from(Segment))
    job = import_jobs.submit_pair(
        session, users["editor"], queue.enqueue, title="Long", source=source, draft=draft
    )

    worker = _worker(data_dir)
    try:
        running = _wait_for(
            session,
            job.id,
            lambda j: j.state == JobState.RUNNING and 0 < j.done < j.total,
            "aligning",
            worker,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        _stop(worker)
    assert running.total > 0
    session.expire_all()
    killed = session.get(Job, job.id)
    assert killed.state == JobState.RUNNING and killed.result is None
    assert session.scalar(select(func.count()).select_from(Document)) == documents_before
    assert session.scalar(select(func.count()).select_from(Segment)) == segments_before

    # Its heartbeat has stopped; as soon as it counts as stale, it can be retried.
    jobs.retry(session, users["editor"], job.id, queue.enqueue, stale_after=timedelta(0))
    worker = _worker(data_dir)
    try:
        done = _wait_for(
            session,
            job.id,
            lambda j: j.state in (JobState.DONE, JobState.FAILED),
            "the end",
            worker,
        )
    finally:
        _stop(worker)
    assert done.state == JobState.DONE, done.error
    assert done.attempts == 2
    titles = session.scalars(select(Document.title).where(Document.title == "Long")).all()
    assert titles == ["Long"]
    document = session.get(Document, done.result["document_id"])
    assert (
        session.scalar(select(func.count()).where(Segment.document_id == document.id)) > COPIES * 10
    )
