"""The translator's editor in Chromium on a generated 5,000-segment document (issue 11).

Serves the app from a temporary data folder, logs in with Playwright on /usr/bin/chromium and
prints: the first screen; each scroll page; the DOM element count after scrolling to the end
(bounded: pages far from the viewport are dropped); median and p95 of keydown → next
animation frame while typing in a segment near the top and one near the end, and the ratio
end/top; Ctrl+G to segment 4,500. Prints figures, asserts nothing. Targets: p95 <= 16 ms in
both places and end/top <= 1.2.

    python benchmarks/editor_bench.py
"""

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from review_app.formats.po import PoSegment  # noqa: E402
from review_app.services.documents import import_segments  # noqa: E402
from review_app.services.users import create_user  # noqa: E402
from review_app.web import create_app  # noqa: E402
from review_app.web.db import get_db  # noqa: E402

SEGMENTS = 5_000
KEYSTROKES = 60
PASSWORD = "benchmark password"
CHROMIUM = "/usr/bin/chromium"

# Resolves with the time from keydown to the next animation frame, as the reader sees it.
KEY_TO_FRAME = """() => new Promise(resolve => {
  const editor = document.activeElement;
  const start = performance.now();
  editor.dispatchEvent(new KeyboardEvent("keydown", {key: "x", bubbles: true}));
  editor.value += "x";
  editor.dispatchEvent(new InputEvent("input", {bubbles: true, data: "x"}));
  requestAnimationFrame(() => resolve(performance.now() - start));
})"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def typing(page, label):
    page.locator(f"tr.segment[data-label='{label}'] td.source").click()
    page.get_by_label(f"Translation of segment {label}", exact=True).wait_for()
    page.wait_for_function("() => document.activeElement.name === 'target'")
    times = [page.evaluate(KEY_TO_FRAME) for _ in range(KEYSTROKES)]
    page.keyboard.press("Escape")
    return statistics.median(times), percentile(times, 0.95)


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app({"DATA_DIR": data_dir, "SECRET_KEY": "benchmark"})
        with app.app_context():
            session = get_db()
            create_user(session, "translator", PASSWORD, "translator")
            segments = [
                PoSegment(
                    str(n),
                    f"第{n}句：会议讨论了知识产权保护的新措施。",
                    f"Sentence {n}: the meeting discussed new measures to protect IP.",
                    f"Sentence {n}: the meeting discussed new measures to protect IP.",
                )
                for n in range(1, SEGMENTS + 1)
            ]
            document = import_segments(session, None, title="Long", segments=segments)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(base_url=base, viewport={"width": 1400, "height": 900})
            page.set_default_timeout(30_000)
            page.goto("/auth/login")
            page.get_by_label("Username").fill("translator")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(base + "/")

            start = time.perf_counter()
            page.goto(f"/documents/{document.id}")
            page.locator("tr.segment").first.wait_for()
            print(f"first screen: {(time.perf_counter() - start) * 1000:.0f} ms")

            top = typing(page, "3")

            pages, most = [], 0
            while page.locator("tr.more-after").count():
                last = page.locator("tr.segment").last.get_attribute("data-label")
                start = time.perf_counter()
                page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_function(
                    "(last) => Array.from(document.querySelectorAll('#segment-rows tr.segment'))"
                    ".pop().dataset.label !== last",
                    arg=last,
                )
                pages.append((time.perf_counter() - start) * 1000)
                most = max(most, page.locator("tr.segment").count())
            elements = page.evaluate("() => document.querySelectorAll('*').length")
            rows = page.locator("tr.segment").count()
            print(
                f"scroll pages: {len(pages)}, median {statistics.median(pages):.0f} ms, "
                f"p95 {percentile(pages, 0.95):.0f} ms; at most {most} rows at once"
            )
            print(f"after scrolling to the end: {elements} DOM elements, {rows} rows")

            end = typing(page, str(SEGMENTS - 2))
            print(f"typing near the top: median {top[0]:.1f} ms, p95 {top[1]:.1f} ms")
            print(f"typing near the end: median {end[0]:.1f} ms, p95 {end[1]:.1f} ms")
            print(f"ratio end/top: median {end[0] / top[0]:.2f}, p95 {end[1] / top[1]:.2f}")

            page.locator("tr.segment").last.focus()
            start = time.perf_counter()
            page.keyboard.press("Control+g")
            page.get_by_label("Segment number").fill("4500")
            page.keyboard.press("Enter")
            page.wait_for_function(
                "() => document.activeElement.getAttribute('aria-label') "
                "=== 'Translation of segment 4500'"
            )
            jump = (time.perf_counter() - start) * 1000
            print(f"Ctrl+G to 4,500 (editor focused): {jump:.0f} ms")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
