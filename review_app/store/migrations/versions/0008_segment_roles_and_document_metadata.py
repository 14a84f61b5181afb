"""segments have a role (body, heading, excluded) and documents their source's metadata

``segments.role`` / ``heading_level``: what a segment is in the published article; page chrome
is excluded from it. ``documents.source_url`` / ``publisher`` / ``article_date``: where the
article came from, editable by editors.

The sign-off hash now covers each segment's role and level (core.workflow.content_hash). Every
existing segment becomes body text with no level, so a sign-off that held before (not revoked,
every active segment approved, the old hash matching) is given the new hash of the same state,
as 0006 did for statuses; any other keeps its old hash and stays invalid.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-09 09:00:00
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _sha256(rows) -> str:
    # As core.workflow.content_hash computed it at each revision, frozen here on purpose.
    canonical = json.dumps([list(r) for r in rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _rehash(with_role_before: bool, with_role_after: bool) -> None:
    connection = op.get_bind()
    latest = connection.execute(
        sa.text(
            "SELECT s.id, s.document_id, s.sha256 FROM sign_offs s"
            " WHERE s.revoked_at IS NULL AND s.id = ("
            "  SELECT MAX(t.id) FROM sign_offs t WHERE t.document_id = s.document_id)"
        )
    ).all()
    for sign_off_id, document_id, sha256 in latest:
        rows = connection.execute(
            sa.text(
                "SELECT id, source, target, status, role, heading_level FROM segments"
                " WHERE document_id = :document AND active ORDER BY position"
            ),
            {"document": document_id},
        ).all()
        if any(status != "approved" for _, _, _, status, _, _ in rows):
            continue
        if _sha256(_state(rows, with_role_before)) == sha256:
            connection.execute(
                sa.text("UPDATE sign_offs SET sha256 = :sha256 WHERE id = :id"),
                {"sha256": _sha256(_state(rows, with_role_after)), "id": sign_off_id},
            )


def _state(rows, with_role: bool) -> list[tuple]:
    return [
        (str(id_), source, target, status, *((role, level) if with_role else ()))
        for id_, source, target, status, role, level in rows
    ]


def upgrade() -> None:
    # Plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse. No
    # check constraint on the role for the same reason (SQLite cannot drop a column that one
    # names); core.workflow.checked_role guards every write.
    op.add_column(
        "segments", sa.Column("role", sa.String(10), nullable=False, server_default="body")
    )
    op.add_column("segments", sa.Column("heading_level", sa.Integer(), nullable=True))
    op.add_column(
        "documents", sa.Column("source_url", sa.Text(), nullable=False, server_default="")
    )
    op.add_column(
        "documents", sa.Column("publisher", sa.String(200), nullable=False, server_default="")
    )
    op.add_column(
        "documents", sa.Column("article_date", sa.String(10), nullable=False, server_default="")
    )
    _rehash(with_role_before=False, with_role_after=True)


def downgrade() -> None:
    _rehash(with_role_before=True, with_role_after=False)
    op.drop_column("documents", "article_date")
    op.drop_column("documents", "publisher")
    op.drop_column("documents", "source_url")
    op.drop_column("segments", "heading_level")
    op.drop_column("segments", "role")
