"""``/healthz``: whether this process can answer, and its database with it (for a load
balancer or a supervisor; no login, nothing about the data)."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when a query on the database succeeds, 503 when it does not."""
    try:
        get_db().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.warning("health check: database unavailable (%s)", type(error).__name__)
        response = jsonify({"status": "unavailable", "database": "unreachable"})
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response
    return jsonify({"status": "ok", "database": "ok"})
