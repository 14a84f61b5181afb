"""Review of a whole document: approve in bulk, the sign-off panel, publishing, the audit log.

Every rule is the services'; these views parse the request, call one service and answer htmx
with the panel (or a page refresh), a plain form with a redirect and a flashed message.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from review_app.services import audit, publish_jobs, publishing
from review_app.services import documents as document_service
from review_app.services import review as review_service
from review_app.services.errors import InvalidInput
from review_app.services.segments import SegmentFilter

from .db import get_db
from .filters import filter_args, segment_filter
from .htmx import is_htmx, page_or_fragment
from .jobs import enqueue
from .messages import known_message

bp = Blueprint("review", __name__, url_prefix="/documents")


def sign_off_context(document_id: int) -> dict:
    """What the sign-off panel needs; also used by the workspace page."""
    session = get_db()
    return {
        "sign_off_state": review_service.sign_off_state(session, document_id),
        "publications": publishing.publications(session, document_id),
    }


def _panel_response(document_id: int, *, status: int = 200, message=None, reasons=(), ok=None):
    message = known_message(message) if message else message
    reasons = [known_message(reason) for reason in reasons]
    if not is_htmx():
        if message:
            flash(" ".join([message, *reasons]), "error" if status >= 400 else "success")
        return redirect(url_for("documents.workspace", document_id=document_id), 303)
    document = document_service.get_document(get_db(), document_id)
    response = make_response(
        render_template(
            "documents/_sign_off.html",
            document=document,
            message=message,
            reasons=reasons,
            ok=ok,
            **sign_off_context(document_id),
        ),
        status,
    )
    response.vary.add("HX-Request")
    return response


@bp.get("/<int:document_id>/sign-off")
@login_required
def panel(document_id: int):
    """The sign-off panel (htmx refresh after each change); the workspace otherwise."""
    if not is_htmx():
        return redirect(url_for("documents.workspace", document_id=document_id))
    return _panel_response(document_id)


@bp.post("/<int:document_id>/sign-off")
@login_required
def sign_off(document_id: int):
    """Sign the document off (editors), or say what is missing (409)."""
    try:
        record = review_service.sign_off(get_db(), current_user, document_id)
    except review_service.SignOffRefused as refused:
        return _panel_response(
            document_id,
            status=409,
            message=refused.summary,
            reasons=refused.reasons,
        )
    return _panel_response(
        document_id, message=_("Signed off. SHA-256 %(hash)s…", hash=record.sha256[:12]), ok=True
    )


@bp.post("/<int:document_id>/publish")
@login_required
def publish(document_id: int):
    """Publish the signed-off document (editors), or say why not (409). A long one is
    published by a job, whose page shows the progress and leads back here."""
    session, data_dir = get_db(), current_app.config["DATA_DIR"]
    try:
        count = publish_jobs.segment_count(session, document_id)
        if count > current_app.config["LONG_PUBLISH_SEGMENTS"]:
            job = publish_jobs.submit_publish(
                session, current_user, enqueue, document_id=document_id, data_dir=data_dir
            )
            target = url_for("jobs.show", job_id=job.id)
            if is_htmx():
                response = make_response("")
                response.headers["HX-Redirect"] = target
                return response
            return redirect(target, 303)
        result = publishing.publish(session, current_user, document_id, data_dir)
    except review_service.SignOffRefused as refused:
        return _panel_response(
            document_id, status=409, message=refused.summary, reasons=refused.reasons
        )
    if not result.created:
        return _panel_response(
            document_id, status=409, message=already_published(result.publication)
        )
    return _panel_response(
        document_id,
        message=_(
            "Published version %(version)s to %(folder)s.",
            version=result.publication.version,
            folder=str(result.folder),
        ),
        ok=True,
    )


def file_download(path: Path, name: str) -> Response:
    """A published file as an attachment. Read whole (published files are small), so no
    open file outlives the request."""
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype == "application/json":
        mimetype += "; charset=utf-8"
    response = Response(path.read_bytes(), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def already_published(publication) -> str:
    return _(
        "This sign-off is already published as version %(version)s (by %(user)s); nothing new "
        "was written. Change the document (reopen it) and sign off again for a new version.",
        version=publication.version,
        user=publication.user.username,
    )


@bp.get("/<int:document_id>/publications")
@login_required
def publications(document_id: int):
    """Every published version: date, publisher, signer, hash, a download link per file."""
    session = get_db()
    document = document_service.get_document(session, document_id)
    return page_or_fragment(
        "documents/publications.html",
        "documents/_publications.html",
        document=document,
        publications=publishing.publications(session, document_id),
    )


@bp.get("/<int:document_id>/publications/<int:version>/<name>")
@login_required
def publication_file(document_id: int, version: int, name: str):
    """One file of a published version, as a download; 404 for a name not in its list."""
    path = publishing.publication_file(get_db(), document_id, version, name)
    return file_download(path, name)


@bp.post("/<int:document_id>/reopen")
@login_required
def reopen(document_id: int):
    """Reopen the signed-off document for changes (editors), with a reason; 422 without."""
    try:
        review_service.reopen(get_db(), current_user, document_id, request.form.get("reason", ""))
    except InvalidInput as error:
        return _panel_response(document_id, status=422, message=error)
    return _panel_response(
        document_id,
        message=_("Reopened for changes: the sign-off is revoked. Sign off again when done."),
        ok=True,
    )


@bp.post("/<int:document_id>/approve-all")
@login_required
def approve_all(document_id: int):
    """Approve every translated segment of the current filter that has no QA error."""
    approved = review_service.bulk_approve(get_db(), current_user, document_id, _filter())
    flash(
        ngettext(
            "Approved %(num)s translated segment without QA errors.",
            "Approved %(num)s translated segments without QA errors.",
            len(approved),
        ),
        "success",
    )
    # url_for's own keywords (_external, _anchor…) are typed apart; the filter holds none of them.
    query: dict[str, Any] = _filter_args()
    target = url_for("documents.workspace", document_id=document_id, **query)
    if is_htmx():
        # A full reload: every row of the filter, the progress and the panel have changed.
        response = make_response("")
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def _filter_args() -> dict[str, str]:
    """The filter the user sees: htmx keeps it in the address bar, which it sends along as
    HX-Current-URL; a plain form carries it in hidden fields."""
    current = request.headers.get("HX-Current-URL") if is_htmx() else None
    values = dict(parse_qsl(urlsplit(current).query)) if current else request.form
    return filter_args(values)


def _filter() -> SegmentFilter:
    return segment_filter(_filter_args())


@bp.get("/<int:document_id>/audit")
@login_required
def audit_log(document_id: int):
    """Every recorded event of the document, oldest first."""
    session = get_db()
    document = document_service.get_document(session, document_id)
    return page_or_fragment(
        "documents/audit.html",
        "documents/_audit_rows.html",
        document=document,
        events=audit.events(session, document_id),
    )
