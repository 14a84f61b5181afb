"""An imported XLIFF goes back to its tool: the export ``original`` is the same file with
this app's targets and statuses in it, through edits, approvals and merges."""

from pathlib import Path

import pytest
from lxml import etree

from review_app.formats.xliff import read_xliff
from review_app.services import review
from review_app.services.alignment import merge_segments
from review_app.services.documents import active_segments, import_file
from review_app.services.errors import InvalidInput
from review_app.services.exports import export_file, has_original
from review_app.services.segments import confirm_segment

TRADOS = Path(__file__).parents[1] / "formats" / "golden" / "xliff" / "trados.sdlxliff"


def _trados(session, users):
    return import_file(
        session, users["editor"], data=TRADOS.read_bytes(), filename="Notice.sdlxliff"
    )


def test_edits_and_approvals_go_back_into_the_trados_file(session, users):
    document = _trados(session, users)
    assert has_original(session, document.id) == "Notice.sdlxliff"
    first, second, zone, plenum = active_segments(session, document.id)
    assert first.label == "6b2e:1" and first.status == "translated"  # the file's approval capped
    confirm_segment(
        session, users["translator"], plenum.id, target="Third Plenary Session", version=1
    )
    review.approve_segment(session, users["editor"], zone.id, version=zone.version)
    found = export_file(session, document.id, "original")
    assert (found.filename, found.mimetype) == ("Notice.sdlxliff", "application/xliff+xml")
    back = {s.key: s for s in read_xliff(found.content, found.filename).segments}
    assert back["d00f"].target == "Third Plenary Session" and back["d00f"].status == "translated"
    assert back["9c4d"].status == "approved" and back["9c4d"].claim == "ApprovedTranslation"
    assert back["6b2e:1"].claim == ""  # the file said signed off; this app did not approve it
    assert b'<tag-defs xmlns="http://sdl.com/FileTypes/SdlXliff/1.0">' in found.content


def test_a_merge_here_leaves_the_second_unit_empty_and_the_text_in_the_first(session, users):
    document = _trados(session, users)
    _, _, zone, _ = active_segments(session, document.id)
    merge_segments(session, users["editor"], zone.id, version=zone.version)
    back = {
        s.key: s
        for s in read_xliff(
            export_file(session, document.id, "original").content, "n.sdlxliff"
        ).segments
    }
    assert back["9c4d"].source == "示范区建设"  # the file's source is the file's
    assert back["9c4d"].target == "Building the demonstration zone"
    assert back["d00f"].target == ""


def test_a_document_from_plain_texts_has_no_original(session, users, document):
    assert has_original(session, document.id) is None
    with pytest.raises(InvalidInput, match="not imported from an XLIFF file"):
        export_file(session, document.id, "original")
    with pytest.raises(InvalidInput, match="Unknown export format"):
        export_file(session, document.id, "pdf")


def test_a_po_file_is_not_kept(session, users):
    data = (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgctxt "seg-0001"\nmsgid "\xe4\xbd\xa0\xe5\xa5\xbd"\nmsgstr "Hello"\n'
    )
    document = import_file(session, users["editor"], data=data, filename="a.po")
    assert has_original(session, document.id) is None
    root = etree.fromstring(export_file(session, document.id, "xliff").content)
    assert etree.QName(root).localname == "xliff"
