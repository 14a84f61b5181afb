"""Approve, reject, bulk approval, sign-off and its revocation, the audit trail."""

import pytest
from sqlalchemy import select

from review_app.services import alignment, audit
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.errors import Conflict, Forbidden, InvalidInput, Locked
from review_app.services.segments import SegmentFilter
from review_app.store import AuditEvent, QaIssue, Revision, Segment, SignOff


def seg(session, document, label):
    return session.scalars(
        select(Segment).where(
            Segment.document_id == document.id, Segment.label == label, Segment.active
        )
    ).one()


def confirm_all(session, users, document):
    for label in ("1", "2", "3", "4"):
        s = seg(session, document, label)
        text = "Fifth sentence." if label == "4" else s.target
        S.confirm_segment(session, users["translator"], s.id, target=text, version=s.version)


def kinds(session, document):
    return [e.kind for e in audit.events(session, document.id)]


def test_translator_may_not_approve_or_reject(session, users, document):
    s = seg(session, document, "4")
    with pytest.raises(Forbidden):
        R.approve_segment(session, users["translator"], s.id, version=s.version)
    with pytest.raises(Forbidden):
        R.reject_segment(
            session,
            users["translator"],
            s.id,
            version=s.version,
            comment="No",
            category="Style",
            severity="Minor",
        )


def test_approve_needs_a_confirmed_segment_and_records_a_revision(session, users, document):
    draft = seg(session, document, "1")
    with pytest.raises(InvalidInput, match="confirms it first"):
        R.approve_segment(session, users["editor"], draft.id, version=1)
    s = seg(session, document, "4")
    done = R.approve_segment(session, users["editor"], s.id, version=1)
    assert (done.status, done.version) == ("approved", 2)
    assert S.history(session, s.id)[0].kind == "approve"
    assert kinds(session, document)[-1] == "status"


def test_a_stale_approval_is_a_conflict(session, users, document):
    s = seg(session, document, "4")
    S.save_segment(session, users["translator"], s.id, target="Fifth.", version=1)
    with pytest.raises(Conflict):
        R.approve_segment(session, users["editor"], s.id, version=1)


@pytest.mark.parametrize(
    ("comment", "category", "severity", "message"),
    [
        ("  ", "Style", "Minor", "needs a comment"),
        ("Wrong term", "Spelling", "Minor", "Unknown error category"),
        ("Wrong term", "Terminology", "Huge", "Unknown severity"),
    ],
)
def test_a_rejection_needs_comment_category_and_severity(
    session, users, document, comment, category, severity, message
):
    s = seg(session, document, "4")
    with pytest.raises(InvalidInput, match=message):
        R.reject_segment(
            session,
            users["editor"],
            s.id,
            version=1,
            comment=comment,
            category=category,
            severity=severity,
        )
    assert seg(session, document, "4").status == "translated"


def test_reject_then_fix_and_confirm_makes_it_translated_again(session, users, document):
    s = seg(session, document, "4")
    R.reject_segment(
        session,
        users["editor"],
        s.id,
        version=1,
        comment="Remove the markup.",
        category="Accuracy/Addition",
        severity="Major",
    )
    assert s.status == "rejected"
    reason = R.latest_rejection(session, s.id)
    assert (reason.comment, reason.category, reason.severity) == (
        "Remove the markup.",
        "Accuracy/Addition",
        "Major",
    )
    assert reason.user.username == "editor"
    S.confirm_segment(session, users["translator"], s.id, target="Fifth sentence.", version=2)
    assert seg(session, document, "4").status == "translated"


def test_editing_approved_text_makes_it_translated(session, users, document):
    s = seg(session, document, "4")
    R.approve_segment(session, users["editor"], s.id, version=1)
    S.save_segment(session, users["translator"], s.id, target="Fifth.", version=2)
    assert seg(session, document, "4").status == "translated"


def test_bulk_approve_takes_translated_segments_only_one_event_each(session, users, document):
    for label in ("1", "3"):
        s = seg(session, document, label)
        S.confirm_segment(session, users["translator"], s.id, target=s.target, version=1)
    before = len(kinds(session, document))
    approved = R.bulk_approve(session, users["editor"], document.id, SegmentFilter())
    assert sorted(s.label for s in approved) == ["1", "3", "4"]
    assert seg(session, document, "2").status == "draft"
    new_events = audit.events(session, document.id)[before:]
    status_events = [e for e in new_events if e.kind == "status"]
    assert sorted(e.segment_id for e in status_events) == sorted(s.id for s in approved)


def test_bulk_approve_follows_the_filter_and_leaves_error_segments(session, users, document):
    confirm_all(session, users, document)
    approved = R.bulk_approve(
        session, users["editor"], document.id, SegmentFilter(low_confidence=True)
    )
    assert [s.label for s in approved] == ["2"]
    with pytest.raises(Forbidden):
        R.bulk_approve(session, users["translator"], document.id, SegmentFilter())


def test_bulk_approve_never_approves_a_segment_with_an_error(session, users, document):
    confirm_all(session, users, document)
    s = seg(session, document, "3")
    session.add(
        QaIssue(
            document_id=document.id,
            segment_id=s.id,
            check_id="numbers",
            severity="error",
            message="A number is missing.",
            source_spans=[],
            target_spans=[],
        )
    )
    session.commit()
    approved = R.bulk_approve(session, users["editor"], document.id, SegmentFilter())
    assert "3" not in [a.label for a in approved]
    assert seg(session, document, "3").status == "translated"


