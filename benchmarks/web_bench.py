"""Server time of the review workspace on a generated 5,000-segment document in SQLite.

Measures, through the Flask test client (no network, no browser): the workspace's first
screen, a segment save with its revision, and filtered row requests. Prints median and p95
in milliseconds; asserts nothing. Targets from issue 3: first screen <= 150 ms median;
save <= 20 ms median and <= 50 ms p95.

The project glossary (glossaries/ip-and-policy.csv) is loaded, so every segment has a
glossary_missing warning (the drafts say "IP" for the association's full name) and one in
fifty has Chinese left in its English (an untranslated error): the QA filters have both a
common and a rare hit. A save re-checks the saved segment before it answers; on a document
this long the document-wide checks (consistency, length ratio, lists) over all 5,000 segments
run just after the response is sent (services/qa.py), and a second line times both.

    python benchmarks/web_bench.py
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

# This checkout's code, whichever copy of review_app is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.services.glossary import import_glossary
from review_app.services.users import create_user
from review_app.store import Segment
from review_app.web import create_app
from review_app.web.db import get_db

SEGMENTS = 5_000
PASSWORD = "benchmark password"
GLOSSARY = Path(__file__).resolve().parent.parent / "glossaries" / "ip-and-policy.csv"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(label: str, runs: int, request) -> None:
    request(0)  # warm caches and templates
    times = []
    for n in range(1, runs + 1):
        start = time.perf_counter()
        response = request(n)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (label, response.status_code)
        # A server closes every response; work deferred until then (the document-wide checks
        # of a save on a long document) runs here, outside the time the user waits.
        response.close()
    print(
        f"{label:<42} median {statistics.median(times):7.1f} ms   "
        f"p95 {percentile(times, 0.95):7.1f} ms   ({runs} runs)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATA_DIR": folder, "SECRET_KEY": "benchmark"})
        with app.app_context():
            session = get_db()
            editor = create_user(session, "editor", PASSWORD, "editor")
            import_glossary(
                session, editor, name="ip", data=GLOSSARY.read_bytes(), filename=GLOSSARY.name
            )
            segments = [
                PoSegment(
                    str(n),
                    f"第{n}段：上海市知识产权服务行业协会召开年度会议，讨论知识产权保护。",
                    f"Segment {n}: the Shanghai IP Service Industry Association held its "
                    + (
                        "annual 会议 on IP protection."
                        if n % 50 == 0
                        else "annual meeting on IP protection."
                    ),
                    f"Segment {n}: the Shanghai IP Service Industry Association held its "
                    "annual meeting on IP protection.",
                    status="translated" if n % 3 == 0 else "draft",
                    confidence=0.3 if n % 10 == 0 else 0.9,
                    source_paragraph=n // 5,
                    target_paragraph=n // 5,
                )
                for n in range(1, SEGMENTS + 1)
            ]
            start = time.perf_counter()
            document = import_segments(session, editor, title="Benchmark", segments=segments)
            print(f"stored {SEGMENTS} segments in {time.perf_counter() - start:.2f} s")
            document_id = document.id
            segment_id = session.scalar(
                select(Segment.id).where(
                    Segment.document_id == document_id, Segment.label == str(SEGMENTS // 2)
                )
            )

        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post(
            "/auth/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token}
        )
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)
        ).group(1)
        htmx = {"HX-Request": "true", "X-CSRFToken": token}
        version = {"value": 1}

        def save(n: int):
            response = client.post(
                f"/segments/{segment_id}",
                data={"target": f"Edited text number {n}.", "version": str(version["value"])},
                headers=htmx,
            )
            version["value"] += 1
            return response

        print(f"document of {SEGMENTS} segments, page size {app.config['PAGE_SIZE']}")
        timed(
            "workspace first screen (full page)",
            50,
            lambda n: client.get(f"/documents/{document_id}"),
        )
        timed("segment save + revision (htmx)", 200, save)

        def save_and_close(n: int):
            response = save(n)
            response.close()
            return response

        timed("  the same + deferred document checks", 100, save_and_close)
        timed(
            "filter: status=translated (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?status=translated", headers=htmx),
        )
        timed(
            "filter: low confidence (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?low=1", headers=htmx),
        )
        timed(
            "filter: has issues (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?qa=any", headers=htmx),
        )
        timed(
            "filter: has errors, 1 in 50 (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?qa=error", headers=htmx),
        )
        timed(
            "filter: one check id, 1 in 50 (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?qa=untranslated", headers=htmx),
        )
        timed(
            "documents list with issue counts",
            50,
            lambda n: client.get("/"),
        )
        timed(
            "filter: text search, rare hit (htmx rows)",
            50,
            lambda n: client.get(f"/documents/{document_id}/rows?q=Segment+4999:", headers=htmx),
        )
        timed(
            "filter: regex search (htmx rows)",
            50,
            lambda n: client.get(
                f"/documents/{document_id}/rows?q=^Segment+49[0-9]{{2}}:&regex=1", headers=htmx
            ),
        )
        timed(
            "next page deep in the document (htmx rows)",
            50,
            lambda n: client.get(
                f"/documents/{document_id}/rows?after={4000 * 1024}", headers=htmx
            ),
        )


if __name__ == "__main__":
    main()
