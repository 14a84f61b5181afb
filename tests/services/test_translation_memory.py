"""Translation memory: approvals write units, imports pre-translate, projects keep apart."""

import pytest
from sqlalchemy import select

from review_app.formats.po import PoSegment
from review_app.services import projects, tm
from review_app.services.documents import ImportOptions, import_segments
from review_app.services.errors import Forbidden, InvalidInput
from review_app.services.glossary import import_glossary
from review_app.services.qa import ensure_checked
from review_app.services.review import approve_segment, reject_segment
from review_app.services.segments import confirm_segment, save_segment
from review_app.store import AuditEvent, Document, Glossary, QaIssue, Segment, TmUnit

SENTENCES = [
    ("国家知识产权局发布了年度报告。", "CNIPA published its annual report."),
    ("报告显示专利申请量继续增长。", "The report shows that patent filings kept growing."),
    ("局", "Bureau"),
]


def po(pairs, *, status="draft"):
    return [PoSegment(str(n), zh, en, en, status=status) for n, (zh, en) in enumerate(pairs, 1)]


def segments_of(session, document):
    return list(
        session.scalars(
            select(Segment).where(Segment.document_id == document.id).order_by(Segment.position)
        )
    )


def approve(session, users, segment, target=None):
    segment = confirm_segment(
        session,
        users["translator"],
        segment.id,
        target=target or segment.target,
        version=segment.version,
    )
    return approve_segment(session, users["editor"], segment.id, version=segment.version)


def import_po(session, users, pairs, title, **options):
    return import_segments(
        session, users["editor"], title=title, segments=po(pairs), options=ImportOptions(**options)
    )


def test_migration_gives_the_default_project_every_document_and_glossary(session, document):
    default = projects.default_project(session)
    assert session.get(Document, document.id).project_id == default.id
    settings = projects.settings_of(session, default.id)
    assert settings.read == settings.write and len(settings.read) == 1


def test_an_approved_segment_is_a_match_in_the_next_document_that_repeats_it(session, users):
    first = import_po(session, users, SENTENCES, "First")
    fixed = "CNIPA published its annual report for 2024."
    approve(session, users, segments_of(session, first)[0], fixed)
    unit = session.scalars(select(TmUnit)).one()
    assert (unit.target, unit.origin, unit.created_by) == (fixed, "approved in First", "editor")
    assert unit.next_source == SENTENCES[1][0] and unit.prev_source == ""

    second = import_po(session, users, [SENTENCES[0], ("另一句。", "Another.")], "Second")
    row = segments_of(session, second)[0]
    assert (row.target, row.status, row.tm_score) == (fixed, "draft", 100)
    assert row.draft == SENTENCES[0][1]  # the machine draft stays for the metrics
    assert row.tm_origin == "approved in First"
    assert tm.pretranslated_count(session, second.id) == 1
    [match] = tm.matches_for_segment(session, row)
    assert (match.score, match.unit.target) == (100, fixed)


def test_the_same_neighbours_make_a_context_match(session, users):
    first = import_po(session, users, SENTENCES[:2], "First")
    approve(session, users, segments_of(session, first)[0])
    second = import_po(session, users, SENTENCES[:2], "Second")
    assert segments_of(session, second)[0].tm_score == 101


def test_import_without_the_memory_leaves_the_draft(session, users):
    first = import_po(session, users, SENTENCES, "First")
    approve(session, users, segments_of(session, first)[0], "Approved text.")
    second = import_po(session, users, SENTENCES, "Second", use_memory=False)
    row = segments_of(session, second)[0]
    assert (row.target, row.tm_score) == (SENTENCES[0][1], None)


def test_fuzzy_matches_are_offered_best_first_but_not_applied(session, users):
    first = import_po(session, users, SENTENCES, "First")
    approve(session, users, segments_of(session, first)[0])
    second = import_po(session, users, [("国家知识产权局发布了季度报告。", "draft")], "Second")
    row = segments_of(session, second)[0]
    assert row.tm_score is None and row.target == "draft"
    [match] = tm.matches_for_segment(session, row)
    assert 80 <= match.score < 100 and not match.context_match


def test_a_one_character_source_is_found_by_its_key(session, users):
    first = import_po(session, users, SENTENCES, "First")
    approve(session, users, segments_of(session, first)[2])
    second = import_po(session, users, [("局", "office")], "Second")
    assert segments_of(session, second)[0].target == "Bureau"


