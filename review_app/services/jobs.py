"""Background jobs: the one place that defines a kind of job, runs it, and records its
progress, result or error in the ``jobs`` table.

A kind is a function registered with ``@job_kind("name")`` that reads its job's ``params``
and does its work through the services, in the session of its ``JobRun``. The task queue
(``review_app.tasks``) only carries job ids; everything a user or another process asks about
a job is read from the database.

A job's data and its "done" are committed together (``JobRun.done_with_new``): a worker
killed at any moment leaves either the whole result and a finished job, or nothing and a job
that can be retried.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, event, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from review_app.core.jobs import (
    FINISHED,
    HEARTBEAT_SECONDS,
    STALE_AFTER,
    JobProgress,
    JobState,
    is_interrupted,
)
from review_app.core.workflow import Role
from review_app.formats.errors import FormatError
from review_app.store import Job, User
from review_app.store.models import utcnow

from .errors import NotFound, ServiceError
from .uow import unit_of_work

logger = logging.getLogger(__name__)

Enqueue = Callable[[int], None]

INTERRUPTED = (
    "The worker running this job stopped before it finished (it was killed, or its machine "
    "restarted). Nothing of the job was stored; retry it."
)
# Progress is written at most this often: a long alignment reports every row.
_PROGRESS_SECONDS = 0.5


class NotRetryable(ServiceError):
    """A retry of a job that is queued, running or done."""


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[["JobRun"], None]


KINDS: dict[str, JobKind] = {}


def job_kind(name: str) -> Callable[[Callable[["JobRun"], None]], Callable[["JobRun"], None]]:
    """Register a function as the runner of the jobs of kind ``name``."""

    def register(run: Callable[["JobRun"], None]) -> Callable[["JobRun"], None]:
        KINDS[name] = JobKind(name, run)
        return run

    return register


def submit(session: Session, actor: User | None, kind: str, params: dict, enqueue: Enqueue) -> Job:
    """Record a queued job and hand its id to the queue."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with unit_of_work(session):
        job = Job(kind=kind, params=params, user_id=actor.id if actor else None, message="")
        session.add(job)
    enqueue(job.id)
    return job


def submit_coalesced(
    session: Session, kind: str, key: str, params: dict, enqueue: Enqueue
) -> Job | None:
    """Queue a job of no user's that repeats the same work (``key``) until it is current, such
    as a document's checks after each save: nothing when one with the key is still queued (it
    will see the latest data), else a finished one of the key queued again, else a new one.
    So a document has at most one job waiting and one running, however fast it changes. Two
    saves at the same moment may both queue: the work is then done twice, never skipped."""
    with unit_of_work(session):
        if session.scalar(
            select(Job.id).where(Job.key == key, Job.state == JobState.QUEUED).limit(1)
        ):
            return None
        finished = session.scalars(
            select(Job).where(Job.key == key, Job.state.in_(FINISHED)).limit(1)
        ).first()
        if finished is None:
            finished = Job(kind=kind, key=key, message="")
            session.add(finished)
        finished.state, finished.params, finished.result = JobState.QUEUED, params, None
        finished.error, finished.done, finished.total = None, 0, 0
    enqueue(finished.id)
    return finished


def get_job(session: Session, actor: User | None, job_id: int) -> Job:
    """A job its own user (or an admin; the command line: anyone) may see; NotFound
    otherwise, so nobody learns of other people's jobs."""
    job = session.get(Job, job_id)
    if job is None or not _may_see(actor, job):
        raise NotFound(f"There is no job {job_id}.")
    return job


def _may_see(actor: User | None, job: Job) -> bool:
    return actor is None or actor.role == Role.ADMIN or job.user_id == actor.id


@dataclass(frozen=True)
class JobStatus:
    """A job as its user sees it now: a job whose worker died reads as failed."""

    job: Job
    state: JobState
    progress: JobProgress
    message: str
    error: str | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def retryable(self) -> bool:
        return self.state == JobState.FAILED


