"""Publishing: refused without a valid sign-off, written whole or not at all, versioned."""

import json
from collections import Counter

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.services import publishing
from review_app.services import review as R
from review_app.services import segments as S
from review_app.services.documents import active_segments
from review_app.services.errors import Forbidden
from review_app.services.segments import SegmentFilter


def sacrebleu_figures(drafts: list[str], finals: list[str]) -> dict:
    """What the report should say, from sacrebleu itself: corpus scores of the drafts against
    the published text, and the shares of segments by sentence TER."""
    bleu, chrf, ter = BLEU(), CHRF(), TER()
    scores = {
        name: round(metric.corpus_score(drafts, [finals]).score, 2)
        for name, metric in (("bleu", bleu), ("chrf", chrf), ("ter", ter))
    }
    bands = Counter(
        "unedited"
        if draft == final
        else "rewritten"
        if TER().sentence_score(draft, [final]).score > 50
        else "light"
        for draft, final in zip(drafts, finals, strict=True)
    )
    return {
        **scores,
        "edit_shares": {
            b: 100 * bands[b] / len(drafts) for b in ("unedited", "light", "rewritten")
        },
        "signature": {
            "bleu": bleu.get_signature().format(),
            "chrf": chrf.get_signature().format(),
            "ter": ter.get_signature().format(),
        },
    }


def seg(session, document, label):
    return next(s for s in active_segments(session, document.id) if s.label == label)


@pytest.fixture
def signed_off(session, users, document, approve_all):
    def sign():
        approve_all()
        return R.sign_off(session, users["editor"], document.id)

    return sign


def test_publish_is_for_editors_and_needs_a_valid_sign_off(session, users, document, tmp_path):
    with pytest.raises(Forbidden):
        publishing.publish(session, users["translator"], document.id, tmp_path)
    with pytest.raises(R.SignOffRefused, match="valid sign-off"):
        publishing.publish(session, users["editor"], document.id, tmp_path)
    assert not (tmp_path / "published").exists()


def test_publish_writes_every_file_and_the_po_copy(session, users, document, tmp_path, signed_off):
    s = seg(session, document, "4")
    R.reject_segment(
        session,
        users["editor"],
        s.id,
        version=1,
        comment="Markup left in.",
        category="Accuracy/Addition",
        severity="Major",
    )
    record = signed_off()
    result = publishing.publish(session, users["editor"], document.id, tmp_path)
    folder = tmp_path / "published" / "sample" / "v1"
    assert result.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "sample.md",
            "sample.html",
            "sample.txt",
            "sample.docx",
            "sample.po",
            "review-report.json",
            "review-report.html",
        ]
    )
    assert (folder / "sample.txt").read_text() == (
        "Sample\n\nFirst sentence. Second sentence. Third sentence.\n\n"
        "Fourth sentence. Fifth sentence.\n"
    )
    assert (tmp_path / "translations" / "sample.po").read_text() == (
        folder / "sample.po"
    ).read_text()
    report = json.loads((folder / "review-report.json").read_text())
    assert report["sign_off"]["sha256"] == record.sha256
    assert report["sign_off"]["signed_off_by"] == "editor"
    final = active_segments(session, document.id)
    words = sum(len(s.target.split()) for s in final)
    assert (report["segments"], report["words"]) == (len(final), words)
    assert report["mqm"] == {
        "rejections": 1,
        "by_severity": {"Major": 1},
        "by_category": {"Accuracy/Addition": 1},
        "score_per_1000_words": round(5 * 1000 / words, 2),  # one Major error: 5 points
    }
    assert report["post_edit"] == sacrebleu_figures(
        [s.draft for s in final], [s.target for s in final]
    )
    assert "Markup left in" not in (folder / "review-report.html").read_text()
    assert record.sha256 in (folder / "review-report.html").read_text()
    assert session.get(type(document), document.id).status == "published"
    assert [e.kind for e in R.audit.events(session, document.id)][-1] == "publication"
    # The same sign-off published again: the version already written.
    again = publishing.publish(session, users["editor"], document.id, tmp_path)
    assert again.folder == folder and not (folder.parent / "v2").exists()


def test_a_new_sign_off_publishes_a_new_version_and_keeps_the_old(
    session, users, document, tmp_path, signed_off
):
    signed_off()
    publishing.publish(session, users["editor"], document.id, tmp_path)
    R.reopen(session, users["editor"], document.id, "Segment 3 has the wrong ordinal.")
    s = seg(session, document, "3")
    S.confirm_segment(session, users["translator"], s.id, target="The fourth.", version=s.version)
    with pytest.raises(R.SignOffRefused):
        publishing.publish(session, users["editor"], document.id, tmp_path)
    R.bulk_approve(session, users["editor"], document.id, SegmentFilter())
    R.sign_off(session, users["editor"], document.id)
    result = publishing.publish(session, users["editor"], document.id, tmp_path)
    root = tmp_path / "published" / "sample"
    assert result.folder == root / "v2"
    assert "The fourth." in (root / "v2" / "sample.txt").read_text()
    assert "Fourth sentence." in (root / "v1" / "sample.txt").read_text()
    assert [p.version for p in publishing.publications(session, document.id)] == [1, 2]


