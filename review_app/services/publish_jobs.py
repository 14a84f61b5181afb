"""Publishing a long document as a job (see ``services.publishing``): rendering its final
files, PO file and review report takes seconds for thousands of segments, longer when their
post-editing statistics were never computed.

The request checks the sign-off first, so a refusal is answered at once; the job checks it
again under the document's lock. The publication's record and the job's "done" are one
commit: a worker killed midway records nothing, and the job can be retried.
"""

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.store import Job, Publication, Segment, User

from .access import require
from .documents import get_document
from .errors import NotFound
from .jobs import Enqueue, JobRun, job_kind, submit
from .publishing import publish, publishable

PUBLISH = "publish"
# About the number of segments whose files render in a second or two.
LONG_PUBLISH_SEGMENTS = 2_000


def segment_count(session: Session, document_id: int) -> int:
    """The document's segments: more than ``LONG_PUBLISH_SEGMENTS``, and publishing it is
    work for a job."""
    count = session.scalar(
        select(func.count()).where(Segment.document_id == document_id, Segment.active)
    )
    return count or 0


def submit_publish(
    session: Session, actor: User, enqueue: Enqueue, *, document_id: int, data_dir: Path
) -> Job:
    """Queue ``publishing.publish`` of the document, refused now (``SignOffRefused``) if it
    could not be published now."""
    require(actor, "publish")
    get_document(session, document_id)
    publishable(session, document_id)
    params = {"document_id": document_id, "data_dir": str(data_dir)}
    return submit(session, actor, PUBLISH, params, enqueue)


@job_kind(PUBLISH)
def _run_publish(run: JobRun) -> None:
    document_id = run.params["document_id"]
    run.done_with_new(
        Publication,
        lambda publication: {
            "document_id": document_id,
            "publication_id": publication.id,
            "version": publication.version,
            "folder": publication.folder,
        },
    )
    run.say(N_("Rendering and writing the published files"))
    if run.actor is None:
        raise NotFound("The account that asked for this publication no longer exists.")
    result = publish(run.session, run.actor, document_id, Path(run.params["data_dir"]))
    if not result.created:
        # This sign-off was published meanwhile (by another request): nothing new was made.
        run.result = {
            "document_id": document_id,
            "publication_id": result.publication.id,
            "version": result.publication.version,
            "folder": result.publication.folder,
            "created": False,
        }
