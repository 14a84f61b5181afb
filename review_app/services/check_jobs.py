"""A long document's document-wide QA checks as a job (see ``services.qa``): each save
asks for them, and while one request waits in the queue the others join it, so a document
busy with many translators is checked about once a ``DOCUMENT_CHECKS_DELAY`` at most, off the
request threads."""

from sqlalchemy.orm import Session

from .jobs import Enqueue, JobRun, job_kind, submit_coalesced
from .qa import run_deferred_checks

DOCUMENT_CHECKS = "document_checks"
# How long a document's checks wait in the queue for more saves to join them. Without a wait,
# on a 5,000-segment document with 16 people saving, the checks (0.1-0.4 s of CPU each) ran
# back to back beside the server's request threads: 170 runs in 40 s, against 28 with it. A
# second later is soon enough for checks across segments (consistency, repeated terms); a
# segment's own checks stay in its save.
DOCUMENT_CHECKS_DELAY = 1.0


def submit_document_checks(session: Session, document_ids: set[int], enqueue: Enqueue) -> None:
    for document_id in sorted(document_ids):
        submit_coalesced(
            session,
            DOCUMENT_CHECKS,
            f"{DOCUMENT_CHECKS}:{document_id}",
            {"document_id": document_id},
            enqueue,
        )


@job_kind(DOCUMENT_CHECKS)
def _run_document_checks(run: JobRun) -> None:
    run_deferred_checks(run.session, [run.params["document_id"]])
