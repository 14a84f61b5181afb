"""The REST API under /api: JSON in and out, ``Authorization: Bearer <token>`` on every call.

The API reads no cookies: a logged-in browser session is not a credential here, which is why
the blueprint can be exempt from CSRF protection (a cross-site page cannot set the header).
Every rule is the services', exactly as for the pages; domain errors become JSON with the
status ``errors.STATUS_OF`` gives them.
"""

from pathlib import Path

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for

from review_app.core.workflow import SegmentStatus
from review_app.formats.article import read_article
from review_app.formats.errors import FormatError
from review_app.services import (
    audit,
    exports,
    import_jobs,
    metadata,
    publish_jobs,
    publishing,
    qa,
    tm,
    tokens,
)
from review_app.services import documents as document_service
from review_app.services import issues as issue_service
from review_app.services import jobs as job_service
from review_app.services import review as review_service
from review_app.services import segments as segment_service
from review_app.services import users as user_service
from review_app.services.access import can, require
from review_app.services.errors import AuthenticationFailed, Conflict, Forbidden, InvalidInput
from review_app.services.projects import find_project
from review_app.services.updates import REQUESTABLE, SegmentUpdate
from review_app.services.updates import update_segment as update_segment_service
from review_app.store.models import iso_utc

from .db import get_db
from .filters import segment_filter
from .ids import fits
from .jobs import enqueue
from .memory import concordance_query
from .review import already_published, file_download

bp = Blueprint("api", __name__, url_prefix="/api")
PATCH_STATUSES = tuple(status.value for status in REQUESTABLE)


@bp.before_request
def _authenticate() -> None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed(
            "This API needs `Authorization: Bearer <token>`; "
            "create a token with `review-app token create USER`."
        )
    g.api_user = tokens.authenticate_token(get_db(), token.strip())


def _document_json(summary) -> dict:
    d = summary.document
    return {
        "id": d.id,
        "title": d.title,
        "slug": d.slug,
        "status": d.status,
        "source_url": d.source_url,
        "publisher": d.publisher,
        "article_date": d.article_date,
        "project_id": d.project_id,
        "counts": summary.counts,
        "issues": summary.issues,
    }


def _segment_json(segment, issues=None, rejection=None) -> dict:
    session = get_db()
    if issues is None:
        issues = qa.issues_by_segment(session, [segment.id]).get(segment.id, [])
    if rejection is None and segment.status == SegmentStatus.REJECTED:
        rejection = review_service.latest_rejection(session, segment.id)
    return {
        "id": segment.id,
        "position": segment.position,
        "label": segment.label,
        "source": segment.source,
        "draft": segment.draft,
        "target": segment.target,
        "status": segment.status,
        "version": segment.version,
        "confidence": segment.confidence,
        "role": segment.role,
        "heading_level": segment.heading_level,
        # Set when the import took the target from the translation memory.
        "tm_score": segment.tm_score,
        "tm_origin": segment.tm_origin,
        "issues": [_issue_json(i) for i in issues],
        "rejection": (
            {
                "comment": rejection.comment,
                "category": rejection.category,
                "severity": rejection.severity,
                "by": rejection.user.username,
                "at": iso_utc(rejection.created_at),
            }
            if rejection is not None and segment.status == SegmentStatus.REJECTED
            else None
        ),
    }


def _sign_off_json(record) -> dict:
    return {
        "id": record.id,
        "document_id": record.document_id,
        "signed_off_by": record.user.username,
        "signed_off_at": iso_utc(record.created_at),
        "sha256": record.sha256,
    }


@bp.get("/documents")
def list_documents():
    """Every document with its status and segment counts by status."""
    return jsonify([_document_json(s) for s in document_service.list_documents(get_db())])


