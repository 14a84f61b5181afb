"""Translation-memory views: a segment's matches (the workspace pane loads them), the
concordance search, and an administrator's deletion of a unit.

Both reads answer htmx with their partial and a plain request with a small page built around
the same partial; the API (``web.api``) gives the same results as JSON.
"""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review_app.services import segments as segment_service
from review_app.services import tm
from review_app.services.access import can
from review_app.services.errors import InvalidInput
from review_app.services.projects import list_projects

from .annotations import marked_parts
from .db import get_db
from .htmx import is_htmx, page_or_fragment
from .ids import parse_number

bp = Blueprint("memory", __name__)


@bp.get("/segments/<int:segment_id>/matches")
@login_required
def matches(segment_id: int):
    """Up to five matches from the project's memories, best first, each insertable (by its
    button in the workspace's pane, which asks with htmx)."""
    session = get_db()
    segment = segment_service.get_segment(session, segment_id)
    found = tm.matches_for_segment(session, segment)
    return page_or_fragment(
        "segments/matches.html",
        "segments/_matches.html",
        s=segment,
        matches=found,
        in_pane=is_htmx(),
    )


def concordance_query() -> tuple[str, str, int | None]:
    """The concordance's query string: ``q``, ``side`` (source or target), ``project``."""
    args = request.args
    return args.get("q", ""), args.get("side", "source"), parse_number(args.get("project"))


def highlighted(text: str, query: str) -> list:
    """``text`` cut into parts, each occurrence of ``query`` (any case) marked as a hit."""
    needle, haystack = query.strip().casefold(), text.casefold()
    marks, start = [], 0
    while needle and (found := haystack.find(needle, start)) >= 0:
        marks.append((found, found + len(needle), "hit", ""))
        start = found + len(needle)
    return marked_parts(text, marks, [])


@bp.get("/concordance")
@login_required
def concordance():
    """Search the source or target of the project's memories and documents."""
    query, side, project_id = concordance_query()
    error, hits = None, []
    try:
        hits = tm.concordance(get_db(), query, side, project_id)
    except InvalidInput as invalid:
        error = invalid
    return page_or_fragment(
        "concordance/index.html",
        "concordance/_results.html",
        status=422 if error else 200,
        hits=hits,
        error=error,
        q=query,
        side=side,
        project_id=project_id,
        projects=list_projects(get_db()),
        highlighted=highlighted,
        can_delete=can(current_user, "delete_memory_units"),
    )


@bp.post("/memory/units/<int:unit_id>/delete")
@login_required
def delete_unit(unit_id: int):
    """An administrator deletes a unit (audited); back to the search it was found by."""
    tm.delete_unit(get_db(), current_user, unit_id)
    flash(_("Unit %(id)s deleted from the translation memory.", id=unit_id), "success")
    back = request.form.get("next", "")
    return redirect(back if back.startswith("/concordance") else url_for("memory.concordance"), 303)
