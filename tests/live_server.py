"""The app over real HTTP, in a thread, for the tests that need a socket (browser, races).

It is waitress, the server ``review-app serve`` runs, not werkzeug's development server: when a
client hangs up in the middle of a response (Chromium does, leaving a page while the favicon
loads), werkzeug 3.1's server fails reading the rest of the request and skips the response's
``close()``, so the static file Flask opened is left to the garbage collector, and its
ResourceWarning fails whichever test is running. waitress closes the response however the
connection ends.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress import wasyncore
from waitress.server import create_server

# How long the server's loop waits on its sockets before it looks whether to stop, in seconds.
_STOP_POLL = 0.05
_THREADS = 8  # as review-app serve runs it


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1, yield its base URL, and stop on exit."""
    server = create_server(app, host="127.0.0.1", port=0, threads=_THREADS)
    stopping = threading.Event()

    def run() -> None:
        # waitress's own run() loops until its sockets are closed, and closing them from another
        # thread races with the loop: its wake-up pipe (the "trigger") may be closed under a
        # write. So the loop looks at a flag between polls and closes everything itself.
        while not stopping.is_set():
            wasyncore.loop(timeout=_STOP_POLL, map=server._map, count=1)
        wasyncore.close_all(server._map)

    thread = threading.Thread(target=run, name="live server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()  # the requests in hand finish first
        stopping.set()
        thread.join(timeout=10)
        assert not thread.is_alive(), "the live server did not stop"