@bp.post("/documents")
def create_document():
    """Import a bilingual PO or XLIFF file (multipart ``file``), or a Chinese source and its
    English draft (``source``, ``draft``); optional ``title``, ``project`` (name or id) and
    ``use_memory`` (``false`` keeps the machine draft: no pre-translation)."""
    if not can(g.api_user, "import"):
        raise Forbidden(f"Your role ({g.api_user.role}) may not import documents.")
    options = _import_options()
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read()
        if _as_job(len(data), "LONG_IMPORT_FILE_BYTES"):
            return _accepted(
                import_jobs.submit_file(
                    get_db(),
                    g.api_user,
                    enqueue,
                    data=data,
                    filename=upload.filename,
                    title=request.form.get("title", ""),
                    options=options,
                )
            )
        try:
            document = document_service.import_file(
                get_db(),
                g.api_user,
                data=data,
                filename=upload.filename,
                title=request.form.get("title", ""),
                options=options,
            )
        except FormatError as error:
            raise InvalidInput(str(error)) from None
        return _created(document)
    uploads = {name: request.files.get(name) for name in ("source", "draft")}
    files = {name: (f.filename, f) for name, f in uploads.items() if f is not None and f.filename}
    missing = [name for name in uploads if name not in files]
    if missing:
        raise InvalidInput(f"Send the {' and '.join(missing)} as multipart file fields.")
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    try:
        articles = {
            name: read_article(f.read(), filename, lang, max_bytes=limit)
            for (name, (filename, f)), lang in zip(files.items(), ("zh", "en"), strict=True)
        }
    except FormatError as error:
        raise InvalidInput(str(error)) from None
    title, fallback_title = request.form.get("title", ""), Path(files["source"][0]).stem
    source, draft = articles["source"], articles["draft"]
    if _as_job(
        sum(len(p) for a in (source, draft) for p in a.paragraphs), "LONG_IMPORT_CHARACTERS"
    ):
        job = import_jobs.submit_pair(
            get_db(),
            g.api_user,
            enqueue,
            title=title,
            source=source,
            draft=draft,
            fallback_title=fallback_title,
            options=options,
        )
        return _accepted(job)
    document = document_service.import_articles(
        get_db(),
        g.api_user,
        title=title,
        source=source,
        draft=draft,
        fallback_title=fallback_title,
        options=options,
    )
    return _created(document)


def _as_job(size: int, limit: str) -> bool:
    """Long work (over the ``limit`` setting; or any, with ``Prefer: respond-async``) is
    answered 202 with its job."""
    asked = "respond-async" in request.headers.get("Prefer", "").lower()
    return asked or size > current_app.config[limit]


def _accepted(job):
    response = jsonify(_job_json(job_service.status_of(job)))
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_job", job_id=job.id)
    return response


_NO = ("0", "false", "no", "off")


def _import_options() -> document_service.ImportOptions:
    project = request.form.get("project", "").strip()
    use_memory = request.form.get("use_memory", "true").strip().lower()
    if use_memory not in (*_NO, "1", "true", "yes", "on"):
        raise InvalidInput("`use_memory` is true or false.")
    return document_service.ImportOptions(
        find_project(get_db(), project).id if project else None, use_memory not in _NO
    )


def _created(document):
    summary = document_service.document_summary(get_db(), document.id)
    created = _document_json(summary)
    created["from_memory"] = tm.pretranslated_count(get_db(), document.id)
    response = jsonify(created)
    response.status_code = 201
    response.headers["Location"] = url_for("api.list_segments", document_id=document.id)
    return response