def status_of(job: Job, now: datetime | None = None) -> JobStatus:
    now = now or utcnow()
    if is_interrupted(job.state, _aware(job.heartbeat_at), now):
        return JobStatus(job, JobState.FAILED, JobProgress(job.done, job.total), "", INTERRUPTED)
    return JobStatus(
        job, JobState(job.state), JobProgress(job.done, job.total), job.message, job.error
    )


def retry(
    session: Session,
    actor: User | None,
    job_id: int,
    enqueue: Enqueue,
    *,
    now: datetime | None = None,
    stale_after=STALE_AFTER,
) -> Job:
    """Queue a failed job (or one whose worker died) again, from the start. Check and change
    are one conditional UPDATE, so two retries (or a retry and a late worker) cannot both
    win."""
    job = get_job(session, actor, job_id)
    now = now or utcnow()
    with unit_of_work(session):
        changed = _changed(
            session,
            update(Job)
            .where(
                Job.id == job.id,
                or_(
                    Job.state == JobState.FAILED,
                    (Job.state == JobState.RUNNING)
                    & or_(Job.heartbeat_at.is_(None), Job.heartbeat_at <= now - stale_after),
                ),
            )
            .values(state=JobState.QUEUED, done=0, total=0, message="", error=None)
            .execution_options(synchronize_session=False),
        )
    session.refresh(job)
    if not changed:
        raise NotRetryable(f"Job {job.id} is {job.state}: only a failed job can be retried.")
    enqueue(job.id)
    return job


def fail_interrupted(
    session: Session, *, now: datetime | None = None, stale_after=STALE_AFTER
) -> int:
    """Mark the running jobs whose worker died as failed (a worker does this as it starts);
    how many there were."""
    now = now or utcnow()
    with unit_of_work(session):
        return _changed(
            session,
            update(Job)
            .where(
                Job.state == JobState.RUNNING,
                or_(Job.heartbeat_at.is_(None), Job.heartbeat_at <= now - stale_after),
            )
            .values(state=JobState.FAILED, error=INTERRUPTED, finished_at=now)
            .execution_options(synchronize_session=False),
        )


