"""PO files: the golden file, the round trip, msgfmt's verdict, PO files from other tools, errors.

``golden/po/segments.po`` was checked by hand against the layout in ``formats/po.py``: fuzzy on
the untouched draft and the rejected segment, a ``draft:`` comment only where the text was
edited, ``msgid ""`` with a context for the 0-1 segment, no confidence line where none is known.
"""

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from review_app.core.inline import PLURAL_SEPARATOR
from review_app.formats.errors import FormatError
from review_app.formats.po import PoSegment, read_po, write_po

GOLDEN_PO = Path(__file__).parent / "golden" / "po" / "segments.po"

SEGMENTS = [
    # The machine draft, untouched: fuzzy, and no draft comment (it would repeat msgstr).
    PoSegment(
        key="seg-0001",
        source="返回首页",
        target="Back to Home",
        draft="Back to Home",
        status="draft",
        shape="1-1",
        confidence=0.999,
        source_paragraph=1,
        target_paragraph=1,
    ),
    # Edited by a translator: the draft survives in a comment; NBSPs and quotes kept.
    PoSegment(
        key="seg-0002",
        source="他说：“走吧。”",
        target='He said: "Let\'s go."',
        draft='He said "go".\u00a0',
        status="translated",
        shape="1-2",
        confidence=0.87,
        source_paragraph=2,
        target_paragraph=2,
    ),
    # A line of the draft with no Chinese counterpart (page boilerplate).
    PoSegment(
        key="seg-0003",
        source="",
        target="More professional industry information exchange",
        draft="More professional industry information exchange",
        status="draft",
        shape="0-1",
        confidence=0.3,
        source_paragraph=None,
        target_paragraph=0,
    ),
    PoSegment(
        key="seg-0004",
        source="大会汇聚了多位相关领导。",
        target="The conference brought together many leaders.",
        draft="The\u00a0conference brought together many relevant leaders.",
        status="approved",
        shape="1-1",
        confidence=0.997,
        source_paragraph=4,
        target_paragraph=4,
    ),
    # Rejected: needs work again, so fuzzy; a Chinese sentence the draft left out (1-0).
    PoSegment(
        key="seg-0005",
        source="会上还宣读了喜讯。",
        target="",
        draft="The good news was read.",
        status="rejected",
        shape="1-0",
        confidence=None,
        source_paragraph=7,
        target_paragraph=None,
    ),
]

OTHER_TOOL_PO = """\
# Translation of a press release.
msgid ""
msgstr ""
"Project-Id-Version: press 1.0\\n"
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: release.txt:1
#, fuzzy
msgid "公司新闻"
msgstr "Company News"

# Translator's note: official name
#: release.txt:2
msgctxt "title"
msgid "上海市知识产权保护大会"
msgstr "Shanghai Intellectual Property Protection Conference"

#~ msgid "旧的条目"
#~ msgstr "An obsolete entry"
"""


def test_write_po_matches_the_golden_file() -> None:
    assert write_po(SEGMENTS, title="cantoop-ip-conference") == GOLDEN_PO.read_text(
        encoding="utf-8"
    )


def test_golden_file_reads_back_to_the_same_segments() -> None:
    found = read_po(GOLDEN_PO.read_bytes(), GOLDEN_PO.name)
    title, segments = found.title, found.segments
    assert title == "cantoop-ip-conference"
    assert segments == SEGMENTS


def test_golden_file_marks_exactly_the_segments_that_need_work() -> None:
    """Checked through polib, as another PO tool would see the file."""
    po = polib.pofile(GOLDEN_PO.read_text(encoding="utf-8"))
    fuzzy = {entry.msgctxt for entry in po if "fuzzy" in entry.flags}
    assert fuzzy == {"seg-0001", "seg-0003", "seg-0005"}
    assert [entry.msgctxt for entry in po] == [s.key for s in SEGMENTS]


@pytest.mark.parametrize(
    "text",
    [
        "Line one\nline two",
        'Back\\slash and "quotes"',
        "Tab\there",
        "Web copy with a line separator\u2028in it",
        "Next-line\u0085character",
    ],
    ids=["newline", "backslash-quotes", "tab", "u2028", "nel"],
)
@pytest.mark.parametrize("field", ["source", "target", "draft"])
def test_round_trip_keeps_unusual_characters(field: str, text: str) -> None:
    fields = {
        "key": "seg-0001",
        "source": "源文。",
        "target": "Target.",
        "draft": "Draft.",
        "status": "translated",
    }
    segment = PoSegment(**{**fields, field: text})
    segments = read_po(write_po([segment], title="t").encode("utf-8"), "t.po").segments
    assert segments == [segment]


