"""Glossary and QA in a real Chromium: term tooltips, QA markers, a term from a selection."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from review_app.services.glossary import import_glossary
from review_app.web.db import get_db

pytestmark = pytest.mark.browser

TITLE = "CANTOOP at the Shanghai IP conference"
GLOSSARY = Path(__file__).resolve().parents[2] / "glossaries" / "ip-and-policy.csv"


@pytest.fixture
def with_glossary(live_app):
    with live_app.app_context():
        import_glossary(
            get_db(), None, name="ip-and-policy", data=GLOSSARY.read_bytes(), filename="g.csv"
        )


def row(page, label):
    return page.locator(f"tr.segment[data-label='{label}']")


def open_editor(page, label):
    row(page, label).locator("td.state").click()
    editor = page.get_by_label(f"Translation of segment {label}", exact=True)
    expect(editor).to_be_focused()
    return row(page, label), editor


def test_terms_issues_and_a_term_from_a_selection(new_page, with_glossary):
    page = new_page("editor")
    page.get_by_role("link", name=TITLE).click()

    # A source term carries the approved rendering and its note in its tooltip.
    home = row(page, "2")
    term = home.locator("td.source mark.term", has_text="返回首页")
    expect(term).to_have_attribute("title", re.compile(r"use: Back to Home \(preferred\)"))
    expect(home.locator("mark.term-ok", has_text="Back to Home")).to_be_visible()

    # Saving a target with Chinese left in it flags the row at once, the span marked.
    first, editor = open_editor(page, "1")
    editor.fill("More professional industry 资讯 exchange")
    editor.press("Control+s")
    issue = first.locator(".qa-issue.severity-error", has_text="untranslated")
    expect(issue).to_be_visible()
    expect(first.locator(".target-marks mark.issue-error")).to_have_text("资讯")
    expect(first.locator(".qa-marker.severity-error")).to_have_text("1 error")

    # Select 行业资讯 in the source (资讯 is inside the issue's <mark>): the button opens a
    # prefilled form in the side panel.
    page.evaluate(
        """() => {
          const cell = document.querySelector("tr.segment td.source");
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let seen = 0;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const end = seen + node.length;
            if (seen <= 4 && 4 < end) range.setStart(node, 4 - seen);
            if (seen < 8 && 8 <= end) range.setEnd(node, 8 - seen);
            seen = end;
          }
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Add term").click()
    panel = page.locator("#panel")
    expect(panel.get_by_label("Chinese term")).to_have_value("行业资讯")
    panel.get_by_label("English rendering").fill("industry news")
    panel.get_by_role("button", name="Add term").click()
    expect(panel.get_by_role("status")).to_contain_text("Added 行业资讯 → industry news")

    page.reload()
    first = row(page, "1")
    # 资讯 is also the untranslated span, so the term shows as two marks: 行业 and 资讯.
    expect(first.locator("td.source mark.term", has_text="行业")).to_have_attribute(
        "title", re.compile("use: industry news")
    )
