"""Review in a real Chromium: reject with an MQM category, fix, approve, sign off; no console
errors, so the Content-Security-Policy refuses nothing the pages need."""

import re

import pytest
from playwright.sync_api import expect

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.web.db import get_db

pytestmark = pytest.mark.browser

TITLE = "Two sentences"


@pytest.fixture
def small_document(live_app):
    with live_app.app_context():
        segments = [
            PoSegment(
                "1",
                "他们签了合同。",
                "They signed the contract.",
                "They signed the contract.",
                status="translated",
                confidence=0.95,
                source_paragraph=0,
                target_paragraph=0,
            ),
            PoSegment(
                "2",
                "会议很成功。",
                "The meeting was a success.",
                "The meeting was a success.",
                status="translated",
                confidence=0.95,
                source_paragraph=0,
                target_paragraph=0,
            ),
        ]
        return import_segments(get_db(), None, title=TITLE, segments=segments).id


def watch_console(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def open_document(page):
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()


def row(page, label):
    return page.locator(f"tr.segment[data-label='{label}']")


def open_editor(page, label):
    """A click on the row opens its editor, with the review controls for editors."""
    row(page, label).locator("td.source").click()
    editor = page.get_by_label(f"Translation of segment {label}", exact=True)
    expect(editor).to_be_focused()
    return editor


def test_reject_fix_confirm_approve_and_sign_off(new_page, small_document):
    editor = new_page("editor")
    editor_problems = watch_console(editor)
    open_document(editor)
    open_editor(editor, "1")
    first = row(editor, "1")
    first.get_by_text("Reject…").click()
    first.get_by_label("What to fix").fill("Use “agreement”, as in the glossary.")
    first.get_by_label("Error category").select_option("Terminology")
    first.get_by_label("Severity").select_option("Major")
    first.get_by_role("button", name="Reject", exact=True).click()
    expect(row(editor, "1")).to_have_attribute("data-status", "rejected")

    translator = new_page("translator")
    translator_problems = watch_console(translator)
    open_document(translator)
    mine = row(translator, "1")
    expect(mine.locator(".rejection")).to_contain_text("Terminology, Major")
    expect(mine.locator(".rejection")).to_contain_text("Use “agreement”, as in the glossary.")
    text = open_editor(translator, "1")
    expect(mine.get_by_role("button", name="Approve")).to_have_count(0)
    text.fill("They signed the agreement.")
    mine.get_by_role("button", name="Confirm").click()
    expect(row(translator, "1")).to_have_attribute("data-status", "translated")
    expect(row(translator, "1").locator(".rejection")).to_have_count(0)

    editor.reload()
    for label in ("1", "2"):
        open_editor(editor, label)
        row(editor, label).get_by_role("button", name="Approve").click()
        expect(row(editor, label)).to_have_attribute("data-status", "approved")
    panel = editor.locator("#sign-off")
    expect(panel.locator(".approved-count")).to_have_text("2 of 2")
    panel.get_by_role("button", name="Sign off").click()
    expect(panel.locator(".current-sign-off")).to_contain_text("Signed off by editor")
    expect(panel.locator(".hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    assert editor_problems == [] and translator_problems == []
