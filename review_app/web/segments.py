"""Segment actions: save, confirm, revert, comments, alignment fixes and their undo.

Every POST answers htmx with the row(s) it changed and a plain form submission with a
redirect back to the row in the workspace, so the workspace also works without JavaScript.
"""

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from review_app.core.segmentation import split_sentences
from review_app.core.workflow import HEADING_LEVELS, SegmentRole, SegmentStatus
from review_app.services import alignment, qa
from review_app.services import issues as issue_service
from review_app.services import proposals as proposal_service
from review_app.services import segments as segment_service
from review_app.services.access import can
from review_app.services.errors import Conflict, InvalidInput
from review_app.services.glossary import TermFields
from review_app.services.updates import SegmentUpdate, update_segment
from review_app.store import QaIssue, Segment

from .annotations import source_terms
from .db import get_db
from .filters import filter_args, segment_filter
from .htmx import is_htmx, page_or_fragment
from .ids import parse_number
from .messages import known_message

bp = Blueprint("segments", __name__)

# Sent with every change so an open segment panel reloads its history.
CHANGED_EVENT = "segmentChanged"


def _version() -> int:
    version = parse_number(request.form.get("version"))
    if version is None:
        raise InvalidInput("The form is missing the segment's version; reload the page.")
    return version


def _workspace_url(segment: Segment) -> str:
    return url_for("documents.workspace", document_id=segment.document_id) + f"#seg-{segment.id}"


def _row_response(segment: Segment, *, status: int = 200, message: str | None = None, **extra):
    """One row for htmx; otherwise back to the workspace at that row."""
    if not is_htmx():
        if message:
            flash(message, "error" if status >= 400 else "info")
        return redirect(_workspace_url(segment), 303)
    if "conflict" in extra:
        extra["their_revision"] = segment_service.last_revision(get_db(), segment.id)
    response = make_response(
        render_template("segments/_row.html", s=segment, message=message, **extra), status
    )
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


def _edit(segment_id: int, status: SegmentStatus | None):
    target = request.form.get("target", "")
    update = SegmentUpdate(_version(), target=target, status=status)
    try:
        segment = update_segment(get_db(), current_user, segment_id, update)
    except Conflict as conflict:
        return _row_response(
            conflict.segment, status=409, message=known_message(conflict), conflict=conflict
        )
    except InvalidInput as error:
        segment = segment_service.get_segment(get_db(), segment_id)
        return _row_response(segment, status=422, message=known_message(error), unsaved=target)
    # Ctrl+S saves and goes on typing; leaving the row (or confirming) closes its editor.
    return _row_response(segment, editing=status is None and request.form.get("editing") == "1")


@bp.get("/segments/<int:segment_id>")
@login_required
def show(segment_id: int):
    """The segment's row (htmx: e.g. "Take theirs" after a conflict) or its own page."""
    return _row_or_page(segment_id, "segments/_row.html")


@bp.get("/segments/<int:segment_id>/edit")
@login_required
def edit(segment_id: int):
    """The segment's row as the active editor (htmx), or its page with the editor open."""
    return _row_or_page(segment_id, "segments/_row.html", editing=True)


@bp.get("/segments/<int:segment_id>/panel")
@login_required
def panel(segment_id: int):
    """History, comments and alignment tools for one segment."""
    return _row_or_page(segment_id, "segments/_panel.html")


def _row_or_page(segment_id: int, fragment: str, *, editing: bool = False):
    segment = segment_service.get_segment(get_db(), segment_id)
    # A row alone (opening or closing an editor) needs no history; a page shows the panel.
    row_only = is_htmx() and fragment == "segments/_row.html"
    context = {} if row_only else _panel_context(segment)
    # The workspace's filter travels through the segment's page, so its links lead back to
    # the same rows at the same place.
    context["filters"] = filter_args(request.args, view=True)
    return page_or_fragment("segments/show.html", fragment, s=segment, editing=editing, **context)


def _panel_context(segment: Segment) -> dict:
    session = get_db()
    return {
        "revisions": segment_service.history(session, segment.id),
        "comments": segment_service.comments(session, segment.id),
        "undoable": alignment.latest_undoable(session, segment.id),
        "source_sentences": split_sentences(segment.source, "zh"),
        "target_sentences": split_sentences(segment.target, "en"),
        "can_moderate": can(current_user, "moderate"),
        "roles": tuple(SegmentRole),
        "heading_levels": HEADING_LEVELS,
        "issues": qa.issues_by_segment(session, [segment.id]).get(segment.id, []),
        "terms": source_terms(segment),
    }


@bp.post("/segments/<int:segment_id>")
@login_required
def update(segment_id: int):
    """Save the target text (on blur or Ctrl+S)."""
    return _edit(segment_id, None)


