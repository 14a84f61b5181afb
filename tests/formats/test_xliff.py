"""XLIFF 1.2 and 2.0: golden files, round trips (ours and another tool's), a peer reader,
the property that export then import gives the same segments, and refused input."""

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.core import inline
from review_app.core.bilingual import BilingualSegment
from review_app.core.checks import check_segment
from review_app.formats.errors import FormatError
from review_app.formats.xliff import read_xliff, write_xliff

GOLDEN = Path(__file__).parent / "golden" / "xliff"
VERSIONS = {"1.2": "segments-1.2.xlf", "2.0": "segments-2.0.xlf"}

SEGMENTS = [
    BilingualSegment(
        "seg-0001", "返回首页", "Back to Home", "Back to Home", "draft", "1-1", 0.999, 1, 1
    ),
    BilingualSegment(
        "seg-0002",
        "他说：“走吧。”",
        'He said: "Let\'s go." & left',
        'He said "go".',
        "translated",
        "1-2",
        0.87,
        2,
        2,
        note="Quote as in the press release",
    ),
    BilingualSegment(
        "seg-0004", "大会汇聚了多位领导。", "Leaders met.", "Leaders met.", "approved"
    ),
    BilingualSegment("seg-0005", "会上宣读了喜讯。", "", "The news was read.", "rejected", "1-0"),
    BilingualSegment(
        "seg-0006",
        "点击⟦1⟧这里⟦/1⟧⟦2⟧。",
        "Click ⟦1⟧here⟦/1⟧⟦2⟧.",
        "Click ⟦1⟧here⟦/1⟧⟦2⟧.",
        "translated",
    ),
]
# Files as other tools write them: memoQ 1.2 with g/x/bpt/ept/ph and alt-trans; 2.0 with
# pc/ph/sc/ec, originalData and a unit of two segments.
# What a file may say and the reader reports (the import then caps approved at translated).
READ_BACK = {
    "1.2": ("draft", "translated", "approved", "draft", "translated"),
    "2.0": ("draft", "translated", "approved", "rejected", "translated"),
}

TOOL_XLIFF_12 = (GOLDEN / "tool-1.2.xlf").read_text("utf-8")

TOOL_XLIFF_20 = (GOLDEN / "tool-2.0.xlf").read_text("utf-8")


@pytest.mark.parametrize("version", VERSIONS)
def test_write_xliff_matches_the_golden_file(version):
    golden = GOLDEN / VERSIONS[version]
    assert write_xliff(SEGMENTS, title="cantoop", version=version) == golden.read_text("utf-8")


@pytest.mark.parametrize("version", VERSIONS)
def test_golden_file_reads_back_to_the_same_segments(version):
    found = read_xliff((GOLDEN / VERSIONS[version]).read_bytes(), "golden.xlf")
    assert found.title == "cantoop"
    for wrote, read, status in zip(SEGMENTS, found.segments, READ_BACK[version], strict=True):
        assert (read.key, read.source, read.target, read.draft, read.note) == (
            wrote.key,
            wrote.source,
            wrote.target,
            wrote.draft,
            wrote.note,
        )
        assert (read.shape, read.confidence, read.source_paragraph) == (
            wrote.shape,
            wrote.confidence,
            wrote.source_paragraph,
        )
        assert read.status == status


def test_another_tools_xliff_12_round_trips_with_codes_states_and_notes():
    found = read_xliff(TOOL_XLIFF_12.encode(), "brochure.xlf")
    first, confirmed, reviewed = found.segments
    assert first.source == "点击⟦1⟧这里⟦/1⟧⟦2⟧。⟦3⟧斜体⟦/3⟧⟦4⟧"
    assert first.target == "Click ⟦1⟧here⟦/1⟧⟦2⟧. ⟦3⟧italic⟦/3⟧⟦4⟧"
    assert first.draft == "Click ⟦1⟧this⟦/1⟧⟦2⟧."
    assert (first.status, first.note) == ("draft", "Keep the link bold")
    assert (confirmed.status, reviewed.status, reviewed.claim) == (
        "translated",
        "approved",
        "Reviewer1Confirmed",
    )
    written = write_xliff(found.segments, title="brochure", version="1.2")
    assert '<g id="1" ctype="bold">here</g><x id="2" ctype="lb"/>' in written
    assert '<bpt id="3">&lt;i&gt;</bpt>italic<ept id="3">&lt;/i&gt;</ept>' in written
    assert '<ph id="4">{name}</ph>' in written
    again = read_xliff(written.encode(), "again.xlf").segments
    assert [(s.key, s.source, s.target, s.draft, s.note) for s in again] == [
        (s.key, s.source, s.target, s.draft, s.note) for s in found.segments
    ]


def test_another_tools_xliff_20_round_trips_with_original_data_and_segments():
    found = read_xliff(TOOL_XLIFF_20.encode(), "job.xlf")
    title, one, two = found.segments
    assert title.source == "点击⟦1⟧这里⟦/1⟧⟦2⟧⟦3⟧斜⟦/3⟧"
    assert (title.status, title.claim, title.note) == ("approved", "final", "Headline")
    assert [(s.key, s.status) for s in (one, two)] == [
        ("body:s1", "translated"),
        ("body:s2", "draft"),
    ]
    written = write_xliff(found.segments, title="job", version="2.0")
    assert '<data id="d1">&lt;br/&gt;</data>' in written
    assert '<ph id="2" dataRef="d1"/><sc id="3"/>it<ec startRef="3"/>' in written
    again = read_xliff(written.encode(), "again.xlf").segments
    assert [(s.source, s.target) for s in again] == [(s.source, s.target) for s in found.segments]


