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


@contextmanager
def serving(app, threads: int = 8) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1, yield its base URL, and stop on exit."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, name="live server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Let the requests in hand finish, then close every socket from the server's own
        # thread (the trigger runs a function there): an empty socket map ends its loop.
        server.task_dispatcher.shutdown()
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)
        assert not thread.is_alive(), "the live server did not stop"
