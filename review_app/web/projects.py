"""The projects page: projects with their glossaries and memories, TMX in and out.

Everyone logged in sees it; editors and admins create projects and memories, choose what a
project uses and import TMX (the services check the role again).
"""

import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review_app.formats.errors import FormatError
from review_app.services import projects as project_service
from review_app.services.access import can
from review_app.services.errors import InvalidInput
from review_app.services.glossary import file_stem, list_glossaries
from review_app.services.memory_files import export_tmx, import_tmx
from review_app.services.tm import unit_counts
from review_app.services.tmx_jobs import submit_tmx

from .db import get_db
from .ids import parse_number
from .jobs import enqueue

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _ids(name: str) -> tuple[int, ...]:
    numbers = (parse_number(value) for value in request.form.getlist(name))
    return tuple(number for number in numbers if number is not None)


def _settings() -> project_service.ProjectSettings:
    return project_service.ProjectSettings(_ids("glossary"), _ids("read"), _ids("write"))


def _page(template: str, *, status: int = 200, **context):
    session = get_db()
    return (
        render_template(
            template,
            projects=project_service.list_projects(session),
            glossaries=list_glossaries(session),
            memories=project_service.list_memories(session),
            counts=unit_counts(session),
            can_manage=can(current_user, "manage_projects"),
            **context,
        ),
        status,
    )


def _require_manager() -> None:
    if not can(current_user, "manage_projects"):
        abort(403)


@bp.get("/")
@login_required
def index():
    """Every project; editors also get the forms to create a project or a memory."""
    return _page("projects/index.html", form={})


@bp.post("/")
@login_required
def create():
    """A new project (with a memory of its own name) using the chosen glossaries and memories."""
    _require_manager()
    try:
        project = project_service.create_project(
            get_db(), current_user, request.form.get("name", ""), _settings()
        )
    except InvalidInput as error:
        return _page("projects/index.html", status=422, form=request.form, error=error)
    flash(_("Project %(name)s created.", name=project.name), "success")
    return redirect(url_for("projects.show", project_id=project.id), 303)


@bp.post("/memories")
@login_required
def create_memory():
    """A new, empty translation memory that projects can then read or write."""
    _require_manager()
    try:
        memory = project_service.create_memory(get_db(), current_user, request.form.get("name", ""))
    except InvalidInput as error:
        return _page("projects/index.html", status=422, form={}, memory_error=error)
    flash(_("Memory %(name)s created.", name=memory.name), "success")
    return redirect(url_for("projects.index"), 303)


def _show(project_id: int, *, status: int = 200, **context):
    session = get_db()
    project = project_service.get_project(session, project_id)
    return _page(
        "projects/show.html",
        status=status,
        project=project,
        settings=project_service.settings_of(session, project.id),
        **context,
    )


@bp.get("/<int:project_id>")
@login_required
def show(project_id: int):
    """A project's glossaries and memories, its TMX import and export."""
    return _show(project_id)


@bp.post("/<int:project_id>")
@login_required
def update(project_id: int):
    """Choose the glossaries the project uses and the memories it reads and writes."""
    _require_manager()
    try:
        project_service.update_project(get_db(), current_user, project_id, _settings())
    except InvalidInput as error:
        return _show(project_id, status=422, error=error)
    flash(_("Saved. The project's documents are checked again with these glossaries."), "success")
    return redirect(url_for("projects.show", project_id=project_id), 303)


@bp.post("/<int:project_id>/tmx")
@login_required
def upload_tmx(project_id: int):
    """Import a TMX file into the memory the project writes."""
    _require_manager()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _show(project_id, status=422, tmx_error=_("Choose a TMX file to import."))
    session = get_db()
    try:
        memory = project_service.written_memory(session, project_id)
        if _size(upload.stream) > current_app.config["LONG_IMPORT_FILE_BYTES"]:
            # A long file: its job page shows the progress and then leads back here.
            job = submit_tmx(
                session,
                current_user,
                enqueue,
                project_id=project_id,
                memory_id=memory.id,
                data=upload.read(),
                filename=upload.filename,
            )
            return redirect(url_for("jobs.show", job_id=job.id), 303)
        result = import_tmx(session, current_user, memory.id, upload.stream, upload.filename)
    except (FormatError, InvalidInput) as error:
        return _show(project_id, status=422, tmx_error=error)
    return _show(project_id, tmx_result=result, tmx_memory=memory)


def _size(stream) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


@bp.get("/<int:project_id>/tmx")
@login_required
def download_tmx(project_id: int):
    """The memory the project writes, as TMX 1.4b."""
    session = get_db()
    memory = project_service.written_memory(session, project_id)
    out = io.BytesIO()
    export_tmx(session, memory.id, out)
    response = Response(out.getvalue(), mimetype="application/x-tmx+xml")
    filename = f"{file_stem(memory.name)}.tmx"
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
