"""QA issues can be ignored with a reason: who, when, why

An ignored issue stays stored and shown, marked, but no longer blocks sign-off; the sign-off
record and the review report list it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("qa_issues") as batch:
        batch.add_column(sa.Column("ignored_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column(
                "ignored_by_id",
                sa.Integer(),
                sa.ForeignKey("users.id", name="fk_qa_issues_ignored_by"),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("ignored_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("qa_issues") as batch:
        batch.drop_column("ignored_reason")
        batch.drop_constraint("fk_qa_issues_ignored_by", type_="foreignkey")
        batch.drop_column("ignored_by_id")
        batch.drop_column("ignored_at")
