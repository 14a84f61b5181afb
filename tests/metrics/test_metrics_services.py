"""services.metrics: what the dashboard and ``review-app stats`` are built from."""

import pytest

from review_app.formats.po import PoSegment
from review_app.services.documents import active_segments, import_segments
from review_app.services.errors import NotFound
from review_app.services.metrics import (
    all_documents_stats,
    document_stats,
    find_document,
)
from review_app.services.review import approve_segment, reject_segment
from review_app.services.segments import (
    add_comment,
    confirm_segment,
    revert_segment,
    save_segment,
)


def ids_of(session, document):
    return [s.id for s in active_segments(session, document.id)]


def test_a_fresh_import(session, document):
    stats = document_stats(session, document.id)
    assert stats.title == "Sample"
    assert stats.counts == {"draft": 3, "translated": 1}
    assert (stats.total, stats.confirmed) == (4, 1)
    assert [p.label for p in stats.progress] and stats.progress[-1].counts["draft"] == 3
    assert stats.activity == [] and stats.translators == []
    assert stats.mqm is None
    assert stats.metrics.shares.count("light") == 1  # the PO's fourth segment, pre-edited


def test_metrics_cover_confirmed_segments_and_the_table_every_segment(session, users, document):
    first, second, third, _ = ids_of(session, document)
    translator, editor = users["translator"], users["editor"]
    confirm_segment(session, translator, first, target="First sentence.", version=1)
    # The editor changes a segment, the translator confirms it unchanged: it is the editor's.
    save_segment(session, editor, second, target="The third sentence.", version=1)
    confirm_segment(session, translator, second, target="The third sentence.", version=2)
    save_segment(session, translator, third, target="Not confirmed.", version=1)
    stats = document_stats(session, document.id)
    assert stats.confirmed == 3
    assert [row.id for row in stats.segments] == ids_of(session, document)
    assert sum(b.count for b in stats.histogram) == 3
    assert len(stats.metrics.segments) == 3
    by_name = {t.username: len(t.metrics.segments) for t in stats.translators}
    assert by_name == {"translator": 1, "editor": 1}  # the imported translated one: nobody's
    assert stats.segments[2].metrics.edited and stats.segments[2].status == "draft"


def test_progress_follows_the_revisions(session, users, document):
    first, second, *_ = ids_of(session, document)
    translator = users["translator"]
    confirm_segment(session, translator, first, target="One.", version=1)
    confirm_segment(session, translator, second, target="Two.", version=1)
    revert_segment(session, translator, second, version=2)  # text back; status stays
    progress = document_stats(session, document.id).progress
    # The import and the work fall in the same minute: the imported state comes first.
    assert progress[0].label == "import"
    assert progress[0].counts == {"draft": 3, "translated": 1, "approved": 0, "rejected": 0}
    assert progress[-1].counts == {"draft": 1, "translated": 3, "approved": 0, "rejected": 0}
    assert all(p.total == 4 for p in progress)


def test_activity_per_person(session, users, document):
    first, second, *_ = ids_of(session, document)
    translator, editor = users["translator"], users["editor"]
    save_segment(session, translator, first, target="One.", version=1)
    confirm_segment(session, translator, first, target="One.", version=2)
    revert_segment(session, translator, first, version=3)
    add_comment(session, editor, second, "Looks fine.")
    activity = {p.username: p for p in document_stats(session, document.id).activity}
    assert activity["translator"].by_kind == {"edit": 1, "confirm": 1, "revert": 1}
    assert activity["translator"].count("other") == 0 and activity["translator"].total == 3
    assert activity["editor"].comments == 1 and activity["editor"].total == 1
    assert activity["editor"].last_active is not None


def test_all_documents(session, users, document):
    other = import_segments(
        session,
        users["editor"],
        title="Other",
        segments=[
            PoSegment("1", "你好。", target="Hello there.", draft="Hello.", status="translated")
        ],
    )
    # A file cannot approve (the import caps it at translated): the editor does.
    (segment,) = active_segments(session, other.id)
    approve_segment(session, users["editor"], segment.id, version=segment.version)
    stats = all_documents_stats(session)
    assert stats.title == "All documents"
    assert stats.total == 5 and stats.confirmed == 2
    lines = {line.document.title: line for line in stats.documents}
    assert lines["Other"].counts == {"approved": 1}
    assert lines["Other"].metrics.ter == pytest.approx(100.0)  # "Hello." -> "Hello there."
    assert lines["Sample"].metrics is not None
    assert [p.total for p in stats.progress][-1] == 5
    assert other.id in {line.document.id for line in stats.documents}


