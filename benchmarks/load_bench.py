"""Load benchmark: simulated reviewers doing mixed work on a 5,000-segment document, against a
real server on the loopback interface, with locust in headless mode.

Each simulated user logs in (its own session) and, with a pause between actions (``--pause``,
1-3 s by default: a fast reviewer), opens a segment's editor and saves it, confirms, approves,
rejects, comments, merges with the next segment and undoes it, splits a segment; approve-all
runs at most every 10 s among all users. ``--pause 0.1 0.3`` offers more requests than this
machine serves: the throughput it prints is the capacity, its latencies are queueing. Printed
per action: p50/p95/p99 in ms, requests; then throughput, 5xx answers, and lost updates, checked
in the database afterwards (every text a 200 accepted is the segment's current text or one of
its revisions). Beside each run, the same users against a minimal Flask endpoint doing one
SELECT and one UPDATE + INSERT on the same database (``load_floor.py``) give the floor, and the
ratio of the app's save to it. Asserts nothing.

    pip install -c constraints.txt -e '.[bench]'
    python benchmarks/load_bench.py                      # SQLite, 1 process, 16 and 50 users
    python benchmarks/load_bench.py --duration 10 --users 16
    python benchmarks/load_bench.py --stores postgresql --workers 1 4 \\
        --postgresql postgresql+psycopg://postgres@127.0.0.1:55432/postgres

Stores: ``sqlite`` (one waitress process), ``postgresql`` (``--workers``: gunicorn processes;
a throwaway database is created on the server and dropped afterwards).
"""

# locust patches the standard library for gevent when imported: first, before anything else.
import locust  # noqa: I001

import argparse
import logging
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import gevent
from locust import HttpUser, between, task
from locust.env import Environment
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_floor import ROWS, prepare  # noqa: E402

from review_app.cli.processes import KEEPALIVE_SECONDS  # noqa: E402
from review_app.formats.po import PoSegment  # noqa: E402
from review_app.services.documents import import_segments  # noqa: E402
from review_app.services.users import create_user  # noqa: E402
from review_app.store import (  # noqa: E402
    Revision,
    Segment,
    make_engine,
    make_session_factory,
    sqlite_url,
    upgrade,
)

SEGMENTS = 5_000
APPROVE_ALL_EVERY = 10.0
PASSWORD = "load benchmark password"
ACTIONS = (
    "open",
    "save",
    "confirm",
    "approve",
    "reject",
    "comment",
    "merge",
    "undo",
    "split",
    "approve-all",
)
_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
_LOGIN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_VERSION = re.compile(r'data-version="(\d+)"')
_UNDO = re.compile(r"/operations/(\d+)/undo")


@dataclass
class Run:
    """What one load run shares between its simulated users."""

    document_id: int = 0
    segment_ids: list[int] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    server_errors: int = 0
    # Users past their login and first page load: the figures start once all of them are.
    ready: int = 0
    warm_up_seconds: float = 0.0
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    last_approve_all: float = 0.0


RUN = Run()


