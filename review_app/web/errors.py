"""Friendly error pages: what went wrong and what to do, never a traceback.

For htmx requests nothing is swapped (``HX-Reswap: none``: an error page must not replace a
table row) and the message travels in an ``X-Error-Message`` header, percent-encoded because
headers are Latin-1, for the page's script to show in its status line.
"""

from urllib.parse import quote

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from review_app.services.errors import (
    AuthenticationFailed,
    Conflict,
    Forbidden,
    InvalidInput,
    Locked,
    NotFound,
    ServiceError,
)
from review_app.services.jobs import NotRetryable
from review_app.services.review import SignOffRefused

from .htmx import is_htmx
from .messages import known_message

STATUS_OF = {
    NotFound: 404,
    Forbidden: 403,
    InvalidInput: 422,
    Conflict: 409,
    Locked: 409,
    NotRetryable: 409,
    SignOffRefused: 409,
    AuthenticationFailed: 401,
}

_ADVICE = {
    400: _l("The request was not understood. Reload the page and try again."),
    403: _l("You are logged in, but your role does not allow this."),
    404: _l("There is nothing at this address. Go back to the documents list."),
    405: _l("This address does not accept that kind of request."),
    500: _l(
        "Something went wrong on the server. Your last change may not have been saved: "
        "reload the page to check, and tell an administrator if it happens again."
    ),
}
# Werkzeug's names of the statuses, in the interface's language (others stay as werkzeug has
# them).
_TITLES = {
    400: _l("Bad Request"),
    401: _l("Unauthorized"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    422: _l("Unprocessable Content"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
}


# Transient refusals by the database itself: PostgreSQL's serialization failure and deadlock
# (SQLSTATE 40001, 40P01), SQLite's busy database after its timeout. Nothing was committed;
# the same request can simply be sent again.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}
RETRY_AFTER_SECONDS = 2


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(InternalServerError, _internal_error)


def error_response(status: int, title: str, message: str):
    title, message = str(title), str(message)
    if is_api():
        response = jsonify({"error": message, "title": title})
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="review-app"'
        return response
    body = render_template(
        "errors/_message.html" if is_htmx() else "errors/error.html",
        status=status,
        title=title,
        message=message,
    )
    headers = {"X-Error-Message": quote(message)}
    if is_htmx():
        headers["HX-Reswap"] = "none"
    return body, status, headers


def is_api() -> bool:
    return request.blueprint == "api" or request.path == "/api" or request.path.startswith("/api/")


def _csrf_error(_error: CSRFError):
    return error_response(
        400,
        _("The form has expired"),
        _(
            "This page's security token is missing or out of date (for example after you "
            "logged in again in another tab). Reload the page and repeat what you did; copy any "
            "text you typed first."
        ),
    )


def _too_large(_error: RequestEntityTooLarge):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return error_response(
        413,
        _("That upload is too large"),
        _(
            "Uploads are limited to %(limit)s MB. Split the text into smaller files and import "
            "each one, or ask an administrator to raise REVIEW_APP_MAX_UPLOAD_MB.",
            limit=limit,
        ),
    )


def _http_error(error: HTTPException):
    status = error.code or 500
    return error_response(
        status, _TITLES.get(status, error.name), _ADVICE.get(status, error.description or "")
    )


def _service_error(error: ServiceError):
    status = next((code for kind, code in STATUS_OF.items() if isinstance(error, kind)), 400)
    return error_response(status, _("That did not work"), known_message(error))


def _database_busy(error: OperationalError):
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    retryable = sqlstate in _RETRYABLE_SQLSTATES or "database is locked" in str(original)
    if retryable:
        title, message = (
            _l("The database is busy"),
            _l(
                "Several people changed this document at the same moment and yours had to "
                "wait too long. Nothing was saved: try again in a moment."
            ),
        )
    elif _unreachable(error, sqlstate):
        title, message = (
            _l("The database is not answering"),
            _l(
                "The server cannot reach its database just now (it may be restarting). Nothing "
                "was saved: try again in a moment."
            ),
        )
    else:
        raise error
    current_app.logger.warning("%s, answered 503: %s", title, type(original).__name__)
    response = error_response(503, title, message)
    if isinstance(response, tuple):
        body, status, headers = response
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return body, status, headers
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unreachable(error: OperationalError, sqlstate: str | None) -> bool:
    """A PostgreSQL server that is down, restarting or refusing connections: SQLSTATE class
    08 (connection exception), 57P01-57P03 (shut down, crashed, starting), or no SQLSTATE at
    all, which psycopg gives a connection that never opened."""
    if error.connection_invalidated:
        return True
    if sqlstate is None:
        return type(error.orig).__module__.startswith("psycopg")
    return sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}


def _internal_error(_error: InternalServerError):
    return error_response(500, _("Server error"), _ADVICE[500])
