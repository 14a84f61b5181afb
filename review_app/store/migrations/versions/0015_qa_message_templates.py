"""QA issues: the message's template and values, so the interface can translate it

``message`` stays the English text (the API and the CLI read it). ``message_id`` is the
check's marked template and ``message_params`` the values it is filled with (JSON). Rows
written before have neither; every document is marked for a full check, which fills them in
on the rows it keeps (an ignored issue stays ignored) before its issues are next read.

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-02 10:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse.
    op.add_column("qa_issues", sa.Column("message_id", sa.Text(), nullable=True))
    op.add_column("qa_issues", sa.Column("message_params", sa.JSON(), nullable=True))
    op.execute(sa.text("UPDATE documents SET qa_stale = :stale").bindparams(stale=True))


def downgrade() -> None:
    op.drop_column("qa_issues", "message_params")
    op.drop_column("qa_issues", "message_id")
