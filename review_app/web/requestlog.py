"""One log line per request: who asked for what, the answer and how long it took.

Paths only, never query strings, bodies or headers: a search or a saved segment is the
client's text, a login form holds a password and an API call a token. Each request gets an
id, sent back in ``X-Request-ID`` and written on its line, so a user's report of a failure
can be found in the log. ``review-app serve`` and ``demo`` send these lines (logger
``review_app.requests``) to stderr.
"""

import logging
import time
import uuid

from flask import Flask, Response, g, request
from flask_login import current_user

logger = logging.getLogger("review_app.requests")


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_log)


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = uuid.uuid4().hex[:16]


def _log(response: Response) -> Response:
    started = g.get("request_started")
    took = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    user = current_user.get_id() if current_user.is_authenticated else "-"
    if user == "-" and g.get("api_user") is not None:
        user = str(g.api_user.id)
    request_id = g.get("request_id", "-")
    response.headers["X-Request-ID"] = request_id
    logger.info(
        "%s %s %s %.0fms user=%s request=%s",
        request.method,
        request.path,
        response.status_code,
        took,
        user,
        request_id,
    )
    return response