class Reviewer(HttpUser):
    # Set from --pause before a run: the seconds one user waits between two actions.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        page = self.client.get("/auth/login", name="login").text
        token = _LOGIN_CSRF.search(page).group(1)
        self.client.post(
            "/auth/login",
            data={"username": "bench", "password": PASSWORD, "csrf_token": token},
            name="login",
        )
        page = self.client.get(f"/documents/{RUN.document_id}", name="workspace").text
        self.headers = {"X-CSRFToken": _CSRF.search(page).group(1), "HX-Request": "true"}
        self.number = 0
        RUN.ready += 1
        # A pause before the first action too, or all users would act in the same instant.
        self.wait()

    def _request(self, action: str, method: str, url: str, **kwargs):
        with self.client.request(
            method, url, name=action, headers=self.headers, catch_response=True, **kwargs
        ) as response:
            codes = RUN.statuses.setdefault(action, {})
            codes[response.status_code] = codes.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                RUN.server_errors += 1
                response.failure(f"{response.status_code}")
            else:
                # 409 (someone else's newer version), 404 (merged away) and 422 (not
                # approvable yet) are the app doing its job under contention.
                response.success()
            return response

    def _open(self) -> tuple[int, int] | None:
        segment_id = random.choice(RUN.segment_ids)
        response = self._request("open", "GET", f"/segments/{segment_id}/edit")
        found = _VERSION.search(response.text or "") if response.status_code == 200 else None
        return (segment_id, int(found.group(1))) if found else None

    def _text(self) -> str:
        self.number += 1
        return f"Load text {id(self)}-{self.number}-{random.random():.6f}."

    def _save(self, action: str, suffix: str = "") -> tuple[int, int] | None:
        opened = self._open()
        if opened is None:
            return None
        segment_id, version = opened
        target = self._text()
        response = self._request(
            action,
            "POST",
            f"/segments/{segment_id}{suffix}",
            data={"target": target, "version": version},
        )
        if response.status_code == 200:
            RUN.accepted.append(target)
            return segment_id, version + 1
        return None

    @task(6)
    def save(self) -> None:
        self._save("save")

    @task(3)
    def confirm(self) -> None:
        self._save("confirm", "/confirm")

    @task(2)
    def approve(self) -> None:
        confirmed = self._save("confirm", "/confirm")
        if confirmed:
            segment_id, version = confirmed
            self._request(
                "approve", "POST", f"/segments/{segment_id}/approve", data={"version": version}
            )

    @task(1)
    def reject(self) -> None:
        confirmed = self._save("confirm", "/confirm")
        if confirmed:
            segment_id, version = confirmed
            self._request(
                "reject",
                "POST",
                f"/segments/{segment_id}/reject",
                data={
                    "version": version,
                    "comment": "Check the term.",
                    "category": "Terminology",
                    "severity": "Minor",
                },
            )

    @task(2)
    def comment(self) -> None:
        segment_id = random.choice(RUN.segment_ids)
        self._request(
            "comment", "POST", f"/segments/{segment_id}/comments", data={"body": "A note."}
        )

    @task(1)
    def merge_and_undo(self) -> None:
        opened = self._open()
        if opened is None:
            return
        segment_id, version = opened
        response = self._request(
            "merge", "POST", f"/segments/{segment_id}/merge", data={"version": version}
        )
        found = _UNDO.search(response.text or "") if response.status_code == 200 else None
        if found:
            self._request(
                "undo", "POST", f"/operations/{found.group(1)}/undo", data={"row": segment_id}
            )

    @task(1)
    def split(self) -> None:
        opened = self._open()
        if opened is None:
            return
        segment_id, version = opened
        self._request(
            "split",
            "POST",
            f"/segments/{segment_id}/split",
            data={"version": version, "source_cut": 1, "target_cut": 1},
        )

    @task(1)
    def approve_all(self) -> None:
        # Rare: an editor approves a whole document a few times a day. Here, at most once per
        # APPROVE_ALL_EVERY seconds among all users, however many there are: a per-user chance
        # would make it several times a second at 50 users, each holding the document's lock.
        now = time.monotonic()
        if now - RUN.last_approve_all >= APPROVE_ALL_EVERY:
            RUN.last_approve_all = now
            self._request("approve-all", "POST", f"/documents/{RUN.document_id}/approve-all")


