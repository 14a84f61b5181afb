"""The store: migrations build the schema, optimistic locking, SQLite settings."""

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm.exc import StaleDataError

from review_app.store import (
    AuditEvent,
    Document,
    Segment,
    make_engine,
    make_session_factory,
    sqlite_url,
    upgrade,
)


def test_migrations_create_every_table(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))
    upgrade(engine)
    upgrade(engine)  # a second run on an up-to-date database is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"users", "documents", "segments", "revisions", "comments", "operations"} <= tables
    assert {"glossaries", "glossary_terms", "qa_issues"} <= tables
    assert {"rejections", "sign_offs", "publications", "audit_events", "api_tokens"} <= tables
    assert {"pair_statistics", "jobs", "term_proposals"} <= tables
    assert {"projects", "translation_memories", "tm_units", "tm_units_fts"} <= tables
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == _head()


def _migrations():
    """Alembic's configuration of our migrations, for the tests that move between revisions."""
    from alembic.config import Config  # noqa: PLC0415

    from review_app.store.db import MIGRATIONS  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _downgrade(connection, revision: str) -> None:
    """Take the database of ``connection`` down to ``revision``, inside its transaction."""
    from alembic import command  # noqa: PLC0415

    config = _migrations()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _head() -> str:
    """The one head of the migration chain (two heads would make ``upgrade`` fail)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    (head,) = ScriptDirectory.from_config(_migrations()).get_heads()
    return head


def test_migration_0002_upgrades_a_0001_database_and_marks_its_documents_unchecked(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO documents (title, slug, status, looks_mismatched, created_at,"
                " updated_at) VALUES ('Old', 'old', 'in_translation', 0, '2026-01-01',"
                " '2026-01-01')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT qa_stale FROM documents")) == 1


def test_sqlite_connections_enforce_foreign_keys(tmp_path):
    with make_session_factory(make_engine(sqlite_url(tmp_path)))() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_segment_versions_count_updates_and_refuse_stale_writes(session_factory, document):
    with session_factory() as first, session_factory() as second:
        mine = first.query(Segment).filter_by(document_id=document.id, label="1").one()
        theirs = second.get(Segment, mine.id)
        assert mine.version == theirs.version == 1
        mine.target = "Mine."
        first.commit()
        assert mine.version == 2
        theirs.target = "Theirs."
        with pytest.raises(StaleDataError):
            second.commit()


def test_a_status_outside_the_list_is_refused(session, document):
    segment = session.query(Segment).filter_by(document_id=document.id).first()
    segment.status = "finished"
    with pytest.raises(Exception, match="(?i)check constraint"):
        session.commit()


def test_documents_start_in_translation(session, document):
    stored = session.get(Document, document.id)
    assert stored.status == "in_translation"
    assert stored.slug == "sample"


def test_stored_audit_events_cannot_be_changed_or_deleted(session, document):
    event = session.query(AuditEvent).filter_by(document_id=document.id).first()
    assert event.kind == "import"
    event.summary = "Nothing happened"
    with pytest.raises(PermissionError, match="append-only"):
        session.commit()
    session.rollback()
    session.delete(session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError, match="append-only"):
        session.commit()


def test_migration_0003_puts_fully_confirmed_documents_in_review(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))
    upgrade(engine, "0002")
    with engine.begin() as connection:
        for doc_id, status in ((1, "translated"), (2, "draft")):
            connection.execute(
                text(
                    "INSERT INTO documents (id, title, slug, status, looks_mismatched, created_at,"
                    " updated_at, qa_stale) VALUES (:id, 'T', :slug, 'in_translation', 0,"
                    " '2026-01-01', '2026-01-01', 1)"
                ),
                {"id": doc_id, "slug": f"t{doc_id}"},
            )
            connection.execute(
                text(
                    "INSERT INTO segments (document_id, position, label, active, source, draft,"
                    " target, status, version, shape, updated_at) VALUES (:id, 1, '1', 1, '一。',"
                    " 'One.', 'One.', :status, 1, '1-1', '2026-01-01')"
                ),
                {"id": doc_id, "status": status},
            )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, status FROM documents ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "in_review"), (2, "in_translation")]


def test_migrations_and_models_describe_the_same_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from review_app.store import Base
    from review_app.store.db import is_search_index

    engine = make_engine(sqlite_url(tmp_path))
    upgrade(engine)
    opts = {"include_name": lambda *name: not is_search_index(*name)}
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migration_0005_adds_sessions_and_login_attempts_and_frees_audit_events(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))
    upgrade(engine)
    schema = inspect(engine)
    assert {"user_sessions", "login_attempts"} <= set(schema.get_table_names())
    columns = {c["name"]: c for c in schema.get_columns("audit_events")}
    assert columns["document_id"]["nullable"] is True
    assert {i["name"] for i in schema.get_indexes("audit_events")} == {"ix_audit_events_document"}


def test_migration_0006_keeps_valid_sign_offs_valid_under_the_status_hash(
    session, users, document, approve_all, database_url
):
    """A sign-off made before statuses were hashed stays valid after the upgrade when it
    still holds; one over text changed since does not become valid."""

    from review_app.services import review

    approve_all()
    record = review.sign_off(session, users["editor"], document.id)
    new_hash = record.sha256
    session.close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _downgrade(connection, "0005")
    with engine.connect() as connection:
        old_hash = connection.scalar(text("SELECT sha256 FROM sign_offs"))
    assert old_hash != new_hash  # the downgrade wrote the hash of texts only
    upgrade(engine)
    with make_session_factory(engine)() as fresh:
        assert review.valid_sign_off(fresh, document.id).sha256 == new_hash
    with engine.begin() as connection:
        _downgrade(connection, "0005")
        connection.execute(text("UPDATE segments SET target = 'Changed behind its back.'"))
    upgrade(engine)
    with make_session_factory(engine)() as fresh:
        assert review.valid_sign_off(fresh, document.id) is None
    engine.dispose()


def test_the_stores_constraints_hold_the_cores_vocabularies(session, document):
    """Every status, role and severity the core names is one the migrated database accepts."""
    from review_app.core.workflow import DocumentStatus, Role, SegmentStatus
    from review_app.store import User

    segment = session.query(Segment).filter_by(document_id=document.id).first()
    stored = session.get(Document, document.id)
    user = session.query(User).first()
    for segment_status, document_status, role in zip(
        SegmentStatus, list(DocumentStatus) * 2, list(Role) * 2, strict=False
    ):
        segment.status, stored.status, user.role = segment_status, document_status, role
        session.commit()


def test_every_migration_downgrades_and_upgrades_again(database_url):
    """From head down to nothing and back: each migration's downgrade undoes its upgrade."""

    engine = make_engine(database_url)
    with engine.begin() as connection:
        _downgrade(connection, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    with engine.connect() as connection:
        head = connection.scalar(text("SELECT version_num FROM alembic_version"))
    # The chain's head, whatever its number: merged branches keep the ids they were given.
    assert head == _head()
    engine.dispose()


def test_migration_0010_gives_the_default_project_every_document_and_glossary(
    session, document, database_url
):
    """Documents and glossaries made before projects existed all land in the Default project,
    which reads and writes the Default memory; downgrading drops it all again."""

    from review_app.services.glossary import import_glossary
    from review_app.store import Project, ProjectGlossary, ProjectMemory

    import_glossary(
        session, None, name="Old", data=b"source,target\n\xe5\xb1\x80,Bureau\n", filename="o.csv"
    )
    session.close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _downgrade(connection, "0009")
    assert "projects" not in inspect(engine).get_table_names()
    upgrade(engine)
    with make_session_factory(engine)() as fresh:
        [project] = fresh.query(Project).all()
        assert project.name == "Default"
        assert {d.project_id for d in fresh.query(Document)} == {project.id}
        assert fresh.query(ProjectGlossary).filter_by(project_id=project.id).count() == 1
        link = fresh.query(ProjectMemory).filter_by(project_id=project.id).one()
        assert link.can_read and link.can_write
    engine.dispose()


def test_migration_0015_keeps_old_qa_issues_and_gives_them_their_templates(
    session, document, database_url
):
    """Issues stored before messages had templates read as before (their English text); the
    documents are checked again, which fills in the templates on the rows it keeps, so an
    ignored issue stays ignored."""

    from review_app.services.qa import ensure_checked
    from review_app.services.segments import save_segment
    from review_app.store import QaIssue, User

    segment = session.query(Segment).filter_by(document_id=document.id, label="1").one()
    editor = session.query(User).filter_by(username="editor").one()
    save_segment(session, editor, segment.id, target="First 句子.", version=segment.version)
    issue = session.query(QaIssue).filter_by(check_id="untranslated").one()
    issue_id, english = issue.id, issue.message
    session.close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _downgrade(connection, "0011")
    assert "message_id" not in {c["name"] for c in inspect(engine).get_columns("qa_issues")}
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE qa_issues SET ignored_reason = 'a name', ignored_at = :at"),
            {"at": "2026-12-01 10:00:00"},
        )
        connection.execute(text("UPDATE documents SET qa_stale = :no"), {"no": False})
    upgrade(engine)
    with make_session_factory(engine)() as fresh:
        old = fresh.get(QaIssue, issue_id)
        assert (old.message, old.message_id, old.message_params) == (english, None, None)
        assert fresh.get(Document, document.id).qa_stale
        ensure_checked(fresh)
        fresh.expire_all()
        kept = fresh.get(QaIssue, issue_id)
        assert kept.message == english and kept.ignored_reason == "a name"
        assert kept.message_id == "Chinese left in the translation: %(text)s"
        assert kept.message_params == {"text": "句子"}
    engine.dispose()


def test_migration_0016_indexes_the_segments_already_there_and_goes_down_again(
    session, document, database_url
):
    """Segments stored before the index are found through it, and the downgrade drops it."""
    from review_app.services import search_index

    session.close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _downgrade(connection, "0015")
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert not connection.scalar(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'segments_fts'")
            )
        else:
            assert not connection.scalar(
                text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_segments_%_trgm'")
            )
    upgrade(engine)
    with make_session_factory(engine)() as fresh:
        segment = fresh.query(Segment).filter_by(document_id=document.id, label="1").one()
        piece = segment.source[:4]
        found = search_index.segments_containing(fresh, None, "source", piece, 50)
        assert segment.id in found
        assert all(piece in fresh.get(Segment, segment_id).source for segment_id in found)
    engine.dispose()
