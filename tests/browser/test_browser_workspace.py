"""The core flows in a real Chromium: login, keyboard editing, conflicts, merge/undo, XSS."""

import re

import pytest
from playwright.sync_api import expect

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.web.db import get_db

pytestmark = pytest.mark.browser

TITLE = "CANTOOP at the Shanghai IP conference"


def open_sample(page):
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()


def row(page, label):
    editor = page.get_by_label(f"Translation of segment {label}", exact=True)
    return page.locator("tr.segment").filter(has=editor), editor


def test_log_in_and_open_the_sample_article(new_page):
    page = new_page()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    open_sample(page)
    assert page.locator("tr[data-segment-id]").count() > 10
    expect(page.locator("td.source").first).to_contain_text("更专业的行业资讯交流")
    _, editor = row(page, "1")
    expect(editor).to_have_value("More professional industry information exchange")


def test_edit_and_confirm_with_the_keyboard_then_reload(new_page):
    page = new_page()
    open_sample(page)
    segment, editor = row(page, "2")
    editor.click()
    editor.press("Control+a")
    editor.press_sequentially("Back to the home page")
    editor.press("Control+Enter")
    expect(segment).to_have_attribute("data-status", "translated")
    # Focus moves on to the next unconfirmed segment.
    expect(page.get_by_label("Translation of segment 3", exact=True)).to_be_focused()

    # Esc throws away typing that was not saved; Alt+↑ goes back a row.
    third = page.get_by_label("Translation of segment 3", exact=True)
    original = third.input_value()
    third.press("End")
    third.press_sequentially(" (typo)")
    third.press("Escape")
    expect(third).to_have_value(original)
    third.press("Alt+ArrowUp")
    expect(page.get_by_label("Translation of segment 2", exact=True)).to_be_focused()

    page.reload()
    segment, editor = row(page, "2")
    expect(editor).to_have_value("Back to the home page")
    expect(segment).to_have_attribute("data-status", "translated")
    expect(segment.locator(".badge")).to_have_text("Translated")


def test_save_with_ctrl_s_and_on_blur(new_page):
    page = new_page()
    open_sample(page)
    segment, editor = row(page, "1")
    editor.fill("Saved with Ctrl+S")
    editor.press("Control+s")
    expect(segment.locator("input[name=version]")).to_have_value("2")
    second_row, second = row(page, "2")
    second.fill("Saved on blur")
    page.get_by_label("Translation of segment 4", exact=True).click()
    # The save answered (reloading before it would race it and read the old text).
    expect(second_row.locator("input[name=version]")).to_have_value("2")
    page.reload()
    expect(page.get_by_label("Translation of segment 1", exact=True)).to_have_value(
        "Saved with Ctrl+S"
    )
    expect(page.get_by_label("Translation of segment 2", exact=True)).to_have_value("Saved on blur")


def test_a_conflict_from_a_second_browser_keeps_both_texts(new_page):
    mine, theirs = new_page("translator"), new_page("editor")
    open_sample(mine)
    open_sample(theirs)

    _, their_editor = row(theirs, "5")
    their_editor.fill("The editor's version.")
    their_editor.press("Control+s")
    expect(row(theirs, "5")[0].locator("input[name=version]")).to_have_value("2")

    segment, my_editor = row(mine, "5")
    my_editor.fill("The translator's version.")
    my_editor.press("Control+s")
    expect(segment.get_by_text("changed by someone else")).to_be_visible()
    expect(segment.locator(".theirs")).to_contain_text("The editor's version.")
    expect(my_editor).to_have_value("The translator's version.")

    segment.get_by_role("button", name="Keep mine").click()
    expect(segment.get_by_role("button", name="Keep mine")).to_have_count(0)
    theirs.reload()
    expect(theirs.get_by_label("Translation of segment 5", exact=True)).to_have_value(
        "The translator's version."
    )

    # And the other way round: the editor, now stale, takes the translator's text.
    _, their_editor = row(mine, "6")
    their_editor.fill("Newer, from the translator.")
    their_editor.press("Control+s")
    expect(row(mine, "6")[0].locator("input[name=version]")).to_have_value("2")
    segment, editor = row(theirs, "6")
    editor.fill("Stale edit.")
    editor.press("Control+s")
    segment.get_by_role("link", name="Take theirs").click()
    expect(theirs.get_by_label("Translation of segment 6", exact=True)).to_have_value(
        "Newer, from the translator."
    )


def test_merge_with_next_then_undo(new_page):
    page = new_page()
    open_sample(page)
    rows_before = page.locator("tr[data-segment-id]").count()
    segment, _ = row(page, "3")
    first_target = row(page, "3")[1].input_value()
    second_target = row(page, "4")[1].input_value()
    segment.get_by_role("link", name="Details").click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Segment 3")).to_be_visible()
    panel.get_by_role("button", name="Merge with next").click()

    expect(page.locator("tr[data-segment-id]")).to_have_count(rows_before - 1)
    expect(page.get_by_label("Translation of segment 4", exact=True)).to_have_count(0)
    expect(row(page, "3")[1]).to_have_value(f"{first_target} {second_target}")
    expect(panel.locator(".meta", has_text="Merge by translator")).to_be_visible()

    row(page, "3")[0].get_by_role("button", name="Undo").click()
    expect(page.locator("tr[data-segment-id]")).to_have_count(rows_before)
    expect(row(page, "3")[1]).to_have_value(first_target)
    expect(row(page, "4")[1]).to_have_value(second_target)
    page.reload()
    expect(page.locator("tr[data-segment-id]")).to_have_count(rows_before)


def test_html_in_segments_shows_as_text(new_page, live_app):
    payload = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">'
    with live_app.app_context():
        document = import_segments(
            get_db(),
            None,
            title="Hostile",
            segments=[PoSegment("1", payload, payload, payload)],
        )
    page = new_page()
    page.goto(f"/documents/{document.id}")
    expect(page.locator("td.source").first).to_have_text(payload)
    editor = page.get_by_label("Translation of segment 1", exact=True)
    expect(editor).to_have_value(payload)
    editor.fill(payload + " <b>again</b>")
    editor.press("Control+Enter")
    expect(page.locator("tr.segment").first).to_have_attribute("data-status", "translated")
    page.reload()
    expect(page.get_by_label("Translation of segment 1", exact=True)).to_have_value(
        payload + " <b>again</b>"
    )
    assert page.evaluate("window.pwned") is None
    assert page.locator("td.source img, td.source script, b").count() == 0


def test_rows_load_in_pages_as_you_scroll(new_page, live_app):
    segments = [
        PoSegment(str(n), f"第{n}句。", f"Sentence {n}.", f"Sentence {n}.") for n in range(1, 131)
    ]
    with live_app.app_context():
        document = import_segments(get_db(), None, title="Long", segments=segments)
    page = new_page()
    page.goto(f"/documents/{document.id}")
    rows = page.locator("tr[data-segment-id]")
    expect(rows).to_have_count(50)
    page.locator("tr.more").scroll_into_view_if_needed()
    expect(rows).to_have_count(100)
    page.locator("tr.more").scroll_into_view_if_needed()
    expect(rows).to_have_count(130)
    expect(page.locator("tr.more")).to_have_count(0)

    page.get_by_label("Search").fill("第7句")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=(%E7%AC%AC7%E5%8F%A5|第7句)"))
