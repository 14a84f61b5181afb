"""The glossary page: search, add, edit, delete, import and export terms.

Everyone logged in reads it; editors and admins change it (the services enforce this; the
views only avoid offering forms that would be refused). Every change answers htmx with the
fragment it replaced and sends ``glossaryChanged`` so the term list reloads itself.
"""

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review_app.core.glossary import TermStatus
from review_app.formats.errors import FormatError
from review_app.services import glossary as glossary_service
from review_app.services import proposals as proposal_service
from review_app.services.access import can
from review_app.services.errors import InvalidInput, NotFound
from review_app.services.projects import list_projects
from review_app.store import GlossaryTerm

from .db import get_db
from .htmx import is_htmx
from .ids import parse_number
from .messages import known_message

bp = Blueprint("glossary", __name__, url_prefix="/glossary")

CHANGED_EVENT = "glossaryChanged"
STATUSES = tuple(s.value for s in TermStatus)


def _fragment(template: str, *, status: int = 200, trigger: bool = False, **context) -> Response:
    response = make_response(render_template(template, **_common(), **context), status)
    response.vary.add("HX-Request")
    if trigger:
        response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


def _common() -> dict:
    can_edit = can(current_user, "edit_glossary")
    return {
        "glossaries": glossary_service.list_glossaries(get_db()),
        "projects": list_projects(get_db()),
        "statuses": STATUSES,
        "can_edit": can_edit,
        "proposals": proposal_service.pending_proposals(get_db()) if can_edit else [],
    }


def _require_editor() -> None:
    if not can(current_user, "edit_glossary"):
        abort(403)


def _search() -> tuple[str, int | None]:
    return request.args.get("q", ""), parse_number(request.args.get("glossary"))


@bp.get("/")
@login_required
def index():
    """Every term, or those matching the search; htmx gets only the table rows."""
    query, glossary_id = _search()
    error, terms = None, []
    try:
        terms = glossary_service.search_terms(get_db(), query, glossary_id=glossary_id)
    except InvalidInput as invalid:
        error = invalid
    context: dict[str, Any] = {
        "terms": terms,
        "error": error,
        "q": query,
        "glossary_id": glossary_id,
    }
    status = 422 if error else 200
    if is_htmx():
        return _fragment("glossary/_rows.html", status=status, **context)
    return _fragment("glossary/index.html", status=status, form={}, **context)


def _fields() -> glossary_service.TermFields:
    form = request.form
    return glossary_service.TermFields(
        source=form.get("source", ""),
        target=form.get("target", ""),
        status=form.get("status", "preferred"),
        note=form.get("note", ""),
        case_sensitive=form.get("case_sensitive") == "1",
        pos=form.get("pos", ""),
    )


def _in_panel() -> bool:
    """The add form was opened in the workspace's side panel (from a text selection)."""
    return (request.values.get("panel") == "1") and is_htmx()


@bp.get("/terms/new")
@login_required
def new():
    """The add-term form, prefilled from the query string (``source``: a selected text)."""
    _require_editor()
    form = {"source": request.args.get("source", "").strip()[:500], "status": "preferred"}
    if _in_panel():
        return _fragment("glossary/_panel_form.html", form=form)
    if is_htmx():
        return _fragment("glossary/_form.html", form=form)
    return _fragment("glossary/form.html", form=form)


@bp.post("/terms")
@login_required
def create():
    """Add a term; htmx gets a fresh form (or the panel) with a confirmation."""
    glossary = request.form.get("glossary", "")
    try:
        if glossary and parse_number(glossary) is None:
            raise InvalidInput(_("That glossary does not exist; reload the page."))
        term = glossary_service.add_term(get_db(), current_user, parse_number(glossary), _fields())
    except InvalidInput as error:
        return _form_error(error)
    notice = _(
        "Added %(source)s → %(target)s to %(glossary)s.",
        source=term.source,
        target=term.target,
        glossary=term.glossary.name,
    )
    if not is_htmx():
        flash(notice, "success")
        return redirect(url_for("glossary.index", q=term.source), 303)
    template = "glossary/_panel_form.html" if _in_panel() else "glossary/_form.html"
    form = {"status": "preferred", "glossary": str(term.glossary_id)}
    return _fragment(template, trigger=True, form=form, notice=notice)


def _form_error(error: InvalidInput, term: GlossaryTerm | None = None) -> Response:
    form = request.form.to_dict()
    if _in_panel():
        return _fragment("glossary/_panel_form.html", status=422, form=form, error=error)
    if is_htmx():
        template = "glossary/_edit_row.html" if term else "glossary/_form.html"
        return _fragment(template, status=422, form=form, error=error, term=term)
    return _fragment("glossary/form.html", status=422, form=form, error=error, term=term)


def _term_form(term: GlossaryTerm) -> dict:
    return {
        "glossary": str(term.glossary_id),
        "source": term.source,
        "target": term.target,
        "status": term.status,
        "note": term.note,
        "case_sensitive": "1" if term.case_sensitive else "",
        "pos": term.pos,
    }


