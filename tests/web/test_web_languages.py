"""The interface in Simplified Chinese or English: chosen by the user's setting, the header
switch's cookie or Accept-Language; catalogues compiled into a cache when the app starts."""

import html
import json
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from review_app.store import User
from review_app.web import i18n
from review_app.web.db import get_db

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def test_the_login_form_in_chinese(client):
    page = client.get("/auth/login", headers=CHINESE).get_data(as_text=True)
    assert '<html lang="zh-Hans-CN">' in page
    assert '<label for="username">用户名</label>' in page
    assert '<label for="password">密码</label>' in page
    assert '<button type="submit">登录</button>' in page
    # The switch offers the other language, named in itself.
    assert 'lang="en"' in page and ">English</button>" in page


@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        ("zh-CN", "zh-Hans-CN"),
        ("zh-TW", "zh-Hans-CN"),
        ("zh", "zh-Hans-CN"),
        ("fr-FR,zh;q=0.5", "zh-Hans-CN"),
        ("en-GB,zh;q=0.5", "en"),
        ("fr, de", "en"),
        ("", "en"),
        ("*", "en"),
    ],
)
def test_the_browsers_language_decides_when_nothing_else_does(client, accept, lang):
    page = client.get("/auth/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page


def test_the_switch_works_before_logging_in_and_an_unknown_code_is_english(auth):
    client = auth.client
    auth.token = _token(auth)
    response = auth.post("/language", {"language": "zh_Hans_CN", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert "用户名" in client.get("/auth/login").get_data(as_text=True)
    auth.post("/language", {"language": "tlh", "next": "https://evil.example/"})
    page = client.get("/auth/login", headers=CHINESE).get_data(as_text=True)
    assert '<html lang="en">' in page  # the cookie's English outranks the browser


def test_the_switch_needs_the_csrf_token(auth):
    assert auth.post("/language", {"language": "zh_Hans_CN"}, csrf=False).status_code == 400


def test_a_users_setting_outranks_the_browser_and_the_switch_saves_it(app, auth):
    auth.login("translator")
    auth.post("/language", {"language": "zh_Hans_CN", "next": "/"})
    with app.app_context():
        assert get_db().scalar(select(User.language).filter_by(username="translator")) == (
            "zh_Hans_CN"
        )
    page = auth.client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>文档</h1>" in page and ">退出登录<" in page


def test_error_pages_and_flash_messages_in_chinese(auth):
    auth.client.get("/auth/login", headers=CHINESE)
    wrong = auth.client.post(
        "/auth/login",
        data={"username": "editor", "password": "nope", "csrf_token": _token(auth)},
        headers=CHINESE,
    )
    assert "用户名或密码错误。" in wrong.get_data(as_text=True)
    auth.login("translator")
    missing = auth.client.get("/no-such-page", headers=CHINESE)
    assert missing.status_code == 404 and "未找到" in missing.get_data(as_text=True)


def _token(auth):
    page = auth.client.get("/auth/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_segment_text_is_never_translated(auth, app_document):
    auth.login("translator")
    page = auth.client.get(f"/documents/{app_document}", headers=CHINESE).get_data(as_text=True)
    assert "First sentence. Second sentence." in page and "第一句。第二句。" in page


def test_times_are_written_for_the_interfaces_language(app):
    moment = datetime(2026, 12, 2, 5, 53)
    with app.test_request_context(headers=CHINESE):
        assert i18n.format_when(moment) == "2026年12月2日 05:53 UTC"
    with app.test_request_context(headers={"Accept-Language": "en-US"}):
        assert i18n.format_when(moment) == "Dec 2, 2026 05:53 UTC"
        assert i18n.format_when(None) == ""


def test_catalogues_are_compiled_once_into_the_cache(tmp_path):
    folder = i18n.compiled_catalogues(tmp_path)
    compiled = folder / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo"
    assert folder.parent == tmp_path and compiled.stat().st_size > 0
    before = compiled.stat().st_mtime_ns
    assert i18n.compiled_catalogues(tmp_path) == folder
    assert compiled.stat().st_mtime_ns == before


def test_an_unwritable_cache_still_gives_the_catalogues(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    folder = i18n.compiled_catalogues(blocker)
    assert (folder / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo").exists()


def test_the_pages_script_gets_its_messages_in_the_interfaces_language(client):
    page = client.get("/auth/login", headers=CHINESE).get_data(as_text=True)
    messages = json.loads(html.unescape(re.search(r"data-messages='([^']*)'", page).group(1)))
    assert messages["Saving…"] == "正在保存…"
    added = messages["Add “%(text)s” as a glossary term (Alt+T)"]
    assert added == "将“%(text)s”加入术语表（Alt+T）"


def test_qa_check_titles_are_shown_in_the_interfaces_language(app):
    with app.test_request_context(headers=CHINESE):
        titles = app.jinja_env.globals["check_titles"]
        assert titles["empty_target"] == "译文为空"
        assert titles.get("no_such_check", "x") == "x"
    with app.test_request_context():
        assert titles["empty_target"] == "Translation is empty"


def test_known_messages_without_values_are_translated_and_others_stay_as_written(app):
    with app.test_request_context(headers=CHINESE):
        assert i18n.known_message("the translation is empty") == "译文为空"
        # Composed with a value: no catalogue entry, shown as the check wrote it, and never
        # read as a format string or as markup.
        assert i18n.known_message("“<b>” is repeated 100%") == "“<b>” is repeated 100%"


def _first_segment(app, document_id):
    from review_app.store import Segment

    with app.app_context():
        return get_db().query(Segment).filter_by(document_id=document_id, label="1").one().id


def test_a_qa_message_with_values_is_shown_in_the_readers_language(auth, app, app_document):
    auth.login("translator")
    segment = _first_segment(app, app_document)
    target = {"target": "First sentence. Second 句子 <b>.", "version": "1"}
    saved = auth.post(f"/segments/{segment}", target, htmx=True, headers=CHINESE)
    assert "译文中残留中文：句子" in saved.get_data(as_text=True)
    row = re.compile(rf'<tr id="seg-{segment}".*?</tr>', re.S)
    chinese = auth.client.get(f"/documents/{app_document}", headers=CHINESE).get_data(as_text=True)
    assert "译文中残留中文：句子" in row.search(chinese).group(0)
    english = auth.get(f"/documents/{app_document}").get_data(as_text=True)
    assert "Chinese left in the translation: 句子" in row.search(english).group(0)
    assert "译文中残留中文" not in english
    panel = auth.client.get(
        f"/segments/{segment}/panel", headers={**CHINESE, "HX-Request": "true"}
    ).get_data(as_text=True)
    assert "英文中残留中文字符: 译文中残留中文：句子" in panel


def test_nested_messages_and_list_separators_are_translated(app):
    from review_app.core.messages import Listing, Message

    parts = Listing([Message("year %(year)s", year=2024), Message("day %(day)s", day=26)])
    message = Message(
        "the date %(date)s is not in the target (%(parts)s missing)", date="7月26日", parts=parts
    )
    with app.test_request_context(headers=CHINESE):
        assert i18n.known_message(message) == "译文中没有日期 7月26日（缺少年份 2024、日 26）"
    with app.test_request_context():
        assert i18n.known_message(message) == str(message)


def test_an_issue_stored_before_templates_shows_its_english_text(app):
    from review_app.store import QaIssue

    old = QaIssue(message="the translation is empty", message_id=None, message_params=None)
    composed = QaIssue(message="“so” is repeated", message_id=None, message_params=None)
    with app.test_request_context(headers=CHINESE):
        assert i18n.qa_message(old) == "译文为空"
        assert i18n.qa_message(composed) == "“so” is repeated"


def test_a_refusal_with_values_is_shown_in_the_readers_language(auth, app, app_document):
    auth.login("translator")
    segment = _first_segment(app, app_document)
    too_long = {"target": "x" * 20_001, "version": "1"}
    chinese = auth.post(f"/segments/{segment}", too_long, htmx=True, headers=CHINESE)
    assert chinese.status_code == 422
    assert "译文最多 20,000 个字符。" in chinese.get_data(as_text=True)
    english = auth.post(f"/segments/{segment}", too_long, htmx=True)
    assert "A translation has at most 20,000 characters." in english.get_data(as_text=True)
    # A role's refusal names the role and the action in Chinese too (nested messages).
    refused = auth.post(f"/documents/{app_document}/sign-off", htmx=True, headers=CHINESE)
    assert refused.status_code == 403
    assert "您的角色（译员）无权签发文档。" in refused.get_data(as_text=True)


def test_the_api_answers_in_english_whatever_the_user_chose(app, app_users, client):
    from review_app.services.tokens import create_token
    from review_app.services.users import set_language

    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        set_language(session, translator, "zh_Hans_CN")
        token = create_token(session, "translator")[1]
    headers = {**CHINESE, "Authorization": f"Bearer {token}"}
    missing = client.get("/api/documents/999999/segments", headers=headers)
    assert missing.status_code == 404
    assert "There is no document 999999" in missing.get_json()["error"]


def test_counts_and_scores_are_formatted_for_the_interfaces_language(app):
    from flask import render_template_string

    counted = '{{ ngettext("%(num)s error", "%(num)s errors", n, num=n|number) }}'
    with app.test_request_context(headers=CHINESE):
        assert render_template_string(counted, n=12345) == "12,345 个错误"
        assert render_template_string("{{ 2.25|decimal }} {{ 99.6|decimal(0) }}") == "2.2 100"
    with app.test_request_context():
        assert render_template_string(counted, n=12345) == "12,345 errors"
        assert render_template_string("{{ 1234.56|decimal }}") == "1,234.6"


def test_term_statuses_and_the_marks_tooltips_in_chinese(auth, app, app_users, app_document):
    from review_app.services import glossary as glossary_service

    with app.app_context():
        session = get_db()
        glossary_service.import_glossary(
            session,
            session.get(User, app_users["editor"]),
            name="Terms",
            data="source,target,status\n第三句,third sentence,preferred\n".encode(),
            filename="terms.csv",
        )
    auth.login("translator")
    page = auth.client.get(f"/documents/{app_document}", headers=CHINESE).get_data(as_text=True)
    assert 'title="术语表：\n使用：third sentence（首选）">第三句</mark>' in page
    glossary = auth.client.get("/glossary/", headers=CHINESE).get_data(as_text=True)
    assert '<span class="term-status preferred">首选</span>' in glossary