@bp.post("/segments/<int:segment_id>/confirm")
@login_required
def confirm(segment_id: int):
    """Save and mark translated (Ctrl+Enter). The answer names, in ``X-Next-Segment`` (id)
    and ``X-Next-Label``, the next unconfirmed segment in the workspace's filter (the query
    string), for the editor to open next."""
    wanted = segment_filter(request.args)  # a bad filter is refused before anything is saved
    response = _edit(segment_id, SegmentStatus.TRANSLATED)
    if response.status_code == 200 and is_htmx():
        segment = segment_service.get_segment(get_db(), segment_id)
        following = segment_service.next_unconfirmed(
            get_db(), segment.document_id, wanted, segment.position
        )
        if following is not None:
            response.headers["X-Next-Segment"] = str(following.id)
            response.headers["X-Next-Label"] = following.label
    return response


@bp.post("/segments/<int:segment_id>/approve")
@login_required
def approve(segment_id: int):
    """Approve the segment's text (editors)."""
    return _review(segment_id, SegmentStatus.APPROVED)


@bp.post("/segments/<int:segment_id>/reject")
@login_required
def reject(segment_id: int):
    """Send the segment back with a comment, an MQM category and a severity (editors)."""
    form = request.form
    return _review(
        segment_id,
        SegmentStatus.REJECTED,
        comment=form.get("comment", ""),
        category=form.get("category", ""),
        severity=form.get("severity", ""),
    )


def _review(segment_id: int, status: SegmentStatus, *, comment="", category="", severity=""):
    update = SegmentUpdate(
        _version(), status=status, comment=comment, category=category, severity=severity
    )
    try:
        segment = update_segment(get_db(), current_user, segment_id, update)
    except Conflict as conflict:
        return _row_response(
            conflict.segment,
            status=409,
            message=f"Segment {conflict.segment.label} changed since you loaded it; "
            "check the new text and try again.",
        )
    except InvalidInput as error:
        segment = segment_service.get_segment(get_db(), segment_id)
        return _row_response(segment, status=422, message=known_message(error))
    return _row_response(segment)


@bp.post("/segments/<int:segment_id>/revert")
@login_required
def revert(segment_id: int):
    """Restore the machine draft or the text of an earlier revision."""
    revision = request.form.get("revision", "")
    revision_id = parse_number(revision)
    if revision and revision_id is None:
        raise InvalidInput("That is not a revision of this segment; reload the page.")
    try:
        segment = segment_service.revert_segment(
            get_db(),
            current_user,
            segment_id,
            version=_version(),
            revision_id=revision_id,
        )
    except Conflict as conflict:
        return _row_response(
            conflict.segment, status=409, message=known_message(conflict), conflict=conflict
        )
    return _row_response(segment)


@bp.post("/segments/<int:segment_id>/comments")
@login_required
def add_comment(segment_id: int):
    """Add a comment to the segment's thread."""
    session = get_db()
    status, error = 200, None
    try:
        segment_service.add_comment(session, current_user, segment_id, request.form.get("body", ""))
    except InvalidInput as invalid:
        status, error = 422, invalid
    return _panel_response(segment_id, status=status, error=error)


@bp.post("/segments/<int:segment_id>/role")
@login_required
def set_role(segment_id: int):
    """Make the segment body text, a heading (with its level) or excluded from publication."""
    status, error = 200, None
    try:
        segment_service.set_role(
            get_db(),
            current_user,
            segment_id,
            role=request.form.get("role", ""),
            level=parse_number(request.form.get("heading_level")),
            version=_int_field("version"),
        )
    except (InvalidInput, Conflict) as refused:
        status, error = (409 if isinstance(refused, Conflict) else 422), refused
    response = _panel_response(segment_id, status=status, error=error)
    if status == 200 and is_htmx():
        # The row shows the role too: let the workspace refresh what depends on the segment.
        response.headers["HX-Trigger"] = "segmentChanged"
    return response


@bp.post("/comments/<int:comment_id>/resolve")
@login_required
def resolve_comment(comment_id: int):
    """Mark a comment resolved (its author, or an editor)."""
    comment = segment_service.resolve_comment(get_db(), current_user, comment_id)
    return _panel_response(comment.segment_id)


@bp.post("/issues/<int:issue_id>/ignore")
@login_required
def ignore_issue(issue_id: int):
    """Set a QA issue aside with a reason (warnings: anyone; errors: editors)."""
    session = get_db()
    try:
        issue = issue_service.ignore_issue(
            session, current_user, issue_id, request.form.get("reason", "")
        )
    except InvalidInput as error:
        found = session.get(QaIssue, issue_id)
        if found is None:
            raise
        return _panel_response(found.segment_id, status=422, error=error)
    return _panel_response(issue.segment_id)


@bp.post("/issues/<int:issue_id>/unignore")
@login_required
def unignore_issue(issue_id: int):
    """Take an ignore back (editors): the issue counts again."""
    issue = issue_service.unignore_issue(get_db(), current_user, issue_id)
    return _panel_response(issue.segment_id)


