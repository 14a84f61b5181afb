"""The glossary: import, search, add, edit, delete and export terms.

Which glossary applies to a document: those its project uses (``services.projects``). A new
glossary is used by the project its import names, by default the Default project. Any change to
a glossary's terms marks the documents of the projects using it stale, so they are checked
again before they are next shown, and leaves a "glossary" audit event (of no document).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from review_app.core.glossary import Term, TermStatus
from review_app.core.messages import N_, Listing, Message
from review_app.formats.csvsafe import escape_row
from review_app.formats.tbx import write_tbx
from review_app.formats.termbase import read_termbase
from review_app.store import Document, Glossary, GlossaryTerm, ProjectGlossary, User
from review_app.store.models import utcnow

from .access import require
from .audit import record
from .errors import InvalidInput, NotFound, at_most
from .projects import default_project, get_project, use_glossary
from .uow import unit_of_work

MAX_TERM_LENGTH = 500
MAX_NOTE_LENGTH = 2_000
MAX_NAME_LENGTH = 200
MAX_QUERY_LENGTH = 200
DEFAULT_GLOSSARY = "Project glossary"
CSV_COLUMNS = ("source", "target", "status", "note", "case_sensitive", "pos")


@dataclass(frozen=True)
class TermFields:
    """What a person types for one rendering; checked by ``validated``."""

    source: str
    target: str
    status: str = "preferred"
    note: str = ""
    case_sensitive: bool = False
    pos: str = ""

    def validated(self) -> "TermFields":
        source, target = " ".join(self.source.split()), " ".join(self.target.split())
        if not source or not target:
            raise InvalidInput(N_("Give both the Chinese term and its English rendering."))
        if max(len(source), len(target)) > MAX_TERM_LENGTH:
            raise InvalidInput(
                at_most(N_("A term has at most %(limit)s characters."), MAX_TERM_LENGTH)
            )
        if self.status not in {s.value for s in TermStatus}:
            allowed = Listing(s.value for s in TermStatus)
            raise InvalidInput(Message(N_("Choose a status: %(statuses)s."), statuses=allowed))
        note = self.note.strip().replace("\r\n", "\n")
        if len(note) > MAX_NOTE_LENGTH:
            raise InvalidInput(
                at_most(N_("A note has at most %(limit)s characters."), MAX_NOTE_LENGTH)
            )
        return TermFields(source, target, self.status, note, self.case_sensitive, self.pos.strip())


@dataclass
class ImportResult:
    glossary: Glossary
    added: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


def list_glossaries(session: Session) -> list[Glossary]:
    return list(session.scalars(select(Glossary).order_by(Glossary.name)))


def get_glossary(session: Session, glossary_id: int) -> Glossary:
    glossary = session.get(Glossary, glossary_id)
    if glossary is None:
        raise NotFound(
            Message(
                N_("There is no glossary %(id)s. Go back to the glossary page."), id=glossary_id
            )
        )
    return glossary


def get_term(session: Session, term_id: int) -> GlossaryTerm:
    term = session.get(GlossaryTerm, term_id)
    if term is None:
        raise NotFound(N_("That term does not exist any more; someone may have deleted it."))
    return term


def search_terms(
    session: Session, query: str = "", *, glossary_id: int | None = None, limit: int = 500
) -> list[GlossaryTerm]:
    """Terms whose Chinese, English or note contains ``query``, by Chinese term."""
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            at_most(N_("A search has at most %(limit)s characters."), MAX_QUERY_LENGTH)
        )
    statement = select(GlossaryTerm)
    if glossary_id is not None:
        statement = statement.where(GlossaryTerm.glossary_id == glossary_id)
    if query:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (GlossaryTerm.source, GlossaryTerm.target, GlossaryTerm.note)
                )
            )
        )
    order = (GlossaryTerm.source, GlossaryTerm.glossary_id, GlossaryTerm.id)
    return list(session.scalars(statement.order_by(*order).limit(limit)))


def project_terms(session: Session, project_id: int) -> list[Term]:
    """Every term of the glossaries the project uses, as the matcher and the checks take them."""
    used = select(ProjectGlossary.glossary_id).where(ProjectGlossary.project_id == project_id)
    rows = session.scalars(
        select(GlossaryTerm).where(GlossaryTerm.glossary_id.in_(used)).order_by(GlossaryTerm.id)
    )
    return [_as_term(row) for row in rows]


def _as_term(row: GlossaryTerm) -> Term:
    return Term(
        row.source, row.target, TermStatus(row.status), row.note, row.case_sensitive, row.pos
    )


def add_term(
    session: Session, actor: User, glossary_id: int | None, fields: TermFields
) -> GlossaryTerm:
    """Add one rendering; with no glossary named, to the first one (made if there is none)."""
    require(actor, "edit_glossary")
    fields = fields.validated()
    with unit_of_work(session):
        return apply_add_term(session, actor, glossary_id, fields)


def apply_add_term(
    session: Session, actor: User, glossary_id: int | None, fields: TermFields
) -> GlossaryTerm:
    """Add validated ``fields`` inside the caller's unit of work (an accepted proposal too)."""
    glossary = (
        get_glossary(session, glossary_id) if glossary_id is not None else default_glossary(session)
    )
    _refuse_duplicate(session, glossary.id, fields)
    term = GlossaryTerm(glossary_id=glossary.id)
    _assign(term, fields, actor)
    session.add(term)
    _changed(session, glossary)
    _audit_term(session, actor, "add", term)
    return term


