"""``review-app serve --workers N``: N server processes under gunicorn, for PostgreSQL.

Nothing a request needs lives in one process: sessions, login failures, jobs and their
progress are rows in the database, the session key is the data folder's (or the
environment's), and the in-memory caches hold pure functions of their arguments (CC-CEDICT,
pair statistics by text, check results by text), so any process can answer any request.
SQLite is a file for one server process; several on it fight over its write lock, so this
is refused there.
"""

import os
import subprocess
import sys
from pathlib import Path

import click

from review_app.web import create_app

# Threads per process: a process waits on the database most of the time.
THREADS = 4
# Seconds an idle keep-alive connection stays open. gunicorn's default, 2 s, is shorter than
# a reviewer's pause between two actions, so the server closes connections just as a browser
# may reuse them (the load benchmark saw one request in 2,300 get no answer at all).
KEEPALIVE_SECONDS = 65


def check_several_processes(url: str, workers: int) -> None:
    if workers > 1 and url.startswith("sqlite"):
        raise click.UsageError(
            f"--workers {workers} needs PostgreSQL: SQLite is for one server process. Set "
            "DATABASE_URL=postgresql+psycopg://… (see the README), or serve without --workers."
        )


def serve_processes(
    data_dir: Path, host: str, port: int, workers: int, external_worker: bool
) -> None:
    """Run gunicorn with ``workers`` processes of the app (each builds its own, with its own
    connection pool), and a ``review-app worker`` beside them for background jobs unless one
    runs elsewhere."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:
        raise click.ClickException(
            "Several processes need gunicorn: pip install -c constraints.txt -e '.[postgresql]'."
        ) from None

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", THREADS)
            self.cfg.set("keepalive", KEEPALIVE_SECONDS)
            self.cfg.set("proc_name", "review-app")

        def load(self):
            return create_app({"DATA_DIR": str(data_dir), "BIND_HOST": host})

    # Migrate once, here, rather than in N processes at once.
    create_app({"DATA_DIR": str(data_dir), "BIND_HOST": host})
    click.echo(f"Serving on http://{host}:{port}/ with {workers} processes (Ctrl+C to stop)")
    job_worker = None
    if not external_worker:
        job_worker = subprocess.Popen(
            [sys.executable, "-m", "review_app.cli", "worker", "--data-dir", str(data_dir)],
            env=os.environ.copy(),
        )
    try:
        Server().run()
    finally:
        if job_worker is not None:
            job_worker.terminate()
            job_worker.wait(30)
