"""A TMX file as a document and a document as TMX: ``import FILE.tmx`` and
``export --format tmx`` (the memory's own TMX import and export are in test_tm_*)."""

from lxml import etree

from review_app.services import review
from review_app.services.documents import active_segments, import_file
from review_app.services.exports import export_file
from review_app.services.segments import confirm_segment

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 adminlang="en" srclang="zh-CN" datatype="plaintext" o-tmf="x"/>
<body>
<tu tuid="a1"><prop type="x-review-app-status">approved</prop><note>Headline</note>
 <tuv xml:lang="zh-CN"><seg>示范区建设</seg></tuv>
 <tuv xml:lang="en-US"><seg>The zone</seg></tuv></tu>
<tu tuid="a2"><tuv xml:lang="zh"><seg>三中全会</seg></tuv><tuv xml:lang="en"><seg></seg></tuv></tu>
<tu tuid="a3"><tuv xml:lang="zh"><seg>国家知识产权局</seg></tuv>
 <tuv xml:lang="en"><seg>CNIPA</seg></tuv></tu>
</body></tmx>
""".encode()


def test_a_tmx_file_imports_as_a_document_and_claims_nothing(session, users):
    document = import_file(session, users["editor"], data=TMX, filename="client.tmx")
    segments = active_segments(session, document.id)
    # The unit with an empty side is skipped (and counted by the reader).
    assert [(s.label, s.source, s.target, s.status, s.note) for s in segments] == [
        ("a1", "示范区建设", "The zone", "translated", "Headline"),
        ("a3", "国家知识产权局", "CNIPA", "translated", ""),
    ]
    assert document.title == "client"


def test_a_document_exports_as_tmx_with_context_and_status_and_reads_back(session, users, document):
    first = active_segments(session, document.id)[0]
    confirm_segment(session, users["translator"], first.id, target=first.target, version=1)
    review.approve_segment(session, users["editor"], first.id, version=first.version)
    found = export_file(session, document.id, "tmx")
    assert found.filename.endswith(".tmx") and found.mimetype == "application/x-tmx+xml"
    root = etree.fromstring(found.content)
    units = root.findall("body/tu")
    segments = [s for s in active_segments(session, document.id) if s.source and s.target]
    assert [u.findall("tuv/seg")[0].text for u in units] == [s.source for s in segments]
    assert units[0].findtext("prop[@type='x-review-app-status']") == "approved"
    assert units[1].findtext("prop[@type='x-context-pre']") == segments[0].source
    again = import_file(session, users["editor"], data=found.content, filename="again.tmx")
    assert [(s.source, s.target) for s in active_segments(session, again.id)] == [
        (s.source, s.target) for s in segments
    ]
    assert {s.status for s in active_segments(session, again.id)} == {"translated"}
