"""The translation memory in the workspace's side pane, in Chromium: a document repeating an
approved sentence shows its match after the terms, Alt+n and the match's button insert it with
the focus kept in the editor, the row says it came from the memory, and Ctrl+K searches the
concordance for the selected text (or types into its box, Esc back to the editor)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.services.glossary import TermFields, add_term
from review_app.services.review import approve_segment
from review_app.services.segments import confirm_segment
from review_app.store import Segment, User
from review_app.web.db import get_db
from tests.browser.workspace_page import editor_of, focus_is, open_editor, row, watch_console

pytestmark = pytest.mark.browser

SOURCE = "他们签了合同。"
APPROVED = "They signed the agreement."


@pytest.fixture
def repeating_document(live_app):
    """A document whose one segment repeats an approved one; a term in it, too."""
    with live_app.app_context():
        session = get_db()
        editor = session.scalars(select(User).filter_by(username="editor")).one()
        add_term(session, editor, None, TermFields("合同", "contract"))
        segment = PoSegment("1", SOURCE, "They signed the contract.", "They signed the contract.")
        first = import_segments(session, editor, title="First", segments=[segment])
        approved = session.scalars(select(Segment).filter_by(document_id=first.id)).one()
        confirmed = confirm_segment(
            session, editor, approved.id, target=APPROVED, version=approved.version
        )
        approve_segment(session, editor, approved.id, version=confirmed.version)
        return import_segments(session, editor, title="Second", segments=[segment]).id


def test_a_match_in_the_pane_is_inserted_and_ctrl_k_finds_the_selection(
    new_page, repeating_document
):
    page = new_page()
    problems = watch_console(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"/documents/{repeating_document}")
    page.wait_for_load_state("domcontentloaded")
    # Pre-translated from the memory on import, and the row says so.
    badge = row(page, "1").locator(".tm-badge")
    expect(badge).to_have_text(
        re.compile(r"^TM 10[01]: pre-translated from the translation memory, approved in First$")
    )
    expect(badge).to_have_attribute("title", re.compile("approved in First"))

    editor = open_editor(page, "1")
    pane = page.locator("#panel")
    memory = pane.locator(".pane-memory")
    expect(memory.get_by_role("heading", name="Translation memory")).to_be_visible()
    match = memory.locator(".tm-match").first
    expect(match.locator(".tm-origin")).to_have_text("approved in First")
    expect(match.locator(".tm-score")).to_contain_text(re.compile(r"10[01] %"))
    # Numbered after the term's rendering.
    insert = match.get_by_role("button", name=re.compile("Insert the 10[01] % match"))
    expect(pane.get_by_role("button", name=re.compile("Insert “contract”"))).to_have_attribute(
        "aria-keyshortcuts", "Alt+1"
    )
    expect(insert).to_have_attribute("aria-keyshortcuts", "Alt+2")
    expect(insert).to_contain_text("Alt+2")

    editor.fill("")
    page.keyboard.press("Alt+2")
    expect(editor).to_have_value(APPROVED)
    focus_is(page, "Translation of segment 1")
    # The button does the same at the cursor, and the editor keeps the focus.
    page.evaluate("() => document.activeElement.setSelectionRange(0, 0)")
    insert.click()
    expect(editor).to_have_value(APPROVED + APPROVED)
    focus_is(page, "Translation of segment 1")
    editor.fill(APPROVED)

    # Ctrl+K on a word selected in the source: the concordance of the project's sources.
    page.evaluate(
        """() => {
          const cell = document.querySelector("tr.segment[data-label='1'] td.source");
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          let text = walker.nextNode();
          while (!text.textContent.includes("合同")) text = walker.nextNode();
          const at = text.textContent.indexOf("合同");
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + 2);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }"""
    )
    page.keyboard.press("Control+k")
    concordance = pane.locator(".pane-concordance")
    expect(concordance).to_be_visible()
    expect(concordance.get_by_label("Search for")).to_have_value("合同")
    expect(concordance.get_by_label("in", exact=True)).to_have_value("source")
    results = concordance.locator("#concordance-results")
    expect(results.locator("mark.hit").first).to_have_text("合同")
    expect(results.locator("td[lang=en]").first).to_have_text(APPROVED)
    expect(results).to_contain_text("First")
    focus_is(page, "Translation of segment 1")

    # With nothing selected the search box takes the cursor; Esc gives it back to the editor,
    # still open with its text, and the results stay.
    page.evaluate("() => window.getSelection().removeAllRanges()")
    editor.focus()
    page.keyboard.press("Control+k")
    focus_is(page, "q")
    page.keyboard.type("agreement")
    concordance.get_by_label("in", exact=True).select_option("target")
    concordance.get_by_label("Search for").press("Enter")
    expect(results.locator("mark.hit").first).to_have_text("agreement")
    concordance.get_by_label("Search for").press("Escape")
    focus_is(page, "Translation of segment 1")
    expect(editor_of(page, "1")).to_have_value(APPROVED)
    expect(pane).to_be_visible()
    expect(results.locator("mark.hit").first).to_have_text("agreement")
    assert problems == []
