"""Alignment fixes and their undo."""

import pytest
from sqlalchemy import select

from review_app.services import alignment as A
from review_app.services import segments as S
from review_app.services.errors import Conflict, InvalidInput
from review_app.store import Segment


def rows(session, document):
    page = S.list_segments(session, document.id)
    return [(s.label, s.source, s.target) for s in page.segments]


def by_label(session, document, label):
    return session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.label == label)
    ).one()


def test_merge_joins_both_sides_and_undo_restores_them(session, users, document):
    before = rows(session, document)
    first = by_label(session, document, "2")
    result = A.merge_segments(session, users["translator"], first.id, version=1)
    assert rows(session, document)[1] == (
        "2",
        "第三句。第四句。",
        "Third sentence. Fourth sentence.",
    )
    assert [s.label for s in result.removed] == ["3"]
    merged = result.segments[0]
    assert (merged.shape, merged.draft, merged.confidence) == (
        "2-2",
        "Third sentence. Fourth sentence.",
        None,
    )
    assert [r.kind for r in S.history(session, first.id)] == ["merge"]
    undone = A.undo_operation(session, users["translator"], result.operation.id)
    assert rows(session, document) == before
    assert [s.label for s in undone.added] == ["3"]
    assert by_label(session, document, "2").confidence == 0.2
    with pytest.raises(InvalidInput, match="already been undone"):
        A.undo_operation(session, users["translator"], result.operation.id)


def test_merge_of_the_last_segment_is_refused(session, users, document):
    last = by_label(session, document, "4")
    with pytest.raises(InvalidInput, match="no next segment"):
        A.merge_segments(session, users["translator"], last.id, version=1)


def test_split_chooses_a_boundary_on_each_side(session, users, document):
    seg = by_label(session, document, "1")
    result = A.split_segment(
        session, users["translator"], seg.id, version=1, source_cut=1, target_cut=1
    )
    assert [(s.label, s.source, s.target, s.draft, s.shape) for s in result.segments] == [
        ("1", "第一句。", "First sentence.", "First sentence.", "1-1"),
        ("1.1", "第二句。", "Second sentence.", "Second sentence.", "1-1"),
    ]
    assert [label for label, *_ in rows(session, document)] == ["1", "1.1", "2", "3", "4"]
    A.undo_operation(session, users["translator"], result.operation.id)
    assert [label for label, *_ in rows(session, document)] == ["1", "2", "3", "4"]


def test_split_leaving_one_side_empty_and_bad_boundaries(session, users, document):
    seg = by_label(session, document, "1")
    result = A.split_segment(
        session, users["translator"], seg.id, version=1, source_cut=2, target_cut=1
    )
    assert [(s.source, s.target) for s in result.segments] == [
        ("第一句。第二句。", "First sentence."),
        ("", "Second sentence."),
    ]
    again = result.segments[0]
    with pytest.raises(InvalidInput):
        A.split_segment(
            session,
            users["translator"],
            again.id,
            version=again.version,
            source_cut=5,
            target_cut=0,
        )
    with pytest.raises(InvalidInput, match="Both parts"):
        A.split_segment(
            session,
            users["translator"],
            again.id,
            version=again.version,
            source_cut=0,
            target_cut=0,
        )


def test_splits_between_close_positions_renumber_room(session, users, document):
    seg = by_label(session, document, "1")
    for _ in range(12):  # halving a gap of 1024 runs out after ten splits
        seg = by_label(session, document, "1")
        A.insert_empty_counterpart(
            session, users["translator"], seg.id, version=seg.version, side="target"
        )
        seg = by_label(session, document, "1")
        A.undo_operation(session, users["translator"], A.latest_undoable(session, seg.id).id)
    labels = [label for label, *_ in rows(session, document)]
    assert labels == ["1", "2", "3", "4"]


def test_move_sentences_between_neighbours(session, users, document):
    first = by_label(session, document, "1")
    result = A.move_sentence(
        session, users["translator"], first.id, version=1, side="target", direction="next"
    )
    assert [(s.label, s.target, s.draft) for s in result.segments] == [
        ("1", "First sentence.", "First sentence."),
        ("2", "Second sentence. Third sentence.", "Second sentence. Third sentence."),
    ]
    second = by_label(session, document, "2")
    A.move_sentence(
        session,
        users["translator"],
        second.id,
        version=second.version,
        side="source",
        direction="previous",
    )
    assert rows(session, document)[:2] == [
        ("1", "第一句。第二句。第三句。", "First sentence."),
        ("2", "", "Second sentence. Third sentence."),
    ]
    # Shapes count what each segment holds now (a move used to leave them as imported).
    assert [by_label(session, document, label).shape for label in ("1", "2")] == ["3-1", "0-2"]


