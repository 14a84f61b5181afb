"""Named points inside a few long transactions where a crash test can stop the process.

The ``kill -9`` tests (tests/cli/test_kill_cli.py) start a real server or worker with
``REVIEW_APP_PAUSE_AT=<point>`` and ``REVIEW_APP_PAUSE_FILE=<path>``: when the operation
reaches that point it flushes what it has written so far (so the database holds the
uncommitted rows), creates the file and waits, and the test kills the process the moment the
file appears. Without both variables a point does nothing but read the environment, so the
points stay in the code that production runs rather than in a patched copy of it.
"""

import os
import time
from pathlib import Path

from sqlalchemy.orm import Session

PAUSE_AT = "REVIEW_APP_PAUSE_AT"
PAUSE_FILE = "REVIEW_APP_PAUSE_FILE"
# Long enough for any test to see the file and kill; a forgotten variable costs this once.
PAUSE_SECONDS = 60.0

IMPORT_STORED = "import_stored"
BULK_APPROVED = "bulk_approved"
PUBLICATION_WRITTEN = "publication_written"


def pause_point(session: Session, point: str) -> None:
    """Wait here, inside the caller's transaction, when a crash test asked for ``point``."""
    if os.environ.get(PAUSE_AT) != point or not os.environ.get(PAUSE_FILE):
        return
    session.flush()
    Path(os.environ[PAUSE_FILE]).write_text(str(os.getpid()), encoding="ascii")
    time.sleep(PAUSE_SECONDS)
