"""A translator whose browser asks for Chinese works in the Chinese interface end to end: log
in, open the document, edit a segment, confirm it, read its QA message in Chinese. The segments
stay as they were written."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "CANTOOP at the Shanghai IP conference"


def test_a_translator_works_in_the_chinese_interface(browser, live_app):
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="zh-CN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/auth/login")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans-CN")
        expect(page.get_by_role("heading", name="登录")).to_be_visible()
        page.get_by_label("用户名").fill("translator")
        page.get_by_label("密码").fill("correct horse battery")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_app.config['LIVE_URL']}/")
        expect(page.get_by_role("heading", name="文档")).to_be_visible()
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()

        # The title is the document's own, in English: content is never translated.
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(page.get_by_role("button", name="筛选")).to_be_visible()
        row = page.locator("tr.segment[data-label='1']")
        expect(row.locator("td.source")).to_contain_text("更专业的行业资讯交流")

        row.locator("td.source").click()
        editor = page.get_by_label("第 1 句段的译文", exact=True)
        expect(editor).to_be_focused()
        expect(editor).to_have_value("More professional industry information exchange")
        editor.fill("A more professional exchange of industry news")
        row.get_by_role("button", name="确认").click()
        expect(row).to_have_attribute("data-status", "translated")
        expect(row.locator(".target-marks")).to_have_text(
            "A more professional exchange of industry news"
        )

        page.reload()
        expect(row).to_have_attribute("data-status", "translated")
        page.keyboard.press("Shift+?")
        expect(page.get_by_role("heading", name="快捷键")).to_be_visible()
        page.keyboard.press("Escape")

        # A QA message composed with a value: the template in Chinese, the value as typed.
        row.locator("td.source").click()
        editor.fill("A more professional exchange of 行业 news")
        row.get_by_role("button", name="确认").click()
        expect(row.locator(".qa-issue")).to_contain_text("译文中残留中文：行业")
    finally:
        context.close()
