"""Find and replace in Chromium: preview, replace in one segment, replace all, a bad pattern."""

import pytest
from playwright.sync_api import expect

from tests.browser.workspace_page import open_sample, row, watch_console

pytestmark = pytest.mark.browser


def test_preview_replace_one_and_all(new_page):
    page = new_page()
    problems = watch_console(page)
    open_sample(page)
    page.get_by_role("link", name="Find and replace").click()
    page.get_by_label("Find", exact=True).fill("(")
    page.get_by_label("Regular expression").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("regular expression is not valid")

    page.get_by_label("Regular expression").uncheck()
    page.get_by_label("Find", exact=True).fill("Shanghai")
    page.get_by_label("Replace with").fill("SHANGHAI")
    page.get_by_role("button", name="Preview").click()
    results = page.locator("#replace-results")
    expect(results.locator("ins", has_text="SHANGHAI").first).to_be_visible()
    heading = results.get_by_role("heading").inner_text()
    total = int(heading.split()[0])
    assert total > 2

    results.locator("form.inline button").first.click()
    expect(results.get_by_role("status")).to_have_text("Replaced in 1 segment.")
    expect(results.get_by_role("heading")).to_have_text(f"{total - 1} segments to change")

    page.once("dialog", lambda dialog: dialog.accept())
    results.get_by_role("button", name="Replace all").click()
    expect(results.get_by_role("status")).to_have_text(f"Replaced in {total - 1} segments.")
    expect(results.get_by_text("Nothing to replace.")).to_be_visible()

    page.get_by_role("link", name="CANTOOP at the Shanghai IP conference").click()
    expect(page.locator("tr.segment .target-marks", has_text="SHANGHAI").first).to_be_visible()
    expect(row(page, "1")).to_be_visible()
    assert [p for p in problems if "status of 422" not in p] == []
