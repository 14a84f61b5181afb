"""Projects: which glossaries and translation memories a client's documents use.

Every document belongs to one project (the "Default" one unless the import names another). A
document's checks, alignment evidence and term highlighting read only its project's glossaries,
and its matches, pre-translation and concordance only the memories the project reads; an
approval writes to the memories the project writes. Editors and administrators create projects
and choose these; a new project reads and writes a memory of its own name.
"""

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.store import (
    Document,
    Glossary,
    Project,
    ProjectGlossary,
    ProjectMemory,
    TranslationMemory,
    User,
)

from .access import require
from .audit import record
from .errors import InvalidInput, NotFound, at_most
from .uow import unit_of_work

DEFAULT_PROJECT = "Default"
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class ProjectSettings:
    """What the projects page sets: the glossaries used and the memories read and written."""

    glossaries: tuple[int, ...] = ()
    read: tuple[int, ...] = ()
    write: tuple[int, ...] = ()


def list_projects(session: Session) -> list[Project]:
    return list(session.scalars(select(Project).order_by(Project.name)))


def list_memories(session: Session) -> list[TranslationMemory]:
    return list(session.scalars(select(TranslationMemory).order_by(TranslationMemory.name)))


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(
            Message(
                N_("There is no project %(id)s. Choose one on the projects page."), id=project_id
            )
        )
    return project


def get_memory(session: Session, memory_id: int) -> TranslationMemory:
    memory = session.get(TranslationMemory, memory_id)
    if memory is None:
        raise NotFound(Message(N_("There is no translation memory %(id)s."), id=memory_id))
    return memory


def find_project(session: Session, name_or_id: str) -> Project:
    """A project by its name, or by its id (the command line and the API accept either)."""
    wanted = name_or_id.strip()
    project = session.scalars(select(Project).where(Project.name == wanted)).first()
    if project is None and wanted.isascii() and wanted.isdigit() and len(wanted) <= 18:
        project = session.get(Project, int(wanted))
    if project is None:
        names = ", ".join(p.name for p in list_projects(session))
        raise NotFound(f"There is no project {wanted!r}; the projects are: {names}.")
    return project


def default_project(session: Session) -> Project:
    """The Default project (0010 made it; made again, with its memory, if it was renamed)."""
    project = session.scalars(select(Project).where(Project.name == DEFAULT_PROJECT)).first()
    if project is None:
        project = _new_project(session, DEFAULT_PROJECT)
    return project


def project_id_of(session: Session, document_id: int) -> int:
    project_id = session.scalar(select(Document.project_id).where(Document.id == document_id))
    return project_id if project_id is not None else default_project(session).id


def glossary_ids(session: Session, project_id: int) -> list[int]:
    return list(
        session.scalars(
            select(ProjectGlossary.glossary_id).where(ProjectGlossary.project_id == project_id)
        )
    )


def memory_ids(session: Session, project_id: int | None, *, write: bool = False) -> list[int]:
    """The memories a project reads (or writes); every memory when ``project_id`` is None."""
    if project_id is None:
        return list(session.scalars(select(TranslationMemory.id)))
    column = ProjectMemory.can_write if write else ProjectMemory.can_read
    return list(
        session.scalars(
            select(ProjectMemory.memory_id).where(ProjectMemory.project_id == project_id, column)
        )
    )


def written_memory(session: Session, project_id: int) -> TranslationMemory:
    """The memory a project's TMX import and export use: the first it writes."""
    ids = sorted(memory_ids(session, project_id, write=True))
    if not ids:
        name = get_project(session, project_id).name
        raise InvalidInput(
            Message(N_("Project %(name)s writes to no memory; choose one on its page."), name=name)
        )
    return get_memory(session, ids[0])


def settings_of(session: Session, project_id: int) -> ProjectSettings:
    links = list(
        session.scalars(select(ProjectMemory).where(ProjectMemory.project_id == project_id))
    )
    return ProjectSettings(
        tuple(glossary_ids(session, project_id)),
        tuple(link.memory_id for link in links if link.can_read),
        tuple(link.memory_id for link in links if link.can_write),
    )


