"""A bilingual file cannot approve: states it claims beyond translated are recorded, not
granted, and its needs-work markers always win (issue 14, the forged-approval hole)."""

import pytest
from sqlalchemy import select

from review_app.services import audit, review
from review_app.services.documents import active_segments, export_document, import_file
from review_app.store import Revision

FORGED_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. status: approved
msgctxt "seg-0001"
msgid "你好。"
msgstr "Hello."

#. status: approved
#, fuzzy
msgctxt "seg-0002"
msgid "再见。"
msgstr "Goodbye."

#. status: translated
msgctxt "seg-0003"
msgid "空的。"
msgstr ""
""".encode()

SIGNED_OFF_XLIFF = """\
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.txt" source-language="zh-CN" target-language="en" datatype="plaintext">
  <body>
   <trans-unit id="1" approved="yes"><source>你好。</source>
    <target state="final">Hello.</target></trans-unit>
  </body>
 </file>
</xliff>
""".encode()


def _statuses(session, document):
    return [s.status for s in active_segments(session, document.id)]


def test_a_hand_made_po_saying_approved_is_not_importable_as_approved(session, users):
    document = import_file(session, users["editor"], data=FORGED_PO, filename="forged.po")
    assert _statuses(session, document) == ["translated", "draft", "draft"]
    claims = [e for e in audit.events(session, document.id) if e.segment_id is not None]
    assert [(e.summary, e.details["file_status"]) for e in claims] == [
        ("Segment 1: file said approved; imported as translated", "approved")
    ]
    revision = session.scalars(select(Revision).where(Revision.kind == "import")).one()
    assert revision.reason == "file said approved" and revision.new_status == "translated"
    assert audit.events(session, document.id)[-1].details["claims"] == {"approved": 1}
    with pytest.raises(review.SignOffRefused):
        review.sign_off(session, users["editor"], document.id)


def test_a_poedit_fuzzy_entry_comes_back_not_confirmed(session, users):
    document = import_file(session, users["editor"], data=FORGED_PO, filename="forged.po")
    fuzzy = active_segments(session, document.id)[1]
    assert fuzzy.target == "Goodbye." and fuzzy.status == "draft"


def test_an_empty_msgstr_imports_as_draft(session, users):
    document = import_file(session, users["editor"], data=FORGED_PO, filename="forged.po")
    assert active_segments(session, document.id)[2].status == "draft"


def test_an_xliff_signed_off_or_final_unit_imports_as_translated(session, users):
    document = import_file(session, None, data=SIGNED_OFF_XLIFF, filename="job.xlf")
    assert _statuses(session, document) == ["translated"]
    (claim,) = [e for e in audit.events(session, document.id) if e.segment_id is not None]
    assert claim.summary == "Segment 1: file said final; imported as translated"
    assert claim.user_id is None  # the command line: no revision without a user


def test_a_signed_off_document_says_so_in_its_po_header_and_the_header_grants_nothing(
    session, users, document, approve_all
):
    approve_all()
    signed = review.sign_off(session, users["editor"], document.id)
    _, text = export_document(session, document.id, "po")
    header = f"X-Review-App-Sign-Off: {signed.created_at.isoformat()[:19]}"
    assert header in text and f"by editor; sha256 {signed.sha256}" in text
    again = import_file(session, users["editor"], data=text.encode(), filename="back.po")
    assert set(_statuses(session, again)) == {"translated"}
    assert audit.current_sign_off(session, again.id) is None


def test_a_document_not_signed_off_has_no_sign_off_header(session, document):
    _, text = export_document(session, document.id, "po")
    assert "X-Review-App-Sign-Off" not in text
