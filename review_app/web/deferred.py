"""Work a request leaves for just after its response: the document-wide QA checks of a save
on a long document (see services.qa.SYNC_DOCUMENT_CHECKS_LIMIT)."""

from flask import Flask, Response, current_app, g

from ..services.qa import run_deferred_checks, take_deferred_checks
from .db import get_db


def init_app(app: Flask) -> None:
    app.after_request(_schedule)


def _schedule(response: Response) -> Response:
    session = g.get("db")
    document_ids = take_deferred_checks(session) if session is not None else set()
    if document_ids:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _run(app, document_ids))
    return response


def _run(app: Flask, document_ids: set[int]) -> None:
    with app.app_context():
        run_deferred_checks(get_db(), document_ids)