@bp.get("/terms/<int:term_id>")
@login_required
def show(term_id: int):
    """One term's row (htmx, e.g. to cancel an edit); the list filtered to it otherwise."""
    term = glossary_service.get_term(get_db(), term_id)
    if not is_htmx():
        return redirect(url_for("glossary.index", q=term.source))
    return _fragment("glossary/_row.html", term=term)


@bp.get("/terms/<int:term_id>/edit")
@login_required
def edit(term_id: int):
    """The term as a form: a table row for htmx, a page otherwise."""
    _require_editor()
    term = glossary_service.get_term(get_db(), term_id)
    template = "glossary/_edit_row.html" if is_htmx() else "glossary/form.html"
    return _fragment(template, term=term, form=_term_form(term))


@bp.post("/terms/<int:term_id>")
@login_required
def update(term_id: int):
    """Save an edited term; htmx gets the row back."""
    try:
        term = glossary_service.update_term(get_db(), current_user, term_id, _fields())
    except InvalidInput as error:
        return _form_error(error, glossary_service.get_term(get_db(), term_id))
    if not is_htmx():
        flash(
            _("Saved %(source)s → %(target)s.", source=term.source, target=term.target), "success"
        )
        return redirect(url_for("glossary.index", q=term.source), 303)
    return _fragment("glossary/_row.html", term=term, trigger=False)


@bp.post("/terms/<int:term_id>/delete")
@login_required
def delete(term_id: int):
    """Delete a term; htmx gets an empty body, which removes the row."""
    term = glossary_service.delete_term(get_db(), current_user, term_id)
    if not is_htmx():
        flash(
            _("Deleted %(source)s → %(target)s.", source=term.source, target=term.target), "success"
        )
        return redirect(url_for("glossary.index"), 303)
    response = make_response("", 200)
    response.vary.add("HX-Request")
    return response


@bp.post("/proposals/<int:proposal_id>/accept")
@login_required
def accept_proposal(proposal_id: int):
    """Add a proposed term (as corrected in the form) to the chosen glossary (editors)."""
    glossary = request.form.get("glossary", "")
    try:
        if glossary and parse_number(glossary) is None:
            raise InvalidInput(_("That glossary does not exist; reload the page."))
        proposal = proposal_service.accept_proposal(
            get_db(),
            current_user,
            proposal_id,
            glossary_id=parse_number(glossary),
            fields=_fields(),
        )
    except InvalidInput as error:
        return _proposals_answer(error=error, failed=proposal_id)
    notice = _(
        "Accepted %(source)s → %(target)s.",
        source=proposal.source,
        target=request.form.get("target", ""),
    )
    return _proposals_answer(notice=notice)


@bp.post("/proposals/<int:proposal_id>/reject")
@login_required
def reject_proposal(proposal_id: int):
    """Turn a proposed term down with a reason (editors)."""
    try:
        proposal = proposal_service.reject_proposal(
            get_db(), current_user, proposal_id, request.form.get("reason", "")
        )
    except InvalidInput as error:
        return _proposals_answer(error=error, failed=proposal_id)
    notice = _("Rejected %(source)s → %(target)s.", source=proposal.source, target=proposal.target)
    return _proposals_answer(notice=notice)


def _proposals_answer(*, notice: str = "", error: InvalidInput | None = None, failed=None):
    """The pending proposals again (htmx, telling the term list to reload) or the page."""
    if not is_htmx():
        flash(known_message(error) if error else notice, "error" if error else "success")
        return redirect(url_for("glossary.index"), 303)
    status = 422 if error else 200
    return _fragment(
        "glossary/_proposals.html",
        status=status,
        trigger=error is None,
        proposal_notice=notice,
        proposal_error=error,
        failed=failed,
    )


@bp.route("/import", methods=["GET", "POST"], endpoint="import")
@login_required
def import_glossary():
    """Upload a CSV, .xlsx or TBX file into a glossary (new, or merged into one of that name)."""
    _require_editor()
    template = "glossary/_import_result.html" if is_htmx() else "glossary/import.html"
    if request.method == "GET":
        return _fragment("glossary/import.html", form={})
    upload = request.files.get("file")
    form = request.form.to_dict()
    if not upload or not upload.filename:
        error = InvalidInput(_("Choose a CSV, Excel (.xlsx) or TBX file to import."))
        return _fragment(template, status=422, form=form, error=error)
    name = form.get("name", "").strip() or upload.filename.rsplit(".", 1)[0]
    try:
        result = glossary_service.import_glossary(
            get_db(),
            current_user,
            name=name,
            data=upload.read(),
            filename=upload.filename,
            project_id=parse_number(form.get("project")),
        )
    except (FormatError, InvalidInput, NotFound) as error:
        return _fragment(template, status=422, form=form, error=error)
    return _fragment(template, trigger=True, form={}, result=result)


@bp.get("/<int:glossary_id>/export.<any(csv, tbx):fmt>")
@login_required
def export(glossary_id: int, fmt: str):
    """Download a glossary as CSV (the project's own columns) or TBX-Basic."""
    if fmt == "csv":
        filename, text = glossary_service.export_csv(get_db(), glossary_id)
        mimetype = "text/csv"
    else:
        filename, text = glossary_service.export_tbx(get_db(), glossary_id)
        mimetype = "application/x-tbx+xml"
    response = Response(text, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
