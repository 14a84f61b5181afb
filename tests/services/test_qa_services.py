"""QA on save: issues stored at import, refreshed by saves and alignment fixes, filtered."""

import pytest
from sqlalchemy import select

from review_app.services import alignment as A
from review_app.services import documents as D
from review_app.services import glossary as G
from review_app.services import qa
from review_app.services import segments as S
from review_app.services.errors import InvalidInput
from review_app.store import Document, QaIssue, Segment


def seg(session, document, label):
    return session.scalars(
        select(Segment).where(
            Segment.document_id == document.id, Segment.label == label, Segment.active
        )
    ).one()


def stored(session, document):
    return sorted(
        (session.get(Segment, i.segment_id).label, i.check_id, i.severity)
        for i in session.scalars(select(QaIssue).where(QaIssue.document_id == document.id))
    )


def save(session, user, segment, target):
    return S.save_segment(session, user, segment.id, target=target, version=segment.version)


def test_import_checks_the_document_and_the_sample_is_clean(session, document):
    assert stored(session, document) == []
    assert session.get(Document, document.id).qa_stale is False


def test_a_save_stores_new_issues_and_drops_fixed_ones(session, users, document):
    first = seg(session, document, "1")
    save(session, users["translator"], first, "First sentence. Second 句子.")
    assert stored(session, document) == [("1", "untranslated", "error")]
    [issue] = qa.issues_by_segment(session, [first.id])[first.id]
    assert (issue.target_spans, issue.source_spans) == ([[23, 25]], [])
    save(session, users["translator"], first, "First sentence. Second sentence.")
    assert stored(session, document) == []


def test_a_save_rewrites_only_what_changed(session, users, document):
    first, third = seg(session, document, "1"), seg(session, document, "3")
    save(session, users["translator"], first, "")
    save(session, users["translator"], third, "Fourth  sentence.")
    kept = {i.id for i in session.scalars(select(QaIssue))}
    save(session, users["translator"], third, "Fourth  sentence!")
    assert ("1", "empty_target", "error") in stored(session, document)
    assert min(kept) in {i.id for i in session.scalars(select(QaIssue))}


def test_document_checks_run_on_every_save(session, users, document):
    # The same target for two different sources: the later segment is flagged.
    sentence = "The association held its annual meeting in Shanghai today."
    save(session, users["translator"], seg(session, document, "2"), sentence)
    save(session, users["translator"], seg(session, document, "3"), sentence)
    assert ("3", "inconsistent", "warning") in stored(session, document)
    save(session, users["translator"], seg(session, document, "2"), "Third sentence.")
    assert ("3", "inconsistent", "warning") not in stored(session, document)


def test_confirm_and_revert_refresh_too(session, users, document):
    first = seg(session, document, "1")
    S.confirm_segment(session, users["translator"], first.id, target="First 第二句。", version=1)
    assert ("1", "untranslated", "error") in stored(session, document)
    S.revert_segment(session, users["translator"], first.id, version=2)
    assert stored(session, document) == []


def test_alignment_fixes_drop_the_issues_of_removed_segments(session, users, document):
    second = seg(session, document, "2")
    save(session, users["translator"], second, "")
    result = A.merge_segments(session, users["translator"], second.id, version=2)
    assert [s.label for s in result.removed] == ["3"]
    labels = [label for label, *_ in stored(session, document)]
    assert "3" not in labels


def test_filters_by_issue_severity_and_check(session, users, document):
    save(session, users["translator"], seg(session, document, "1"), "")
    save(session, users["translator"], seg(session, document, "3"), "Fourth sentence 句子.")

    def labels(qa_filter):
        page = S.list_segments(session, document.id, S.SegmentFilter(qa=qa_filter))
        return [s.label for s in page.segments]

    assert labels("any") == ["1", "3"]
    assert labels("error") == ["1", "3"]
    assert labels("warning") == []
    assert labels("untranslated") == ["3"]
    assert labels("empty_target") == ["1"]
    with pytest.raises(InvalidInput, match="Unknown QA filter"):
        S.SegmentFilter(qa="spelling")


def test_counts_by_document_in_the_list(session, users, document):
    save(session, users["translator"], seg(session, document, "1"), "")
    [summary] = D.list_documents(session)
    assert summary.issues == {"error": 1}
    assert D.document_summary(session, document.id).issues == {"error": 1}


def test_a_glossary_change_is_applied_before_issues_are_next_read(session, users, document):
    G.add_term(session, users["editor"], None, G.TermFields("第三句", "the third sentence"))
    assert session.get(Document, document.id).qa_stale
    summary = D.document_summary(session, document.id)
    assert summary.issues == {"warning": 1}
    assert stored(session, document) == [("2", "glossary_missing", "warning")]
    assert session.get(Document, document.id).qa_stale is False


def test_on_a_long_document_the_document_checks_wait_for_run_deferred_checks(
    session, users, document, monkeypatch
):
    monkeypatch.setattr(qa, "SYNC_DOCUMENT_CHECKS_LIMIT", 2)
    sentence = "The third and fourth meetings of the association were held in Shanghai."
    save(session, users["translator"], seg(session, document, "2"), sentence)
    save(session, users["translator"], seg(session, document, "3"), "Fourth 句子.")
    save(session, users["translator"], seg(session, document, "3"), sentence)
    # The saved segment's own checks ran at once (its untranslated error is gone again) ...
    assert stored(session, document) == []
    deferred = qa.take_deferred_checks(session)
    assert deferred == {document.id}
    assert qa.take_deferred_checks(session) == set()
    # ... and the document checks run when asked to.
    qa.run_deferred_checks(session, deferred)
    assert stored(session, document) == [("3", "inconsistent", "warning")]


def test_a_stale_re_check_on_read_never_commits_the_callers_work(
    session, session_factory, users, document
):
    """``ensure_checked`` runs on reads (lists, dashboards): it used to commit whatever the
    caller's session held."""
    session.get(Document, document.id).qa_stale = True
    session.commit()
    pending = seg(session, document, "1")
    pending.target = "Not meant to be saved."
    qa.ensure_checked(session, [document.id])
    session.rollback()
    with session_factory() as other:
        assert other.get(Segment, pending.id).target == "First sentence. Second sentence."
        assert other.get(Document, document.id).qa_stale is False