def test_msgfmt_accepts_the_golden_file() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt (gettext) is required in CI")
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(GOLDEN_PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_po_from_another_tool_reads_with_its_msgstr_as_draft() -> None:
    found = read_po(OTHER_TOOL_PO.encode("utf-8"), "press.po")
    title, segments = found.title, found.segments
    assert title == "press 1.0"
    assert [(s.source, s.target, s.draft, s.status) for s in segments] == [
        ("公司新闻", "Company News", "Company News", "draft"),
        (
            "上海市知识产权保护大会",
            "Shanghai Intellectual Property Protection Conference",
            "Shanghai Intellectual Property Protection Conference",
            "translated",
        ),
    ]
    assert segments[1].key == "title"
    assert len({s.key for s in segments}) == len(segments)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"This is a letter, not a PO file.\nRegards\n", "is not a valid PO file"),
        (
            b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n',
            "has no translation entries",
        ),
        (b'#~ msgid "a"\n#~ msgstr "b"\n', "has no translation entries"),
        (
            '#. status: done\nmsgctxt "seg-0001"\nmsgid "中"\nmsgstr "x"\n'.encode(),
            "unknown status 'done'",
        ),
        (b'#. draft: not json\nmsgid "a"\nmsgstr "b"\n', "line 1"),
        (b'#. paragraphs: 1\nmsgid "a"\nmsgstr "b"\n', "line 1"),
        (b"", "is empty"),
    ],
    ids=[
        "letter",
        "header-only",
        "only-obsolete",
        "unknown-status",
        "bad-draft",
        "bad-paragraphs",
        "empty",
    ],
)
def test_read_po_errors_name_the_file(data: bytes, problem: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_po(data, "review.po")
    assert str(caught.value).startswith("review.po ")
    assert problem in str(caught.value)


def test_write_po_refuses_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="'done'"):
        write_po([PoSegment("seg-0001", "中", "x", "x", status="done")], title="t")