@bp.get("/segments/<int:segment_id>/term-proposals/new")
@login_required
def new_term_proposal(segment_id: int):
    """The form proposing a term, prefilled with ``source`` (the selected Chinese text)."""
    segment = segment_service.get_segment(get_db(), segment_id)
    form = {"source": request.args.get("source", "").strip()[:500]}
    return page_or_fragment(
        "segments/propose_term.html", "segments/_propose_term.html", s=segment, form=form
    )


@bp.post("/segments/<int:segment_id>/term-proposals")
@login_required
def propose_term(segment_id: int):
    """Propose a term from the segment's source for an editor to accept or reject."""
    form = request.form
    fields = TermFields(form.get("source", ""), form.get("target", ""), note=form.get("note", ""))
    try:
        proposal = proposal_service.propose_term(get_db(), current_user, segment_id, fields)
    except InvalidInput as error:
        segment = segment_service.get_segment(get_db(), segment_id)
        return page_or_fragment(
            "segments/propose_term.html",
            "segments/_propose_term.html",
            status=422,
            s=segment,
            form=form,
            error=error,
        )
    notice = f"Proposed {proposal.source} → {proposal.target}; an editor will review it."
    if not is_htmx():
        flash(notice, "success")
        return redirect(_workspace_url(segment_service.get_segment(get_db(), segment_id)), 303)
    segment = segment_service.get_segment(get_db(), segment_id)
    return page_or_fragment(
        "segments/propose_term.html",
        "segments/_propose_term.html",
        s=segment,
        form={},
        notice=notice,
    )


def _panel_response(segment_id: int, *, status: int = 200, error=None):
    segment = segment_service.get_segment(get_db(), segment_id)
    if not is_htmx():
        if error:
            flash(known_message(error), "error")
        return redirect(url_for("segments.panel", segment_id=segment_id), 303)
    context = _panel_context(segment)
    return make_response(
        render_template("segments/_panel.html", s=segment, error=error, **context), status
    )


@bp.post("/segments/<int:segment_id>/merge")
@login_required
def merge(segment_id: int):
    """Merge the segment with the next one."""
    return _fix(segment_id, alignment.merge_segments)


@bp.post("/segments/<int:segment_id>/split")
@login_required
def split(segment_id: int):
    """Split the segment at the chosen sentence boundary on each side."""
    return _fix(
        segment_id,
        alignment.split_segment,
        source_cut=_int_field("source_cut"),
        target_cut=_int_field("target_cut"),
    )


@bp.post("/segments/<int:segment_id>/move")
@login_required
def move(segment_id: int):
    """Move the first sentence to the previous segment or the last to the next."""
    return _fix(
        segment_id,
        alignment.move_sentence,
        side=request.form.get("side", ""),
        direction=request.form.get("direction", ""),
    )


@bp.post("/segments/<int:segment_id>/insert")
@login_required
def insert(segment_id: int):
    """Give the source or the target an empty counterpart."""
    return _fix(segment_id, alignment.insert_empty_counterpart, side=request.form.get("side", ""))


@bp.post("/operations/<int:operation_id>/undo")
@login_required
def undo(operation_id: int):
    """Undo an alignment fix; ``row`` names the row the request came from."""
    row_id = _int_field("row")
    result = alignment.undo_operation(get_db(), current_user, operation_id)
    return _fix_response(row_id, result, notice="Alignment change undone.")


def _int_field(name: str) -> int:
    value = parse_number(request.form.get(name))
    if value is None:
        raise InvalidInput(f"The form is missing {name.replace('_', ' ')}; reload the page.")
    return value


def _fix(segment_id: int, fix, **arguments):
    try:
        result = fix(get_db(), current_user, segment_id, version=_version(), **arguments)
    except Conflict as conflict:
        return _row_response(
            conflict.segment, status=409, message=known_message(conflict), conflict=conflict
        )
    except InvalidInput as error:
        segment = segment_service.get_segment(get_db(), segment_id)
        return _row_response(segment, status=422, message=known_message(error))
    return _fix_response(segment_id, result, notice=result.description, undo=result.operation)


def _fix_response(row_id: int, result: alignment.AlignmentResult, *, notice: str, undo=None):
    """The row that was acted on is replaced by itself plus any segment that appeared next to
    it; other changed rows are updated and removed rows deleted out of band."""
    added = {s.id for s in result.added}
    in_place = [s for s in result.segments if s.id == row_id or s.id in added]
    elsewhere = [s for s in result.segments if s not in in_place]
    removed = [s for s in result.removed if s.id != row_id]
    anchor = in_place[0] if in_place else (result.segments or result.removed)[0]
    if not is_htmx():
        flash(notice, "info")
        return redirect(_workspace_url(anchor), 303)
    response = make_response(
        render_template(
            "segments/_fix_result.html",
            in_place=in_place,
            elsewhere=elsewhere,
            removed=removed,
            notice=notice,
            notice_for=anchor.id,
            undo=undo,
        )
    )
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response
