"""Projects, translation memories and their units, with the database's own trigram index

A project groups documents, the glossaries they use and the memories they read and write. The
"Default" project takes every existing document and glossary, and a "Default" memory that it
reads and writes, so everything works as before until someone makes a second project.

``tm_units.norm_source`` and ``target`` are indexed by trigrams: on SQLite an FTS5 table
(``tokenize='trigram'``, external content, kept in step by triggers) with an fts5vocab table of
its trigrams' frequencies, on PostgreSQL pg_trgm GIN indexes. Neither is in the models (an
FTS5 table is no ordinary table, and a GIN operator class belongs to one dialect);
``store.db.SEARCH_INDEX_TABLES`` names the SQLite tables so that schema comparisons leave them
out.

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0013"
branch_labels = None
depends_on = None

DEFAULT = "Default"

# The source is indexed with two U+0001 after it, so every character of it starts a trigram:
# a search for one or two characters then finds its trigrams by prefix in the vocabulary
# (services.search_index) instead of reading every unit.
_PADDED_OLD, _PADDED_NEW = "old.norm_source || char(1, 1)", "new.norm_source || char(1, 1)"
_SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE tm_units_fts USING fts5("
    "norm_source, target, content='tm_units', content_rowid='id', tokenize='trigram')",
    # How many units hold each trigram: a lookup asks only for the source's rarest ones.
    "CREATE VIRTUAL TABLE tm_units_fts_vocab USING fts5vocab(tm_units_fts, 'row')",
    "CREATE TRIGGER tm_units_fts_insert AFTER INSERT ON tm_units BEGIN"
    " INSERT INTO tm_units_fts(rowid, norm_source, target)"
    f" VALUES (new.id, {_PADDED_NEW}, new.target); END",
    "CREATE TRIGGER tm_units_fts_delete AFTER DELETE ON tm_units BEGIN"
    " INSERT INTO tm_units_fts(tm_units_fts, rowid, norm_source, target)"
    f" VALUES ('delete', old.id, {_PADDED_OLD}, old.target); END",
    "CREATE TRIGGER tm_units_fts_update AFTER UPDATE OF norm_source, target ON tm_units BEGIN"
    " INSERT INTO tm_units_fts(tm_units_fts, rowid, norm_source, target)"
    f" VALUES ('delete', old.id, {_PADDED_OLD}, old.target);"
    " INSERT INTO tm_units_fts(rowid, norm_source, target)"
    f" VALUES (new.id, {_PADDED_NEW}, new.target); END",
]
_POSTGRESQL_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_tm_units_source_trgm ON tm_units USING gin (norm_source gin_trgm_ops)",
    "CREATE INDEX ix_tm_units_target_trgm ON tm_units USING gin (target gin_trgm_ops)",
]


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "translation_memories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "project_glossaries",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("glossary_id", sa.Integer(), sa.ForeignKey("glossaries.id"), primary_key=True),
    )
    op.create_table(
        "project_memories",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column(
            "memory_id",
            sa.Integer(),
            sa.ForeignKey("translation_memories.id"),
            primary_key=True,
        ),
        sa.Column("can_read", sa.Boolean(), nullable=False),
        sa.Column("can_write", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "tm_units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "memory_id", sa.Integer(), sa.ForeignKey("translation_memories.id"), nullable=False
        ),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("source_lang", sa.String(20), nullable=False),
        sa.Column("target_lang", sa.String(20), nullable=False),
        sa.Column("norm_source", sa.Text(), nullable=False),
        sa.Column("source_key", sa.String(40), nullable=False),
        sa.Column("prev_source", sa.Text(), nullable=False),
        sa.Column("next_source", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=True),
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("segments.id"), nullable=True),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("props", sa.JSON(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_tm_units_key", "tm_units", ["memory_id", "source_key"])
    op.create_index("ix_tm_units_segment", "tm_units", ["segment_id"])
    # Plain ADD COLUMN (a batch would copy documents, which SQLite's foreign keys refuse),
    # so nullable and with no foreign key, which SQLite could not drop again (see models).
    op.add_column("documents", sa.Column("project_id", sa.Integer(), nullable=True))
    op.create_index("ix_documents_project_id", "documents", ["project_id"])
    op.add_column("segments", sa.Column("tm_score", sa.Integer(), nullable=True))
    op.add_column("segments", sa.Column("tm_origin", sa.String(300), nullable=True))
    _default_project()
    statements = _SQLITE_INDEX if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL_INDEX
    for statement in statements:
        op.execute(statement)


def _default_project() -> None:
    connection = op.get_bind()
    now = sa.func.now()
    projects = sa.table("projects", sa.column("id"), sa.column("name"), sa.column("created_at"))
    memories = sa.table(
        "translation_memories", sa.column("id"), sa.column("name"), sa.column("created_at")
    )
    connection.execute(sa.insert(projects).values(name=DEFAULT, created_at=now))
    connection.execute(sa.insert(memories).values(name=DEFAULT, created_at=now))
    project = connection.scalar(sa.select(projects.c.id).where(projects.c.name == DEFAULT))
    memory = connection.scalar(sa.select(memories.c.id).where(memories.c.name == DEFAULT))
    connection.execute(
        sa.text(
            "INSERT INTO project_memories (project_id, memory_id, can_read, can_write)"
            " VALUES (:project, :memory, :yes, :yes)"
        ),
        {"project": project, "memory": memory, "yes": True},
    )
    connection.execute(
        sa.text(
            "INSERT INTO project_glossaries (project_id, glossary_id)"
            " SELECT :project, id FROM glossaries"
        ),
        {"project": project},
    )
    connection.execute(sa.text("UPDATE documents SET project_id = :project"), {"project": project})


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tm_units_fts_{trigger}")
        op.execute("DROP TABLE tm_units_fts_vocab")
        op.execute("DROP TABLE tm_units_fts")
    op.drop_column("segments", "tm_origin")
    op.drop_column("segments", "tm_score")
    op.drop_index("ix_documents_project_id", "documents")
    op.drop_column("documents", "project_id")
    op.drop_table("tm_units")
    op.drop_table("project_memories")
    op.drop_table("project_glossaries")
    op.drop_table("translation_memories")
    op.drop_table("projects")
