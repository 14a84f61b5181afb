"""Documents: the list, import, the workspace with its paged rows, export."""

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from review_app.core.headline import Article
from review_app.formats.article import file_title, read_article
from review_app.formats.errors import FormatError
from review_app.formats.text import read_text_paragraphs
from review_app.services import documents as document_service
from review_app.services import exports, import_jobs, qa
from review_app.services.access import can
from review_app.services.errors import InvalidInput, NotFound
from review_app.services.segments import (
    SEARCH_FIELDS,
    STATUS_FILTERS,
    SegmentFilter,
    SegmentPage,
    list_segments,
    position_of,
)
from review_app.store import Job

from .annotations import prefetch
from .db import get_db
from .filters import filter_args, segment_filter
from .htmx import is_htmx, page_or_fragment
from .ids import parse_number
from .jobs import enqueue, flash_imported
from .review import sign_off_context
from .worddiff import word_diff

bp = Blueprint("documents", __name__, url_prefix="/documents")


@login_required
def index():
    """Every document with its progress and last activity."""
    summaries = document_service.list_documents(get_db())
    return render_template(
        "documents/index.html", summaries=summaries, can_import=can(current_user, "import")
    )


@bp.route("/import", methods=["GET", "POST"], endpoint="import")
@login_required
def import_document():
    """Upload or paste a Chinese source and its English draft, or upload a PO or XLIFF file."""
    if not can(current_user, "import"):
        abort(403)
    if request.method == "GET":
        return render_template("documents/import.html", form={})
    try:
        imported = _import_from(request)
    except (FormatError, InvalidInput) as error:
        # Nothing was stored: the unit of work rolled back, or never started.
        return render_template("documents/import.html", form=request.form, error=error), 422
    if isinstance(imported, Job):
        # A long import: its page shows the progress and then leads to the document.
        return redirect(url_for("jobs.show", job_id=imported.id), 303)
    flash_imported(imported)
    return redirect(url_for("documents.workspace", document_id=imported.id), 303)


def _import_from(req):
    title = req.form.get("title", "").strip()
    upload = req.files.get("file")
    if upload and upload.filename:
        data = upload.read()
        if len(data) > current_app.config["LONG_IMPORT_FILE_BYTES"]:
            return import_jobs.submit_file(
                get_db(), current_user, enqueue, data=data, filename=upload.filename, title=title
            )
        return document_service.import_file(
            get_db(), current_user, data=data, filename=upload.filename, title=title
        )
    source, source_name = _article(req, "source", "zh", "Chinese source")
    draft, _ = _article(req, "draft", "en", "English draft")
    if import_jobs.is_long((source, draft), current_app.config["LONG_IMPORT_CHARACTERS"]):
        return import_jobs.submit_pair(
            get_db(),
            current_user,
            enqueue,
            title=title,
            source=source,
            draft=draft,
            fallback_title=source_name,
        )
    return document_service.import_articles(
        get_db(),
        current_user,
        title=title,
        source=source,
        draft=draft,
        fallback_title=source_name,
    )


def _article(req, name: str, lang: str, what: str) -> tuple[Article, str]:
    """One side of the pair as an article, and the name of its file ("" when pasted)."""
    upload = req.files.get(f"{name}_file")
    if upload and upload.filename:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        article = read_article(upload.read(), upload.filename, lang, max_bytes=limit)
        return article, file_title(upload.filename)
    paragraphs = read_text_paragraphs(req.form.get(f"{name}_text", ""))
    if not paragraphs:
        raise InvalidInput(f"The {what} is missing: upload a file or paste the text.")
    return Article.of(paragraphs, lang), ""


def _segment_filter() -> SegmentFilter:
    return segment_filter(request.args)


def _filter_args() -> dict[str, str]:
    """The filter part of the query string, to carry into 'load more' links."""
    return filter_args(request.args, view=True)


def _after() -> int | None:
    return parse_number(request.args.get("after"))


def _direction() -> str:
    """Which way a page of rows extends the grid: "after" (scrolling down), "before"
    (scrolling up) or "" (a first page, or a jump: both ways)."""
    if request.args.get("goto"):
        return ""
    if parse_number(request.args.get("before")) is not None:
        return "before"
    return "after" if _after() is not None else ""


def _page(session, document_id: int) -> SegmentPage:
    """The page of rows the request asks for: the first, the next or previous one, or the
    one starting at "go to segment N" (``goto``)."""
    segment_filter = _segment_filter()
    limit = current_app.config["PAGE_SIZE"]
    goto = request.args.get("goto", "").strip()
    if goto:
        position = position_of(session, document_id, goto[:20])
        if position is None:
            raise NotFound(f"There is no segment {goto[:20]} in this document; check the number.")
        return list_segments(session, document_id, segment_filter, after=position - 1, limit=limit)
    before = parse_number(request.args.get("before"))
    return list_segments(
        session, document_id, segment_filter, after=_after(), before=before, limit=limit
    )


