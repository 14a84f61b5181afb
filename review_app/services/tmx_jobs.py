"""A long TMX file read into a memory as a job (see ``services.memory_files``): the file's
bytes are stored with the job, and the worker's progress is how far it has read them.

The units and the job's "done" are one commit: a file refused halfway, or a worker killed
midway, leaves the memory as it was, and the job can be retried.
"""

import base64
import io
from collections.abc import Callable

from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.formats.tmx import TmxReport, read_tmx
from review_app.store import Job, User

from .access import require
from .jobs import Enqueue, JobRun, job_kind, submit
from .memory_files import store_tmx_units
from .projects import get_memory

TMX_IMPORT = "tmx_import"


def submit_tmx(
    session: Session,
    actor: User,
    enqueue: Enqueue,
    *,
    project_id: int,
    memory_id: int,
    data: bytes,
    filename: str,
) -> Job:
    """Queue the import of a TMX file into the memory (the one ``project_id`` writes)."""
    require(actor, "manage_projects")
    get_memory(session, memory_id)
    params = {
        "project_id": project_id,
        "memory_id": memory_id,
        "filename": filename,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return submit(session, actor, TMX_IMPORT, params, enqueue)


class _ReportingReader(io.BytesIO):
    """The file, reporting how many of its bytes the parser has read."""

    def __init__(self, data: bytes, report: Callable[[int, int], None]):
        super().__init__(data)
        self._size, self._report = len(data), report

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self._report(self.tell(), self._size)
        return chunk


@job_kind(TMX_IMPORT)
def _run_tmx_import(run: JobRun) -> None:
    params = run.params
    filename = params["filename"]
    run.say(N_("Reading the memory file"))
    stream = _ReportingReader(base64.b64decode(params["data"]), run.progress)
    report = TmxReport()
    # Read whole before the first write: on SQLite the writes hold the database's lock,
    # and the progress of the reading (most of the time) can still be shown.
    units = list(read_tmx(stream, filename, report))
    run.say(N_("Storing the units"))
    result = store_tmx_units(run.session, run.actor, params["memory_id"], units, report, filename)
    run.result = {
        "project_id": params["project_id"],
        "memory_id": params["memory_id"],
        "added": result.added,
        "updated": result.updated,
        "skipped_empty": result.skipped_empty,
        "skipped_languages": result.skipped_languages,
        "warnings": result.warnings,
    }