@bp.patch("/documents/<int:document_id>")
def update_document(document_id: int):
    """Change the title, slug, source URL, publisher or date (editors); audited."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput('Send a JSON object, e.g. {"title": "..."}.')
    unknown = sorted(set(data) - set(metadata.FIELDS))
    if unknown:
        raise InvalidInput(
            f"Unknown fields {', '.join(unknown)}; use {', '.join(metadata.FIELDS)}."
        )
    if any(value is not None and not isinstance(value, str) for value in data.values()):
        raise InvalidInput("Each field is a string.")
    session = get_db()
    metadata.update_metadata(session, g.api_user, document_id, metadata.MetadataChange(**data))
    return jsonify(_document_json(document_service.document_summary(session, document_id)))


@bp.get("/documents/<int:document_id>/export")
def export_document(document_id: int):
    """The document as ``?format=`` (``services.exports.FORMATS``), as a file download."""
    found = exports.export_file(get_db(), document_id, request.args.get("format", "po"))
    response = Response(found.content, mimetype=found.mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    return response


@bp.get("/documents/<int:document_id>/segments")
def list_segments(document_id: int):
    """The document's segments in order, with their open QA issues; the workspace's filter
    fields (``?status=translated&edits=edited`` …) narrow the list."""
    session = get_db()
    document_service.get_document(session, document_id)
    qa.ensure_checked(session, [document_id])
    segments = segment_service.all_matching(session, document_id, segment_filter(request.args))
    issues = qa.issues_by_segment(session, [s.id for s in segments])
    rejections = review_service.rejections_for(
        session, [s.id for s in segments if s.status == SegmentStatus.REJECTED]
    )
    return jsonify([_segment_json(s, issues.get(s.id, []), rejections.get(s.id)) for s in segments])


@bp.patch("/segments/<int:segment_id>")
def update_segment(segment_id: int):
    """Change a segment's text and/or status; ``version`` is the one the client last saw."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput('Send a JSON object, e.g. {"version": 3, "target": "..."}.')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not fits(version):
        raise InvalidInput("`version` (an integer: the segment's version you saw) is required.")
    target, status, comment = data.get("target"), data.get("status"), data.get("comment")
    if target is not None and not isinstance(target, str):
        raise InvalidInput("`target` must be a string.")
    if comment is not None and not isinstance(comment, str):
        raise InvalidInput("`comment` must be a string.")
    if status is not None and status not in PATCH_STATUSES:
        raise InvalidInput(f"`status` must be one of {', '.join(PATCH_STATUSES)}.")
    error = data.get("error") or {}
    if not isinstance(error, dict):
        raise InvalidInput("`error` must be an object with `category` and `severity`.")
    role, level = data.get("role"), data.get("heading_level")
    if role is not None and not isinstance(role, str):
        raise InvalidInput("`role` must be a string: body, heading or excluded.")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool)):
        raise InvalidInput("`heading_level` must be an integer.")
    update = SegmentUpdate(
        version=version,
        target=target,
        status=None if status is None else SegmentStatus(status),
        comment=comment or "",
        category=str(error.get("category", "")),
        severity=str(error.get("severity", "")),
        role=role,
        heading_level=level,
    )
    try:
        segment = update_segment_service(get_db(), g.api_user, segment_id, update)
    except Conflict as conflict:
        response = jsonify({"error": str(conflict), "segment": _segment_json(conflict.segment)})
        response.status_code = 409
        return response
    return jsonify(_segment_json(segment))


@bp.post("/documents/<int:document_id>/sign-off")
def sign_off(document_id: int):
    """Sign the document off; 409 with the reasons when it is not ready."""
    try:
        record = review_service.sign_off(get_db(), g.api_user, document_id)
    except review_service.SignOffRefused as refused:
        return jsonify({"error": refused.summary, "reasons": refused.reasons}), 409
    return jsonify(_sign_off_json(record))


def _issue_json(issue) -> dict:
    return {
        "id": issue.id,
        "check": issue.check_id,
        "severity": issue.severity,
        "message": issue.message,
        "ignored": issue.ignored_at is not None,
        "ignored_reason": issue.ignored_reason,
    }


@bp.post("/issues/<int:issue_id>/ignore")
def ignore_issue(issue_id: int):
    """Set a QA issue aside with ``{"reason": "..."}`` (422 without; 403 for a translator
    on an error)."""
    data = request.get_json(silent=True)
    reason = data.get("reason") if isinstance(data, dict) else None
    if not isinstance(reason, str):
        raise InvalidInput('Send a JSON object with the reason, e.g. {"reason": "..."}.')
    return jsonify(_issue_json(issue_service.ignore_issue(get_db(), g.api_user, issue_id, reason)))


@bp.post("/issues/<int:issue_id>/unignore")
def unignore_issue(issue_id: int):
    """Take an ignore back (editors): the issue counts again."""
    return jsonify(_issue_json(issue_service.unignore_issue(get_db(), g.api_user, issue_id)))


@bp.post("/documents/<int:document_id>/reopen")
def reopen(document_id: int):
    """Reopen the signed-off document for changes (editors) with ``{"reason": "..."}``; the
    sign-off is revoked and the reopening audited. 422 without a reason."""
    data = request.get_json(silent=True)
    reason = data.get("reason") if isinstance(data, dict) else None
    if not isinstance(reason, str):
        raise InvalidInput('Send a JSON object with the reason, e.g. {"reason": "..."}.')
    session = get_db()
    review_service.reopen(session, g.api_user, document_id, reason)
    return jsonify(_document_json(document_service.document_summary(session, document_id)))


