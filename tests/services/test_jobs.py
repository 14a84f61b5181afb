"""Background jobs: an import run as a job records its progress and result; a failed job says
why and stores nothing; a job whose worker died reads as failed and can be retried."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from review_app.core.headline import Article
from review_app.core.jobs import JobState
from review_app.services import documents, import_jobs, jobs
from review_app.services.errors import NotFound
from review_app.store import Document, Job, PairStatistic, Segment
from review_app.store.models import utcnow

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def _pair() -> tuple[Article, Article]:
    zh = (TRANSLATIONS / "cantoop-ip-conference.zh.txt").read_text(encoding="utf-8")
    en = (TRANSLATIONS / "cantoop-ip-conference.en.txt").read_text(encoding="utf-8")
    return Article.of(zh.splitlines(), "zh"), Article.of(en.splitlines(), "en")


def _documents(session) -> int:
    session.rollback()
    return session.scalar(select(func.count()).select_from(Document))


@pytest.fixture
def queue(session_factory):
    """Jobs handed to the queue, run one by one when the test says so."""
    queued: list[int] = []

    class Queue:
        def enqueue(self, job_id: int) -> None:
            queued.append(job_id)

        def run_all(self) -> None:
            while queued:
                jobs.run_job(session_factory, queued.pop(0))

    return Queue()


def _submit(session, users, queue, **changes):
    source, draft = _pair()
    pair = {"title": "", "source": source, "draft": draft, "fallback_title": "Sample"}
    return import_jobs.submit_pair(session, users["editor"], queue.enqueue, **{**pair, **changes})


def test_an_import_job_stores_the_document_and_records_its_result(session, users, queue):
    job = _submit(session, users, queue)
    assert job.state == JobState.QUEUED and job.params["source"]["paragraphs"]
    before = _documents(session)
    queue.run_all()
    session.refresh(job)
    assert job.state == JobState.DONE and job.error is None
    assert job.attempts == 1 and job.started_at and job.finished_at
    document = session.get(Document, job.result["document_id"])
    assert document.created_by_id == users["editor"].id
    assert _documents(session) == before + 1
    assert session.scalar(select(func.count()).where(Segment.document_id == document.id)) > 5
    assert job.params is None, "the input is dropped once the job is done"
    status = jobs.status_of(job)
    assert status.finished and status.progress.percent == 100 and not status.retryable


def test_a_refused_import_fails_the_job_with_the_reason_and_stores_nothing(session, users, queue):
    job = _submit(session, users, queue, source=Article.of(["  "], "zh"))
    before = _documents(session)
    queue.run_all()
    session.refresh(job)
    assert job.state == JobState.FAILED
    assert "Chinese source is empty" in job.error
    assert _documents(session) == before


def test_a_crash_while_storing_leaves_no_half_document_and_the_job_can_be_retried(
    session, users, queue, monkeypatch
):
    """The segments are flushed before the QA refresh fails: all of it is rolled back."""

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(documents, "refresh_issues", broken)
    job = _submit(session, users, queue)
    before = (_documents(session), session.scalar(select(func.count()).select_from(Segment)))
    queue.run_all()
    session.refresh(job)
    assert job.state == JobState.FAILED
    assert "RuntimeError" in job.error and "disk on fire" not in job.error
    after = (_documents(session), session.scalar(select(func.count()).select_from(Segment)))
    assert after == before
    monkeypatch.undo()
    jobs.retry(session, users["editor"], job.id, queue.enqueue)
    assert job.state == JobState.QUEUED and job.error is None
    queue.run_all()
    session.refresh(job)
    assert job.state == JobState.DONE and job.attempts == 2
    assert _documents(session) == before[0] + 1


def test_a_job_queued_twice_runs_once(session, users, queue, session_factory):
    job = _submit(session, users, queue)
    before = _documents(session)
    jobs.run_job(session_factory, job.id)
    jobs.run_job(session_factory, job.id)
    assert _documents(session) == before + 1


def test_only_a_failed_job_can_be_retried(session, users, queue):
    job = _submit(session, users, queue)
    with pytest.raises(jobs.NotRetryable):
        jobs.retry(session, users["editor"], job.id, queue.enqueue)
    queue.run_all()
    with pytest.raises(jobs.NotRetryable, match="done"):
        jobs.retry(session, users["editor"], job.id, queue.enqueue)


def test_a_running_job_whose_worker_fell_silent_reads_as_failed_and_can_be_retried(
    session, users, queue
):
    job = _submit(session, users, queue)
    long_ago = utcnow() - timedelta(minutes=5)
    # Its worker took it and died: the queue holds it no more.
    job.state, job.heartbeat_at = JobState.RUNNING, long_ago
    session.commit()
    queue.run_all()
    status = jobs.status_of(job)
    assert status.state == JobState.FAILED and status.error == jobs.INTERRUPTED
    assert jobs.status_of(job, long_ago + timedelta(seconds=1)).state == JobState.RUNNING
    jobs.retry(session, users["editor"], job.id, queue.enqueue)
    queue.run_all()
    session.refresh(job)
    assert job.state == JobState.DONE


def test_a_starting_worker_marks_the_jobs_of_dead_workers_failed(session, users, queue):
    dead, alive = _submit(session, users, queue), _submit(session, users, queue)
    dead.state, dead.heartbeat_at = JobState.RUNNING, utcnow() - timedelta(minutes=5)
    alive.state, alive.heartbeat_at = JobState.RUNNING, utcnow()
    session.commit()
    assert jobs.fail_interrupted(session) == 1
    session.refresh(dead)
    session.refresh(alive)
    assert (dead.state, dead.error) == (JobState.FAILED, jobs.INTERRUPTED)
    assert alive.state == JobState.RUNNING


def test_a_job_is_seen_by_its_user_and_admins_only(session, users, queue):
    job = _submit(session, users, queue)
    assert jobs.get_job(session, users["editor"], job.id) is job
    assert jobs.get_job(session, users["admin"], job.id) is job
    assert jobs.get_job(session, None, job.id) is job
    with pytest.raises(NotFound):
        jobs.get_job(session, users["translator"], job.id)
    with pytest.raises(NotFound):
        jobs.get_job(session, users["editor"], job.id + 1000)


def test_progress_is_written_while_the_job_runs(
    session, users, queue, session_factory, monkeypatch
):
    """What another process sees mid-alignment: the job running, with steps done."""
    seen: list[tuple[str, int, int, str]] = []
    job = _submit(session, users, queue)
    original = documents.import_articles

    def watching(*args, progress, **kwargs):
        def spy(done, total):
            progress(done, total)
            with session_factory() as other:
                row = other.get(Job, job.id)
                seen.append((row.state, row.done, row.total, row.message))

        return original(*args, progress=spy, **kwargs)

    monkeypatch.setattr(documents, "import_articles", watching)
    queue.run_all()
    assert seen and all(state == JobState.RUNNING for state, *_ in seen)
    assert seen[-1][1] == seen[-1][2] > 0
    assert seen[-1][3].startswith("Storing")


def test_a_documents_checks_are_coalesced_into_one_waiting_job(session, document, queue):
    from review_app.services.check_jobs import submit_document_checks

    def rows():
        session.rollback()
        return session.scalars(select(Job).where(Job.kind == "document_checks")).all()

    for _ in range(5):
        submit_document_checks(session, {document.id}, queue.enqueue)
    assert [job.state for job in rows()] == [JobState.QUEUED]
    queue.run_all()
    (done,) = rows()
    assert done.state == JobState.DONE and done.key == f"document_checks:{document.id}"
    # The next save queues the same row again rather than a new one.
    submit_document_checks(session, {document.id}, queue.enqueue)
    assert [(job.id, job.state) for job in rows()] == [(done.id, JobState.QUEUED)]
    # While it runs, a save queues one more; that one is then joined by every later save.
    done.state = JobState.RUNNING
    session.commit()
    for _ in range(3):
        submit_document_checks(session, {document.id}, queue.enqueue)
    assert sorted(job.state for job in rows()) == [JobState.QUEUED, JobState.RUNNING]


@jobs.job_kind("test_writes_then_reports")
def _writes_then_reports(run: jobs.JobRun) -> None:
    run.session.add(PairStatistic(key="f" * 64, stats="{}"))
    run.session.flush()
    run.progress(1, 2)
    run.say("Still writing")


def test_progress_never_waits_for_the_jobs_own_uncommitted_writes(session, users, queue, caplog):
    """On SQLite the job's written transaction holds the database's lock: its progress then
    stays in memory, rather than wait out the busy timeout and fail (a stalled job and a
    warning); on PostgreSQL it is written as usual."""
    job = jobs.submit(session, users["editor"], "test_writes_then_reports", {}, queue.enqueue)
    with caplog.at_level("WARNING", logger="review_app.services.jobs"):
        queue.run_all()
    assert caplog.records == []
    session.expire_all()
    assert session.get(Job, job.id).state == JobState.DONE
    assert session.get(PairStatistic, "f" * 64) is not None