def test_moving_the_only_sentences_away_removes_the_segment(session, users, document):
    seg = by_label(session, document, "3")
    A.move_sentence(
        session, users["translator"], seg.id, version=1, side="source", direction="previous"
    )
    seg = by_label(session, document, "3")
    result = A.move_sentence(
        session,
        users["translator"],
        seg.id,
        version=seg.version,
        side="target",
        direction="previous",
    )
    assert [s.label for s in result.removed] == ["3"]
    assert [label for label, *_ in rows(session, document)] == ["1", "2", "4"]


def test_insert_empty_counterpart(session, users, document):
    seg = by_label(session, document, "2")
    result = A.insert_empty_counterpart(
        session, users["translator"], seg.id, version=1, side="target"
    )
    assert [(s.label, s.source, s.target, s.shape) for s in result.segments] == [
        ("2", "第三句。", "", "1-0"),
        ("2.1", "", "Third sentence.", "0-1"),
    ]
    seg = by_label(session, document, "3")
    result = A.insert_empty_counterpart(
        session, users["translator"], seg.id, version=1, side="source"
    )
    assert [(s.source, s.target) for s in result.segments] == [
        ("", "Fourth sentence."),
        ("第四句。", ""),
    ]
    with pytest.raises(InvalidInput, match="already has an empty side"):
        first = result.segments[0]
        A.insert_empty_counterpart(
            session, users["translator"], first.id, version=first.version, side="target"
        )


def test_undo_is_refused_once_a_segment_changed(session, users, document):
    seg = by_label(session, document, "1")
    result = A.merge_segments(session, users["translator"], seg.id, version=1)
    merged = result.segments[0]
    S.save_segment(session, users["editor"], merged.id, target="Edited.", version=merged.version)
    with pytest.raises(Conflict, match="no longer possible"):
        A.undo_operation(session, users["translator"], result.operation.id)
    assert by_label(session, document, "1").target == "Edited."


def test_stale_version_is_a_conflict(session, users, document):
    seg = by_label(session, document, "1")
    S.save_segment(session, users["editor"], seg.id, target="Changed.", version=1)
    with pytest.raises(Conflict):
        A.merge_segments(session, users["translator"], seg.id, version=1)


def test_latest_undoable_skips_undone_operations(session, users, document):
    seg = by_label(session, document, "1")
    result = A.merge_segments(session, users["translator"], seg.id, version=1)
    assert A.latest_undoable(session, seg.id).id == result.operation.id
    A.undo_operation(session, users["translator"], result.operation.id)
    assert A.latest_undoable(session, seg.id) is None


def test_restructuring_approved_text_needs_review_again(session, users, document):
    last = by_label(session, document, "4")
    last.status = "approved"
    session.commit()
    third = by_label(session, document, "3")
    third.status = "approved"
    session.commit()
    result = A.merge_segments(session, users["translator"], third.id, version=third.version)
    assert result.segments[0].status == "translated"


def _coded(session, users):
    """Two imported segments whose inline codes share the number 1 with different tags."""
    from review_app.core.bilingual import BilingualSegment  # noqa: PLC0415
    from review_app.services.documents import import_segments  # noqa: PLC0415

    bold, link = '<g id="1" ctype="bold"/>', '<g id="1" ctype="link"/>'
    segments = [
        BilingualSegment(
            "seg-0001",
            "⟦1⟧甲⟦/1⟧。",
            "⟦1⟧A⟦/1⟧.",
            "⟦1⟧A⟦/1⟧.",
            "draft",
            codes=(("⟦1⟧", bold),),
        ),
        BilingualSegment(
            "seg-0002", "⟦1⟧乙⟦/1⟧。", "⟦1⟧B⟦/1⟧.", "⟦1⟧B⟦/1⟧.", "draft", codes=(("⟦1⟧", link),)
        ),
    ]
    document = import_segments(session, users["editor"], title="Coded", segments=segments)
    return document, bold, link


def test_a_merge_keeps_each_inline_code_pointing_at_its_own_tag(session, users):
    document, bold, link = _coded(session, users)
    first = by_label(session, document, "1")
    result = A.merge_segments(session, users["translator"], first.id, version=1)
    merged = result.segments[0]
    assert merged.target == "⟦1⟧A⟦/1⟧. ⟦2⟧B⟦/2⟧."
    assert merged.codes == {"⟦1⟧": bold, "⟦2⟧": link}
    A.undo_operation(session, users["translator"], result.operation.id)
    assert by_label(session, document, "1").codes == {"⟦1⟧": bold}
    assert by_label(session, document, "2").target == "⟦1⟧B⟦/1⟧."


def test_a_split_part_keeps_the_tags_of_its_codes(session, users):
    document, bold, link = _coded(session, users)
    first = by_label(session, document, "1")
    merged = A.merge_segments(session, users["translator"], first.id, version=1).segments[0]
    result = A.split_segment(
        session,
        users["translator"],
        merged.id,
        version=merged.version,
        source_cut=1,
        target_cut=1,
    )
    part = result.segments[1]
    assert part.target == "⟦2⟧B⟦/2⟧." and part.codes["⟦2⟧"] == link
