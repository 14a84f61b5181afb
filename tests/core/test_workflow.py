"""Workflow rules: every allowed and refused status move, sign-off, hashes, MQM scores."""

import pytest

from review_app.core.workflow import (
    DocumentStatus,
    MqmSeverity,
    Rejection,
    SegmentStatus,
    SignOffChecklist,
    WorkflowError,
    change_status,
    content_hash,
    document_status,
    mqm_score,
    status_after_edit,
    status_after_realignment,
)

REASON = Rejection("Wrong title: Deputy Commissioner", "Terminology", MqmSeverity.MAJOR)

ALLOWED = [
    # (current, wanted, role)
    ("draft", "translated", "translator"),
    ("rejected", "translated", "translator"),
    ("approved", "translated", "translator"),
    ("translated", "approved", "editor"),
    ("translated", "approved", "admin"),
    ("approved", "approved", "editor"),
    ("translated", "rejected", "editor"),
    ("approved", "rejected", "editor"),
]


@pytest.mark.parametrize(("current", "wanted", "role"), ALLOWED)
def test_allowed_moves(current: str, wanted: str, role: str) -> None:
    rejection = REASON if wanted == "rejected" else None
    result = change_status(current, wanted, role, target="Text.", rejection=rejection)
    assert result is SegmentStatus(wanted)


REFUSED = [
    # (current, wanted, role, rejection, forbidden, words of the message)
    ("translated", "approved", "translator", None, True, "Only editors"),
    ("translated", "rejected", "translator", REASON, True, "Only editors"),
    ("draft", "approved", "editor", None, False, "confirms it first"),
    ("rejected", "approved", "editor", None, False, "confirms it first"),
    ("draft", "rejected", "editor", REASON, False, "Only translated or approved"),
    ("translated", "rejected", "editor", None, False, "needs a comment"),
    ("translated", "rejected", "editor", Rejection("  ", "Style", "Minor"), False, "comment"),
    ("translated", "rejected", "editor", Rejection("x", "Spelling", "Minor"), False, "category"),
    ("translated", "draft", "editor", None, False, "back to draft"),
]


@pytest.mark.parametrize(("current", "wanted", "role", "rejection", "forbidden", "words"), REFUSED)
def test_refused_moves(current, wanted, role, rejection, forbidden, words) -> None:
    with pytest.raises(WorkflowError, match=words) as caught:
        change_status(current, wanted, role, target="Text.", rejection=rejection)
    assert caught.value.forbidden is forbidden


def test_an_empty_translation_cannot_be_confirmed_or_approved() -> None:
    with pytest.raises(WorkflowError, match="empty"):
        change_status("draft", "translated", "translator", target="  ")
    with pytest.raises(WorkflowError, match="cannot be approved"):
        change_status("translated", "approved", "editor", target=" \n")


def test_a_bad_severity_is_refused() -> None:
    with pytest.raises(ValueError):
        change_status(
            "translated",
            "rejected",
            "editor",
            target="x",
            rejection=Rejection("why", "Style", "Severe"),
        )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("approved", "translated"),
        ("translated", "translated"),
        ("draft", "draft"),
        ("rejected", "rejected"),
    ],
)
def test_an_edit_returns_approved_text_to_translated(before: str, after: str) -> None:
    assert status_after_edit(before) is SegmentStatus(after)


@pytest.mark.parametrize(
    ("statuses", "signed_off", "published", "expected"),
    [
        (["draft", "translated"], False, False, DocumentStatus.IN_TRANSLATION),
        (["rejected", "approved"], False, False, DocumentStatus.IN_TRANSLATION),
        (["translated", "approved"], False, False, DocumentStatus.IN_REVIEW),
        ([], False, False, DocumentStatus.IN_TRANSLATION),
        (["approved"], True, False, DocumentStatus.SIGNED_OFF),
        (["approved"], True, True, DocumentStatus.PUBLISHED),
    ],
)
def test_document_status(statuses, signed_off, published, expected) -> None:
    assert document_status(statuses, signed_off, published) is expected


def test_sign_off_checklist_says_what_is_missing() -> None:
    checklist = SignOffChecklist(segments=10, approved=8, blocking_issues=1, low_confidence=2)
    assert not checklist.ready
    assert checklist.reasons == [
        "2 of 10 segments are not approved.",
        "1 blocking QA issues are open.",
    ]
    assert SignOffChecklist(segments=3, approved=3, blocking_issues=0, low_confidence=1).ready
    assert not SignOffChecklist(segments=0, approved=0, blocking_issues=0, low_confidence=0).ready


def test_content_hash_changes_with_any_text_status_or_order() -> None:
    segments = [
        ("1", "大会", "The conference", "approved"),
        ("2", "会议", "The meeting", "approved"),
    ]
    original = content_hash(segments)
    assert len(original) == 64
    assert content_hash(list(segments)) == original
    assert content_hash([segments[0], ("2", "会议", "The meeting.", "approved")]) != original
    assert content_hash([segments[0], ("2", "会议", "The meeting", "rejected")]) != original
    assert content_hash(segments[::-1]) != original
    assert content_hash(segments[:1]) != original


def test_mqm_score_is_penalty_per_thousand_words() -> None:
    assert mqm_score(["Minor", "Major", "Critical"], 800) == pytest.approx(20.0)
    assert mqm_score([], 800) == 0.0
    assert mqm_score(["Major"], 0) == 0.0


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("approved", "approved"), "translated"),
        (("approved", "rejected"), "rejected"),
        (("rejected", "draft"), "draft"),
        (("translated",), "translated"),
    ],
)
def test_a_realigned_segment_loses_approval_and_keeps_unfinished_work(statuses, expected):
    assert status_after_realignment(*statuses) == expected
