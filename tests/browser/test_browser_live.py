"""Two people at once in Chromium: another user's save, confirmation and approval show on my
rows without a reload; my unsaved typing is never overwritten (the save shows the conflict);
a term proposed with Alt+T and accepted on the glossary page shows on the rows."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.workspace_page import (
    editor_of,
    focus_is,
    open_editor,
    open_sample,
    row,
    watch_console,
)

pytestmark = pytest.mark.browser

SELECT_IN_SOURCE = """([label, text]) => {
  const row = document.querySelector(`tr.segment[data-label='${label}']`);
  row.focus();
  const walker = document.createTreeWalker(row.querySelector("td.source"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return true;
  }
  return false;
}"""


def unexpected(problems):
    """Console errors other than the 409 a conflict answers with (Chromium logs it)."""
    return [p for p in problems if "status of 409" not in p]


def test_another_users_changes_show_and_my_typing_is_kept(new_page):
    mine, theirs = new_page("translator"), new_page("editor")
    problems = watch_console(mine)
    open_sample(mine)
    open_sample(theirs)

    their_editor = open_editor(theirs, "7")
    their_editor.fill("Their confirmed text.")
    their_editor.press("Control+Enter")
    expect(row(mine, "7").locator(".target-marks")).to_have_text("Their confirmed text.")
    expect(row(mine, "7")).to_have_attribute("data-status", "translated")

    open_editor(theirs, "7")
    theirs.keyboard.press("Control+Alt+a")
    expect(row(theirs, "7")).to_have_attribute("data-status", "approved")
    expect(row(mine, "7").locator(".badge")).to_have_text("Approved")

    # I am typing in 8 when they save it: my text stays, I am told, my save shows both.
    my_editor = open_editor(mine, "8")
    my_editor.fill("My unsaved words.")
    their_editor = open_editor(theirs, "8")
    their_editor.fill("Their words.")
    their_editor.press("Control+s")
    expect(row(theirs, "8")).to_have_attribute("data-version", "2")
    expect(row(mine, "8").locator(".live-notice")).to_be_visible()
    expect(editor_of(mine, "8")).to_have_value("My unsaved words.")
    focus_is(mine, "Translation of segment 8")
    my_editor.press("Control+s")
    expect(row(mine, "8").locator(".theirs")).to_contain_text("Their words.")
    expect(editor_of(mine, "8")).to_have_value("My unsaved words.")
    assert unexpected(problems) == []


def test_a_proposed_term_once_accepted_shows_on_the_rows(new_page):
    translator, editor = new_page("translator"), new_page("editor")
    problems = watch_console(translator)
    open_sample(translator)
    open_editor(translator, "4")
    assert translator.evaluate(SELECT_IN_SOURCE, ["4", "知识产权"])
    translator.keyboard.press("Alt+t")
    pane = translator.locator("#panel")
    expect(pane.get_by_role("heading", name="Propose a term")).to_be_visible()
    expect(pane.get_by_label("Chinese term")).to_have_value("知识产权")
    focus_is(translator, "target")
    translator.keyboard.type("intellectual property")
    pane.get_by_role("button", name="Propose term").click()
    expect(pane.get_by_role("status")).to_contain_text("an editor will review it")
    assert row(translator, "4").locator("mark.term").count() == 0

    editor.goto("/glossary/")
    proposals = editor.locator("#term-proposals")
    expect(proposals.get_by_role("heading", name="Proposed terms (1)")).to_be_visible()
    proposals.get_by_text("Accept…").click()
    proposals.get_by_role("button", name="Accept 知识产权 → intellectual property").click()
    expect(proposals.get_by_role("heading", name="Proposed terms (0)")).to_be_visible()
    expect(editor.locator("#term-rows")).to_contain_text("intellectual property")

    # The translator's rows mark the new term without a reload.
    expect(row(translator, "4").locator("mark.term", has_text="知识产权")).to_be_visible()
    title = row(translator, "4").locator("mark.term", has_text="知识产权").get_attribute("title")
    assert re.search("intellectual property", title)
    assert unexpected(problems) == []
