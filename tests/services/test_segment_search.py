"""Regular-expression search: one dialect on every database, paged in order, bounded in time,
and never holding up other requests while it runs."""

import threading

import pytest
from sqlalchemy import select

from review_app.core.search import PatternError, PatternTooSlow, SearchPattern
from review_app.formats.po import PoSegment
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.documents import import_segments
from review_app.services.errors import InvalidInput
from review_app.services.users import authenticate
from review_app.store import Segment

# The probe's cases: a saved target of 24 "a"s and "!", and an ordinary sentence.
HOSTILE = "a" * 24 + "!"
# Long enough that even ``regex`` needs seconds for (a|aa)+$ on it.
SLOW = "a" * 40 + "!"
ORDINARY = "The second is to focus on the protection of intellectual property rights 2024!"


def _document(session, users, targets, status="draft"):
    segments = [
        PoSegment(str(n), "这是一句话。", target, target, status=status, confidence=0.9)
        for n, target in enumerate(targets, 1)
    ]
    return import_segments(session, users["editor"], title="Search", segments=segments)


def _labels(session, document, segment_filter, page_size=50):
    labels, after = [], None
    while True:
        page = S.list_segments(session, document.id, segment_filter, after=after, limit=page_size)
        labels += [segment.label for segment in page.segments]
        if page.next_after is None:
            return labels
        after = page.next_after


def test_the_probes_patterns_answer_at_once(session, users):
    document = _document(session, users, [HOSTILE, ORDINARY])
    for pattern in (r"(a+)+$", r"(\w+\s?)+\d$"):
        assert _labels(session, document, S.SegmentFilter(query=pattern, regex=True)) == []


def test_a_pattern_that_exhausts_its_budget_is_refused_with_a_message(session, users):
    document = _document(session, users, [SLOW])
    with pytest.raises(InvalidInput, match="took more than 2 s"):
        _labels(session, document, S.SegmentFilter(query=r"(a|aa)+$", regex=True))


def test_the_budget_is_shared_by_every_text_of_one_search() -> None:
    pattern = SearchPattern(r"(a|aa)+$", budget=0.3)
    with pytest.raises(PatternTooSlow):
        for _ in range(100):
            pattern.search("a" * 30 + "!")


def test_one_dialect_on_every_database(session, users):
    """``\\b``, Unicode classes and inline flags mean what Python users expect, whatever the
    store (PostgreSQL's own expressions would read ``\\b`` as a backspace)."""
    document = _document(session, users, ["Word boundary here.", "Keywords only.", "中文 left."])
    cases = {
        r"\bword\b": [],
        r"(?i)\bword\b": ["1"],
        r"\p{Han}": ["1", "2", "3"],  # every Chinese source, in both-fields search
    }
    for pattern, expected in cases.items():
        assert _labels(session, document, S.SegmentFilter(query=pattern, regex=True)) == expected
    target_only = S.SegmentFilter(query=r"\p{Han}", regex=True, field="target")
    assert _labels(session, document, target_only) == ["3"]
    with pytest.raises(PatternError):
        SearchPattern("(")


def test_paging_with_a_pattern_crosses_scan_batches_in_order(session, users, monkeypatch):
    monkeypatch.setattr(S, "SCAN_BATCH", 3)
    targets = [f"Sentence {n}." if n % 3 else f"Match {n}." for n in range(1, 31)]
    document = _document(session, users, targets)
    expected = [str(n) for n in range(1, 31) if n % 3 == 0]
    pattern = S.SegmentFilter(query=r"^Match \d+\.$", regex=True, field="target")
    assert _labels(session, document, pattern, page_size=4) == expected
    assert _labels(session, document, pattern, page_size=50) == expected


def test_bulk_approval_follows_the_pattern(session, users):
    document = _document(
        session, users, ["Keep this.", "Approve me.", "Approve me too."], "translated"
    )
    approved = R.bulk_approve(
        session, users["editor"], document.id, S.SegmentFilter(query=r"^Approve", regex=True)
    )
    assert sorted(segment.label for segment in approved) == ["2", "3"]
    statuses = dict(
        session.execute(
            select(Segment.label, Segment.status).where(Segment.document_id == document.id)
        ).all()
    )
    assert statuses == {"1": "translated", "2": "approved", "3": "approved"}


def test_a_nul_byte_in_a_search_is_refused():
    with pytest.raises(InvalidInput, match="NUL"):
        S.SegmentFilter(query="a\x00b")


def test_a_slow_search_does_not_hold_up_another_request(session_factory, session, users, password):
    """While a pattern burns its whole budget in one thread, a login (another session, as
    another server thread would) completes: the matcher releases the GIL and runs outside the
    database's own functions."""
    document = _document(session, users, [SLOW])
    search_done = threading.Event()
    outcome = {}

    def search():
        with session_factory() as own:
            try:
                S.list_segments(own, document.id, S.SegmentFilter(query=r"(a|aa)+$", regex=True))
            except InvalidInput as error:
                outcome["search"] = error
        search_done.set()

    thread = threading.Thread(target=search)
    thread.start()
    with session_factory() as other:
        user = authenticate(other, "translator", password)
        reads = other.scalar(select(Segment.id).where(Segment.document_id == document.id))
    login_finished_first = not search_done.is_set()
    thread.join(10)
    assert user.username == "translator" and reads is not None
    assert isinstance(outcome.get("search"), InvalidInput)
    assert login_finished_first, "the login waited for the search"
