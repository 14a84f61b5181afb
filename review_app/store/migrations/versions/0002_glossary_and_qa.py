"""glossaries, terms and stored QA issues

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        # Existing documents have never been checked.
        batch_op.add_column(
            sa.Column("qa_stale", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "glossaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("glossary_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("pos", sa.String(length=40), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('preferred', 'admitted', 'deprecated', 'forbidden')",
            name="ck_glossary_terms_status",
        ),
        sa.ForeignKeyConstraint(["glossary_id"], ["glossaries.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("glossary_id", "source", "target", name="uq_glossary_terms_rendering"),
    )
    with op.batch_alter_table("glossary_terms", schema=None) as batch_op:
        batch_op.create_index("ix_glossary_terms_source", ["source"], unique=False)

    op.create_table(
        "qa_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("source_spans", sa.JSON(), nullable=False),
        sa.Column("target_spans", sa.JSON(), nullable=False),
        sa.Column("term_source", sa.String(length=500), nullable=True),
        sa.Column("term_target", sa.String(length=500), nullable=True),
        sa.CheckConstraint("severity IN ('warning', 'error')", name="ck_qa_issues_severity"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["segment_id"], ["segments.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qa_issues", schema=None) as batch_op:
        batch_op.create_index(
            "ix_qa_issues_segment", ["segment_id", "severity", "check_id"], unique=False
        )
        batch_op.create_index("ix_qa_issues_document", ["document_id", "severity"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qa_issues", schema=None) as batch_op:
        batch_op.drop_index("ix_qa_issues_document")
        batch_op.drop_index("ix_qa_issues_segment")
    op.drop_table("qa_issues")
    with op.batch_alter_table("glossary_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_glossary_terms_source")
    op.drop_table("glossary_terms")
    op.drop_table("glossaries")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("qa_stale")