def update_term(session: Session, actor: User, term_id: int, fields: TermFields) -> GlossaryTerm:
    require(actor, "edit_glossary")
    fields = fields.validated()
    with unit_of_work(session):
        term = get_term(session, term_id)
        _refuse_duplicate(session, term.glossary_id, fields, exclude=term.id)
        old_source, old_target = term.source, term.target
        _assign(term, fields, actor)
        _changed(session, term.glossary)
        _audit_term(session, actor, "edit", term, old_source=old_source, old_target=old_target)
    return term


def delete_term(session: Session, actor: User, term_id: int) -> GlossaryTerm:
    require(actor, "edit_glossary")
    with unit_of_work(session):
        term = get_term(session, term_id)
        session.delete(term)
        _changed(session, term.glossary)
        _audit_term(session, actor, "delete", term)
    return term


def _audit_term(session: Session, actor: User | None, action: str, term: GlossaryTerm, **more):
    verb = {"add": "added", "edit": "edited", "delete": "deleted"}[action]
    record(
        session,
        actor,
        None,
        "glossary",
        f"glossary term {verb}: {term.source} → {term.target}",
        action=action,
        glossary=term.glossary_id,
        term=term.id,
        source=term.source,
        target=term.target,
        **more,
    )


def default_glossary(session: Session) -> Glossary:
    """The glossary a new term goes to when none is named (every document uses them all)."""
    glossary = session.scalars(select(Glossary).order_by(Glossary.name)).first()
    if glossary is None:
        glossary = Glossary(name=DEFAULT_GLOSSARY)
        session.add(glossary)
        session.flush()
        use_glossary(session, default_project(session).id, glossary.id)
    return glossary


def _refuse_duplicate(
    session: Session, glossary_id: int, fields: TermFields, exclude: int | None = None
) -> None:
    existing = session.scalars(
        select(GlossaryTerm).where(
            GlossaryTerm.glossary_id == glossary_id,
            GlossaryTerm.source == fields.source,
            GlossaryTerm.target == fields.target,
        )
    ).first()
    if existing is not None and existing.id != exclude:
        raise InvalidInput(
            Message(
                N_("%(source)s → %(target)s is already in this glossary; edit that row."),
                source=fields.source,
                target=fields.target,
            )
        )


def _assign(term: GlossaryTerm, fields: TermFields, actor: User | None) -> None:
    term.source, term.target, term.status = fields.source, fields.target, fields.status
    term.note, term.case_sensitive, term.pos = fields.note, fields.case_sensitive, fields.pos
    term.updated_by_id = actor.id if actor is not None else None
    term.updated_at = utcnow()


