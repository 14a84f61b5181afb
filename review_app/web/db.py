"""One database session per request, on ``g``, closed when the request ends."""

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker


def init_app(app: Flask, session_factory: sessionmaker[Session]) -> None:
    app.extensions["review_app.sessions"] = session_factory
    app.teardown_appcontext(close_db)


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["review_app.sessions"]()
    return g.db


def close_db(_exception: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()