class JobRun:
    """What a kind's runner gets: the session to work in, the job's input and user, and the
    means to report progress."""

    def __init__(self, session: Session, job: Job, reporter: "_Reporter"):
        self.session = session
        self.job = job
        self.params: dict[str, Any] = job.params or {}
        self.actor = session.get(User, job.user_id) if job.user_id is not None else None
        # A runner that leaves its work uncommitted sets its result here: the job's "done"
        # and that work are then committed together when the runner returns.
        self.result: dict[str, Any] = {}
        self._reporter = reporter

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` steps; written at most twice a second."""
        self._reporter.report(done, total)

    def say(self, message: str) -> None:
        """What the job is doing now, in words ("Aligning", "Storing the segments")."""
        self._reporter.report(self._reporter.done, self._reporter.total, message)

    def done_with_new(self, model: type, result: Callable[[Any], dict]) -> None:
        """Finish the job, with ``result(instance)`` as its result, in the very commit that
        stores the first new ``model`` (a Document, say) this session flushes."""
        created: list[Any] = []

        def collect(_session, instance) -> None:
            if isinstance(instance, model) and not created:
                created.append(instance)

        def forget(_session) -> None:
            created.clear()

        def finish(_session) -> None:
            if created:
                _mark_done(self.job, result(created[0]))

        event.listen(self.session, "pending_to_persistent", collect)
        event.listen(self.session, "after_rollback", forget)
        event.listen(self.session, "before_commit", finish)


def _mark_done(job: Job, result: dict) -> None:
    job.state = JobState.DONE
    job.result = result
    job.params = None  # the input may be large, and it is in the result now
    job.done = job.total = max(job.total, 1)
    job.message = ""
    job.finished_at = utcnow()


def run_job(factory: sessionmaker[Session], job_id: int) -> None:
    """Run one queued job to the end, as a worker does. Nothing escapes: a refusal or a bug
    becomes the job's error, and whatever the job had written is rolled back."""
    with factory() as session:
        job = _claim(session, job_id)
        if job is None:
            return
        reporter = _Reporter(factory, job_id)
        if session.get_bind().dialect.name == "sqlite":
            reporter.hold_while_writing(session)
        try:
            with reporter.heartbeat():
                run = JobRun(session, job, reporter)
                KINDS[job.kind].run(run)
        except (ServiceError, FormatError) as error:
            session.rollback()
            _fail(session, job_id, str(error))
            return
        except Exception as error:
            session.rollback()
            logger.exception("job %s (%s) failed", job_id, job.kind)
            _fail(
                session,
                job_id,
                f"The job stopped on an error in the server ({type(error).__name__}); nothing "
                "was stored. Retry it, and tell an administrator if it happens again.",
            )
            return
        session.refresh(job)
        if job.state != JobState.DONE:
            # A kind that stores nothing new still ends its job; one that left its work
            # uncommitted has it committed with the end.
            with unit_of_work(session):
                _mark_done(job, run.result)


def _claim(session: Session, job_id: int) -> Job | None:
    """Take the queued job for this worker: one conditional UPDATE, so a job enqueued twice
    (a retry racing a slow worker) runs once."""
    now = utcnow()
    with unit_of_work(session):
        claimed = _changed(
            session,
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.QUEUED)
            .values(
                state=JobState.RUNNING,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                attempts=Job.attempts + 1,
            )
            .execution_options(synchronize_session=False),
        )
    if not claimed:
        logger.info("job %s is not queued; skipped", job_id)
        return None
    return session.scalars(select(Job).where(Job.id == job_id)).one()


def _fail(session: Session, job_id: int, error: str) -> None:
    with unit_of_work(session):
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(state=JobState.FAILED, error=error, message="", finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )


class _Reporter:
    """Writes a running job's progress and heartbeat in transactions of their own (never in
    the job's, which commits only at the end), from the job's thread and a heartbeat thread."""

    def __init__(self, factory: sessionmaker[Session], job_id: int):
        self.factory, self.job_id = factory, job_id
        self.done = self.total = 0
        self._written = 0.0
        self._held = False

    def hold_while_writing(self, session: Session) -> None:
        """Write nothing while ``session`` (the job's) has written and not yet committed. On
        SQLite that transaction holds the whole database's lock: a write from another
        connection would wait for it (the busy timeout, seconds) and then fail, stalling the
        job it reports on for nothing."""

        def hold(*_args) -> None:
            self._held = True

        def release(*_args) -> None:
            self._held = False

        event.listen(session, "after_flush", hold)
        event.listen(session, "after_commit", release)
        event.listen(session, "after_rollback", release)

    def report(self, done: int, total: int, message: str | None = None) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if message is None and done < total and now - self._written < _PROGRESS_SECONDS:
            return
        self._written = now
        values: dict[str, Any] = {"done": done, "total": total, "heartbeat_at": utcnow()}
        if message is not None:
            values["message"] = message
        self._write(values)

    def _write(self, values: dict[str, Any]) -> None:
        if self._held:
            return
        try:
            with self.factory() as session, unit_of_work(session):
                session.execute(
                    update(Job)
                    .where(Job.id == self.job_id, Job.state == JobState.RUNNING)
                    .values(**values)
                )
        except Exception:
            # Progress is a courtesy: a busy database must not fail the job itself.
            logger.warning("job %s: progress not written", self.job_id, exc_info=True)

    def heartbeat(self):
        return _Heartbeat(self)


class _Heartbeat:
    """Touches the job's heartbeat every few seconds while its runner works, so a job whose
    worker died can be told from one that is slow."""

    def __init__(self, reporter: _Reporter):
        self.reporter = reporter
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *_exc) -> None:
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            self.reporter._write({"heartbeat_at": utcnow()})


def _changed(session: Session, statement: Update) -> int:
    """How many rows a conditional UPDATE changed: whether its check held."""
    return cast(CursorResult, session.execute(statement)).rowcount


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without a zone; they were stored in UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
