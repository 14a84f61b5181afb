"""post-editing metrics: sacrebleu statistics per (draft, target) pair, computed at save time

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pair_statistics",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("stats", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("pair_statistics")
