"""A live app on a free port and a headless Chromium, for the browser tests.

The tests skip only when /usr/bin/chromium is missing outside CI; in CI (CI=true) a missing
browser is a failure, so the suite cannot pass there without having driven a real browser.
"""

import os
from pathlib import Path

import pytest
from sqlalchemy import update

from review_app.formats.article import read_paragraphs
from review_app.services.documents import import_document
from review_app.services.qa import refresh_issues
from review_app.store import Segment
from review_app.web import create_app
from review_app.web.db import get_db
from tests.live_server import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SAMPLE = Path(__file__).resolve().parents[2] / "translations" / "cantoop-ip-conference"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and os.environ.get("CI") != "true":
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(data_dir):
    """The app with the sample article imported, served on 127.0.0.1 in a thread."""
    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "browser tests"})
    with app.app_context():
        zh, en = SAMPLE.with_suffix(".zh.txt"), SAMPLE.with_suffix(".en.txt")
        document = import_document(
            get_db(),
            None,
            title="CANTOOP at the Shanghai IP conference",
            source_paragraphs=read_paragraphs(zh.read_bytes(), zh.name),
            draft_paragraphs=read_paragraphs(en.read_bytes(), en.name),
        )
        # These flows edit and check the page chrome rows (1-4) as ordinary text; the import
        # now excludes them (no checks), so they are made body text again, checked anew.
        session = get_db()
        session.execute(
            update(Segment).where(Segment.document_id == document.id).values(role="body")
        )
        refresh_issues(session, document.id)
        session.commit()
    with serving(app) as url:
        app.config["LIVE_URL"] = url
        yield app
    app.extensions["review_app.sessions"].kw["bind"].dispose()


@pytest.fixture
def new_page(browser, live_app):
    """Open a page in a fresh context (its own cookies), logged in as ``username``."""
    contexts = []

    def open_page(username="translator", password="correct horse battery"):
        context = browser.new_context(base_url=live_app.config["LIVE_URL"])
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/auth/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_app.config['LIVE_URL']}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
