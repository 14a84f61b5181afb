"""Imports as background jobs: the same use cases as ``services.documents``, run by a
worker while the user watches the progress.

A job's input is stored with the job (JSON): a pair as the two articles already read from
their files, so a file that cannot be read is refused at once, before anything is queued; a
bilingual file as its bytes, read by the worker. The document and the job's "done" are one
commit, so a worker killed during an import leaves no document behind and the job can be
retried.
"""

import base64
from collections.abc import Sequence

from sqlalchemy.orm import Session

from review_app.core.headline import Article, Headline
from review_app.store import Document, Job, User

from . import documents
from .jobs import Enqueue, JobRun, job_kind, submit

IMPORT = "import"
# About 300 sentences a side: shorter pairs align in a second or two, in the request.
LONG_IMPORT_CHARACTERS = 40_000
# A bilingual file is not aligned, only stored and checked: about 10,000 PO entries.
LONG_IMPORT_FILE_BYTES = 2_000_000


def is_long(articles: Sequence[Article], limit: int = LONG_IMPORT_CHARACTERS) -> bool:
    """Whether importing these articles (more than ``limit`` characters) is work for a job."""
    return sum(len(p) for a in articles for p in a.paragraphs) > limit


def submit_pair(
    session: Session,
    actor: User | None,
    enqueue: Enqueue,
    *,
    title: str,
    source: Article,
    draft: Article,
    fallback_title: str = "",
) -> Job:
    """Queue ``documents.import_articles`` of the pair."""
    params = {
        "title": title,
        "fallback_title": fallback_title,
        "source": _article_json(source),
        "draft": _article_json(draft),
    }
    return submit(session, actor, IMPORT, params, enqueue)


def submit_file(
    session: Session,
    actor: User | None,
    enqueue: Enqueue,
    *,
    data: bytes,
    filename: str,
    title: str = "",
) -> Job:
    """Queue ``documents.import_file`` of a bilingual file."""
    params = {
        "title": title,
        "filename": filename,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return submit(session, actor, IMPORT, params, enqueue)


@job_kind(IMPORT)
def _run_import(run: JobRun) -> None:
    params = run.params
    run.done_with_new(Document, lambda document: {"document_id": document.id})
    if "data" in params:
        run.say("Reading the file and storing its segments")
        documents.import_file(
            run.session,
            run.actor,
            data=base64.b64decode(params["data"]),
            filename=params["filename"],
            title=params["title"],
        )
        return

    def progress(done: int, total: int) -> None:
        run.progress(done, total)
        if done >= total:
            run.say("Storing the segments and checking them")

    run.say("Aligning")
    documents.import_articles(
        run.session,
        run.actor,
        title=params["title"],
        source=_article_of(params["source"]),
        draft=_article_of(params["draft"]),
        fallback_title=params["fallback_title"],
        progress=progress,
    )


def _article_json(article: Article) -> dict:
    headline = article.headline
    return {
        "paragraphs": article.paragraphs,
        # JSON keys are strings.
        "headings": {str(index): level for index, level in article.headings.items()},
        "headline": None if headline is None else [headline.text, headline.paragraph],
    }


def _article_of(data: dict) -> Article:
    headline = data["headline"]
    return Article(
        list(data["paragraphs"]),
        {int(index): level for index, level in data["headings"].items()},
        None if headline is None else Headline(headline[0], headline[1]),
    )
