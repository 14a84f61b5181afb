"""Ignoring a QA issue with a reason: kept and marked, no longer blocking, listed at sign-off.

Before, a wrong error (``glossary_missing`` on "safeguarding" for 保驾护航 → safeguard, say)
could never be dismissed and blocked sign-off for good.
"""

import pytest
from sqlalchemy import select

from review_app.services import audit
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.errors import Forbidden, InvalidInput, ServiceError
from review_app.services.issues import ignore_issue, unignore_issue
from review_app.store import QaIssue, Segment


def _segment(session, document, label):
    return session.scalars(
        select(Segment).where(Segment.document_id == document.id, Segment.label == label)
    ).one()


@pytest.fixture
def an_error(session, users, document, approve_all):
    """Everything approved, and one segment whose approved text carries an error."""
    approve_all()
    segment = _segment(session, document, "3")
    S.save_segment(
        session,
        users["editor"],
        segment.id,
        target="Fourth sentence 句子.",
        version=segment.version,
    )
    R.approve_segment(session, users["editor"], segment.id, version=segment.version)
    return session.scalars(
        select(QaIssue).where(QaIssue.segment_id == segment.id, QaIssue.severity == "error")
    ).first()


def test_an_editor_ignores_an_error_with_a_reason_and_sign_off_follows(
    session, users, document, an_error
):
    with pytest.raises(R.SignOffRefused, match="blocking"):
        R.sign_off(session, users["editor"], document.id)
    with pytest.raises(InvalidInput, match="why"):
        ignore_issue(session, users["editor"], an_error.id, "   ")
    with pytest.raises(Forbidden, match="only an editor"):
        ignore_issue(session, users["translator"], an_error.id, "The client wants it so.")
    ignored = ignore_issue(session, users["editor"], an_error.id, "The client's product name.")
    assert ignored.ignored_reason == "The client's product name."
    record = R.sign_off(session, users["editor"], document.id)
    event = audit.events(session, document.id)[-1]
    assert event.kind == "sign-off" and event.details["sign_off"] == record.id
    assert event.details["ignored_issues"][0]["reason"] == "The client's product name."
    assert [e.kind for e in audit.events(session, document.id)].count("qa") == 1


def test_taking_an_ignore_back_is_for_editors_and_the_error_blocks_again(
    session, users, document, an_error
):
    ignore_issue(session, users["editor"], an_error.id, "Not an error here.")
    with pytest.raises(Forbidden):
        unignore_issue(session, users["translator"], an_error.id)
    unignore_issue(session, users["admin"], an_error.id)
    assert R.checklist(session, document.id).blocking_issues == 1


def test_anyone_may_ignore_a_warning(session, users, document):
    segment = _segment(session, document, "1")
    S.save_segment(session, users["translator"], segment.id, target="First  sentence.", version=1)
    warning = session.scalars(
        select(QaIssue).where(QaIssue.segment_id == segment.id, QaIssue.severity == "warning")
    ).first()
    assert warning is not None
    assert ignore_issue(session, users["translator"], warning.id, "Deliberate.").ignored_at


def test_an_ignore_is_refused_on_a_signed_off_document(session, users, document, an_error):
    ignore_issue(session, users["editor"], an_error.id, "Fine here.")
    R.sign_off(session, users["editor"], document.id)
    with pytest.raises(ServiceError, match="read-only"):
        unignore_issue(session, users["editor"], an_error.id)
    session.refresh(an_error)
    assert an_error.ignored_at is not None