def _entry_with(comment: str) -> bytes:
    """A review-app PO file whose second entry carries ``comment`` on line 6."""
    return (
        '#. shape: 1-1\nmsgctxt "seg-0001"\nmsgid "甲。"\nmsgstr "A."\n\n'
        f'#. {comment}\nmsgctxt "seg-0002"\nmsgid "乙。"\nmsgstr "B."\n'
    ).encode()


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("shape: banana", "'banana'"),
        ("shape: 99-1", "at most 50 sentences"),
        ("shape: 0-0", "at least one sentence"),
        ("shape: -1-1", "'-1-1'"),
        ("shape: 1-1-1", "'1-1-1'"),
        ("shape: ١-١", "'١-١'"),
        ("confidence: 2", "between 0 and 1"),
        ("confidence: -0.1", "between 0 and 1"),
        ("confidence: nan", "between 0 and 1"),
        ("confidence: high", "'high'"),
        ("status: done", "unknown status 'done'"),
        ("paragraphs: -3 2", "'-3 2'"),
        ("paragraphs: 1.5 2", "'1.5 2'"),
        ("paragraphs: 1", "'1'"),
        ("paragraphs: 1 99999999999", "'1 99999999999'"),
        ("draft: 42", "not a JSON string"),
        pytest.param("draft: " + "[" * 100_000, "not a JSON string", id="draft-deep-json"),
        ('draft: "unterminated', "not a JSON string"),
    ],
)
def test_read_po_refuses_a_bad_review_app_comment_naming_its_line(
    comment: str, problem: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read_po(_entry_with(comment), "review.po")
    message = str(caught.value)
    assert message.startswith("review.po ")
    assert "line 6" in message
    assert problem in message


@pytest.mark.parametrize(
    ("comment", "field", "value"),
    [
        ("shape: 0-1", "shape", "0-1"),
        ("shape: 12-3", "shape", "12-3"),
        ("shape: 50-0", "shape", "50-0"),
        ("confidence: 0", "confidence", 0.0),
        ("confidence: 1.000", "confidence", 1.0),
        ("paragraphs: - 0", "target_paragraph", 0),
        ("Translators: keep the shape of the sentence", "shape", "1-1"),
    ],
)
def test_read_po_accepts_good_review_app_comments(comment: str, field: str, value) -> None:
    segments = read_po(_entry_with(comment), "review.po").segments
    assert getattr(segments[1], field) == value


GETTEXT_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# Translator: keep it short
#, fuzzy
#| msgid "旧的标题"
msgid "新的标题"
msgstr "New title"

msgid "一个文件"
msgid_plural "%d 个文件"
msgstr[0] "one file"
msgstr[1] "%d files"

#~| msgid "老"
#~ msgid "旧条目"
#~ msgstr "old"
"""


def test_po_as_gettext_tools_write_it():
    """msgmerge --previous lines, a plural entry, an obsolete entry, a translator comment."""
    found = read_po(GETTEXT_PO.encode(), "merged.po")
    assert found.obsolete == 1
    title, plural = found.segments
    assert (title.status, title.note) == ("draft", "Translator: keep it short")
    assert plural.source == "一个文件" + PLURAL_SEPARATOR + "%d 个文件"
    assert plural.target == "one file" + PLURAL_SEPARATOR + "%d files"
    assert plural.status == "translated"
    assert read_po(write_po(found.segments, title="t").encode(), "t.po").segments == found.segments


def test_a_plural_export_passes_msgfmt(tmp_path):
    msgfmt = shutil.which("msgfmt") or pytest.skip("msgfmt (gettext) is not installed")
    path = tmp_path / "plural.po"
    path.write_text(write_po(read_po(GETTEXT_PO.encode(), "m.po").segments, title="t"), "utf-8")
    result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert 'msgstr[1] "%d files"' in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("flags", "comment", "msgstr", "status"),
    [
        ("#, fuzzy\n", "#. status: approved\n", "Hello.", "draft"),
        ("", "#. status: draft\n", "Hello.", "translated"),
        ("", "#. status: translated\n", "", "draft"),
        ("", "#. status: approved\n", "Hello.", "approved"),
    ],
    ids=["fuzzy-beats-comment", "unfuzzied-is-translated", "empty-is-draft", "claims-approved"],
)
def test_the_fuzzy_flag_not_the_comment_says_whether_an_entry_needs_work(
    flags, comment, msgstr, status
):
    data = f'{comment}{flags}msgctxt "seg-0001"\nmsgid "你好。"\nmsgstr "{msgstr}"\n'
    assert read_po(data.encode(), "p.po").segments[0].status == status


def test_translate_toolkit_reads_our_po_with_the_same_texts_contexts_and_states(tmp_path):
    """An independent reader (translate-toolkit, GPL, tests only) sees what we meant: every
    entry's context, source and target, fuzzy exactly where work is needed, plurals as
    plurals, and the sign-off header."""
    try:
        from translate.storage import po  # noqa: PLC0415
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("translate-toolkit (the test extra) is required in CI")
        pytest.skip("translate-toolkit is not installed")
    plural = PoSegment(
        key="seg-0006",
        source=f"一个文件{PLURAL_SEPARATOR}多个文件",
        target=f"one file{PLURAL_SEPARATOR}several files",
        draft=f"one file{PLURAL_SEPARATOR}several files",
        status="translated",
    )
    path = tmp_path / "ours.po"
    text = write_po([*SEGMENTS, plural], title="t", sign_off="2026-12-02T05:00:00+00:00 by ed")
    path.write_text(text, encoding="utf-8")
    store = po.pofile.parsefile(str(path))
    units = [u for u in store.units if not u.isheader()]
    assert [u.getcontext() for u in units] == [s.key for s in [*SEGMENTS, plural]]
    assert [(u.source, u.target) for u in units[:-1]] == [(s.source, s.target) for s in SEGMENTS]
    assert [u.isfuzzy() for u in units[:-1]] == [
        s.status in ("draft", "rejected") for s in SEGMENTS
    ]
    assert units[-1].hasplural()
    assert list(units[-1].source.strings) == ["一个文件", "多个文件"]
    assert list(units[-1].target.strings) == ["one file", "several files"]
    assert store.parseheader()["X-Review-App-Sign-Off"] == "2026-12-02T05:00:00+00:00 by ed"
