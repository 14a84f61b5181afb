"""The dashboards in a real Chromium: the charts render, htmx refreshes them, no errors."""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from review_app.formats.text import read_paragraphs
from review_app.services.documents import active_segments, import_document
from review_app.services.segments import add_comment, confirm_segment
from review_app.store import User
from review_app.web import create_app
from review_app.web.db import get_db

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "translations" / "cantoop-ip-conference"
TITLE = "CANTOOP at the Shanghai IP conference"


@pytest.fixture
def live_dashboard_app(data_dir):
    """The sample article with a few segments post-edited and confirmed, served in a thread."""
    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "dashboard browser test"})
    with app.app_context():
        session = get_db()
        zh, en = SAMPLE.with_suffix(".zh.txt"), SAMPLE.with_suffix(".en.txt")
        document = import_document(
            session,
            None,
            title=TITLE,
            source_paragraphs=read_paragraphs(zh.read_bytes(), zh.name),
            draft_paragraphs=read_paragraphs(en.read_bytes(), en.name),
        )
        translator = session.scalars(select(User).filter_by(username="translator")).one()
        for n, segment in enumerate(active_segments(session, document.id)[:8]):
            words = segment.target.split()
            target = " ".join(words[: max(1, len(words) - n)]) + (" 中文" if n == 3 else "")
            confirm_segment(session, translator, segment.id, target=target, version=1)
        add_comment(session, translator, segment.id, "Please check.")
        app.config["DOCUMENT_TITLE"] = document.title
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join()


def test_dashboard_charts_render_without_console_errors(browser, live_dashboard_app, password):
    title = live_dashboard_app.config["DOCUMENT_TITLE"]
    base = live_dashboard_app.config["LIVE_URL"]
    context = browser.new_context(base_url=base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []

    def on_console(message):
        # No favicon is served; the browser asks for one anyway and logs the 404.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            # No favicon is served; the browser asks for one anyway.
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    try:
        page.goto("/auth/login")
        page.get_by_label("Username").fill("translator")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{base}/")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
        expect(page.get_by_role("heading", name="Dashboard: All documents")).to_be_visible()
        expect(page.locator("svg.chart")).to_have_count(4)
        page.get_by_role("link", name=title).click()

        expect(page.get_by_role("heading", name=f"Dashboard: {title}")).to_be_visible()
        charts = page.locator("svg.chart")
        expect(charts).to_have_count(4)
        for n in range(4):
            chart = charts.nth(n)
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert box["width"] > 200 and box["height"] > 20
            assert chart.locator("rect").count() > 0
        # Colours come from dashboard.css: a drawn bar is not the default black.
        fill = charts.nth(1).locator("rect").first.evaluate("r => getComputedStyle(r).fill")
        assert fill not in ("rgb(0, 0, 0)", "")
        # The tables behind the charts are there for screen readers.
        expect(page.get_by_role("table", name="Confirmed segments by TER")).to_have_count(1)

        if os.environ.get("DASHBOARD_SCREENSHOT"):
            page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"], full_page=True)
        page.get_by_role("button", name="Refresh").click()
        expect(page.locator("#dashboard-panels svg.chart")).to_have_count(4)
        expect(page.get_by_role("heading", name=f"Dashboard: {title}")).to_have_count(1)
    finally:
        context.close()
    assert problems == []
