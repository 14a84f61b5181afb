"""The database's own trigram index of translation units, one dialect at a time.

SQLite: the FTS5 table ``tm_units_fts`` (``tokenize='trigram'``, migration 0010). A fuzzy
lookup asks for any of the source's rarest trigrams (their frequencies from the fts5vocab table
``tm_units_fts_vocab``) and takes the best by FTS5's bm25 rank: a common trigram such as 的发展
matches thousands of units, all of which bm25 would score, and tells little; a substring search
is a phrase of the query's trigrams. Sources are indexed with two U+0001 after them (0010), so a
search for one or two characters asks for every trigram that starts with them, found by prefix
in the vocabulary; a character so common that more than ``SHORT_QUERY_TRIGRAMS`` trigrams start
with it is found at once by reading the newest units. PostgreSQL: pg_trgm GIN indexes; a fuzzy
lookup is the ``%`` operator ordered by ``similarity``, a substring search ``LIKE``/``ILIKE``,
which the same indexes serve; shorter queries there, and short English ones on SQLite, read
the units newest first with a plain ``LIKE`` and a limit. Only unit ids come back;
``services.tm`` loads and scores them.

Segments (migration 0016) have the same indexes, ``segments_fts`` on SQLite, for the
concordance over a project's documents: ``segments_containing``.
"""

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from review_app.core.tm import MIN_INDEXED_LENGTH

# pg_trgm's share of common trigrams below which a unit is no candidate: about what a 50 %
# edit-distance match of a Chinese sentence still shares.
PG_SIMILARITY_THRESHOLD = 0.2
# The rarest trigrams of a source a SQLite lookup asks for: on 60,000 units, asking for all of
# them took a median 23 ms (p95 54 ms), the twelve rarest 4.7 ms (p95 8 ms); the benchmark
# (benchmarks/tm_bench.py) measures that the best match stays in the top five.
RARE_TRIGRAMS = 12
_COLUMNS = {"source": "norm_source", "target": "target"}
SHORT_QUERY_TRIGRAMS = 1_000
# Above every character: the end of a prefix range in the vocabulary.
_LAST = "\U0010ffff"