class Floor(HttpUser):
    wait_time = between(1, 3)  # set with Reviewer's

    def on_start(self) -> None:
        self.wait()  # as a Reviewer: not all users in the same instant

    @task
    def touch(self) -> None:
        self.client.post(f"/floor/{random.randint(1, ROWS)}", name="floor")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server at {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # answering at all is up
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not come up")


def seed(url: str) -> tuple[int, list[int]]:
    """A 5,000-segment document of two sentences a segment (so each can be split), and the
    editor every simulated user logs in as."""
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine)() as session:
        editor = create_user(session, "bench", PASSWORD, "editor")
        segments = [
            PoSegment(
                str(n),
                f"第{n}段第一句。第{n}段第二句。",
                f"Paragraph {n}, first sentence. Paragraph {n}, second sentence.",
                f"Paragraph {n}, first sentence. Paragraph {n}, second sentence.",
                confidence=0.9,
                source_paragraph=n,
                target_paragraph=n,
            )
            for n in range(1, SEGMENTS + 1)
        ]
        document = import_segments(session, editor, title="Load", segments=segments)
        ids = list(session.scalars(select(Segment.id).where(Segment.document_id == document.id)))
        document_id = document.id
    engine.dispose()
    return document_id, ids


def lost_updates(url: str) -> int:
    """Accepted texts that are neither a segment's text nor one of its revisions."""
    engine = make_engine(url)
    with engine.connect() as connection:
        kept = set(connection.scalars(select(Revision.new_target)))
        kept |= set(connection.scalars(select(Segment.target)))
    engine.dispose()
    return sum(1 for t in RUN.accepted if t not in kept)


def run_locust(user_class, host: str, users: int, seconds: float, warm_up: bool) -> Environment:
    """``users`` users for ``seconds``. With ``warm_up``, the clock and the figures start once
    every user has logged in and opened the workspace: all of them do that in the same second
    (a 5,000-segment page and a password hash each), which is a start-up burst, not the steady
    work the figures are about. 5xx answers and accepted edits count from the very start."""
    env = Environment(user_classes=[user_class], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    if warm_up:
        started = time.monotonic()
        while RUN.ready < users and time.monotonic() - started < 120:
            gevent.sleep(0.1)
        env.stats.reset_all()
        RUN.statuses.clear()
        RUN.warm_up_seconds = time.monotonic() - started
    gevent.sleep(seconds)
    runner.stop()
    runner.quit()
    return env


def print_run(label: str, env: Environment, floor: Environment, seconds: float, lost: int):
    print(f"\n== {label} ==")
    print(
        f"(figures from when every user had logged in and opened the workspace, "
        f"{RUN.warm_up_seconds:.1f} s after they all started at once)"
    )
    print(f"{'action':<12} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  answers")
    for action in ACTIONS:
        entry = env.stats.entries.get((action, "POST")) or env.stats.entries.get((action, "GET"))
        if entry is None or not entry.num_requests:
            continue
        codes = ", ".join(f"{c}: {n}" for c, n in sorted(RUN.statuses.get(action, {}).items()))
        print(
            f"{action:<12} {entry.num_requests:>8} {entry.get_response_time_percentile(0.5):>8.0f} "
            f"{entry.get_response_time_percentile(0.95):>8.0f} "
            f"{entry.get_response_time_percentile(0.99):>8.0f}  {codes}"
        )
    actions = sum(e.num_requests for (name, _), e in env.stats.entries.items() if name in ACTIONS)
    print(
        f"throughput: {actions / seconds:.1f} requests/s; 5xx: {RUN.server_errors}; "
        f"lost updates: {lost} of {len(RUN.accepted)} accepted edits"
    )
    touch = floor.stats.entries.get(("floor", "POST"))
    if touch is not None and touch.num_requests:
        save = env.stats.entries.get(("save", "POST"))
        floor_p50 = touch.get_response_time_percentile(0.5)
        print(
            f"floor (SELECT + UPDATE + INSERT): {touch.num_requests / FLOOR_SECONDS:.1f} "
            f"requests/s, p50 {floor_p50:.0f} ms, p95 "
            f"{touch.get_response_time_percentile(0.95):.0f} ms, {touch.num_failures} failed"
        )
        if save is not None and save.num_requests and floor_p50:
            save_p50 = save.get_response_time_percentile(0.5)
            save_p95 = save.get_response_time_percentile(0.95)
            floor_p95 = max(1, touch.get_response_time_percentile(0.95))
            print(f"save / floor: p50 {save_p50 / floor_p50:.1f}x, p95 {save_p95 / floor_p95:.1f}x")


FLOOR_SECONDS = 15.0


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def one_configuration(store: str, url: str, data_dir: Path, workers: int, users: int, seconds):
    global RUN
    RUN = Run()
    RUN.document_id, RUN.segment_ids = seed(url)
    prepare(url)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url if store == "postgresql" else "",
        "REVIEW_APP_SECURE_COOKIES": "0",
        "FLOOR_DATABASE_URL": url,
    }
    port, floor_port = free_port(), free_port()
    serve = [sys.executable, "-m", "review_app.cli", "serve", "--port", str(port)]
    # With its job worker (threads in waitress's process, or a process beside gunicorn's):
    # a long document's checks after each save are jobs.
    serve += ["--data-dir", str(data_dir)]
    if workers > 1:
        serve += ["--workers", str(workers)]
    threads = "8" if workers == 1 else "4"
    floor_command = [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT / "benchmarks")]
    floor_command += ["-w", str(workers), "-k", "gthread", "--threads", threads]
    floor_command += ["--keep-alive", str(KEEPALIVE_SECONDS)]  # as review-app serve
    floor_command += ["-b", f"127.0.0.1:{floor_port}", "load_floor:create_app()"]
    server = start(serve, env)
    floor = start(floor_command, env)
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}/healthz")
        wait_until_up(floor, f"http://127.0.0.1:{floor_port}/floor-is-up")
        app_env = run_locust(Reviewer, f"http://127.0.0.1:{port}", users, seconds, True)
        floor_env = run_locust(Floor, f"http://127.0.0.1:{floor_port}", users, FLOOR_SECONDS, False)
    finally:
        stop(server)
        stop(floor)
    server_kind = "waitress, 1 process" if workers == 1 else f"gunicorn, {workers} processes"
    label = f"{store} ({server_kind}), {users} users, {seconds:.0f} s"
    print_run(label, app_env, floor_env, seconds, lost_updates(url))