def test_sign_off_is_refused_with_reasons_then_recorded_with_a_hash(
    session, users, document, approve_all
):
    with pytest.raises(Forbidden):
        R.sign_off(session, users["translator"], document.id)
    with pytest.raises(R.SignOffRefused) as refused:
        R.sign_off(session, users["editor"], document.id)
    assert any("not approved" in reason for reason in refused.value.reasons)
    approve_all()
    record = R.sign_off(session, users["editor"], document.id)
    assert record.user.username == "editor" and len(record.sha256) == 64
    assert record.sha256 == R.current_hash(session, document.id)
    assert document.status == "signed_off"
    assert R.sign_off(session, users["editor"], document.id).id == record.id
    state = R.sign_off_state(session, document.id)
    assert state.sign_off.id == record.id
    assert (state.checklist.approved, state.checklist.segments) == (4, 4)
    assert state.checklist.low_confidence == 1
    assert kinds(session, document)[-1] == "sign-off"


def _revoke_by_edit(session, users, document):
    s = seg(session, document, "3")
    S.save_segment(session, users["translator"], s.id, target="The fourth.", version=s.version)


def _revoke_by_merge(session, users, document):
    s = seg(session, document, "3")
    alignment.merge_segments(session, users["translator"], s.id, version=s.version)


def _revoke_by_split(session, users, document):
    s = seg(session, document, "1")
    alignment.split_segment(
        session, users["translator"], s.id, version=s.version, source_cut=1, target_cut=1
    )


def _revoke_by_status(session, users, document):
    s = seg(session, document, "3")
    R.reject_segment(
        session,
        users["editor"],
        s.id,
        version=s.version,
        comment="Tense.",
        category="Fluency/Grammar",
        severity="Minor",
    )


@pytest.mark.parametrize(
    "change", [_revoke_by_edit, _revoke_by_merge, _revoke_by_split, _revoke_by_status]
)
def test_any_change_after_sign_off_is_refused_until_an_editor_reopens(
    session, users, document, change, approve_all
):
    approve_all()
    record = R.sign_off(session, users["editor"], document.id)
    before = len(audit.events(session, document.id))
    with pytest.raises(Locked, match="signed off by editor .* read-only.*reopen"):
        change(session, users, document)
    session.refresh(record)
    assert record.revoked_at is None
    assert R.valid_sign_off(session, document.id) is not None
    assert len(audit.events(session, document.id)) == before  # nothing of it was kept
    assert session.get(type(document), document.id).status == "signed_off"
    R.reopen(session, users["editor"], document.id, "Segment 3 reads badly.")
    session.refresh(record)
    assert record.revoked_reason == "reopened by editor: Segment 3 reads badly."
    assert R.valid_sign_off(session, document.id) is None
    assert session.get(type(document), document.id).status != "signed_off"
    change(session, users, document)
    kinds_after = [e.kind for e in audit.events(session, document.id)][before:]
    assert kinds_after[:2] == ["revocation", "reopen"]


def test_reopening_needs_an_editor_a_reason_and_a_sign_off(session, users, document, approve_all):
    approve_all()
    with pytest.raises(InvalidInput, match="not signed off"):
        R.reopen(session, users["editor"], document.id, "Why not.")
    R.sign_off(session, users["editor"], document.id)
    with pytest.raises(InvalidInput, match="Say why"):
        R.reopen(session, users["editor"], document.id, "   ")
    with pytest.raises(Forbidden):
        R.reopen(session, users["translator"], document.id, "I want to edit.")
    assert R.valid_sign_off(session, document.id) is not None


def test_a_sign_off_whose_hash_no_longer_matches_is_not_valid(
    session, users, document, approve_all
):
    approve_all()
    R.sign_off(session, users["editor"], document.id)
    # A change behind the services' back (a database edit): the hash still catches it.
    s = seg(session, document, "1")
    s.target = "Tampered."
    session.commit()
    assert R.valid_sign_off(session, document.id) is None


def test_the_audit_log_only_grows_and_covers_each_kind_of_change(session, users, document):
    snapshots = []

    def snapshot():
        snapshots.append(
            [(e.id, e.kind, e.summary, e.created_at) for e in audit.events(session, document.id)]
        )

    snapshot()
    s = seg(session, document, "1")
    S.save_segment(session, users["translator"], s.id, target="One.", version=1)
    snapshot()
    S.add_comment(session, users["translator"], s.id, "Is this right?")
    snapshot()
    alignment.merge_segments(session, users["translator"], s.id, version=2)
    for earlier, later in zip(snapshots, snapshots[1:], strict=False):
        assert later[: len(earlier)] == earlier and len(later) > len(earlier)
    assert {"import", "edit", "comment", "merge"} <= set(kinds(session, document))
    # Every revision is kept alongside.
    assert session.scalar(select(Revision.id).where(Revision.segment_id == s.id)) is not None
    # Nothing can rewrite history, even by going around the services.
    event = session.get(AuditEvent, snapshots[-1][0][0])
    event.kind = "edit"
    with pytest.raises(PermissionError):
        session.commit()
    session.rollback()
    assert session.scalar(select(SignOff.id)) is None


def test_an_editor_may_correct_and_approve_in_one_step(session, users, document):
    s = seg(session, document, "4")
    with pytest.raises(Forbidden):
        R.approve_segment(session, users["translator"], s.id, version=1, target="Fifth.")
    draft = seg(session, document, "1")
    with pytest.raises(InvalidInput):
        R.approve_segment(session, users["editor"], draft.id, version=1, target="One.")
    assert seg(session, document, "1").target == "First sentence. Second sentence."
    done = R.approve_segment(session, users["editor"], s.id, version=1, target="Fifth.")
    assert (done.target, done.status) == ("Fifth.", "approved")
    assert [r.kind for r in S.history(session, s.id)] == ["approve", "edit"]
