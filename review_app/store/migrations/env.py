"""Alembic environment: migrations run on a connection handed over by ``store.db.upgrade``."""

from alembic import context

from review_app.store.db import is_search_index
from review_app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=lambda name, type_, parents: not is_search_index(name, type_, parents),
)
with context.begin_transaction():
    context.run_migrations()
