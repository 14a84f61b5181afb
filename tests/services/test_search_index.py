"""The database's own index behind concordance: a search for a common character reads the
newest units and stops, rather than reading every unit and sorting."""

import io

import pytest
from sqlalchemy import event, text

from review_app.formats.tmx import TmxUnit, write_tmx
from review_app.services import search_index
from review_app.services.memory_files import import_tmx
from review_app.services.projects import default_project, written_memory

# More trigrams start with 的 than a search asks the index for, so it reads the units instead.
UNITS = search_index.SHORT_QUERY_TRIGRAMS + 50


@pytest.fixture
def memory_id(session):
    units = [
        TmxUnit(f"的{chr(0x4E00 + n)}{chr(0x5E00 + n)}项目。", f"Item {n}.") for n in range(UNITS)
    ]
    tmx = io.BytesIO()
    write_tmx(units, tmx)
    tmx.seek(0)
    memory = written_memory(session, default_project(session).id)
    import_tmx(session, None, memory.id, tmx, "common.tmx")
    return memory.id


def test_a_common_character_is_found_in_the_newest_units_without_sorting_them_all(
    session, memory_id
):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses by the table's statistics, not the query")
    statements: list[tuple[str, object]] = []

    def remember(_connection, _cursor, statement, parameters, _context, _many):
        if "LIKE" in statement:
            statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        ids = search_index.containing(session, [memory_id], "source", "的", 5)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    newest = session.scalars(text("SELECT id FROM tm_units ORDER BY id DESC LIMIT 5")).all()
    assert ids == newest
    ((statement, parameters),) = statements
    plan = " ".join(
        str(row)
        for row in session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
    )
    assert "TEMP B-TREE" not in plan, plan


def test_a_segments_new_text_is_found_and_its_old_text_no_longer(session, users, document):
    from review_app.services.segments import save_segment
    from review_app.store import Segment

    segment = session.query(Segment).filter_by(document_id=document.id, label="1").one()
    old = segment.target
    save_segment(
        session, users["translator"], segment.id, target="A quokka smiled.", version=segment.version
    )

    def found(value: str) -> list[int]:
        return search_index.segments_containing(session, None, "target", value, 50)

    assert found("QUOKKA") == [segment.id]
    assert segment.id not in found(old[:12])