@bp.post("/documents/<int:document_id>/publish")
def publish(document_id: int):
    """Publish the signed-off document; 409 without a valid sign-off. A long one (or any,
    with ``Prefer: respond-async``) is published by a job: 202 with its URL."""
    session, data_dir = get_db(), current_app.config["DATA_DIR"]
    try:
        if _as_job(publish_jobs.segment_count(session, document_id), "LONG_PUBLISH_SEGMENTS"):
            return _accepted(
                publish_jobs.submit_publish(
                    session, g.api_user, enqueue, document_id=document_id, data_dir=data_dir
                )
            )
        result = publishing.publish(session, g.api_user, document_id, data_dir)
    except review_service.SignOffRefused as refused:
        return jsonify({"error": refused.summary, "reasons": refused.reasons}), 409
    if not result.created:
        body = _publication_json(result.publication)
        return jsonify({"error": already_published(result.publication), **body}), 409
    return jsonify(
        {
            "version": result.publication.version,
            "folder": str(result.folder),
            "files": [str(result.folder / name) for name in result.files],
            "po_copy": str(result.po_copy),
        }
    )


def _publication_json(publication) -> dict:
    return {
        "version": publication.version,
        "published_at": iso_utc(publication.created_at),
        "published_by": publication.user.username,
        "signed_off_by": publication.sign_off.user.username,
        "signed_off_at": iso_utc(publication.sign_off.created_at),
        "sha256": publication.sign_off.sha256,
        "files": [
            {
                "name": name,
                "url": url_for(
                    "api.publication_file",
                    document_id=publication.document_id,
                    version=publication.version,
                    name=name,
                    _external=True,
                ),
            }
            for name in publication.files
        ],
    }


@bp.get("/documents/<int:document_id>/publications")
def list_publications(document_id: int):
    """Every published version, oldest first, with its files' download URLs."""
    session = get_db()
    document_service.get_document(session, document_id)
    return jsonify([_publication_json(p) for p in publishing.publications(session, document_id)])


@bp.get("/documents/<int:document_id>/publications/<int:version>/<name>")
def publication_file(document_id: int, version: int, name: str):
    """One file of a published version; 404 for a name not in the publication's list."""
    path = publishing.publication_file(get_db(), document_id, version, name)
    return file_download(path, name)


@bp.get("/documents/<int:document_id>/audit")
def audit_log(document_id: int):
    """The document's audit events, oldest first."""
    session = get_db()
    document_service.get_document(session, document_id)
    return jsonify(
        [
            {
                "id": e.id,
                "at": iso_utc(e.created_at),
                "user": e.user.username if e.user else None,
                "kind": e.kind,
                "segment_id": e.segment_id,
                "summary": e.summary,
                "details": e.details,
            }
            for e in audit.events(session, document_id)
        ]
    )


def _job_json(status: job_service.JobStatus) -> dict:
    job = status.job
    return {
        "id": job.id,
        "kind": job.kind,
        "state": status.state.value,
        "progress": {
            "done": status.progress.done,
            "total": status.progress.total,
            "percent": status.progress.percent,
        },
        "message": status.message,
        "error": status.error,
        "result": _job_result(job) if job.state == "done" else None,
        "user": job.user.username if job.user else None,
        "created_at": iso_utc(job.created_at),
        "started_at": iso_utc(job.started_at),
        "finished_at": iso_utc(job.finished_at),
    }


def _job_result(job) -> dict:
    """A done job's result, with the URL of what it made: an import's segments, a
    publication's list of versions."""
    result = dict(job.result or {})
    document_id = result.get("document_id")
    if job.kind == publish_jobs.PUBLISH:
        result["url"] = url_for("api.list_publications", document_id=document_id)
    elif document_id is not None:
        result["url"] = url_for("api.list_segments", document_id=document_id)
    return result


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    """A job's state (queued, running, done, failed), progress, and result or error."""
    return jsonify(
        _job_json(job_service.status_of(job_service.get_job(get_db(), g.api_user, job_id)))
    )


@bp.post("/jobs/<int:job_id>/retry")
def retry_job(job_id: int):
    """Queue a failed job again (409 when it is not failed); 202 as for a new one."""
    return _accepted(job_service.retry(get_db(), g.api_user, job_id, enqueue))


