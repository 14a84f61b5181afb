"""Segments indexed by trigrams, so a concordance search over a project's documents uses the
database's own index, as the search over its memories does (0010)

SQLite: an FTS5 table over ``segments.source`` and ``target`` (``tokenize='trigram'``,
external content, kept in step by triggers; a trigram search is case-insensitive, as the
search it replaces was). PostgreSQL: pg_trgm GIN indexes, which serve ``ILIKE``. Searches of
one or two characters, which no trigram holds, still read the segments in order and stop at
the limit.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 19:40:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE segments_fts USING fts5("
    "source, target, content='segments', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target);"
    " END",
    "CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target)"
    " VALUES ('delete', old.id, old.source, old.target); END",
    "CREATE TRIGGER segments_fts_update AFTER UPDATE OF source, target ON segments BEGIN"
    " INSERT INTO segments_fts(segments_fts, rowid, source, target)"
    " VALUES ('delete', old.id, old.source, old.target);"
    " INSERT INTO segments_fts(rowid, source, target) VALUES (new.id, new.source, new.target);"
    " END",
    # The segments already there.
    "INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')",
]
_POSTGRESQL_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_segments_source_trgm ON segments USING gin (source gin_trgm_ops)",
    "CREATE INDEX ix_segments_target_trgm ON segments USING gin (target gin_trgm_ops)",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_INDEX if sqlite else _POSTGRESQL_INDEX:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER segments_fts_{trigger}")
        op.execute("DROP TABLE segments_fts")
    else:
        op.execute("DROP INDEX ix_segments_target_trgm")
        op.execute("DROP INDEX ix_segments_source_trgm")
