"""One log line per request: who asked for what, the answer and how long it took.

Paths only, never query strings or bodies: a search or a saved segment is the client's text.
``review-app serve`` and ``demo`` send these lines (logger ``review_app.requests``) to stderr.
"""

import logging
import time

from flask import Flask, Response, g, request
from flask_login import current_user

logger = logging.getLogger("review_app.requests")


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_log)


def _start() -> None:
    g.request_started = time.perf_counter()


def _log(response: Response) -> Response:
    started = g.get("request_started")
    took = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    user = current_user.get_id() if current_user.is_authenticated else "-"
    logger.info(
        "%s %s %s %.0fms user=%s", request.method, request.path, response.status_code, took, user
    )
    return response