@bp.get("/<int:document_id>")
@login_required
def workspace(document_id: int):
    """The review workspace: filters and the first page of segment rows."""
    return _workspace_page(document_id)


def _workspace_page(document_id: int):
    session = get_db()
    summary = document_service.document_summary(session, document_id)
    error, page = None, SegmentPage([], None)
    try:
        page = _page(session, document_id)
    except InvalidInput as invalid:
        error = invalid
    prefetch(page.segments)
    return render_template(
        "documents/workspace.html",
        summary=summary,
        document=summary.document,
        page=page,
        error=error,
        filters=_filter_args(),
        status_filters=STATUS_FILTERS,
        search_fields=SEARCH_FIELDS,
        started_after=_after(),
        direction=_direction(),
        can_edit_glossary=can(current_user, "edit_glossary"),
        original_file=exports.has_original(session, document_id),
        **sign_off_context(document_id),
    ), (422 if error else 200)


@bp.get("/<int:document_id>/rows")
@login_required
def rows(document_id: int):
    """The next page of rows (htmx, when the last row scrolls into view), or the full page."""
    if not is_htmx():
        response = make_response(_workspace_page(document_id))
        response.vary.add("HX-Request")
        return response
    document = document_service.get_document(get_db(), document_id)
    qa.ensure_checked(get_db(), [document_id])
    try:
        page = _page(get_db(), document_id)
    except InvalidInput as error:
        response = make_response(render_template("documents/_rows_error.html", error=error), 422)
        response.vary.add("HX-Request")
        return response
    prefetch(page.segments)
    response = make_response(
        render_template(
            "documents/_rows.html",
            document=document,
            page=page,
            filters=_filter_args(),
            direction=_direction(),
        )
    )
    response.vary.add("HX-Request")
    if not any(request.args.get(key) for key in ("after", "before", "goto")):
        # A new filter: put it in the address bar so reload and bookmarks keep it.
        # url_for's own keywords (_external, _anchor…) are typed apart; the filter holds none.
        query: dict[str, Any] = _filter_args()
        response.headers["HX-Replace-Url"] = url_for(
            "documents.workspace", document_id=document_id, **query
        )
    return response


@bp.get("/<int:document_id>/progress")
@login_required
def progress(document_id: int):
    """The progress bar, refreshed by htmx after each change; the workspace otherwise."""
    return _summary_fragment(document_id, "documents/_progress.html")


@bp.get("/<int:document_id>/issues")
@login_required
def issues(document_id: int):
    """The open QA issue counts, refreshed by htmx after each change; the workspace otherwise."""
    return _summary_fragment(document_id, "documents/_issues.html")


def _summary_fragment(document_id: int, template: str):
    summary = document_service.document_summary(get_db(), document_id)
    if not is_htmx():
        return redirect(url_for("documents.workspace", document_id=document_id))
    response = make_response(render_template(template, summary=summary))
    response.vary.add("HX-Request")
    return response


@bp.get("/<int:document_id>/preview")
@login_required
def preview(document_id: int):
    """The final English as it will be published (headings, paragraphs, excluded segments
    left out); ``?changes=1`` shows the changes against the machine draft."""
    session = get_db()
    document = document_service.get_document(session, document_id)
    changes = request.args.get("changes") == "1"
    blocks: list[dict[str, Any]]
    if changes:
        title, tracked = document_service.tracked_copy(session, document_id)
        blocks = [{"heading": b.heading, "parts": word_diff(b.draft, b.text)} for b in tracked]
    else:
        title, final = document_service.final_copy(session, document_id)
        blocks = [{"heading": b.heading, "text": b.text} for b in final]
    return page_or_fragment(
        "documents/preview.html",
        "documents/_preview.html",
        document=document,
        title=title,
        blocks=blocks,
        changes=changes,
    )


@bp.get("/<int:document_id>/export.po")
@login_required
def export_po(document_id: int):
    """Download the document as a PO file."""
    return export(document_id, "po")


@bp.get("/<int:document_id>/export")
@login_required
def export(document_id: int, file_format: str | None = None):
    """Download the document as ``?format=`` po, xliff (1.2), xliff2, original (the imported
    XLIFF with the work written back), or the final English as txt, md, html or docx."""
    file_format = file_format or request.args.get("format", "po")
    found = exports.export_file(get_db(), document_id, file_format)
    return _download(found.content, found.filename, found.mimetype)


@bp.get("/<int:document_id>/export.txt")
@login_required
def export_text(document_id: int):
    """Download the current English as plain text."""
    filename, text = document_service.export_text(get_db(), document_id)
    return _download(text, filename, "text/plain")


def _download(text: str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
