"""TBX-Basic import and export: golden files, round trip, and refusal of unsafe XML."""

from pathlib import Path

import pytest

from review_app.core.glossary import Term, TermStatus
from review_app.formats.errors import FormatError
from review_app.formats.glossary import read_glossary_csv
from review_app.formats.tbx import read_tbx, write_tbx

GOLDEN = Path(__file__).parent / "golden" / "tbx"


def small_terms() -> list[Term]:
    return read_glossary_csv((GOLDEN / "small.csv").read_bytes(), "small.csv").terms


def test_export_matches_the_golden_file():
    assert write_tbx(small_terms(), title="small") == (GOLDEN / "small.tbx").read_text("utf-8")


def test_round_trip_keeps_terms_statuses_notes_and_parts_of_speech():
    imported = read_tbx((GOLDEN / "small.tbx").read_bytes(), "small.tbx")
    assert imported.warnings == []
    expected = [(t.source, t.target, t.status, t.note, t.pos) for t in small_terms()]
    # TBX-Basic has no "forbidden" and no case-sensitivity flag: forbidden comes back as
    # deprecated (both are banned renderings), and terms come back case-insensitive.
    expected = [
        (s, t, TermStatus.DEPRECATED if st is TermStatus.FORBIDDEN else st, n, p)
        for s, t, st, n, p in expected
    ]
    assert [(t.source, t.target, t.status, t.note, t.pos) for t in imported.terms] == expected
    assert not any(t.case_sensitive for t in imported.terms)


def test_the_sample_glossary_round_trips():
    data = (Path(__file__).parents[2] / "glossaries" / "ip-and-policy.csv").read_bytes()
    terms = read_glossary_csv(data, "ip-and-policy.csv").terms
    again = read_tbx(write_tbx(terms).encode("utf-8"), "ip.tbx").terms
    assert [(t.source, t.target) for t in again] == [(t.source, t.target) for t in terms]


def test_tbx_v2_martif_is_read():
    imported = read_tbx((GOLDEN / "martif-v2.tbx").read_bytes(), "martif-v2.tbx")
    assert [(t.source, t.target, t.status.value, t.note, t.pos) for t in imported.terms] == [
        ("知识产权", "intellectual property", "preferred", "", "noun"),
        ("知识产权", "IP", "admitted", "Abbreviation", ""),
        ("保驾护航", "escort", "deprecated", "", ""),
        ("保驾护航", "safeguard", "preferred", "", ""),
    ]


def tbx(body: str, prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog + '<tbx type="TBX-Basic">'
        "<text><body>" + body + "</body></text></tbx>"
    ).encode("utf-8")


def entry(zh: str, en: str, status: str = "preferredTerm-admn-sts") -> str:
    return (
        f'<conceptEntry><langSec xml:lang="zh"><termSec><term>{zh}</term></termSec></langSec>'
        f'<langSec xml:lang="en"><termSec><term>{en}</term>'
        f'<termNote type="administrativeStatus">{status}</termNote></termSec></langSec>'
        "</conceptEntry>"
    )


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tbx SYSTEM "http://example.invalid/tbx.dtd">\n',
        '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
        '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n',
    ],
)
def test_doctype_and_entities_are_refused_without_fetching(prolog):
    with pytest.raises(FormatError, match="refused for safety"):
        read_tbx(tbx(entry("示范区", "demonstration zone"), prolog), "evil.tbx")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is empty"),
        (b"<tbx><text>", "not well-formed"),
        (b"<html/>", "not a TBX file"),
        (tbx(""), "no entry with both"),
        (tbx(entry("", "demonstration zone")), "empty term in entry 1"),
        (tbx(entry("示范区", "zone", "madeUp-admn-sts")), "unknown administrativeStatus"),
    ],
)
def test_bad_files_are_clear_errors(data, says):
    with pytest.raises(FormatError, match=says) as caught:
        read_tbx(data, "bad.tbx")
    assert str(caught.value).startswith("bad.tbx ")


def test_duplicates_are_merged_with_a_warning_and_one_character_terms_warned():
    data = tbx(entry("示范区", "demonstration zone") * 2 + entry("局", "bureau"))
    result = read_tbx(data, "dup.tbx")
    assert [(t.source, t.target) for t in result.terms] == [
        ("示范区", "demonstration zone"),
        ("局", "bureau"),
    ]
    assert any("repeats" in w for w in result.warnings)
    assert any("one-character" in w for w in result.warnings)
