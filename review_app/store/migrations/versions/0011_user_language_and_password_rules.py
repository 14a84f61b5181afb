"""Users: interface language, a password that must be changed, last login

``language`` is the interface language a user chose ("" follows the browser);
``must_change_password`` is set when an administrator gives a temporary password, and every
page asks for a new one until it is chosen; ``last_login_at`` is shown on the users page.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse.
    op.add_column("users", sa.Column("language", sa.String(20), nullable=False, server_default=""))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "last_login_at")
    op.drop_column("users", "must_change_password")
    op.drop_column("users", "language")
