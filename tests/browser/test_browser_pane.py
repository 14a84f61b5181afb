"""The side pane in Chromium: it follows the active editor, Alt+1…9 and its buttons insert a
term's rendering at the cursor, it is a drawer over the grid below 1,280 px, Esc closes it."""

import re
import time

import pytest
from playwright.sync_api import expect

from review_app.services.glossary import TermFields, add_term
from review_app.store import User
from review_app.web.db import get_db
from tests.browser.workspace_page import (
    editor_of,
    focus_is,
    open_editor,
    open_sample,
    row,
    watch_console,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def terms(live_app):
    with live_app.app_context():
        session = get_db()
        editor = session.query(User).filter_by(username="editor").one()
        add_term(session, editor, None, TermFields("知识产权", "intellectual property", note="Hi"))
        add_term(session, editor, None, TermFields("知识产权", "IPR", "forbidden"))


def test_the_pane_follows_the_editor_and_inserts_terms(new_page, terms):
    page = new_page()
    problems = watch_console(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    open_sample(page)
    editor = open_editor(page, "4")
    pane = page.locator("#panel")
    expect(pane.get_by_role("heading", name="Segment 4")).to_be_visible()
    insert = pane.get_by_role("button", name=re.compile("Insert “intellectual property”"))
    expect(insert).to_have_attribute("aria-keyshortcuts", "Alt+1")
    expect(pane.locator(".pane-term.avoid")).to_contain_text("IPR")

    # Alt+1 puts the first rendering at the cursor; the editor keeps the focus.
    editor.fill("About  rights.")
    page.evaluate("() => document.activeElement.setSelectionRange(6, 6)")
    page.keyboard.press("Alt+1")
    expect(editor).to_have_value("About intellectual property rights.")
    focus_is(page, "Translation of segment 4")
    expect(row(page, "4")).to_have_class(re.compile(r"\bunsaved\b"))
    # A click on the button does the same, at the cursor, and leaves the focus in the editor.
    page.evaluate("() => document.activeElement.setSelectionRange(0, 0)")
    insert.click()
    expect(editor).to_have_value("intellectual propertyAbout intellectual property rights.")
    focus_is(page, "Translation of segment 4")
    # Alt+9 with no ninth entry changes nothing.
    page.keyboard.press("Alt+9")
    expect(editor).to_have_value("intellectual propertyAbout intellectual property rights.")

    # Another editor, another pane.
    page.keyboard.press("Alt+ArrowDown")
    focus_is(page, "Translation of segment 5")
    expect(pane.get_by_role("heading", name="Segment 5")).to_be_visible()

    # Esc leaves the editor and closes the pane.
    page.keyboard.press("Escape")
    focus_is(page, "row 5")
    expect(pane).to_be_hidden()
    assert problems == []


def test_below_1280_px_the_pane_is_a_drawer_and_editors_refit(new_page, terms):
    page = new_page()
    problems = watch_console(page)
    page.set_viewport_size({"width": 1024, "height": 800})
    open_sample(page)
    open_editor(page, "5")
    pane = page.locator("#panel")
    expect(pane.get_by_role("heading", name="Segment 5")).to_be_visible()
    # The pane lies over the grid: the English column keeps its width.
    assert pane.evaluate("p => getComputedStyle(p).position") == "fixed"
    english = row(page, "5").locator("td.target").bounding_box()
    assert english["width"] > 350

    # Narrower: the editor grows with its wrapped text rather than scroll inside.
    page.set_viewport_size({"width": 640, "height": 800})
    fits = "e => e.scrollHeight <= e.clientHeight + 4"
    page.wait_for_function(f"() => ({fits})(document.activeElement)")
    assert editor_of(page, "5").evaluate(fits)

    # Working in the pane leaves the editor (saved); Esc there closes the pane and gives the
    # focus back to the segment's row.
    pane.get_by_role("button", name="Add comment").focus()
    expect(row(page, "5").locator("textarea")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(pane).to_be_hidden()
    focus_is(page, "row 5")
    assert problems == []


def test_the_pane_catches_up_with_an_editor_opened_while_it_reloaded(new_page):
    """Leaving an edited segment saves it, and the save makes the pane reload itself. When
    that reload is still in flight as the next editor arrives, the next editor's pane load
    (from the same element) is dropped by htmx: the pane must catch up once it settles."""
    page = new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    open_sample(page)
    editor = open_editor(page, "4")
    expect(page.locator("#panel").get_by_role("heading", name="Segment 4")).to_be_visible()

    def later(route, seconds):
        time.sleep(seconds)
        route.continue_()

    # The next editor answers after the save; the pane's reload answers after the editor.
    page.route("**/segments/5/edit", lambda route: later(route, 0.3))
    page.route("**/segments/4/panel", lambda route: later(route, 1.0))
    editor.fill("An edit to save.")
    page.keyboard.press("Alt+ArrowDown")
    focus_is(page, "Translation of segment 5")
    expect(page.locator("#panel").get_by_role("heading", name="Segment 5")).to_be_visible()
