"""Saving, confirming, reverting, conflicts, filters and comments."""

import threading

import pytest
from sqlalchemy import func, select

from review_app.services import segments as S
from review_app.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from review_app.store import Revision, Segment, User


def segment(session, document, label):
    return session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.label == label)
    ).one()


def test_save_records_a_revision_and_bumps_the_version(session, users, document):
    seg = segment(session, document, "1")
    saved = S.save_segment(session, users["translator"], seg.id, target="New text.", version=1)
    assert (saved.target, saved.version, saved.status) == ("New text.", 2, "draft")
    assert saved.draft == "First sentence. Second sentence."
    [revision] = S.history(session, seg.id)
    assert (revision.kind, revision.old_target, revision.new_target) == (
        "edit",
        "First sentence. Second sentence.",
        "New text.",
    )
    assert revision.user.username == "translator"


def test_saving_unchanged_text_records_nothing(session, users, document):
    seg = segment(session, document, "1")
    S.save_segment(session, users["translator"], seg.id, target=seg.target, version=1)
    assert S.history(session, seg.id) == []


def test_stale_save_is_a_conflict_carrying_both_texts(session, users, document):
    seg = segment(session, document, "1")
    S.save_segment(session, users["editor"], seg.id, target="Theirs.", version=1)
    with pytest.raises(Conflict) as caught:
        S.save_segment(session, users["translator"], seg.id, target="Mine.", version=1)
    assert (caught.value.theirs, caught.value.yours) == ("Theirs.", "Mine.")
    assert segment(session, document, "1").target == "Theirs."


def test_stale_request_with_the_stored_text_is_not_a_conflict(session, users, document):
    """Saved on blur, then confirmed with the same text and the version seen before."""
    seg = segment(session, document, "1")
    S.save_segment(session, users["translator"], seg.id, target="Typed.", version=1)
    confirmed = S.confirm_segment(session, users["translator"], seg.id, target="Typed.", version=1)
    assert (confirmed.status, confirmed.target) == ("translated", "Typed.")


def test_confirm_marks_translated_and_editing_approved_text_demotes_it(session, users, document):
    seg = segment(session, document, "2")
    done = S.confirm_segment(session, users["translator"], seg.id, target="Third.", version=1)
    assert done.status == "translated"
    done.status = "approved"
    session.commit()
    same = S.confirm_segment(session, users["translator"], seg.id, target="Third.", version=3)
    assert same.status == "approved"
    edited = S.save_segment(session, users["translator"], seg.id, target="3rd.", version=3)
    assert edited.status == "translated"


def test_browser_line_endings_are_normalised(session, users, document):
    seg = segment(session, document, "1")
    saved = S.save_segment(session, users["translator"], seg.id, target="a\r\nb", version=1)
    assert saved.target == "a\nb"


def test_overlong_text_is_refused(session, users, document):
    seg = segment(session, document, "1")
    with pytest.raises(InvalidInput):
        S.save_segment(session, users["translator"], seg.id, target="x" * 20_001, version=1)


def test_revert_to_draft_and_to_a_revision(session, users, document):
    seg = segment(session, document, "1")
    S.save_segment(session, users["translator"], seg.id, target="One.", version=1)
    S.save_segment(session, users["translator"], seg.id, target="Two.", version=2)
    first = S.history(session, seg.id)[-1]
    back = S.revert_segment(session, users["translator"], seg.id, version=3, revision_id=first.id)
    assert back.target == "One."
    draft = S.revert_segment(session, users["translator"], seg.id, version=4)
    assert draft.target == draft.draft
    assert [r.kind for r in S.history(session, seg.id)] == ["revert", "revert", "edit", "edit"]
    with pytest.raises(Conflict):
        S.revert_segment(session, users["translator"], seg.id, version=1, revision_id=first.id)


def test_revision_of_another_segment_is_refused(session, users, document):
    one, two = segment(session, document, "1"), segment(session, document, "2")
    S.save_segment(session, users["translator"], one.id, target="One.", version=1)
    revision = S.history(session, one.id)[0]
    with pytest.raises(NotFound):
        S.revert_segment(session, users["translator"], two.id, version=1, revision_id=revision.id)


def test_concurrent_saves_of_one_version_let_exactly_one_win(session_factory, users, document):
    with session_factory() as session:
        seg_id = segment(session, document, "3").id
        actor_id = users["translator"].id
    outcomes, barrier = [], threading.Barrier(4)

    def save(n):
        with session_factory() as own:
            actor = own.get(User, actor_id)
            barrier.wait()
            try:
                S.save_segment(own, actor, seg_id, target=f"Writer {n}.", version=1)
                outcomes.append("saved")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    with session_factory() as session:
        count = session.scalar(select(func.count()).where(Revision.segment_id == seg_id))
        assert count == 1


@pytest.mark.parametrize(
    ("segment_filter", "labels"),
    [
        (S.SegmentFilter(), ["1", "2", "3", "4"]),
        (S.SegmentFilter(status="translated"), ["4"]),
        (S.SegmentFilter(status="unconfirmed"), ["1", "2", "3"]),
        (S.SegmentFilter(low_confidence=True), ["2"]),
        (S.SegmentFilter(query="FOURTH"), ["3"]),
        (S.SegmentFilter(query="第五"), ["4"]),
        (S.SegmentFilter(query="第五", field="target"), []),
        (S.SegmentFilter(query="%"), []),
        (S.SegmentFilter(query=r"^F\w+ sentence\.$", regex=True), ["3"]),
        (S.SegmentFilter(query="<script>", field="target"), ["4"]),
    ],
)
def test_filters(session, document, segment_filter, labels):
    page = S.list_segments(session, document.id, segment_filter)
    assert [s.label for s in page.segments] == labels


def test_invalid_regex_and_unknown_filters_are_explained():
    with pytest.raises(InvalidInput, match="regular expression"):
        S.SegmentFilter(query="(", regex=True)
    with pytest.raises(InvalidInput):
        S.SegmentFilter(status="finished")
    with pytest.raises(InvalidInput):
        S.SegmentFilter(field="notes")


def test_pages_continue_after_the_last_position(session, document):
    first = S.list_segments(session, document.id, limit=3)
    assert [s.label for s in first.segments] == ["1", "2", "3"]
    rest = S.list_segments(session, document.id, after=first.next_after, limit=3)
    assert [s.label for s in rest.segments] == ["4"]
    assert rest.next_after is None


def test_comments_are_added_and_resolved_by_author_or_editor(session, users, document):
    seg = segment(session, document, "1")
    comment = S.add_comment(session, users["translator"], seg.id, "  Check the date.  ")
    assert comment.body == "Check the date."
    other = S.add_comment(session, users["editor"], seg.id, "Editor's note")
    with pytest.raises(Forbidden):
        S.resolve_comment(session, users["translator"], other.id)
    assert (
        S.resolve_comment(session, users["editor"], comment.id).resolved_by_id == users["editor"].id
    )
    assert S.resolve_comment(session, users["editor"], other.id).resolved_at is not None
    with pytest.raises(InvalidInput):
        S.add_comment(session, users["translator"], seg.id, "   ")
    assert [c.body for c in S.comments(session, seg.id)] == ["Check the date.", "Editor's note"]
