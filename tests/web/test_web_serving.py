"""The app over a real socket: a client that hangs up mid-response leaves nothing open."""

import gc
import socket
import struct
import sys
import time
from urllib.parse import urlsplit

from tests.live_server import serving


def _ask_and_hang_up(host: str, port: int, path: str, wait: float) -> None:
    """Send a request, then reset the connection (as a browser leaving a page does)."""
    with socket.create_connection((host, port)) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        time.sleep(wait)
        # Linger 0: close() sends a reset, so the server's writes and reads fail.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_clients_that_hang_up_mid_response_leave_no_file_open(app, monkeypatch):
    """Dropped downloads of a static file: the file is closed, not left to the collector
    (whose ResourceWarning, on werkzeug's development server, failed a browser test)."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with serving(app) as url:
        address = urlsplit(url)
        for attempt in range(60):
            _ask_and_hang_up(address.hostname, address.port, "/static/app.js", attempt % 4 / 1000)
    gc.collect()
    assert [str(leak.exc_value) for leak in unraisable] == []
