"""Segment roles: excluded segments need no translation, review or checks, block nothing, and
roles survive merge, split and undo; the sign-off hash covers them."""

import pytest
from sqlalchemy import select

from review_app.services import alignment, audit
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.errors import InvalidInput
from review_app.services.qa import ensure_checked, issues_by_segment
from review_app.services.updates import SegmentUpdate, update_segment
from review_app.store import Segment


def seg(session, document, label):
    return session.scalars(
        select(Segment).where(
            Segment.document_id == document.id, Segment.label == label, Segment.active
        )
    ).one()


def test_an_excluded_segment_needs_no_approval_and_blocks_no_sign_off(
    session, users, document, approve_all
):
    ensure_checked(session, [document.id])
    fourth = seg(session, document, "4")
    S.save_segment(session, users["translator"], fourth.id, target="", version=fourth.version)
    assert issues_by_segment(session, [fourth.id]).get(fourth.id)  # an empty target is an error
    fourth = seg(session, document, "4")
    S.set_role(session, users["translator"], fourth.id, role="excluded", version=fourth.version)
    assert not issues_by_segment(session, [fourth.id]).get(fourth.id)  # not checked
    for label in ("1", "2", "3"):
        s = seg(session, document, label)
        S.confirm_segment(session, users["translator"], s.id, target=s.target, version=s.version)
        R.approve_segment(session, users["editor"], s.id, version=s.version)
    assert seg(session, document, "4").status != "approved"
    state = R.checklist(session, document.id)
    assert (state.segments, state.approved, state.ready) == (3, 3, True)
    assert R.sign_off(session, users["editor"], document.id).sha256
    events = [e for e in audit.events(session, document.id) if e.kind == "role"]
    assert events and "body text → excluded" in events[0].summary


def test_the_sign_off_hash_covers_the_role(session, users, document, approve_all):
    approve_all()
    before = R.current_hash(session, document.id)
    first = seg(session, document, "1")
    first.role, first.heading_level = "heading", 2
    session.flush()
    assert R.current_hash(session, document.id) != before
    session.rollback()


def test_roles_survive_merge_split_and_undo(session, users, document):
    first = seg(session, document, "1")
    S.set_role(session, users["translator"], first.id, role="heading", level=2, version=1)
    first = seg(session, document, "1")
    result = alignment.split_segment(
        session, users["translator"], first.id, version=first.version, source_cut=1, target_cut=1
    )
    assert [(s.role, s.heading_level) for s in result.segments] == [("heading", 2)] * 2
    alignment.undo_operation(session, users["translator"], result.operation.id)
    first = seg(session, document, "1")
    assert (first.role, first.heading_level) == ("heading", 2)
    merged = alignment.merge_segments(session, users["translator"], first.id, version=first.version)
    assert (merged.segments[0].role, merged.segments[0].heading_level) == ("heading", 2)


def test_chrome_merged_into_text_takes_the_texts_role(session, users, document):
    first = seg(session, document, "1")
    S.set_role(session, users["translator"], first.id, role="excluded", version=1)
    first = seg(session, document, "1")
    merged = alignment.merge_segments(session, users["translator"], first.id, version=first.version)
    assert merged.segments[0].role == "body"


@pytest.mark.parametrize("role, level", [("title", None), ("heading", 7), ("heading", 0)], ids=str)
def test_unknown_roles_and_levels_are_refused(session, users, document, role, level):
    first = seg(session, document, "1")
    with pytest.raises(InvalidInput):
        S.set_role(session, users["translator"], first.id, role=role, level=level, version=1)
    assert seg(session, document, "1").role == "body"


def test_one_patch_sets_the_role_and_the_text(session, users, document):
    first = seg(session, document, "1")
    update_segment(
        session,
        users["translator"],
        first.id,
        SegmentUpdate(version=first.version, role="heading", heading_level=1, target="Title."),
    )
    first = seg(session, document, "1")
    assert (first.role, first.heading_level, first.target) == ("heading", 1, "Title.")
