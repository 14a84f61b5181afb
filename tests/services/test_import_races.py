"""Two imports of one title at the same moment: both stored, under different slugs.

They used to choose the same free slug and the second answered 500 on the unique index.
``_unique_slug`` is slowed a little so that both choose before either inserts.
"""

import threading
import time

from sqlalchemy import select

from review_app.core.bilingual import BilingualSegment
from review_app.services import documents as D
from review_app.services.errors import ServiceError
from review_app.store import Document, User


def test_two_imports_of_one_title_get_two_slugs(session_factory, session, users, monkeypatch):
    real = D._unique_slug

    def slow(session, title):
        slug = real(session, title)
        time.sleep(0.05)
        return slug

    monkeypatch.setattr(D, "_unique_slug", slow)
    start = threading.Barrier(2)
    outcomes = []

    def run():
        with session_factory() as own:
            editor = own.scalars(select(User).filter_by(username="editor")).one()
            segments = [BilingualSegment("1", "你好。", "Hello.", "Hello.")]
            start.wait()
            try:
                outcomes.append(
                    D.import_segments(own, editor, title="Same", segments=segments).slug
                )
            except ServiceError as error:
                outcomes.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["same", "same-2"], outcomes
    assert sorted(session.scalars(select(Document.slug))) == ["same", "same-2"]
