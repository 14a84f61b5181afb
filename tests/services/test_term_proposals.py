"""Term proposals: translators propose from a segment's source, editors accept into a glossary
or reject with a reason; each step audited; a proposal is decided once."""

import pytest
from sqlalchemy import select

from review_app.services import glossary as glossary_service
from review_app.services.errors import Forbidden, InvalidInput, NotFound
from review_app.services.glossary import TermFields
from review_app.services.proposals import (
    accept_proposal,
    pending_proposals,
    propose_term,
    reject_proposal,
)
from review_app.store import AuditEvent, GlossaryTerm, Segment


def _segment(session, document, label="2"):
    return session.scalars(
        select(Segment).filter_by(document_id=document.id, label=label, active=True)
    ).one()


def _summaries(session):
    return [e.summary for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_a_translator_proposes_and_an_editor_accepts_into_the_default_glossary(
    session, users, document
):
    segment = _segment(session, document)
    proposal = propose_term(
        session, users["translator"], segment.id, TermFields("第三", "third", note="ordinal")
    )
    assert pending_proposals(session) == [proposal]
    assert "Term proposed from segment 2: 第三 → third" in _summaries(session)

    accepted = accept_proposal(
        session, users["editor"], proposal.id, glossary_id=None, fields=TermFields("第三", "3rd")
    )
    assert accepted.status == "accepted" and accepted.decided_by_id == users["editor"].id
    term = session.scalars(select(GlossaryTerm)).one()
    assert (term.source, term.target, term.glossary_id) == ("第三", "3rd", accepted.glossary_id)
    assert pending_proposals(session) == []
    assert "Term proposal 第三 → third accepted" in _summaries(session)
    # The term is in the matcher the rows use at once.
    terms = glossary_service.project_terms(session, document.project_id)
    assert any(t.target == "3rd" for t in terms)


def test_a_proposal_is_decided_once(session, users, document):
    segment = _segment(session, document)
    proposal = propose_term(session, users["translator"], segment.id, TermFields("第三", "third"))
    reject_proposal(session, users["editor"], proposal.id, "  We say  'third'  already ")
    assert proposal.reason == "We say 'third' already"
    with pytest.raises(InvalidInput, match="already rejected"):
        accept_proposal(
            session, users["admin"], proposal.id, glossary_id=None, fields=TermFields("第三", "x")
        )
    assert session.scalars(select(GlossaryTerm)).all() == []


def test_roles_and_bad_input_are_refused(session, users, document):
    segment = _segment(session, document)
    with pytest.raises(InvalidInput, match="not in the source"):
        propose_term(session, users["translator"], segment.id, TermFields("第九", "ninth"))
    with pytest.raises(InvalidInput, match="Give both"):
        propose_term(session, users["translator"], segment.id, TermFields("第三", " "))
    proposal = propose_term(session, users["translator"], segment.id, TermFields("第三", "third"))
    with pytest.raises(Forbidden):
        accept_proposal(
            session, users["translator"], proposal.id, glossary_id=None, fields=TermFields("a", "b")
        )
    with pytest.raises(Forbidden):
        reject_proposal(session, users["translator"], proposal.id, "no")
    with pytest.raises(InvalidInput, match="Say why"):
        reject_proposal(session, users["editor"], proposal.id, "   ")
    with pytest.raises(NotFound):
        reject_proposal(session, users["editor"], proposal.id + 99, "no")
    with pytest.raises(NotFound):
        propose_term(session, users["translator"], 10_000, TermFields("第三", "third"))
    assert pending_proposals(session) == [proposal]