def test_a_failure_between_files_leaves_no_partial_output(
    session, users, document, tmp_path, monkeypatch, signed_off
):
    signed_off()
    written = []
    real_write = publishing._write

    def failing_write(path, text):
        if len(written) == 3:
            raise OSError("disk full")
        written.append(path)
        real_write(path, text)

    monkeypatch.setattr(publishing, "_write", failing_write)
    with pytest.raises(OSError, match="disk full"):
        publishing.publish(session, users["editor"], document.id, tmp_path)
    assert len(written) == 3
    root = tmp_path / "published" / "sample"
    assert list(root.iterdir()) == []
    assert list((tmp_path / "translations").iterdir()) == []
    assert publishing.publications(session, document.id) == []
    assert "publication" not in [e.kind for e in R.audit.events(session, document.id)]
    monkeypatch.setattr(publishing, "_write", real_write)
    result = publishing.publish(session, users["editor"], document.id, tmp_path)
    assert result.folder == root / "v1" and len(list(result.folder.iterdir())) == 7


def test_a_failure_at_the_po_copy_leaves_no_version_either(
    session, users, document, tmp_path, monkeypatch, signed_off
):
    signed_off()
    real_write = publishing._write

    def failing_write(path, text):
        if path.parent.name == "translations":
            raise OSError("read-only")
        real_write(path, text)

    monkeypatch.setattr(publishing, "_write", failing_write)
    with pytest.raises(OSError):
        publishing.publish(session, users["editor"], document.id, tmp_path)
    assert list((tmp_path / "published" / "sample").iterdir()) == []


def test_export_and_publication_render_the_same_final_text(
    session, users, document, approve_all, tmp_path
):
    """One renderer: "Download text" and the published .txt/.md/.html agree byte for byte,
    headings included and excluded segments left out of both."""
    from review_app.services.documents import export_text, render_final

    first, fourth = seg(session, document, "1"), seg(session, document, "4")
    S.set_role(session, users["editor"], first.id, role="heading", level=1, version=first.version)
    S.set_role(session, users["editor"], fourth.id, role="excluded", version=fourth.version)
    approve_all()
    R.sign_off(session, users["editor"], document.id)
    result = publishing.publish(session, users["editor"], document.id, tmp_path)
    published = (result.folder / "sample.txt").read_text(encoding="utf-8")
    assert export_text(session, document.id)[1] == published
    assert published == (
        "Sample\n\nFirst sentence. Second sentence.\n\nThird sentence.\n\nFourth sentence.\n"
    )
    for extension in ("md", "html"):
        on_disk = (result.folder / f"sample.{extension}").read_text(encoding="utf-8")
        assert render_final(session, document.id, extension)[1] == on_disk
    assert "<h2>First sentence. Second sentence.</h2>" in on_disk
    assert "Fifth" not in on_disk


def _docx_blocks(path) -> list[tuple[str, str]]:
    """(style name, text) of each paragraph of a published .docx, read back with python-docx."""
    import docx

    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def test_the_published_docx_has_the_published_texts_paragraphs(
    session, users, document, tmp_path, approve_all
):
    """Golden check of the Word copy against the .txt: the same paragraphs in the same order,
    the title in the Title style and a heading in its level's style."""
    first = seg(session, document, "1")
    S.set_role(session, users["editor"], first.id, role="heading", level=1, version=first.version)
    approve_all()
    R.sign_off(session, users["editor"], document.id)
    result = publishing.publish(session, users["editor"], document.id, tmp_path)
    assert "sample.docx" in result.files
    text = (result.folder / "sample.txt").read_text(encoding="utf-8")
    blocks = _docx_blocks(result.folder / "sample.docx")
    assert [text for _, text in blocks] == text.rstrip("\n").split("\n\n")
    assert blocks[:2] == [("Title", "Sample"), ("Heading 1", "First sentence. Second sentence.")]
    assert {style for style, _ in blocks[2:]} == {"Normal"}


def test_the_sample_publishes_under_its_headline_without_page_chrome(session, users, tmp_path):
    """The closing check of issue 12 for md/html/txt/docx: the real headline first, no chrome."""
    from pathlib import Path

    from review_app.formats.article import read_article
    from review_app.services.documents import import_articles

    folder = Path(__file__).resolve().parents[2] / "translations"
    zh, en = folder / "cantoop-ip-conference.zh.txt", folder / "cantoop-ip-conference.en.txt"
    document = import_articles(
        session,
        None,
        title="",
        source=read_article(zh.read_bytes(), zh.name, "zh"),
        draft=read_article(en.read_bytes(), en.name, "en"),
        slug="cantoop-ip-conference",
    )
    editor = users["editor"]
    for s in active_segments(session, document.id):
        if s.role != "excluded":
            S.confirm_segment(session, editor, s.id, target=s.target, version=s.version)
            R.approve_segment(session, editor, s.id, version=s.version)
    R.sign_off(session, editor, document.id)
    result = publishing.publish(session, editor, document.id, tmp_path)
    headline = "CANTOOP attended the Shanghai Intellectual Property Protection Conference"
    text = (result.folder / "cantoop-ip-conference.txt").read_text(encoding="utf-8")
    assert text.startswith(headline + "\n\nOn July 26, 2024, CANTOOP IP Service")
    for name in ("txt", "md", "html"):
        published = (result.folder / f"cantoop-ip-conference.{name}").read_text(encoding="utf-8")
        for chrome in ("Back to Home", "Home >", "Company News", "More professional"):
            assert chrome not in published, (name, chrome)
    word = [text for _, text in _docx_blocks(result.folder / "cantoop-ip-conference.docx")]
    assert word == text.rstrip("\n").split("\n\n")
    assert word[0] == headline
