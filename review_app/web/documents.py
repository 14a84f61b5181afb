"""Documents: the list, import, the workspace with its paged rows, export."""

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from review_app.core.headline import Article
from review_app.formats.article import file_title, read_article
from review_app.formats.errors import FormatError
from review_app.formats.text import read_text_paragraphs
from review_app.services import documents as document_service
from review_app.services import exports, import_jobs, qa
from review_app.services.access import can
from review_app.services.changes import changes_since, latest_cursor, rows_to_refresh
from review_app.services.documents import ImportOptions
from review_app.services.errors import InvalidInput, NotFound
from review_app.services.metric_jobs import statistics_pending
from review_app.services.projects import list_projects
from review_app.services.replace import ReplaceRequest, plan_replacements, replace_in_document
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
    projects = list_projects(get_db())
    if request.method == "GET":
        return render_template("documents/import.html", form={}, projects=projects)
    try:
        imported = _import_from(request)
    except (FormatError, InvalidInput, NotFound) as error:
        # Nothing was stored: the unit of work rolled back, or never started.
        return render_template(
            "documents/import.html", form=request.form, error=error, projects=projects
        ), 422
    if isinstance(imported, Job):
        # A long import: its page shows the progress and then leads to the document.
        return redirect(url_for("jobs.show", job_id=imported.id), 303)
    flash_imported(imported)
    return redirect(url_for("documents.workspace", document_id=imported.id), 303)


def import_options(form) -> ImportOptions:
    """The import's project (``project``: an id; Default when empty) and ``no_tm``."""
    project = form.get("project", "").strip()
    project_id = parse_number(project)
    if project and project_id is None:
        raise InvalidInput("Choose a project from the list.")
    return ImportOptions(project_id, use_memory=form.get("no_tm") != "1")


def _import_from(req):
    title = req.form.get("title", "").strip()
    options = import_options(req.form)
    upload = req.files.get("file")
    if upload and upload.filename:
        data = upload.read()
        if len(data) > current_app.config["LONG_IMPORT_FILE_BYTES"]:
            return import_jobs.submit_file(
                get_db(),
                current_user,
                enqueue,
                data=data,
                filename=upload.filename,
                title=title,
                options=options,
            )
        return document_service.import_file(
            get_db(),
            current_user,
            data=data,
            filename=upload.filename,
            title=title,
            options=options,
        )
    source, source_name = _article(req, "source", "zh")
    draft, _draft_name = _article(req, "draft", "en")
    if import_jobs.is_long((source, draft), current_app.config["LONG_IMPORT_CHARACTERS"]):
        return import_jobs.submit_pair(
            get_db(),
            current_user,
            enqueue,
            title=title,
            source=source,
            draft=draft,
            fallback_title=source_name,
            options=options,
        )
    return document_service.import_articles(
        get_db(),
        current_user,
        title=title,
        source=source,
        draft=draft,
        fallback_title=source_name,
        options=options,
    )


_MISSING = {
    "source": _l("The Chinese source is missing: upload a file or paste the text."),
    "draft": _l("The English draft is missing: upload a file or paste the text."),
}


def _article(req, name: str, lang: str) -> tuple[Article, str]:
    """One side of the pair as an article, and the name of its file ("" when pasted)."""
    upload = req.files.get(f"{name}_file")
    if upload and upload.filename:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        article = read_article(upload.read(), upload.filename, lang, max_bytes=limit)
        return article, file_title(upload.filename)
    paragraphs = read_text_paragraphs(req.form.get(f"{name}_text", ""))
    if not paragraphs:
        raise InvalidInput(str(_MISSING[name]))
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
    if segment_filter.edits == "most" and _metrics_pending(session, document_id):
        raise InvalidInput(
            _(
                "The post-editing metrics of this document are being computed: choose “Most "
                "changed first” again in a moment (the document's dashboard shows the progress)."
            )
        )
    limit = current_app.config["PAGE_SIZE"]
    goto = request.args.get("goto", "").strip()
    if goto:
        position = position_of(session, document_id, goto[:20])
        if position is None:
            raise NotFound(
                _(
                    "There is no segment %(label)s in this document; check the number.",
                    label=goto[:20],
                )
            )
        return list_segments(session, document_id, segment_filter, after=position - 1, limit=limit)
    before = parse_number(request.args.get("before"))
    return list_segments(
        session, document_id, segment_filter, after=_after(), before=before, limit=limit
    )


