"""Security headers on every response, and whether cookies are sent over HTTPS only.

The pages carry no inline script, no ``on*`` attributes and no inline styles (htmx is told
not to add its indicator ``<style>``), so the Content-Security-Policy can allow scripts and
styles from this site only. Pages for a logged-in user and API answers carry segment text
and are not to be kept in a browser's or a proxy's cache (``Cache-Control: no-store``).
"""

from flask import Flask, Response
from flask_login import current_user

from .errors import is_api

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# A server bound to these is reachable from this machine only, typically over plain HTTP.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if is_api() or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def secure_cookies(setting: str | None, host: str | None) -> bool:
    """REVIEW_APP_SECURE_COOKIES "1" or "0" decides; unset, cookies are HTTPS-only unless
    the server listens on this machine only (``host``, known when the CLI serves)."""
    if setting in ("1", "0"):
        return setting == "1"
    if setting:
        raise ValueError(f"REVIEW_APP_SECURE_COOKIES is {setting!r}; set it to 1 or 0.")
    return host not in LOCAL_HOSTS
