"""Every glossary change leaves an audit event that belongs to no document."""

from pathlib import Path

from sqlalchemy import select

from review_app.services import glossary as G
from review_app.services.audit import AUDIT_KINDS, record
from review_app.store import AuditEvent

CSV = (Path(__file__).resolve().parents[1] / "formats/golden/tbx/small.csv").read_bytes()


def glossary_events(session):
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.kind == "glossary").order_by(AuditEvent.id)
        )
    )


def test_record_accepts_events_of_no_document(session, users):
    record(session, users["admin"], None, "glossary", "something global")
    session.commit()
    [event] = glossary_events(session)
    assert event.document_id is None and "glossary" in AUDIT_KINDS


def test_adding_a_term_is_audited(session, users):
    term = G.add_term(session, users["editor"], None, G.TermFields("专利", "patent"))
    [event] = glossary_events(session)
    assert (event.document_id, event.user_id) == (None, users["editor"].id)
    assert event.details == {
        "action": "add",
        "glossary": term.glossary_id,
        "term": term.id,
        "source": "专利",
        "target": "patent",
    }
    assert "专利 → patent" in event.summary


def test_editing_a_term_is_audited_with_what_it_was(session, users):
    term = G.add_term(session, users["editor"], None, G.TermFields("专利", "patent"))
    G.update_term(session, users["admin"], term.id, G.TermFields("专利", "patents"))
    event = glossary_events(session)[-1]
    assert event.user_id == users["admin"].id
    assert event.details["action"] == "edit"
    assert (event.details["target"], event.details["old_target"]) == ("patents", "patent")


def test_deleting_a_term_is_audited(session, users):
    term = G.add_term(session, users["editor"], None, G.TermFields("专利", "patent"))
    G.delete_term(session, users["editor"], term.id)
    event = glossary_events(session)[-1]
    assert event.details["action"] == "delete" and event.details["term"] == term.id
    assert event.details["source"] == "专利"


def test_an_import_is_audited_with_its_counts(session, users):
    result = G.import_glossary(session, users["admin"], name="IP", data=CSV, filename="s.csv")
    [event] = glossary_events(session)
    assert event.details == {
        "action": "import",
        "glossary": result.glossary.id,
        "filename": "s.csv",
        "added": 6,
        "updated": 0,
    }


def test_an_import_from_the_command_line_is_audited_without_a_user(session):
    G.import_glossary(session, None, name="IP", data=CSV, filename="s.csv")
    [event] = glossary_events(session)
    assert event.user_id is None and event.details["action"] == "import"


def test_a_refused_change_leaves_no_event(session, users):
    G.add_term(session, users["editor"], None, G.TermFields("专利", "patent"))
    try:
        G.add_term(session, users["editor"], None, G.TermFields("专利", "patent"))
    except G.InvalidInput:
        pass
    assert len(glossary_events(session)) == 1