def _metrics_pending(session, document_id: int) -> bool:
    """Whether ranking by change would compute too many metrics inline: a job computes
    them then (queued now, unless it is already), and the ranking waits for it."""
    inline = current_app.config["INLINE_METRICS_PAIRS"]
    return statistics_pending(session, document_id, enqueue, inline=inline) is not None


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
        document_id=document_id,
        cursor=latest_cursor(session),
        refreshed=[],
        gone=[],
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


# Row ids a poll may name: a few pages' worth (the grid keeps at most about 250).
MAX_POLLED_ROWS = 500


@bp.get("/<int:document_id>/changes")
@login_required
def changes(document_id: int):
    """Live rows (htmx polling): the rows on screen (``rows``, ids) that someone else changed
    since the cursor ``since``, out of band, and the poller with the new cursor."""
    if not is_htmx():
        return redirect(url_for("documents.workspace", document_id=document_id))
    session = get_db()
    document_service.get_document(session, document_id)
    since = parse_number(request.args.get("since"))
    if since is None:
        raise InvalidInput("The live-updates cursor is missing; reload the page.")
    shown = [parse_number(i) for i in request.args.get("rows", "").split(",")[:MAX_POLLED_ROWS]]
    found = changes_since(session, document_id, since, current_user.id)
    refreshed, gone = rows_to_refresh(session, document_id, filter(None, shown), found)
    prefetch(refreshed)
    response = make_response(
        render_template(
            "documents/_changes.html",
            document_id=document_id,
            cursor=found.cursor,
            refreshed=refreshed,
            gone=gone,
        )
    )
    response.vary.add("HX-Request")
    return response


def _replace_request(values) -> ReplaceRequest:
    return ReplaceRequest(
        find=values.get("find", ""),
        replacement=values.get("replacement", ""),
        field=values.get("field", "target"),
        regex=values.get("regex") == "1",
        ignore_case=values.get("ignore_case") == "1",
        include_approved=values.get("approved") == "1",
    )


def _replace_answer(document, values, *, notice: str = "", error=None):
    """The preview for ``values`` (after a replacement, of what is left to replace)."""
    plan = None
    if error is None and values.get("find"):
        try:
            plan = plan_replacements(get_db(), document.id, _replace_request(values))
        except InvalidInput as invalid:
            error = invalid
    return page_or_fragment(
        "documents/replace.html",
        "documents/_replace_preview.html",
        status=422 if error else 200,
        document=document,
        form=values,
        plan=plan,
        notice=notice,
        error=error,
    )


@bp.get("/<int:document_id>/replace")
@login_required
def replace(document_id: int):
    """Find and replace: the form, and with ``find`` the preview of every replacement."""
    document = document_service.get_document(get_db(), document_id)
    return _replace_answer(document, request.args)


@bp.post("/<int:document_id>/replace")
@login_required
def replace_text(document_id: int):
    """Make the previewed replacements: all of them, or one ``segment`` at ``version``."""
    document = document_service.get_document(get_db(), document_id)
    form = request.form
    segment_id = parse_number(form.get("segment"))
    if form.get("segment") and segment_id is None:
        raise InvalidInput("That is not a segment of this document; reload the preview.")
    try:
        changed, plan = replace_in_document(
            get_db(),
            current_user,
            document_id,
            _replace_request(form),
            segment_id=segment_id,
            version=parse_number(form.get("version")),
        )
    except InvalidInput as error:
        return _replace_answer(document, form, error=error)
    notice = ngettext("Replaced in %(num)s segment.", "Replaced in %(num)s segments.", len(changed))
    if plan.refused_empty:
        notice += " " + _(
            "Refused in %(count)s: the target would be empty.", count=len(plan.refused_empty)
        )
    if not is_htmx():
        flash(notice, "success")
        # url_for's own keywords (_external, _anchor…) are typed apart; the form holds none.
        query: dict[str, Any] = {
            k: v for k, v in form.items() if k not in ("csrf_token", "segment", "version")
        }
        return redirect(url_for("documents.replace", document_id=document_id, **query), 303)
    return _replace_answer(document, form, notice=notice)


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