def _phrase(value: str) -> str:
    """An FTS5 string literal: the text in double quotes, quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _memories_param():
    return bindparam("memories", expanding=True)


def similar(session: Session, memories: Sequence[int], normalized: str, limit: int) -> list[int]:
    """Ids of units of ``memories`` whose normalised source shares the most trigrams with
    ``normalized``, best first."""
    if not memories:
        return []
    if session.get_bind().dialect.name == "sqlite":
        trigrams = _rarest(session, normalized)
        if not trigrams:
            return []
        statement = text(
            "SELECT u.id FROM tm_units_fts JOIN tm_units u ON u.id = tm_units_fts.rowid"
            " WHERE tm_units_fts MATCH :query AND u.memory_id IN :memories"
            " AND u.withdrawn_at IS NULL ORDER BY tm_units_fts.rank LIMIT :limit"
        ).bindparams(_memories_param())
        query = "norm_source : (" + " OR ".join(_phrase(t) for t in trigrams) + ")"
        rows = session.execute(
            statement, {"query": query, "memories": list(memories), "limit": limit}
        )
        return [row[0] for row in rows]
    session.execute(
        text("SELECT set_config('pg_trgm.similarity_threshold', :value, true)"),
        {"value": str(PG_SIMILARITY_THRESHOLD)},
    )
    statement = text(
        "SELECT id FROM tm_units WHERE norm_source % :query AND memory_id IN :memories"
        " AND withdrawn_at IS NULL ORDER BY similarity(norm_source, :query) DESC, id DESC"
        " LIMIT :limit"
    ).bindparams(_memories_param())
    rows = session.execute(
        statement, {"query": normalized, "memories": list(memories), "limit": limit}
    )
    return [row[0] for row in rows]


def _rarest(session: Session, normalized: str) -> list[str]:
    """The source's ``RARE_TRIGRAMS`` rarest trigrams that some unit holds (the vocabulary
    folds case, as the index does)."""
    trigrams = list(dict.fromkeys(normalized[i : i + 3] for i in range(len(normalized) - 2)))
    statement = text("SELECT term, doc FROM tm_units_fts_vocab WHERE term IN :terms").bindparams(
        bindparam("terms", expanding=True)
    )
    rows = session.execute(statement, {"terms": [t.lower() for t in trigrams]})
    frequency: dict[str, int] = {term: count for term, count in rows}
    held = [t for t in trigrams if frequency.get(t.lower(), 0) > 0]
    return sorted(held, key=lambda t: frequency[t.lower()])[:RARE_TRIGRAMS]


def containing(
    session: Session, memories: Sequence[int], side: str, value: str, limit: int
) -> list[int]:
    """Ids of units of ``memories`` whose ``side`` ("source": the normalised source, or
    "target") contains ``value`` literally, case-insensitively; the newest first."""
    if not memories or not value:
        return []
    column = _COLUMNS[side]
    params = {"memories": list(memories), "limit": limit}
    sqlite = session.get_bind().dialect.name == "sqlite"
    query = None
    if sqlite and len(value) >= MIN_INDEXED_LENGTH:
        query = f"{column} : {_phrase(value)}"
    elif sqlite and side == "source":
        starting = session.scalars(
            text(
                "SELECT term FROM tm_units_fts_vocab WHERE term >= :low AND term < :high"
                " LIMIT :most"
            ),
            {"low": value, "high": value + _LAST, "most": SHORT_QUERY_TRIGRAMS + 1},
        ).all()
        if not starting:
            return []
        if len(starting) <= SHORT_QUERY_TRIGRAMS:
            query = f"{column} : (" + " OR ".join(_phrase(t) for t in starting) + ")"
    if query is not None:
        statement = text(
            "SELECT u.id FROM tm_units_fts JOIN tm_units u ON u.id = tm_units_fts.rowid"
            " WHERE tm_units_fts MATCH :query AND u.memory_id IN :memories"
            " AND u.withdrawn_at IS NULL ORDER BY tm_units_fts.rowid DESC LIMIT :limit"
        )
        params["query"] = query
    else:
        # The normalised source and the query are both case-folded already.
        like = "LIKE" if sqlite or side == "source" else "ILIKE"
        # Newest first, stopping at the limit: a Chinese search comes here on SQLite only for a
        # character held by many units. SQLite would otherwise read the memory's units through
        # the (memory, key) index and sort them all (360 ms for 人 in 200,000 units, against
        # 0.2 ms read backwards).
        units = "tm_units NOT INDEXED" if sqlite else "tm_units"
        statement = text(
            f"SELECT id FROM {units} WHERE {column} {like} :pattern ESCAPE '\\'"
            " AND memory_id IN :memories AND withdrawn_at IS NULL ORDER BY id DESC LIMIT :limit"
        )
        params["pattern"] = _like_pattern(value)
    rows = session.execute(statement.bindparams(_memories_param()), params)
    return [row[0] for row in rows]


def segments_containing(
    session: Session, project_id: int | None, side: str, value: str, limit: int
) -> list[int]:
    """Ids of the active segments of the project's documents (every project's with None) whose
    ``side`` ("source" or "target") contains ``value`` literally, case-insensitively, in
    document and reading order."""
    if not value:
        return []
    column = "source" if side == "source" else "target"
    params: dict = {"limit": limit}
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and len(value) >= MIN_INDEXED_LENGTH:
        matching = "s.id IN (SELECT rowid FROM segments_fts WHERE segments_fts MATCH :query)"
        params["query"] = f"{column} : {_phrase(value)}"
    else:
        # Two characters at most on SQLite, which no trigram holds: read in order, stop at
        # the limit. On PostgreSQL the trigram index serves ILIKE itself.
        like = "LIKE" if sqlite else "ILIKE"
        matching = f"s.{column} {like} :pattern ESCAPE '\\'"
        params["pattern"] = _like_pattern(value)
    in_project = ""
    if project_id is not None:
        in_project = " AND s.document_id IN (SELECT id FROM documents WHERE project_id = :project)"
        params["project"] = project_id
    statement = text(
        f"SELECT s.id FROM segments s WHERE {matching} AND s.active{in_project}"
        " ORDER BY s.document_id, s.position LIMIT :limit"
    )
    return [row[0] for row in session.execute(statement, params)]
