"""Term proposals: a translator who meets a term the glossary lacks proposes it from the
segment's source (Alt+T in the workspace); an editor accepts it, into the glossary of their
choice and corrected if need be, or rejects it with a reason. Each step is audited.

A decision is taken once: the pending row is claimed by a conditional UPDATE, so two editors
deciding the same proposal at the same moment cannot both add the term (the second is told
who decided first).
"""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.core.workflow import AuditKind
from review_app.store import TermProposal, User
from review_app.store.models import utcnow

from . import audit, projects
from .access import require
from .errors import InvalidInput, NotFound, at_most
from .glossary import MAX_NOTE_LENGTH, TermFields, apply_add_term
from .segments import get_segment
from .uow import unit_of_work

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
_ALREADY = {
    ACCEPTED: N_("The proposal %(source)s → %(target)s was already accepted."),
    REJECTED: N_("The proposal %(source)s → %(target)s was already rejected."),
}


def propose_term(
    session: Session, actor: User, segment_id: int, fields: TermFields
) -> TermProposal:
    """Propose ``fields`` (source, suggested rendering, note) from the segment's source."""
    require(actor, "edit")
    fields = fields.validated()
    with unit_of_work(session):
        segment = get_segment(session, segment_id)
        if fields.source not in " ".join(segment.source.split()):
            raise InvalidInput(
                Message(
                    N_(
                        "“%(term)s” is not in the source of segment %(label)s: "
                        "select the term in the Chinese text."
                    ),
                    term=fields.source,
                    label=segment.label,
                )
            )
        proposal = TermProposal(
            document_id=segment.document_id,
            segment_id=segment.id,
            source=fields.source,
            target=fields.target,
            note=fields.note,
            status=PENDING,
            proposed_by_id=actor.id,
            created_at=utcnow(),
        )
        session.add(proposal)
        session.flush()
        audit.record(
            session,
            actor,
            segment.document_id,
            AuditKind.GLOSSARY,
            f"Term proposed from segment {segment.label}: {fields.source} → {fields.target}",
            segment_id=segment.id,
            action="propose",
            proposal=proposal.id,
            source=fields.source,
            target=fields.target,
        )
    return proposal


def pending_proposals(session: Session) -> list[TermProposal]:
    """Proposals waiting for an editor, oldest first."""
    return list(
        session.scalars(
            select(TermProposal).where(TermProposal.status == PENDING).order_by(TermProposal.id)
        )
    )


def get_proposal(session: Session, proposal_id: int) -> TermProposal:
    proposal = session.get(TermProposal, proposal_id)
    if proposal is None:
        raise NotFound(
            Message(
                N_("There is no term proposal %(id)s. Reload the glossary page."), id=proposal_id
            )
        )
    return proposal


def accept_proposal(
    session: Session,
    actor: User,
    proposal_id: int,
    *,
    glossary_id: int | None,
    fields: TermFields,
) -> TermProposal:
    """Add the (possibly corrected) term to ``glossary_id`` (None: the first glossary the
    proposal's document's project uses, else the default glossary)."""
    require(actor, "edit_glossary")
    fields = fields.validated()
    with unit_of_work(session):
        proposal = _claim(session, actor, proposal_id, ACCEPTED)
        if glossary_id is None:
            used = projects.glossary_ids(
                session, projects.project_id_of(session, proposal.document_id)
            )
            glossary_id = min(used) if used else None
        term = apply_add_term(session, actor, glossary_id, fields)
        proposal.glossary_id = term.glossary_id
        _record(session, actor, proposal, "accepted", glossary=term.glossary_id, term=term.id)
    return proposal


def reject_proposal(session: Session, actor: User, proposal_id: int, reason: str) -> TermProposal:
    require(actor, "edit_glossary")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(N_("Say why the term is rejected, so the translator knows what to use."))
    if len(reason) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            at_most(N_("A reason has at most %(limit)s characters."), MAX_NOTE_LENGTH)
        )
    with unit_of_work(session):
        proposal = _claim(session, actor, proposal_id, REJECTED)
        proposal.reason = reason
        _record(session, actor, proposal, "rejected", reason=reason)
    return proposal


def _claim(session: Session, actor: User, proposal_id: int, status: str) -> TermProposal:
    """Move a pending proposal to ``status``; refused if someone decided it already."""
    proposal = get_proposal(session, proposal_id)
    claimed = session.execute(
        update(TermProposal)
        .where(TermProposal.id == proposal_id, TermProposal.status == PENDING)
        .values(status=status, decided_by_id=actor.id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(proposal)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidInput(
            Message(_ALREADY[proposal.status], source=proposal.source, target=proposal.target)
        )
    return proposal


def _record(session: Session, actor: User, proposal: TermProposal, what: str, **details) -> None:
    audit.record(
        session,
        actor,
        proposal.document_id,
        AuditKind.GLOSSARY,
        f"Term proposal {proposal.source} → {proposal.target} {what}",
        segment_id=proposal.segment_id,
        action=what,
        proposal=proposal.id,
        source=proposal.source,
        target=proposal.target,
        **details,
    )