def postgresql_database(server_url: str, name: str):
    admin = create_engine(
        make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, make_url(server_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--users", type=int, nargs="+", default=[16, 50])
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        default=[1.0, 3.0],
        metavar=("MIN", "MAX"),
        help="seconds a user waits between actions (default 1 3: a fast reviewer; "
        "0.1 0.3 offers more than this machine serves and measures its capacity)",
    )
    parser.add_argument("--stores", nargs="+", default=None, choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 4], help="PostgreSQL server processes to try"
    )
    parser.add_argument(
        "--postgresql",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server URL (default DATABASE_URL)",
    )
    args = parser.parse_args()
    stores = args.stores or (["sqlite", "postgresql"] if args.postgresql else ["sqlite"])
    Reviewer.wait_time = Floor.wait_time = between(*args.pause)
    logging.getLogger("locust").setLevel(logging.WARNING)
    print(
        f"locust {locust.__version__}; {os.cpu_count()} CPUs; the client runs on the same "
        "machine as the server (loopback), so it takes a share of the CPU too; "
        f"{args.pause[0]:g}-{args.pause[1]:g} s between one user's actions, "
        f"approve-all at most every {APPROVE_ALL_EVERY:.0f} s"
    )
    for store in stores:
        for workers in args.workers if store == "postgresql" else [1]:
            for users in args.users:
                with tempfile.TemporaryDirectory() as folder:
                    data_dir = Path(folder)
                    if store == "sqlite":
                        one_configuration(
                            store, sqlite_url(data_dir), data_dir, 1, users, args.duration
                        )
                        continue
                    name = f"review_app_load_{os.getpid()}"
                    admin, url = postgresql_database(args.postgresql, name)
                    try:
                        one_configuration(store, url, data_dir, workers, users, args.duration)
                    finally:
                        with admin.connect() as connection:
                            connection.execute(
                                text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                            )
                        admin.dispose()


if __name__ == "__main__":
    main()
