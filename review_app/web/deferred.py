"""Work a request leaves for just after its response: the document-wide QA checks of a save
on a long document (see services.qa.SYNC_DOCUMENT_CHECKS_LIMIT), queued as a job that later
saves join (services.check_jobs), and storing the post-editing statistics a read had to
compute (see services.metrics), so that the read never writes."""

from functools import partial

from flask import Flask, Response, g

from ..services.check_jobs import DOCUMENT_CHECKS_DELAY, submit_document_checks
from ..services.metrics import store_computed_statistics, take_computed_statistics
from ..services.qa import take_deferred_checks
from .db import get_db
from .jobs import enqueue


def init_app(app: Flask) -> None:
    app.after_request(partial(_schedule, app))


def _schedule(app: Flask, response: Response) -> Response:
    session = g.get("db")
    if session is None:
        return response
    document_ids = take_deferred_checks(session)
    statistics = take_computed_statistics(session)
    if document_ids or statistics:
        response.call_on_close(lambda: _run(app, document_ids, statistics))
    return response


def _run(app: Flask, document_ids: set[int], statistics: dict) -> None:
    # A session of the worker's own: the request's is closed by the time this runs.
    with app.app_context():
        session = get_db()
        if document_ids:
            submit_document_checks(
                session, document_ids, partial(enqueue, delay=DOCUMENT_CHECKS_DELAY)
            )
        store_computed_statistics(session, statistics)
