"""A document's details (title, slug, source URL, publisher, date), corrected by editors.

The same use case as ``PATCH /api/documents/<id>``: ``services.metadata.update_metadata``
checks every field before anything is written and audits what changed.
"""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review_app.services import documents as document_service
from review_app.services.access import require
from review_app.services.errors import Conflict, InvalidInput
from review_app.services.metadata import FIELDS, MetadataChange, update_metadata

from .db import get_db
from .htmx import is_htmx, page_or_fragment

bp = Blueprint("details", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>/details")
@login_required
def form(document_id: int):
    """The details form (editors)."""
    require(current_user, "review")
    document = document_service.get_document(get_db(), document_id)
    return _form(document, {name: getattr(document, name) or "" for name in FIELDS})


@bp.post("/<int:document_id>/details")
@login_required
def update(document_id: int):
    """Save the details; the form again with the reason when a field is refused."""
    values = {name: request.form.get(name, "") for name in FIELDS}
    session = get_db()
    try:
        document = update_metadata(session, current_user, document_id, MetadataChange(**values))
    except (InvalidInput, Conflict) as error:
        document = document_service.get_document(session, document_id)
        return _form(document, values, error=error, status=422)
    if is_htmx():
        return _form(document, {name: getattr(document, name) or "" for name in FIELDS}, ok=True)
    flash(_("The document's details are saved."), "success")
    return redirect(url_for("documents.workspace", document_id=document_id), 303)


def _form(document, values: dict[str, str], *, error=None, ok=False, status=200):
    return page_or_fragment(
        "documents/details.html",
        "documents/_details_form.html",
        status=status,
        document=document,
        values=values,
        error=error,
        ok=ok,
    )
