"""A database that stays busy past its timeout is a 503 with Retry-After, never a 500, and
nothing of the request is kept. (SQLite here: the template file every data_dir holds.)"""

import re
import sqlite3

from sqlalchemy import select

from review_app.core.bilingual import BilingualSegment
from review_app.services.documents import import_segments
from review_app.store import Segment, User, make_engine, make_session_factory, sqlite_url
from review_app.store import db as store_db
from review_app.web import create_app


def test_a_write_that_waits_too_long_for_the_lock_is_a_503(data_dir, monkeypatch, password):
    monkeypatch.setattr(store_db, "SQLITE_BUSY_TIMEOUT_MS", 50)
    url = sqlite_url(data_dir)
    app = create_app(
        {"TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "k", "DATABASE_URL": url}
    )
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        editor = session.scalars(select(User).filter_by(username="editor")).one()
        segments = [BilingualSegment("1", "第一句。", "First.", "First.", confidence=0.9)]
        document = import_segments(session, editor, title="Busy", segments=segments)
        segment = session.scalars(select(Segment).filter_by(document_id=document.id)).first()
        segment_id, target = segment.id, segment.target
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/auth/login").text)[1]
    login = {"username": "translator", "password": password, "csrf_token": token}
    client.post("/auth/login", data=login)
    holder = sqlite3.connect(data_dir / "review-app.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        response = client.post(
            f"/segments/{segment_id}",
            data={"target": "Mine.", "version": "1"},
            headers={"X-CSRFToken": token},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    with factory() as session:
        assert session.get(Segment, segment_id).target == target
