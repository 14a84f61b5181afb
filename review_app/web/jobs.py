"""Background jobs in the browser: a page whose progress bar updates itself (htmx polls the
job's partial) and that lands the user on the result once the job is done."""

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from review_app.core.jobs import JobState
from review_app.services import jobs as job_service
from review_app.services.documents import get_document
from review_app.services.projects import get_memory
from review_app.services.publish_jobs import PUBLISH
from review_app.services.tm import pretranslated_count
from review_app.services.tmx_jobs import TMX_IMPORT
from review_app.store import Document, Job

from .db import get_db
from .htmx import is_htmx

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def enqueue(job_id: int, delay: float = 0.0) -> None:
    """Hand a recorded job to the app's queue (``review_app.tasks.JobQueue``), to run now or
    ``delay`` seconds from now."""
    current_app.extensions["review_app.jobs"].enqueue(job_id, delay)


def flash_imported(document: Document) -> None:
    """What an import says when the user lands on its document."""
    from_memory = pretranslated_count(get_db(), document.id)
    if from_memory:
        flash(
            ngettext(
                "%(num)s segment came from the translation memory (marked TM, still to be "
                "confirmed).",
                "%(num)s segments came from the translation memory (marked TM, still to be "
                "confirmed).",
                from_memory,
            ),
            "info",
        )
    if document.looks_mismatched:
        flash(
            _(
                "The draft does not seem to translate this source: most segments are aligned "
                "with low confidence. Check that you chose the right pair of files."
            ),
            "warning",
        )
    else:
        flash(_("Imported “%(title)s”.", title=document.title), "success")


@bp.get("/<int:job_id>")
@login_required
def show(job_id: int):
    """The job's progress; htmx asks again every second until it ends. A done job sends
    the user on to its result."""
    status = job_service.status_of(job_service.get_job(get_db(), current_user, job_id))
    target = _landing(status.job) if status.state == JobState.DONE else None
    if target is not None:
        if is_htmx():
            response = make_response("", 200)
            response.headers["HX-Redirect"] = target
            return response
        return redirect(target, 303)
    template = "jobs/_job.html" if is_htmx() else "jobs/show.html"
    response = make_response(render_template(template, status=status, **_words(status.job)))
    response.vary.add("HX-Request")
    return response


def _words(job: Job) -> dict:
    """The page's heading, and where to go instead, for the kind of job."""
    params = job.params or {}
    if job.kind == PUBLISH:
        return {
            "heading": _("Publishing"),
            "again": url_for("documents.workspace", document_id=params.get("document_id")),
            "again_label": _("Back to the document"),
        }
    if job.kind == TMX_IMPORT:
        again = url_for("projects.show", project_id=params.get("project_id"))
    else:
        again = url_for("documents.import")
    return {"heading": _("Importing"), "again": again, "again_label": _("Import something else")}


def _landing(job: Job) -> str | None:
    """Where a done job's user lands, told what it did: an import's document, a TMX
    import's project, a publication's document."""
    result = job.result or {}
    if job.kind == PUBLISH:
        if result.get("created", True):
            message = _(
                "Published version %(version)s to %(folder)s.",
                version=result["version"],
                folder=result["folder"],
            )
            flash(message, "success")
        else:
            message = _(
                "This sign-off was published already, as version %(version)s; nothing new "
                "was written. Change the document (reopen it) and sign off again for a new "
                "version.",
                version=result["version"],
            )
            flash(message, "warning")
        return url_for("documents.workspace", document_id=result["document_id"])
    if job.kind == TMX_IMPORT:
        memory = get_memory(get_db(), result["memory_id"])
        flash(
            _(
                "Memory %(name)s: %(added)s units added, %(updated)s updated, %(empty)s with an "
                "empty side skipped, %(languages)s without Chinese and English skipped.",
                name=memory.name,
                added=result["added"],
                updated=result["updated"],
                empty=result["skipped_empty"],
                languages=result["skipped_languages"],
            ),
            "success",
        )
        for warning in result["warnings"]:
            flash(warning, "warning")
        return url_for("projects.show", project_id=result["project_id"])
    if "document_id" in result:
        flash_imported(get_document(get_db(), result["document_id"]))
        return url_for("documents.workspace", document_id=result["document_id"])
    return None


@bp.post("/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    """Run a failed job again from the start."""
    job_service.retry(get_db(), current_user, job_id, enqueue)
    return redirect(url_for("jobs.show", job_id=job_id), 303)
