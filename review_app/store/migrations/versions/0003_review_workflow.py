"""review workflow: rejections, sign-offs, the audit log and API tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("segments.id"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "severity IN ('Minor', 'Major', 'Critical')", name="ck_rejections_severity"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rejections_segment", "rejections", ["segment_id", "id"])
    op.create_index("ix_rejections_document", "rejections", ["document_id"])
    op.create_table(
        "sign_offs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_offs_document", "sign_offs", ["document_id", "id"])
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("sign_off_id", sa.Integer(), sa.ForeignKey("sign_offs.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "version", name="uq_publications_version"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("segments.id"), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_events_document", "audit_events", ["document_id", "id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    # Documents whose every segment is already confirmed are in review (no sign-offs exist yet).
    op.execute(
        "UPDATE documents SET status = 'in_review' WHERE EXISTS ("
        " SELECT 1 FROM segments s WHERE s.document_id = documents.id AND s.active)"
        " AND NOT EXISTS (SELECT 1 FROM segments s WHERE s.document_id = documents.id"
        " AND s.active AND s.status NOT IN ('translated', 'approved'))"
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_index("ix_audit_events_document", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("publications")
    op.drop_index("ix_sign_offs_document", table_name="sign_offs")
    op.drop_table("sign_offs")
    op.drop_index("ix_rejections_document", table_name="rejections")
    op.drop_index("ix_rejections_segment", table_name="rejections")
    op.drop_table("rejections")
