"""sign-offs bind to statuses: the content hash covers each segment's status too

A sign-off recorded under the old hash (ids, sources and targets only) that still holds (not
revoked, the text unchanged, every active segment approved) is given the new hash of the same
state, so upgrading does not undo an editor's valid sign-off. Any other keeps its old hash and
so no longer validates, which is what it already deserved.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:30:00
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _sha256(rows) -> str:
    # As core.workflow.content_hash computed it at each revision, frozen here on purpose:
    # a migration must not change when the code it once used does.
    canonical = json.dumps([list(r) for r in rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _rehash(with_status_before: bool, with_status_after: bool) -> None:
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
                "SELECT id, source, target, status FROM segments"
                " WHERE document_id = :document AND active ORDER BY position"
            ),
            {"document": document_id},
        ).all()
        if any(status != "approved" for *_, status in rows):
            continue
        if _sha256(_state(rows, with_status_before)) == sha256:
            connection.execute(
                sa.text("UPDATE sign_offs SET sha256 = :sha256 WHERE id = :id"),
                {"sha256": _sha256(_state(rows, with_status_after)), "id": sign_off_id},
            )


def _state(rows, with_status: bool) -> list[tuple]:
    return [
        (str(id_), source, target, *((status,) if with_status else ()))
        for id_, source, target, status in rows
    ]


def upgrade() -> None:
    _rehash(with_status_before=False, with_status_after=True)


def downgrade() -> None:
    _rehash(with_status_before=True, with_status_after=False)
