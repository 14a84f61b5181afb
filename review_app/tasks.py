"""The task queue that carries jobs to workers: huey, with its SQLite storage in the data
folder by default and Redis when ``REDIS_URL`` is set.

The queue carries job ids only; the job itself (input, progress, result) lives in the
database (``services.jobs``), so it survives the queue and every process sees it. A worker is
``review-app worker`` (``Consumer.run``), or threads inside ``review-app demo``/``serve``
(``start_in_process``) so that one command still runs everything.
"""

import os
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer
from sqlalchemy.orm import Session, sessionmaker

# Registers the kinds of job a worker can run.
from review_app.services import (  # noqa: F401
    check_jobs,
    import_jobs,
    metric_jobs,
    publish_jobs,
    tmx_jobs,
)
from review_app.services.jobs import run_job

QUEUE_FILE = "jobs-queue.sqlite3"
# An idle worker looks for work at least this often (huey's default backs off to 10 s): a
# document's checks and an import's start should not wait for it.
MAX_POLL_SECONDS = 1.0
QUEUE_NAME = "review-app"


def make_huey(data_dir: Path, *, immediate: bool = False) -> Huey:
    """Redis when ``REDIS_URL`` is set, else a SQLite file beside the database; in
    ``immediate`` mode (tests) a job runs inside the call that queues it."""
    if immediate:
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url, results=False)
    return SqliteHuey(QUEUE_NAME, filename=str(Path(data_dir) / QUEUE_FILE), results=False)


class JobQueue:
    """Queues jobs by id, and runs them (in a worker) with ``session_factory``."""

    def __init__(self, huey: Huey, session_factory: sessionmaker[Session]):
        self.huey = huey
        self._task = huey.task(name="run_job")(self._run)
        self._sessions = session_factory

    def enqueue(self, job_id: int, delay: float = 0.0) -> None:
        """Queue the job now, or ``delay`` seconds from now (in immediate mode, where the job
        runs inside this call, always now)."""
        if delay > 0 and not self.huey.immediate:
            self._task.schedule(args=(job_id,), delay=delay)
        else:
            self._task(job_id)

    def _run(self, job_id: int) -> None:
        run_job(self._sessions, job_id)

    def consumer(self, threads: int = 2) -> Consumer:
        """A consumer for ``review-app worker``: ``run()`` it, and signals stop it."""
        return Consumer(
            self.huey,
            workers=threads,
            worker_type="thread",
            periodic=False,
            max_delay=MAX_POLL_SECONDS,
        )

    def start_in_process(self, threads: int = 1) -> Consumer:
        """Worker threads in this process (``demo``, ``serve`` without a worker of its
        own); ``stop(graceful=True)`` them when the server stops."""
        consumer = _InProcessConsumer(
            self.huey,
            workers=threads,
            worker_type="thread",
            periodic=False,
            max_delay=MAX_POLL_SECONDS,
        )
        consumer.start()
        return consumer


class _InProcessConsumer(Consumer):
    # The server owns the process's signals: Ctrl+C stops it, and it stops the workers.
    def _set_signal_handlers(self) -> None:
        pass
