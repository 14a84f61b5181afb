"""A long import in the browser: the form answers with a progress page that keeps asking
the server (htmx polling) and lands on the document once a worker has stored it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PAIR = Path(__file__).resolve().parents[2] / "translations" / "cantoop-ip-conference"


def test_a_long_import_shows_its_progress_and_lands_on_the_document(new_page, live_app):
    live_app.config["LONG_IMPORT_CHARACTERS"] = 0
    page = new_page("editor")
    page.goto("/documents/import")
    page.get_by_label("Title").fill("Imported as a job")
    page.get_by_label("Chinese source file").set_input_files(str(PAIR.with_suffix(".zh.txt")))
    page.get_by_label("English draft file").set_input_files(str(PAIR.with_suffix(".en.txt")))
    page.get_by_role("button", name="Import and align").click()
    # No worker runs yet: the job waits, and its page says so while it asks again.
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.get_by_text("Waiting for a worker")).to_be_visible()
    expect(page.locator("progress")).to_be_attached()
    consumer = live_app.extensions["review_app.jobs"].start_in_process()
    try:
        expect(page).to_have_url(re.compile(r"/documents/\d+$"), timeout=60_000)
    finally:
        consumer.stop(graceful=True)
    expect(page.get_by_text("Imported “Imported as a job”")).to_be_visible()