def use_glossary(session: Session, project_id: int, glossary_id: int) -> None:
    """Let the project use the glossary (inside the caller's unit of work)."""
    if glossary_id not in glossary_ids(session, project_id):
        session.add(ProjectGlossary(project_id=project_id, glossary_id=glossary_id))
        session.flush()


def create_project(
    session: Session, actor: User, name: str, settings: ProjectSettings = ProjectSettings()
) -> Project:
    """A new project with a memory of its own name that it reads and writes, plus the
    glossaries and memories ``settings`` chooses."""
    require(actor, "manage_projects")
    name = _checked_name(name)
    with unit_of_work(session):
        if session.scalars(select(Project).where(Project.name == name)).first():
            raise InvalidInput(
                Message(
                    N_("There is already a project called %(name)s; choose another name."),
                    name=name,
                )
            )
        project = _new_project(session, name)
        own = memory_ids(session, project.id, write=True)
        wanted = ProjectSettings(
            settings.glossaries,
            tuple({*settings.read, *own}),
            tuple({*settings.write, *own}),
        )
        _apply(session, project, wanted)
        _audit(session, actor, project, "created", wanted)
    return project


def update_project(
    session: Session, actor: User, project_id: int, settings: ProjectSettings
) -> Project:
    """Choose the project's glossaries and memories; its documents are checked again."""
    require(actor, "manage_projects")
    with unit_of_work(session):
        project = get_project(session, project_id)
        _apply(session, project, settings)
        _audit(session, actor, project, "changed", settings)
    return project


def _audit(
    session: Session, actor: User, project: Project, verb: str, settings: ProjectSettings
) -> None:
    record(
        session,
        actor,
        None,
        "project",
        f"project {project.name} {verb}",
        project=project.id,
        glossaries=sorted(set(settings.glossaries)),
        read=sorted(set(settings.read)),
        write=sorted(set(settings.write)),
    )


def create_memory(session: Session, actor: User | None, name: str) -> TranslationMemory:
    if actor is not None:
        require(actor, "manage_projects")
    name = _checked_name(name)
    with unit_of_work(session):
        if session.scalars(select(TranslationMemory).where(TranslationMemory.name == name)).first():
            raise InvalidInput(
                Message(
                    N_("There is already a memory called %(name)s; choose another name."),
                    name=name,
                )
            )
        memory = TranslationMemory(name=name)
        session.add(memory)
        session.flush()
        record(session, actor, None, "memory", f"memory {name} created", memory=memory.id)
    return memory


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(N_("Give it a name."))
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(at_most(N_("A name has at most %(limit)s characters."), MAX_NAME_LENGTH))
    return name


def _new_project(session: Session, name: str) -> Project:
    project = Project(name=name)
    session.add(project)
    memory = session.scalars(
        select(TranslationMemory).where(TranslationMemory.name == name)
    ).first()
    if memory is None:
        memory = TranslationMemory(name=name)
        session.add(memory)
    session.flush()
    session.add(
        ProjectMemory(project_id=project.id, memory_id=memory.id, can_read=True, can_write=True)
    )
    session.flush()
    return project


def _apply(session: Session, project: Project, settings: ProjectSettings) -> None:
    known_glossaries = set(session.scalars(select(Glossary.id)))
    known_memories = set(session.scalars(select(TranslationMemory.id)))
    unknown = (set(settings.glossaries) - known_glossaries) | (
        (set(settings.read) | set(settings.write)) - known_memories
    )
    if unknown:
        raise InvalidInput(N_("A chosen glossary or memory no longer exists; reload the page."))
    session.execute(delete(ProjectGlossary).where(ProjectGlossary.project_id == project.id))
    session.execute(delete(ProjectMemory).where(ProjectMemory.project_id == project.id))
    session.add_all(
        ProjectGlossary(project_id=project.id, glossary_id=glossary_id)
        for glossary_id in sorted(set(settings.glossaries))
    )
    session.add_all(
        ProjectMemory(
            project_id=project.id,
            memory_id=memory_id,
            can_read=memory_id in settings.read,
            can_write=memory_id in settings.write,
        )
        for memory_id in sorted(set(settings.read) | set(settings.write))
    )
    # The documents' stored issues were computed with the old glossaries.
    session.execute(update(Document).where(Document.project_id == project.id).values(qa_stale=True))
    session.flush()
