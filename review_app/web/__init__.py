"""The web application: ``create_app`` builds a configured Flask app, nothing runs at import."""

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from review_app.core.alignment import LOW_CONFIDENCE
from review_app.core.metrics import segment_edit_distance
from review_app.core.workflow import CONFIRMED, SegmentStatus
from review_app.services import review as review_service
from review_app.services.access import can
from review_app.services.documents import ImportLimits
from review_app.services.import_jobs import LONG_IMPORT_CHARACTERS, LONG_IMPORT_FILE_BYTES
from review_app.services.metrics import INLINE_PAIRS
from review_app.services.publish_jobs import LONG_PUBLISH_SEGMENTS
from review_app.services.qa import check_titles
from review_app.store import (
    make_engine,
    make_private_folder,
    make_session_factory,
    sqlite_url,
    upgrade,
)
from review_app.tasks import JobQueue, make_huey

from . import (
    account,
    api,
    auth,
    dashboard,
    db,
    deferred,
    details,
    documents,
    errors,
    glossary,
    health,
    i18n,
    inputs,
    jobs,
    memory,
    projects,
    requestlog,
    review,
    security,
    segments,
    users,
)
from .annotations import row_annotations
from .ids import IdConverter
from .worddiff import word_diff

DEFAULT_UPLOAD_LIMIT_MB = 20
SECRET_KEY_FILE = "secret_key"

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Configuration comes from the environment, then ``test_config`` overrides it.

    REVIEW_APP_DATA_DIR  folder for the database, the secret key and outputs (default ./data)
    DATABASE_URL         SQLAlchemy URL; default a SQLite file in the data folder
    REVIEW_APP_SECRET_KEY  session signing key; default a random key kept in the data folder
    REVIEW_APP_MAX_UPLOAD_MB  upload limit in MB (default 20)
    REVIEW_APP_SECURE_COOKIES  "1": cookies over HTTPS only, "0": not; default 1 unless
                         ``BIND_HOST`` (set by the CLI from --host) is localhost or loopback
    REDIS_URL            the job queue's Redis; default a SQLite file in the data folder

    ``JOBS_IMMEDIATE`` (default: when TESTING) runs each job inside the request that queues
    it; ``LONG_IMPORT_CHARACTERS`` (of a pair) and ``LONG_IMPORT_FILE_BYTES`` (of a
    bilingual file, or of a TMX file) are the sizes above which an import becomes a job, and
    ``LONG_PUBLISH_SEGMENTS`` the segments above which publishing does;
    ``INLINE_METRICS_PAIRS`` is how many missing post-editing statistics a dashboard computes
    itself before a job computes them instead.
    """
    app = Flask(__name__)
    # Before any blueprint adds its rules: every <int:...> in a URL is then a bounded id.
    app.url_map.converters["int"] = IdConverter
    upload_mb = int(os.environ.get("REVIEW_APP_MAX_UPLOAD_MB", DEFAULT_UPLOAD_LIMIT_MB))
    app.config.from_mapping(
        DATA_DIR=os.environ.get("REVIEW_APP_DATA_DIR", "data"),
        DATABASE_URL=os.environ.get("DATABASE_URL"),
        SECRET_KEY=os.environ.get("REVIEW_APP_SECRET_KEY"),
        MAX_CONTENT_LENGTH=upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The CSRF token lives as long as the login session: a translator who leaves a page
        # open over lunch must not lose the edit typed afterwards to an expired token.
        WTF_CSRF_TIME_LIMIT=None,
        PAGE_SIZE=50,
        AUTO_MIGRATE=True,
    )
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("JOBS_IMMEDIATE", app.config.get("TESTING", False))
    app.config.setdefault("LONG_IMPORT_CHARACTERS", LONG_IMPORT_CHARACTERS)
    app.config.setdefault("LONG_IMPORT_FILE_BYTES", LONG_IMPORT_FILE_BYTES)
    app.config.setdefault("INLINE_METRICS_PAIRS", INLINE_PAIRS)
    app.config.setdefault("LONG_PUBLISH_SEGMENTS", LONG_PUBLISH_SEGMENTS)
    # Pasted articles are form fields, not files: let them be as large as an upload rather
    # than Flask's 500 kB default for fields.
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]
    secure = security.secure_cookies(
        os.environ.get("REVIEW_APP_SECURE_COOKIES"), app.config.get("BIND_HOST")
    )
    app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    data_dir = make_private_folder(Path(app.config["DATA_DIR"]))
    app.config["DATA_DIR"] = str(data_dir)
    app.config["DATABASE_URL"] = app.config["DATABASE_URL"] or sqlite_url(data_dir)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or secret_key_for(data_dir)

    # A mistyped import budget stops the server here, not the first import as a 500.
    ImportLimits.from_environment()

    engine = make_engine(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        upgrade(engine)
    session_factory = make_session_factory(engine)
    db.init_app(app, session_factory)
    app.extensions["review_app.jobs"] = JobQueue(
        make_huey(data_dir, immediate=app.config["JOBS_IMMEDIATE"]), session_factory
    )
    deferred.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    account.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    requestlog.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(segments.bp)
    app.register_blueprint(glossary.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(details.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(memory.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(account.bp)
    # The API authenticates with a bearer token and reads no cookies, so no CSRF.
    csrf.exempt(api.bp)
    app.add_url_rule("/", endpoint="index", view_func=documents.index)
    app.jinja_env.globals["LOW_CONFIDENCE"] = LOW_CONFIDENCE
    app.jinja_env.globals["row_annotations"] = row_annotations
    app.jinja_env.globals["can"] = _can
    app.jinja_env.globals["rejection_of"] = _rejection_of
    app.jinja_env.globals["edit_distance"] = segment_edit_distance
    app.jinja_env.globals["MQM_CATEGORIES"] = review_service.MQM_CATEGORIES
    app.jinja_env.globals["MQM_SEVERITIES"] = [s.value for s in review_service.MqmSeverity]
    app.jinja_env.globals["SegmentStatus"] = SegmentStatus
    app.jinja_env.globals["CONFIRMED"] = CONFIRMED
    # Done work first: the order of the progress bar's parts and of its spoken summary.
    app.jinja_env.globals["PROGRESS_ORDER"] = dashboard.PROGRESS_ORDER
    app.jinja_env.globals["count_of"] = _count_of
    app.jinja_env.globals["check_titles"] = i18n.Translated(check_titles())
    app.jinja_env.filters["word_diff"] = word_diff
    return app


def secret_key_for(data_dir: Path) -> str:
    """The data folder's own random key, created on first use, readable by its owner only."""
    path = data_dir / SECRET_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key


def _can(action: str) -> bool:
    """Whether to offer an action; the service checks again whatever the page shows."""
    return current_user.is_authenticated and can(current_user, action)


def _rejection_of(segment):
    """Why a rejected segment was sent back, for the translator's row."""
    if segment.status != SegmentStatus.REJECTED:
        return None
    return review_service.latest_rejection(db.get_db(), segment.id)


def _count_of(counts: dict[str, int], statuses) -> int:
    """How many segments of ``counts`` (by status) have one of ``statuses``."""
    return sum(counts.get(status, 0) for status in statuses)
