"""segments keep what a bilingual file brought with them: its notes and its inline codes

``note``: the notes and translator comments of an imported PO or XLIFF unit, written back on
export. ``codes``: the markup behind each protected token of the texts (``core.inline``), so
an export restores the original tags.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse.
    op.add_column("segments", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.add_column("segments", sa.Column("codes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("segments", "codes")
    op.drop_column("segments", "note")