def test_rejecting_or_editing_an_approved_segment_withdraws_its_unit(session, users):
    first = import_po(session, users, SENTENCES, "First")
    segment = approve(session, users, segments_of(session, first)[0])
    reject_segment(
        session,
        users["editor"],
        segment.id,
        version=segment.version,
        comment="Wrong.",
        category="Terminology",
        severity="Major",
    )
    unit = session.scalars(select(TmUnit)).one()
    assert unit.withdrawn_at is not None
    second = import_po(session, users, SENTENCES, "Second")
    assert segments_of(session, second)[0].tm_score is None
    # Approved again with a new text: the same unit, updated and offered again.
    segment = approve(session, users, session.get(Segment, segment.id), "Fixed text.")
    session.refresh(unit)
    assert (unit.withdrawn_at, unit.target) == (None, "Fixed text.")
    save_segment(
        session, users["translator"], segment.id, target="Edited.", version=segment.version
    )
    session.refresh(unit)
    assert unit.withdrawn_at is not None and session.scalars(select(TmUnit)).all() == [unit]


def test_only_an_admin_deletes_a_unit_and_the_audit_log_says_what(session, users):
    first = import_po(session, users, SENTENCES, "First")
    approve(session, users, segments_of(session, first)[0])
    unit = session.scalars(select(TmUnit)).one()
    with pytest.raises(Forbidden):
        tm.delete_unit(session, users["editor"], unit.id)
    tm.delete_unit(session, users["admin"], unit.id)
    assert session.scalars(select(TmUnit)).all() == []
    event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "memory")).one()
    assert event.details["source"] == SENTENCES[0][0] and event.user_id == users["admin"].id


def test_projects_keep_their_memories_apart(session, users):
    client = projects.create_project(session, users["editor"], "Client B")
    first = import_po(session, users, SENTENCES, "First", project_id=client.id)
    approve(session, users, segments_of(session, first)[0], "Client B wording.")
    elsewhere = import_po(session, users, SENTENCES, "Default doc")
    assert segments_of(session, elsewhere)[0].tm_score is None
    same_client = import_po(session, users, SENTENCES, "B again", project_id=client.id)
    assert segments_of(session, same_client)[0].target == "Client B wording."


def test_a_translator_may_not_create_projects(session, users):
    with pytest.raises(Forbidden):
        projects.create_project(session, users["translator"], "Mine")
    projects.create_project(session, users["editor"], "Mine")
    with pytest.raises(InvalidInput):
        projects.create_project(session, users["admin"], " Mine ")


def test_a_glossary_of_project_b_puts_no_warning_on_a_project_a_document(session, users):
    """The issue's case: a client's one-character term 局 must not reach other documents."""
    client = projects.create_project(session, users["editor"], "Client B")
    document_a = import_po(session, users, [("国家知识产权局发布了年度报告。", "CNIPA.")], "A")
    document_b = import_po(
        session, users, [("国家知识产权局发布了年度报告。", "CNIPA.")], "B", project_id=client.id
    )
    glossary = b"source,target,status,note\n\xe5\xb1\x80,Bureau,preferred,\n"
    import_glossary(
        session,
        users["editor"],
        name="B terms",
        data=glossary,
        filename="b.csv",
        project_id=client.id,
    )
    ensure_checked(session)
    terms = {
        document_id: session.scalars(
            select(QaIssue.term_source).where(
                QaIssue.document_id == document_id, QaIssue.term_source.is_not(None)
            )
        ).all()
        for document_id in (document_a.id, document_b.id)
    }
    assert terms == {document_a.id: [], document_b.id: ["局"]}
    default = projects.default_project(session)
    assert (
        session.scalars(select(Glossary.id)).all()
        and projects.glossary_ids(session, default.id) == []
    )


@pytest.mark.parametrize("query", ["局", ".*", "年度报告", "%", "(", "ANNUAL"])
def test_concordance_takes_any_query_literally(session, users, query):
    first = import_po(session, users, SENTENCES, "First")
    for segment in segments_of(session, first):
        approve(session, users, segment)
    side = "target" if query.isascii() and query.isalpha() else "source"
    hits = tm.concordance(session, query, side)
    expected = {
        "局": 2 + 2,  # two units and two segments contain it
        ".*": 0,
        "年度报告": 1 + 1,
        "%": 0,
        "(": 0,
        "ANNUAL": 1 + 1,
    }[query]
    assert len(hits) == expected
    assert all(query.casefold() in getattr(h, side).casefold() for h in hits)
    assert {h.where for h in hits} <= {"Default", "First"}


def test_concordance_refuses_an_unknown_side(session):
    with pytest.raises(InvalidInput):
        tm.concordance(session, "局", "both")