def test_qa_counts_by_check(session, users, document):
    first, *_ = ids_of(session, document)
    save_segment(session, users["translator"], first, target="Still 中文 here", version=1)
    qa = {q.check_id: q for q in document_stats(session, document.id).qa}
    assert any(q.errors for q in qa.values())
    assert all(q.title and q.total == q.errors + q.warnings for q in qa.values())


@pytest.mark.parametrize("reference", ["id", "slug"])
def test_find_document(session, document, reference):
    value = str(document.id) if reference == "id" else document.slug
    assert find_document(session, value).id == document.id


def test_find_no_document(session):
    with pytest.raises(NotFound, match="Give a document id or slug"):
        find_document(session, "404")
    with pytest.raises(NotFound):
        document_stats(session, 404)


def test_mqm_from_rejections_and_review_activity(session, users, document):
    first, second, third, fourth = ids_of(session, document)
    editor = users["editor"]
    assert document_stats(session, document.id).mqm is None
    confirm_segment(session, users["translator"], first, target="First sentence.", version=1)
    approve_segment(session, editor, first, version=2)
    reject_segment(
        session,
        editor,
        fourth,
        version=1,
        comment="Markup in the text.",
        category="Accuracy/Addition",
        severity="Major",
    )
    stats = document_stats(session, document.id)
    words = 2 + 2 + 2 + 3  # the current targets
    assert stats.mqm.rejections == 1
    assert stats.mqm.by_severity == {"Minor": 0, "Major": 1, "Critical": 0}
    assert stats.mqm.by_category == {"Accuracy/Addition": 1}
    assert stats.mqm.words == words
    assert stats.mqm.per_thousand_words == pytest.approx(round(5 * 1000 / words, 2))
    reviewer = next(p for p in stats.activity if p.username == "editor")
    assert (reviewer.count("approve"), reviewer.count("reject")) == (1, 1)
    assert stats.counts == {"approved": 1, "draft": 2, "rejected": 1}


def test_a_save_stores_its_statistics_and_the_figures_come_from_the_store(session, users, document):
    from sqlalchemy import func, select

    from review_app.core.metrics import pair_statistics
    from review_app.services import metrics as metrics_service
    from review_app.store import PairStatistic

    first, second, *_ = ids_of(session, document)
    before = session.scalar(select(func.count()).select_from(PairStatistic))
    confirm_segment(session, users["translator"], first, target="The first sentence.", version=1)
    save_segment(session, users["translator"], second, target="Sentence three.", version=1)
    assert session.scalar(select(func.count()).select_from(PairStatistic)) == before + 2
    fresh = document_stats(session, document.id)
    # The imported pairs no save has stored: kept by the step that follows a read.
    metrics_service.store_computed_statistics(
        session, metrics_service.take_computed_statistics(session)
    )
    # As after a restart: both in-process memos empty, only the store remembers.
    pair_statistics.cache_clear()
    metrics_service._parsed.cache_clear()
    stored = document_stats(session, document.id)
    assert pair_statistics.cache_info().currsize == 0  # nothing had to be computed again
    assert (stored.metrics.bleu, stored.metrics.chrf, stored.metrics.ter) == (
        fresh.metrics.bleu,
        fresh.metrics.chrf,
        fresh.metrics.ter,
    )
    assert [row.metrics for row in stored.segments] == [row.metrics for row in fresh.segments]


def test_a_read_commits_nothing_of_the_callers_session(session, users, document):
    """Reads used to store the pairs they measured by committing the caller's session, and
    with it whatever the caller had not decided to keep."""
    from review_app.store import PairStatistic, Segment

    stored = session.query(PairStatistic).count()
    segment = session.get(Segment, ids_of(session, document)[0])
    segment.target = "A change the caller has not committed."
    document_stats(session, document.id)
    all_documents_stats(session)
    session.rollback()
    assert session.get(Segment, segment.id).target == "First sentence. Second sentence."
    assert session.query(PairStatistic).count() == stored


def test_the_pairs_a_read_measured_are_stored_by_a_step_of_their_own(session, document):
    from review_app.services import metrics as metrics_service
    from review_app.store import PairStatistic

    stored = session.query(PairStatistic).count()
    stats = document_stats(session, document.id)
    measured = len({(row.draft, row.target) for row in stats.segments})
    computed = metrics_service.take_computed_statistics(session)
    assert len(computed) == measured
    assert metrics_service.take_computed_statistics(session) == {}  # taken once
    assert metrics_service.store_computed_statistics(session, computed) == measured
    assert session.query(PairStatistic).count() == stored + measured
    # Stored twice (two requests that measured the same pairs): nothing new, no error.
    assert metrics_service.store_computed_statistics(session, computed) == 0
    document_stats(session, document.id)
    assert metrics_service.take_computed_statistics(session) == {}
