"""A live app with some post-editing done, and a headless Chromium, for the dashboard's
browser test (the same pattern as tests/browser/conftest.py)."""

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from review_app.formats.text import read_paragraphs
from review_app.services.documents import active_segments, import_document
from review_app.services.segments import add_comment, confirm_segment
from review_app.store import User
from review_app.web import create_app
from review_app.web.db import get_db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
SAMPLE = Path(__file__).resolve().parents[2] / "translations" / "cantoop-ip-conference"
TITLE = "CANTOOP at the Shanghai IP conference"


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
