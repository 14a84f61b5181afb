"""``review-app worker``: runs the queued background jobs (imports, …) until stopped."""

import logging
from pathlib import Path

import click

from review_app.services.jobs import fail_interrupted
from review_app.store import (
    database_url,
    make_engine,
    make_private_folder,
    make_session_factory,
    upgrade,
)
from review_app.tasks import JobQueue, make_huey

from .server import data_dir_option


@click.command("worker")
@data_dir_option
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Jobs run at the same time by this worker.",
)
def worker_command(data_dir: Path, threads: int) -> None:
    """Run background jobs from the queue (a SQLite file in the data folder, or Redis with
    REDIS_URL) until Ctrl+C (finishes the jobs under way) or SIGTERM (stops at once; those
    jobs store nothing and can be retried)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    data_dir = make_private_folder(data_dir)
    engine = make_engine(database_url(data_dir))
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        interrupted = fail_interrupted(session)
    if interrupted:
        click.echo(f"{interrupted} job(s) of a worker that stopped are marked failed.", err=True)
    click.echo(f"Worker running {threads} job(s) at a time (Ctrl+C to stop)", err=True)
    try:
        JobQueue(make_huey(data_dir), sessions).consumer(threads).run()
    finally:
        engine.dispose()
