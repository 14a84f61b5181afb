"""Post-editing metrics and the dashboard on a generated 10,000-segment document in SQLite.

Measures (medians, in seconds or milliseconds; asserts nothing):

1. metrics: per-segment HTER and chrF plus corpus BLEU, chrF and TER of 10,000 (draft, target)
   pairs from scratch, nothing stored (``core.metrics``' memo cleared before each run);
2. the same through ``services.metrics.document_stats`` (reads the store, revisions, QA): the
   first call ever, which measures and stores every pair; then with the pairs' statistics
   stored, as saves leave them, in a cold process; once computed; after one segment changed;
   and what one save costs to keep its pair's statistics;
3. the dashboard's server time once the metrics are computed: the page, the htmx fragment,
   the all-documents page and the CSV export, through the Flask test client.

Targets from issue 6: metrics under 3 s, dashboard under 500 ms once computed.

The drafts are sentences of the sample article; a third are left as they are, about half get
one to three word edits, the rest have half their words rewritten.

    python benchmarks/metrics_bench.py [--segments N] [--runs N]
"""

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

# This checkout's code, whichever copy of review_app is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from review_app.core import metrics as core_metrics
from review_app.formats.po import PoSegment
from review_app.services import metrics as metrics_service
from review_app.services.documents import import_segments
from review_app.services.metrics import (
    document_stats,
    store_computed_statistics,
    store_statistics,
    take_computed_statistics,
)
from review_app.services.qa import ensure_checked
from review_app.services.users import create_user
from review_app.store import Revision, Segment
from review_app.store.models import utcnow
from review_app.web import create_app
from review_app.web.db import get_db

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "translations" / "cantoop-ip-conference.en.txt"
PASSWORD = "benchmark password"
NEW_WORDS = "the a notably revised their its across further such policy firms rules".split()


def sentences() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]


def post_edit(draft: str, rng: random.Random) -> tuple[str, str]:
    """(target, status) for a draft: unedited, lightly edited or half rewritten."""
    words = draft.split()
    roll = rng.random()
    if roll < 0.35:
        return draft, rng.choice(("draft", "translated", "approved"))
    if roll < 0.8:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(words))
            if rng.random() < 0.5:
                words[i] = rng.choice(NEW_WORDS)
            elif len(words) > 2:
                del words[i]
    else:
        half = len(words) // 2
        words = words[:half] + [rng.choice(NEW_WORDS) for _ in range(len(words) - half)]
    return " ".join(words), rng.choice(("translated", "approved", "translated"))


def build(session, editor, users, count: int, rng: random.Random) -> int:
    pool = sentences()
    segments = []
    for n in range(1, count + 1):
        draft = f"{rng.choice(pool)}"
        target, status = post_edit(draft, rng)
        segments.append(PoSegment(str(n), f"第{n}句。", target=target, draft=draft, status=status))
    document = import_segments(session, editor, title="Benchmark", segments=segments)
    # Revisions as the workspace would have written them, spread over two weeks.
    start = utcnow() - timedelta(days=14)
    rows = session.execute(
        select(Segment.id, Segment.draft, Segment.target, Segment.status).where(
            Segment.document_id == document.id
        )
    )
    revisions = []
    for n, (segment_id, draft, target, status) in enumerate(rows):
        if status == "draft":
            continue
        revisions.append(
            Revision(
                segment_id=segment_id,
                document_id=document.id,
                user_id=rng.choice(users).id,
                created_at=start + timedelta(minutes=2 * n),
                kind="confirm",
                old_target=draft,
                new_target=target,
                old_status="draft",
                new_status="translated",
            )
        )
    session.add_all(revisions)
    session.commit()
    return document.id


def median_seconds(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, runs: int, work) -> None:
    seconds = median_seconds(runs, work)
    shown = f"{seconds:6.2f} s " if seconds >= 1 else f"{seconds * 1000:6.0f} ms"
    print(f"{label:<42} median {shown}  ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATA_DIR": folder, "SECRET_KEY": "benchmark"})
        with app.app_context():
            session = get_db()
            editor = create_user(session, "editor", PASSWORD, "editor")
            users = [editor] + [
                create_user(session, f"translator{n}", PASSWORD, "translator") for n in (1, 2)
            ]
            document_id = build(session, editor, users, args.segments, rng)
            ensure_checked(session, [document_id])  # QA runs on import in the app, not here
            pairs = [
                (draft, target)
                for draft, target in session.execute(
                    select(Segment.draft, Segment.target).where(Segment.document_id == document_id)
                )
            ]

            def cold_metrics():
                core_metrics.pair_statistics.cache_clear()
                core_metrics.corpus_metrics(pairs)

            def stored_stats():
                # As after a restart: only the store remembers the pairs' statistics.
                core_metrics.pair_statistics.cache_clear()
                metrics_service._parsed.cache_clear()
                document_stats(session, document_id)

            def first_stats():
                # The read, then the step the web layer runs after its response.
                stored_stats()
                store_computed_statistics(session, take_computed_statistics(session))

            shares = core_metrics.corpus_metrics(pairs).shares
            print(
                f"{len(pairs):,} segments: {shares.share('unedited'):.0f}% unedited, "
                f"{shares.share('light'):.0f}% lightly edited, "
                f"{shares.share('rewritten'):.0f}% rewritten"
            )
            report("metrics from scratch (nothing stored)", args.runs, cold_metrics)
            report("document_stats, first ever (then stores pairs)", 1, first_stats)
            report("document_stats, pairs stored, cold process", args.runs, stored_stats)
            saves = iter(range(1_000_000))

            def one_save():
                # What a save adds (services.segments.record_change): one new pair measured
                # and stored.
                draft, target = pairs[next(saves) % len(pairs)]
                store_statistics(session, draft, f"{target} (save {next(saves)})")
                session.commit()

            report("statistics stored by one save", 200, one_save)
            report(
                "document_stats, once computed",
                max(5, args.runs),
                lambda: document_stats(session, document_id),
            )
            edits = iter(range(1_000_000))

            def after_one_edit():
                # What a save costs the next dashboard: one new (draft, target) pair.
                segment = session.scalars(
                    select(Segment).where(Segment.document_id == document_id).limit(1)
                ).one()
                segment.target = f"{segment.draft} (edit {next(edits)})"
                session.commit()
                document_stats(session, document_id)

            report("document_stats after one segment changed", max(5, args.runs), after_one_edit)

        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post(
            "/auth/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token}
        )
        for label, url, headers in (
            ("dashboard page", f"/documents/{document_id}/dashboard", {}),
            (
                "dashboard, htmx fragment",
                f"/documents/{document_id}/dashboard",
                {"HX-Request": "true"},
            ),
            ("all-documents dashboard", "/dashboard", {}),
            ("per-segment CSV", f"/documents/{document_id}/dashboard.csv", {}),
        ):
            assert client.get(url, headers=headers).status_code == 200, url  # warm
            report(
                f"{label}, once computed",
                max(5, args.runs),
                lambda url=url, headers=headers: client.get(url, headers=headers),
            )


if __name__ == "__main__":
    main()
