"""Background jobs as the people waiting for them see them: states and progress.

A job is long work (an import's alignment, say) done by a worker process while its user
watches a progress bar; its record lives in the database so every process sees the same.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = frozenset({JobState.DONE, JobState.FAILED})

# A running job's worker touches its heartbeat every few seconds (``HEARTBEAT_SECONDS``); one
# silent for this long belonged to a worker that was killed or lost its machine.
HEARTBEAT_SECONDS = 5
STALE_AFTER = timedelta(seconds=60)


def is_interrupted(
    state: str, heartbeat: datetime | None, now: datetime, stale_after=STALE_AFTER
) -> bool:
    """Whether a job still marked running has lost its worker."""
    return state == JobState.RUNNING and (heartbeat is None or now - heartbeat >= stale_after)


@dataclass(frozen=True)
class JobProgress:
    """How far a job is: ``done`` of ``total`` steps (total 0 while unknown)."""

    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0
