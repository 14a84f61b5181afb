"""The post-editing statistics a long document lacks, computed by a job (see
``services.metrics``): a PO file of 10,000 imported segments has none stored, and computing
them takes about 20 s, which no page load should wait for.

One job per scope (a document, or all documents) is queued or running at a time, however many
people open its dashboard; what it computes is committed with its "done", so a worker killed
midway leaves the store as it was (a cache: nothing is half-true) and the next request queues
the job again.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.core.jobs import JobState
from review_app.core.messages import N_
from review_app.store import Document, Job

from .jobs import Enqueue, JobRun, JobStatus, job_kind, status_of, submit_coalesced
from .metrics import INLINE_PAIRS, store_pair_statistics, unstored_pairs

METRICS = "metrics"


def statistics_pending(
    session: Session,
    document_id: int | None,
    enqueue: Enqueue,
    *,
    retry: bool = True,
    inline: int = INLINE_PAIRS,
) -> JobStatus | None:
    """None when the document's statistics (all documents' with None) can be read now, all
    stored or no more than ``inline`` missing; else the job that computes them, queued unless
    one is queued or running already. A job that failed is queued again only with ``retry``
    (a page opened anew), not for each poll of a page that shows its error."""
    ids = [document_id] if document_id is not None else _all_documents(session)
    if len(unstored_pairs(session, ids)) <= inline:
        return None
    key = f"{METRICS}:{'all' if document_id is None else document_id}"
    latest = session.scalars(select(Job).where(Job.key == key).order_by(Job.id.desc())).first()
    if latest is not None:
        status = status_of(latest)
        if not status.finished or (status.state == JobState.FAILED and not retry):
            return status
    params = {"document_id": document_id}
    job = (
        submit_coalesced(session, METRICS, key, params, enqueue)
        or session.scalars(select(Job).where(Job.key == key, Job.state == JobState.QUEUED)).one()
    )
    # A queue that runs its jobs at once (tests, or a quick worker) may have finished it.
    session.refresh(job)
    return None if job.state == JobState.DONE else status_of(job)


def _all_documents(session: Session) -> list[int]:
    return list(session.scalars(select(Document.id)))


@job_kind(METRICS)
def _run_statistics(run: JobRun) -> None:
    document_id = run.params["document_id"]
    ids = [document_id] if document_id is not None else _all_documents(run.session)
    run.say(N_("Computing the post-editing metrics"))
    store_pair_statistics(run.session, unstored_pairs(run.session, ids), run.progress)
