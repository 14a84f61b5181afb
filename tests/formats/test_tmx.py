"""TMX 1.4b: reading (golden file, bad input) and writing (golden file, an independent reader)."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from translate.storage import tmx as toolkit_tmx

from review_app.formats.errors import FormatError
from review_app.formats.tmx import TmxReport, TmxUnit, read_tmx, write_tmx

GOLDEN = Path(__file__).resolve().parent / "golden" / "tmx"


def read(data: bytes, name: str = "memory.tmx") -> tuple[list[TmxUnit], TmxReport]:
    report = TmxReport()
    return list(read_tmx(io.BytesIO(data), name, report)), report


def test_a_memoq_style_file_reads_with_props_notes_context_and_dates():
    units, report = read((GOLDEN / "memoq-style.tmx").read_bytes())
    assert [(u.source, u.target) for u in units] == [
        ("专利申请量达到150万件。", "Patent filings reached 1.5 million."),
        ("知识产权", "intellectual property"),
    ]
    first = units[0]
    assert (first.source_lang, first.target_lang) == ("zh-CN", "en-US")
    assert (first.prev_source, first.next_source) == ("第一句。", "第三句。")
    assert first.props == (("client", "CNIPA"),) and first.notes == (
        "Checked against the 2024 report.",
    )
    assert (first.created_by, first.changed_by, first.tuid) == ("wang", "li", "7")
    assert first.created_at == datetime(2024, 7, 26, 9, 0, tzinfo=UTC)
    assert (report.units, report.skipped_empty, report.skipped_languages) == (2, 1, 1)
    assert report.warnings == []


def test_writing_gives_the_golden_file_and_reads_back_the_same():
    units, _ = read((GOLDEN / "memoq-style.tmx").read_bytes())
    out = io.BytesIO()
    assert write_tmx(units, out) == 2
    assert out.getvalue().decode("utf-8") == (GOLDEN / "written.tmx").read_text("utf-8")
    again, _ = read(out.getvalue())
    assert again == units


def test_translate_toolkit_reads_our_export():
    """An independent reader; it takes the source language from the header exactly (zh-Hans
    is not zh-CN to it), as in a memory made here, where every source is zh-CN."""
    units = [
        TmxUnit("专利申请量达到150万件。", "Patent filings reached 1.5 million.", notes=("n",)),
        TmxUnit("知识产权 & <标记>", "intellectual property & <markup>", prev_source="前。"),
    ]
    out = io.BytesIO()
    write_tmx(units, out)
    store = toolkit_tmx.tmxfile.parsestring(out.getvalue())
    pairs = [(unit.source, unit.target) for unit in store.units]
    assert pairs == [(u.source, u.target) for u in units]


def test_declared_entities_are_refused_and_the_file_still_read():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        b'<tmx version="1.4"><header srclang="zh"/><body><tu>'
        b'<tuv xml:lang="zh"><seg>\xe5\xa5\xbd&b;</seg></tuv>'
        b'<tuv xml:lang="en"><seg>Good&b;</seg></tuv></tu></body></tmx>'
    )
    units, report = read(data, "bomb.tmx")
    assert [(u.source, u.target) for u in units] == [("好", "Good")]
    assert "declares entities" in report.warnings[0] and "a, b" in report.warnings[0]


def test_a_file_without_chinese_and_english_names_its_languages():
    data = (
        b'<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>a</seg></tuv>'
        b'<tuv xml:lang="de-DE"><seg>b</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(FormatError, match="languages found are de-DE, fr"):
        read(data, "fr-de.tmx")


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"not xml", "not well-formed"), (b"<xliff/>", "not a TMX file"), (b"", "not well-formed")],
)
def test_what_is_no_tmx_is_refused_naming_the_file(data, problem):
    with pytest.raises(FormatError, match=f"x.tmx .*{problem}"):
        read(data, "x.tmx")


def test_a_long_file_is_streamed_with_progress():
    body = b"".join(
        b'<tu><tuv xml:lang="zh"><seg>\xe5\x8f\xa5%d</seg></tuv>'
        b'<tuv xml:lang="en"><seg>Sentence %d</seg></tuv></tu>' % (n, n)
        for n in range(25_000)
    )
    data = b'<tmx version="1.4"><header/><body>' + body + b"</body></tmx>"
    seen: list[int] = []
    report = TmxReport()
    count = sum(1 for _ in read_tmx(io.BytesIO(data), "big.tmx", report, progress=seen.append))
    assert count == 25_000 and seen == [10_000, 20_000]
