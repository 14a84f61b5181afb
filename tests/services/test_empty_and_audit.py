"""Holes the probe found in the segment services: an empty translation confirmed and
approved, a comment resolved without a trace in the audit log."""

import pytest
from sqlalchemy import select, update

from review_app.services import audit
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.errors import InvalidInput
from review_app.services.segments import SegmentFilter
from review_app.store import Segment


def _segment(session, document, label):
    return session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.label == label)
    ).one()


def test_an_empty_translation_cannot_be_confirmed(session, users, document):
    segment = _segment(session, document, "1")
    for empty in ("", "  \n "):
        with pytest.raises(InvalidInput, match="empty translation cannot be confirmed"):
            S.confirm_segment(
                session, users["translator"], segment.id, target=empty, version=segment.version
            )
    session.refresh(segment)
    assert (segment.status, segment.target) == ("draft", "First sentence. Second sentence.")


def test_an_empty_translated_segment_cannot_be_approved(session, users, document):
    """However it got there (an older PO import, say), empty text is never approved."""
    segment = _segment(session, document, "4")
    session.execute(update(Segment).where(Segment.id == segment.id).values(target=""))
    session.commit()
    session.refresh(segment)
    with pytest.raises(InvalidInput, match="cannot be approved"):
        R.approve_segment(session, users["editor"], segment.id, version=segment.version)
    approved = R.bulk_approve(session, users["editor"], document.id, SegmentFilter())
    assert segment.id not in {s.id for s in approved}
    session.refresh(segment)
    assert segment.status == "translated"


def test_resolving_a_comment_is_audited(session, users, document):
    segment = _segment(session, document, "2")
    comment = S.add_comment(session, users["translator"], segment.id, "Is this a name?")
    S.resolve_comment(session, users["editor"], comment.id)
    event = audit.events(session, document.id)[-1]
    assert (event.kind, event.segment_id, event.user_id) == (
        "comment",
        segment.id,
        users["editor"].id,
    )
    assert event.details["action"] == "resolve" and event.details["comment"] == comment.id
    # Resolving it again changes nothing and records nothing.
    S.resolve_comment(session, users["editor"], comment.id)
    assert audit.events(session, document.id)[-1].id == event.id
