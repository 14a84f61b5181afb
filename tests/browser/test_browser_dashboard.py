"""The dashboards in a real Chromium: the charts render, htmx refreshes them, no errors."""

import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from review_app.services.documents import active_segments
from review_app.services.segments import add_comment, confirm_segment
from review_app.store import Document, User
from review_app.web.db import get_db

pytestmark = pytest.mark.browser


@pytest.fixture
def live_dashboard_app(live_app):
    """The live sample article with a few segments post-edited, confirmed and commented."""
    with live_app.app_context():
        session = get_db()
        document = session.scalars(select(Document)).one()
        translator = session.scalars(select(User).filter_by(username="translator")).one()
        for n, segment in enumerate(active_segments(session, document.id)[:8]):
            words = segment.target.split()
            target = " ".join(words[: max(1, len(words) - n)]) + (" 中文" if n == 3 else "")
            confirm_segment(session, translator, segment.id, target=target, version=1)
        add_comment(session, translator, segment.id, "Please check.")
        live_app.config["DOCUMENT_TITLE"] = document.title
    return live_app


def test_dashboard_charts_render_without_console_errors(browser, live_dashboard_app, password):
    title = live_dashboard_app.config["DOCUMENT_TITLE"]
    base = live_dashboard_app.config["LIVE_URL"]
    context = browser.new_context(base_url=base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []

    def on_console(message):
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
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
