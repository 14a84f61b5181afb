"""Translation memory in a real Chromium: an approval on one document's segment page is a
100 % match, applied on import, in the next document that repeats the sentence."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.store import Document, Segment
from review_app.web.db import get_db

pytestmark = pytest.mark.browser


@pytest.fixture
def translated_segment(live_app):
    with live_app.app_context():
        segments = [
            PoSegment(
                "1",
                "他们签了合同。",
                "They signed the agreement.",
                "They signed the contract.",
                status="translated",
            ),
        ]
        document = import_segments(get_db(), None, title="First", segments=segments)
        return get_db().scalars(select(Segment.id).where(Segment.document_id == document.id)).one()


def test_an_approved_segment_is_a_match_in_the_next_document(
    new_page, live_app, translated_segment
):
    editor = new_page("editor")
    problems = []
    editor.on("pageerror", lambda e: problems.append(str(e)))
    editor.goto(f"/segments/{translated_segment}/edit")
    editor.locator(f"#seg-{translated_segment}").get_by_role("button", name="Approve").click()
    expect(editor.locator(f"#seg-{translated_segment}")).to_have_attribute(
        "data-status", "approved"
    )

    editor.goto("/documents/import")
    editor.get_by_label("Title").fill("Second")
    editor.get_by_label("or paste the Chinese source").fill("他们签了合同。\n会议很成功。")
    editor.get_by_label("or paste the English draft").fill(
        "They signed the contract.\nThe meeting was a success."
    )
    editor.get_by_role("button", name="Import and align").click()
    expect(editor.locator(".flash.info")).to_contain_text(
        "1 segment came from the translation memory"
    )

    with live_app.app_context():
        session = get_db()
        second = session.scalars(select(Document.id).where(Document.title == "Second")).one()
        segment = session.scalars(
            select(Segment).where(Segment.document_id == second).order_by(Segment.position)
        ).first()
        assert (segment.target, segment.status, segment.tm_score) == (
            "They signed the agreement.",
            "draft",
            100,
        )
    editor.goto(f"/segments/{segment.id}/matches")
    match = editor.locator("[data-insert]").first
    expect(match).to_have_attribute("data-insert", "They signed the agreement.")
    expect(match.locator(".tm-score")).to_contain_text("100 %")
    expect(match.locator(".tm-origin")).to_have_text("approved in First")
    assert problems == []