@bp.get("/segments/<int:segment_id>/matches")
def segment_matches(segment_id: int):
    """Up to five translation-memory matches for the segment, best first."""
    session = get_db()
    segment = segment_service.get_segment(session, segment_id)
    return jsonify(
        [
            {
                "source": m.unit.source,
                "target": m.unit.target,
                "score": m.score,
                "origin": m.origin,
                "context_match": m.context_match,
            }
            for m in tm.matches_for_segment(session, segment)
        ]
    )


@bp.get("/concordance")
def concordance():
    """``?q=…&side=source|target&project=<id>``: units and segments containing ``q``."""
    query, side, project_id = concordance_query()
    return jsonify(
        [
            {
                "source": h.source,
                "target": h.target,
                "from": h.where,
                "unit_id": h.unit_id,
                "document_id": h.document_id,
                "segment_id": h.segment_id,
            }
            for h in tm.concordance(get_db(), query, side, project_id)
        ]
    )


@bp.delete("/memory/units/<int:unit_id>")
def delete_memory_unit(unit_id: int):
    """An administrator deletes a translation-memory unit (audited)."""
    tm.delete_unit(get_db(), g.api_user, unit_id)
    return Response(status=204)


def _user_json(user) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "active": user.active,
        "must_change_password": user.must_change_password,
        "last_login_at": iso_utc(user.last_login_at) if user.last_login_at else None,
    }


def _json_object(*, required: bool = True) -> dict:
    data = request.get_json(silent=True)
    if data is None and not required:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput('Send a JSON object, e.g. {"role": "editor"}.')
    return data


def _text_field(data: dict, name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str):
        raise InvalidInput(f"`{name}` is a string.")
    return value


def _temporary(data: dict) -> tuple[str, bool]:
    """The temporary password sent, or a random one (``True``: answered once, in the reply)."""
    if data.get("password") is None:
        return user_service.random_password(), True
    return _text_field(data, "password"), False


@bp.get("/users")
def list_users():
    """Every account with its role, state and last login (administrators)."""
    return jsonify([_user_json(u) for u in user_service.list_users(get_db(), g.api_user)])


@bp.post("/users")
def create_user():
    """A new account (administrators): ``username``, ``role`` and a temporary ``password``,
    which its owner changes at first login; without one, a random one is made and answered
    once as ``temporary_password``."""
    require(g.api_user, "manage_users")  # 403 before anything about the input
    data = _json_object()
    password, generated = _temporary(data)
    user = user_service.create_user(
        get_db(),
        _text_field(data, "username", ""),
        password,
        _text_field(data, "role", ""),
        actor=g.api_user,
        temporary=True,
    )
    body = _user_json(user) | ({"temporary_password": password} if generated else {})
    return jsonify(body), 201


@bp.get("/users/<username>")
def show_user(username: str):
    """One account (administrators)."""
    return jsonify(_user_json(user_service.named_user(get_db(), g.api_user, username)))


@bp.post("/users/<username>/role")
def set_user_role(username: str):
    """Give the account another ``role`` (administrators; not one's own)."""
    session = get_db()
    user = user_service.named_user(session, g.api_user, username)
    role = _text_field(_json_object(), "role")
    return jsonify(_user_json(user_service.set_role(session, g.api_user, user, role)))


@bp.post("/users/<username>/disable")
def disable_user(username: str):
    """No more logins: sessions end and API tokens are revoked at once (administrators)."""
    session = get_db()
    user = user_service.named_user(session, g.api_user, username)
    return jsonify(_user_json(user_service.set_active(session, g.api_user, user, False)))


@bp.post("/users/<username>/enable")
def enable_user(username: str):
    """Let the account log in again; revoked tokens stay revoked (administrators)."""
    session = get_db()
    user = user_service.named_user(session, g.api_user, username)
    return jsonify(_user_json(user_service.set_active(session, g.api_user, user, True)))


@bp.post("/users/<username>/password")
def reset_user_password(username: str):
    """A temporary ``password`` (or a random one, answered once), to be changed at next
    login; the account's sessions and tokens end (administrators)."""
    session = get_db()
    user = user_service.named_user(session, g.api_user, username)
    password, generated = _temporary(_json_object(required=False))
    user = user_service.reset_password(session, g.api_user, user, password)
    body = _user_json(user) | ({"temporary_password": password} if generated else {})
    return jsonify(body)
