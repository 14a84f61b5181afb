"""The floor the load benchmark compares the app with: a minimal Flask app whose one endpoint
does one SELECT and one UPDATE + INSERT (one transaction) on the same database, with the
same engine settings as the app (``review_app.store.make_engine``).

Served by ``load_bench.py`` with gunicorn: ``gunicorn 'load_floor:create_app()'`` with
``FLOOR_DATABASE_URL`` set.
"""

import os
import sys
from pathlib import Path

from flask import Flask, jsonify
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, func, insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review_app.store import make_engine  # noqa: E402

ROWS = 5_000
metadata = MetaData()
floor_rows = Table(
    "floor_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)
floor_log = Table(
    "floor_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("row_id", Integer, nullable=False),
    Column("at", DateTime(timezone=True), server_default=func.now()),
)


def prepare(url: str) -> None:
    """Create and fill the floor's tables (once, before the servers start)."""
    engine = make_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(floor_rows), [{"id": i, "n": 0} for i in range(1, ROWS + 1)])
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    engine = make_engine(os.environ["FLOOR_DATABASE_URL"])

    @app.post("/floor/<int:row_id>")
    def touch(row_id: int):
        with engine.begin() as connection:
            n = connection.scalar(select(floor_rows.c.n).where(floor_rows.c.id == row_id))
            connection.execute(
                update(floor_rows).where(floor_rows.c.id == row_id).values(n=floor_rows.c.n + 1)
            )
            connection.execute(insert(floor_log).values(row_id=row_id))
        return jsonify({"id": row_id, "n": (n or 0) + 1})

    return app