def test_a_code_lost_in_editing_is_a_qa_error_and_still_exports():
    codes = read_xliff(TOOL_XLIFF_12.encode(), "b.xlf").segments[0]
    edited = BilingualSegment(**{**codes.__dict__, "target": "Click here⟦/1⟧."})
    issues = check_segment(edited.source, edited.target, checks=["inline_codes"])
    assert issues and issues[0].severity == "error"
    assert "⟦2⟧ of the source is missing" in issues[0].message
    assert "closes before ⟦1⟧" in issues[0].message
    read_xliff(write_xliff([edited], title="t", version="1.2").encode(), "t.xlf")


_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh"
 target-language="en" original="x" datatype="plaintext"><body><trans-unit id="1">
<source>&b;</source></trans-unit></body></file></xliff>"""
_XXE = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" trgLang="en">
<file id="f"><unit id="u"><segment><source>&e;</source></segment></unit></file></xliff>"""


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_BILLION_LAUGHS, "DOCTYPE"),
        (_XXE, "DOCTYPE"),
        (TOOL_XLIFF_12.encode()[:400], "line 5, column 156. The"),
        (
            TOOL_XLIFF_12.replace('source-language="zh-CN"', 'source-language="de"').encode(),
            "from de into en-US",
        ),
        (TOOL_XLIFF_20.replace('trgLang="en"', 'trgLang="fr"').encode(), "into fr"),
        (TOOL_XLIFF_20.replace("一。", "一⟦1⟧").encode(), "unit body:s1"),
        (TOOL_XLIFF_20.replace("<source>二。", "<source><b>二</b>").encode(), "<b>"),
        (b'<xliff version="3.0"/>', "version 3.0"),
        (b"<html/>", "not an XLIFF file"),
        (b"", "is empty"),
    ],
    ids=[
        "billion-laughs",
        "xxe",
        "truncated",
        "languages-12",
        "languages-20",
        "brackets",
        "unknown-element",
        "version",
        "not-xliff",
        "empty",
    ],
)
def test_bad_xliff_is_refused_with_a_clear_message(data, problem):
    with pytest.raises(FormatError) as caught:
        read_xliff(data, "job.xlf")
    assert str(caught.value).startswith("job.xlf ")
    assert problem in str(caught.value)


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\u27e6\u27e7"),
    max_size=30,
)


@st.composite
def _segments(draw):
    count = draw(st.integers(1, 4))
    segments = []
    for number in range(1, count + 1):
        source = draw(_TEXT)
        code = draw(st.booleans())
        target = draw(_TEXT)
        if code:
            source = f"{source}{inline.opening(1)}{draw(_TEXT)}{inline.closing(1)}"
            target = f"{inline.opening(1)}{target}{inline.closing(1)}"
        segments.append(
            BilingualSegment(
                key=f"seg-{number:04d}",
                source=source,
                target=target,
                draft=draw(st.one_of(st.just(target), _TEXT)),
                status=draw(st.sampled_from(["draft", "translated", "approved"])),
                note=draw(st.sampled_from(["", "A note", "Two\nlines"])),
                confidence=draw(st.sampled_from([None, 0.5])),
            )
        )
    return segments


@settings(max_examples=60, deadline=None)
@given(segments=_segments(), version=st.sampled_from(["1.2", "2.0"]))
def test_export_then_import_gives_the_same_segments(segments, version):
    read = read_xliff(write_xliff(segments, title="t", version=version).encode(), "t.xlf")
    for wrote, got in zip(segments, read.segments, strict=True):
        assert (got.key, got.source, got.target, got.note, got.confidence) == (
            wrote.key,
            wrote.source,
            wrote.target,
            wrote.note,
            wrote.confidence,
        )
        assert got.draft == wrote.draft
        if wrote.target.strip():
            assert got.status == wrote.status


def _translate_toolkit():
    try:
        from translate.storage import factory  # noqa: PLC0415  (GPL: tests only)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("translate-toolkit (the test extra) is required in CI")
        pytest.skip("translate-toolkit is not installed")
    return factory


@pytest.mark.parametrize("version", VERSIONS)
def test_translate_toolkit_reads_our_xliff_with_the_same_texts_and_states(tmp_path, version):
    factory = _translate_toolkit()
    from translate.storage import xliff2  # noqa: PLC0415

    plain = [s for s in SEGMENTS if not inline.tokens(s.source)]
    path = tmp_path / "export.xlf"
    path.write_text(write_xliff(plain, title="t", version=version), encoding="utf-8")
    if version == "2.0":
        store = xliff2.Xliff2File.parsefile(str(path))
    else:
        store = factory.getobject(str(path))
    units = [u for u in store.units if not u.isheader()]
    assert [(u.source, u.target) for u in units] == [(s.source, s.target) for s in plain]
    if version == "1.2":
        # Its ladder: needs-translation 30, needs-review 80, translated 100, signed-off 120.
        ladder = {"draft": 30, "rejected": 80, "translated": 100, "approved": 120}
        assert [u.get_state_n() for u in units] == [ladder[s.status] for s in plain]
    else:
        done = [s.status in ("translated", "approved") for s in plain]
        assert [u.istranslated() for u in units] == done
        assert [u.isfuzzy() for u in units] == [s.status == "draft" for s in plain]
