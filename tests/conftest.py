"""Fixtures shared by the store, services, web and browser tests.

Every test that asks for ``data_dir`` gets a fresh database of its own, made from one migrated
template, so the schema comes from the real migrations without running them per test:

- by default a SQLite file in the test's tmp_path (a copy of the template file);
- when ``DATABASE_URL`` names a PostgreSQL server (``.ci/run`` starts one), a new database on
  it (``CREATE DATABASE … TEMPLATE``), dropped afterwards; the test sees its URL in
  ``DATABASE_URL``, so apps and commands it starts use it too. Tests that build their own
  data folder without ``data_dir`` run on SQLite.
"""

import itertools
import os
import re
import shutil

import psycopg
import pytest
from hypothesis import settings
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.services.users import create_user
from review_app.store import User, make_engine, make_session_factory, sqlite_url, upgrade
from review_app.web import create_app
from review_app.web.db import get_db

# A property's examples are judged by what they return, never by how long they take (speed
# lives in benchmarks/): Hypothesis's default deadline of 200 ms an example failed a message
# round trip once on a machine busy with other work.
settings.register_profile("review-app", deadline=None)
settings.load_profile("review-app")

PASSWORD = "correct horse battery"
ROLES = ("translator", "editor", "admin")

# A small document whose segments have several sentences, for splits and moves.
SAMPLE_SEGMENTS = [
    PoSegment(
        "1",
        "第一句。第二句。",
        "First sentence. Second sentence.",
        "First sentence. Second sentence.",
        confidence=0.9,
        source_paragraph=0,
        target_paragraph=0,
    ),
    PoSegment(
        "2",
        "第三句。",
        "Third sentence.",
        "Third sentence.",
        confidence=0.2,
        source_paragraph=0,
        target_paragraph=0,
    ),
    PoSegment(
        "3",
        "第四句。",
        "Fourth sentence.",
        "Fourth sentence.",
        confidence=0.95,
        source_paragraph=1,
        target_paragraph=1,
    ),
    PoSegment(
        "4",
        "第五句。",
        "Fifth <script>alert(1)</script> sentence.",
        "Fifth sentence.",
        status="translated",
        confidence=0.8,
        source_paragraph=1,
        target_paragraph=1,
    ),
]


@pytest.fixture
def password():
    return PASSWORD


# The PostgreSQL server the suite may create databases on, read once before any test runs.
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SERVER_URL.startswith("postgresql")
_database_numbers = itertools.count()


def _seed(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    # Hashing passwords is slow by design, so the users are made once, here.
    with make_session_factory(engine)() as session:
        for role in ROLES:
            create_user(session, role, PASSWORD, role)
    engine.dispose()


def _server_admin():
    """A connection to the server's maintenance database, outside any transaction."""
    url = make_url(SERVER_URL).set(database="postgres")
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(autouse=True)
def _no_shared_database(monkeypatch):
    """No test touches the server's own database: only ``data_dir`` sets DATABASE_URL."""
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template-db")
    _seed(sqlite_url(folder))
    return folder / "review-app.sqlite3"


class _OpenedConnections:
    """The driver connections opened on a test's PostgreSQL database, whichever engine (app,
    command, fixture) opened them, so its teardown can close them all before dropping the
    database: a database with connections left takes PostgreSQL ≥ 100 ms to drop (it waits for
    the backends it terminates), and finding the dropped engines with ``gc.collect`` cost
    0.1–0.6 s a test, most of the suite's time on PostgreSQL."""

    def __init__(self) -> None:
        self.connections: list = []

    def opened(self, dbapi_connection, _record) -> None:
        # SQLite connections (tests that make their own data folder) are left to their
        # threads: sqlite3 refuses to close one from another thread.
        if isinstance(dbapi_connection, psycopg.Connection):
            self.connections.append(dbapi_connection)

    def close_all(self) -> None:
        for connection in self.connections:
            connection.close()
        self.connections.clear()


@pytest.fixture(scope="session")
def postgresql_template():
    name = f"review_app_template_{os.getpid()}"
    admin = _server_admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    _seed(make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False))
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def data_dir(request, tmp_path, template_db, monkeypatch):
    shutil.copy(template_db, tmp_path / "review-app.sqlite3")
    if ON_POSTGRESQL:
        template = request.getfixturevalue("postgresql_template")
        name = f"review_app_test_{os.getpid()}_{next(_database_numbers)}"
        admin = _server_admin()
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
        monkeypatch.setenv("DATABASE_URL", url)
        opened = _OpenedConnections()
        event.listen(Pool, "connect", opened.opened)
        yield tmp_path
        event.remove(Pool, "connect", opened.opened)
        opened.close_all()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        yield tmp_path


@pytest.fixture
def database_url(data_dir):
    """The URL of this test's own database."""
    return os.environ.get("DATABASE_URL") or sqlite_url(data_dir)


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def session(session_factory):
    with session_factory() as session:
        yield session


@pytest.fixture
def users(session):
    """One user per role, each named after its role."""
    return {role: session.scalars(select(User).filter_by(username=role)).one() for role in ROLES}


@pytest.fixture
def document(session, users):
    return import_segments(session, users["editor"], title="Sample", segments=SAMPLE_SEGMENTS)


def confirm_everything(session, users, document):
    """Confirm every segment of the sample as the translator (the fourth without its markup)."""
    from review_app.services.segments import confirm_segment
    from review_app.store import Segment

    for segment in session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.active)
    ).all():
        text = "Fifth sentence." if segment.label == "4" else segment.target
        confirm_segment(
            session, users["translator"], segment.id, target=text, version=segment.version
        )


def approve_everything(session, users, document):
    """Confirm every segment of the sample, then approve all."""
    from review_app.services.review import bulk_approve
    from review_app.services.segments import SegmentFilter

    confirm_everything(session, users, document)
    bulk_approve(session, users["editor"], document.id, SegmentFilter())


@pytest.fixture
def approve_all(session, users, document):
    """Call to bring the sample document to "every segment approved"."""
    return lambda: approve_everything(session, users, document)


@pytest.fixture
def app(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "test key"})
    yield app
    app.extensions["review_app.sessions"].kw["bind"].dispose()


@pytest.fixture
def app_users(app):
    with app.app_context():
        session = get_db()
        return {
            role: session.scalars(select(User).filter_by(username=role)).one().id for role in ROLES
        }


@pytest.fixture
def app_document(app, app_users):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        document = import_segments(session, editor, title="Sample", segments=SAMPLE_SEGMENTS)
        return document.id


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


class Auth:
    """Logs a test client in and sends requests the way the pages do, CSRF token included."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, username="translator", password=PASSWORD):
        page = self.client.get("/auth/login").get_data(as_text=True)
        self.token = _CSRF_INPUT.search(page).group(1)
        response = self.client.post(
            "/auth/login",
            data={"username": username, "password": password, "csrf_token": self.token},
        )
        # Logging in starts a new session token for the pages that follow.
        page = self.client.get("/").get_data(as_text=True)
        match = _CSRF_INPUT.search(page)
        self.token = match.group(1) if match else self.token
        return response

    def post(self, url, data=None, *, htmx=False, csrf=True, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if htmx:
            headers["HX-Request"] = "true"
        if csrf:
            headers["X-CSRFToken"] = self.token
        return self.client.post(url, data=data or {}, headers=headers, **kwargs)

    def get(self, url, *, htmx=False, **kwargs):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.get(url, headers=headers, **kwargs)


@pytest.fixture
def auth(client, app_users):
    return Auth(client)