def _changed(session: Session, glossary: Glossary) -> None:
    glossary.updated_at = utcnow()
    session.flush()
    # The stored issues of the documents using it were computed with the old terms.
    users = select(ProjectGlossary.project_id).where(ProjectGlossary.glossary_id == glossary.id)
    session.execute(update(Document).where(Document.project_id.in_(users)).values(qa_stale=True))


def import_glossary(
    session: Session,
    actor: User | None,
    *,
    name: str,
    data: bytes,
    filename: str,
    project_id: int | None = None,
) -> ImportResult:
    """Read a CSV, .xlsx or TBX file into the glossary called ``name`` (created if new, and
    then used by the project ``project_id``, by default the Default project).

    A rendering already in the glossary (same Chinese, same English) takes the file's status,
    note, case and part of speech; others are added. Nothing is deleted.
    """
    if actor is not None:  # None: the command line, whose user holds the database already
        require(actor, "edit_glossary")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(N_("Give the glossary a name."))
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            at_most(N_("A glossary name has at most %(limit)s characters."), MAX_NAME_LENGTH)
        )
    parsed = read_termbase(data, filename)
    with unit_of_work(session):
        glossary = session.scalars(select(Glossary).where(Glossary.name == name)).first()
        if glossary is None:
            glossary = Glossary(name=name)
            session.add(glossary)
            session.flush()
            project = (
                default_project(session) if project_id is None else get_project(session, project_id)
            )
            use_glossary(session, project.id, glossary.id)
        result = ImportResult(glossary, warnings=list(parsed.warnings))
        existing = {
            (row.source, row.target): row
            for row in session.scalars(
                select(GlossaryTerm).where(GlossaryTerm.glossary_id == glossary.id)
            )
        }
        for term in parsed.terms:
            try:
                fields = _fields(term).validated()
            except InvalidInput as error:
                result.warnings.append(f"{term.source} → {term.target} skipped: {error}")
                continue
            row = existing.get((fields.source, fields.target))
            if row is None:
                row = GlossaryTerm(glossary_id=glossary.id)
                session.add(row)
                existing[(fields.source, fields.target)] = row
                result.added += 1
            else:
                result.updated += 1
            _assign(row, fields, actor)
        _changed(session, glossary)
        record(
            session,
            actor,
            None,
            "glossary",
            f"glossary {glossary.name} imported from {filename}: "
            f"{result.added} added, {result.updated} updated",
            action="import",
            glossary=glossary.id,
            filename=filename,
            added=result.added,
            updated=result.updated,
        )
    return result


def _fields(term: Term) -> TermFields:
    return TermFields(
        term.source, term.target, term.status.value, term.note, term.case_sensitive, term.pos
    )


def _terms_of(session: Session, glossary_id: int) -> list[Term]:
    rows = session.scalars(
        select(GlossaryTerm)
        .where(GlossaryTerm.glossary_id == glossary_id)
        .order_by(GlossaryTerm.source, GlossaryTerm.id)
    )
    return [_as_term(row) for row in rows]


def export_csv(session: Session, glossary_id: int) -> tuple[str, str]:
    """The glossary as CSV with every column ``read_glossary_csv`` reads: (file name, text)."""
    glossary = get_glossary(session, glossary_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for term in _terms_of(session, glossary.id):
        writer.writerow(
            escape_row(
                (
                    term.source,
                    term.target,
                    term.status.value,
                    term.note,
                    "true" if term.case_sensitive else "false",
                    term.pos,
                )
            )
        )
    return f"{file_stem(glossary.name)}.csv", out.getvalue()


def export_tbx(session: Session, glossary_id: int) -> tuple[str, str]:
    glossary = get_glossary(session, glossary_id)
    text = write_tbx(_terms_of(session, glossary.id), title=glossary.name)
    return f"{file_stem(glossary.name)}.tbx", text


def file_stem(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip("-.").lower() or "glossary"
