"""TBX import and export: golden files, TBX-Basic's constraints, round trips, unsafe XML."""

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.glossary import Term, TermStatus
from review_app.formats.errors import FormatError
from review_app.formats.glossary import read_glossary_csv
from review_app.formats.tbx import TBX_NAMESPACE, read_tbx, write_tbx

GOLDEN = Path(__file__).parent / "golden" / "tbx"
SAMPLE = Path(__file__).parents[2] / "glossaries" / "ip-and-policy.csv"

# The picklists of TBX-Basic's DCA schematron (LTAC-Global/TBX-Basic_dialect, TBX-Basic_DCA.sch).
TBX_BASIC_PICKLISTS = {
    "administrativeStatus": {
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
    },
    "partOfSpeech": {"noun", "verb", "adjective", "adverb", "other"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
}


def small_terms() -> list[Term]:
    return read_glossary_csv((GOLDEN / "small.csv").read_bytes(), "small.csv").terms


def sample_terms() -> list[Term]:
    return read_glossary_csv(SAMPLE.read_bytes(), SAMPLE.name).terms


def test_export_matches_the_golden_file():
    assert write_tbx(small_terms(), title="small") == (GOLDEN / "small.tbx").read_text("utf-8")


def test_reimporting_the_export_changes_nothing():
    imported = read_tbx((GOLDEN / "small.tbx").read_bytes(), "small.tbx")
    assert imported.warnings == []
    assert imported.terms == small_terms()


def test_the_sample_glossary_round_trips_exactly():
    terms = sample_terms()
    exported = write_tbx(terms)
    again = read_tbx(exported.encode("utf-8"), "ip.tbx").terms
    assert again == terms
    assert sum(t.case_sensitive for t in again) == sum(t.case_sensitive for t in terms) > 0
    assert [t.status for t in again].count(TermStatus.FORBIDDEN) == 1
    assert write_tbx(again) == exported


@pytest.mark.parametrize("terms", [small_terms(), sample_terms()], ids=["small", "sample"])
def test_the_export_keeps_tbx_basic_constraints(terms):
    root = ET.fromstring(write_tbx(terms))
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        assert element.tag.startswith(f"{{{TBX_NAMESPACE}}}"), element.tag
        category = element.get("type")
        if element.tag.endswith("}termNote"):
            assert parents[element].tag.endswith("}termSec")
            assert element.text in TBX_BASIC_PICKLISTS[category], (category, element.text)


_text = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), min_size=1).map(str.strip)
_terms = st.lists(
    st.builds(
        Term,
        source=_text.filter(bool),
        target=_text.filter(bool),
        status=st.sampled_from(TermStatus),
        note=_text,
        case_sensitive=st.booleans(),
        pos=st.one_of(st.just(""), st.sampled_from(["noun", "proper noun", "verb", "Noun"]), _text),
    ),
    unique_by=lambda t: (t.source, t.target),
    max_size=8,
)


@given(_terms)
def test_export_then_import_gives_the_same_terms(terms):
    order = list(dict.fromkeys(t.source for t in terms))
    grouped = sorted(terms, key=lambda t: order.index(t.source))
    if terms:
        assert read_tbx(write_tbx(terms).encode("utf-8"), "p.tbx").terms == grouped


def test_tbx_v2_martif_is_read():
    imported = read_tbx((GOLDEN / "martif-v2.tbx").read_bytes(), "martif-v2.tbx")
    subject = "Subject field: intellectual property"
    assert [(t.source, t.target, t.status.value, t.note, t.pos) for t in imported.terms] == [
        ("知识产权", "intellectual property", "preferred", subject, "noun"),
        ("知识产权", "IP", "admitted", f"Abbreviation; {subject}", ""),
        # Superseded is a rendering to avoid: our model's deprecated.
        ("保驾护航", "escort", "deprecated", "", ""),
        ("保驾护航", "safeguard", "preferred", "", ""),
    ]


def test_tbx_v3_basic_keeps_term_type_definition_and_subject_field():
    imported = read_tbx((GOLDEN / "basic-v3.tbx").read_bytes(), "basic-v3.tbx").terms
    concept = (
        "Subject field: intellectual property; "
        "Definition: The national patent and trademark office of China"
    )
    assert [(t.target, t.status.value, t.note, t.pos) for t in imported] == [
        (
            "China National Intellectual Property Administration",
            "preferred",
            f"Term type: fullForm; {concept}",
            "noun",
        ),
        (
            "CNIPA",
            "admitted",
            f"After the full name has been given once; Term type: acronym; {concept}",
            "",
        ),
        ("SIPO", "deprecated", concept, ""),
    ]


def test_tbx_v3_dct_style_keeps_statuses_and_pairs_every_chinese_and_english_term():
    imported = read_tbx((GOLDEN / "dct-v3.tbx").read_bytes(), "dct-v3.tbx").terms
    concept = "Subject field: economic policy; Definition: 为试行新政策而划定的区域"
    expected = [
        ("demonstration zone", TermStatus.PREFERRED, concept, "noun"),
        ("pilot zone", TermStatus.ADMITTED, f"Term type: variant; {concept}", ""),
        ("demonstration area", TermStatus.DEPRECATED, f"Literal machine output; {concept}", ""),
        ("model district", TermStatus.DEPRECATED, concept, ""),
    ]
    assert [(t.source, t.target, t.status, t.note, t.pos) for t in imported] == [
        (source, *rendering) for source in ("示范区", "试验区") for rendering in expected
    ]


def tbx(body: str, prolog: str = "", style: str = "dca") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + prolog
        + f'<tbx type="TBX-Basic" style="{style}" xmlns="{TBX_NAMESPACE}"'
        ' xmlns:min="http://www.tbxinfo.net/ns/min">'
        "<text><body>" + body + "</body></text></tbx>"
    ).encode("utf-8")


def entry(zh: str, en: str, status: str = "preferredTerm-admn-sts", style: str = "dca") -> str:
    if style == "dca":
        status_field = f'<termNote type="administrativeStatus">{status}</termNote>'
    else:
        status_field = f"<min:administrativeStatus>{status}</min:administrativeStatus>"
    return (
        f'<conceptEntry><langSec xml:lang="zh"><termSec><term>{zh}</term></termSec></langSec>'
        f'<langSec xml:lang="en"><termSec><term>{en}</term>{status_field}</termSec></langSec>'
        "</conceptEntry>"
    )


@pytest.mark.parametrize("style", ["dca", "dct"])
@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("preferredTerm-admn-sts", TermStatus.PREFERRED),
        ("admittedTerm-admn-sts", TermStatus.ADMITTED),
        ("deprecatedTerm-admn-sts", TermStatus.DEPRECATED),
        ("supersededTerm-admn-sts", TermStatus.DEPRECATED),
        ("forbidden", TermStatus.FORBIDDEN),
        ("notRecommended", TermStatus.DEPRECATED),
        ("obsolete", TermStatus.DEPRECATED),
    ],
)
def test_administrative_status_is_mapped_faithfully(style, value, status):
    data = tbx(entry("示范区", "demonstration area", value, style), style=style)
    assert [t.status for t in read_tbx(data, "s.tbx").terms] == [status]


def test_a_forbidden_note_does_not_override_a_status_another_tool_changed():
    body = entry("示范区", "zone", "admittedTerm-admn-sts").replace(
        "</termSec></langSec></conceptEntry>",
        "<note>review-app status: forbidden</note></termSec></langSec></conceptEntry>",
    )
    [term] = read_tbx(tbx(body), "edited.tbx").terms
    assert (term.status, term.note) == (TermStatus.ADMITTED, "review-app status: forbidden")


def test_translate_toolkit_tbx_with_a_doctype_is_read():
    from translate.storage.tbx import tbxfile

    store = tbxfile(sourcelanguage="zh", targetlanguage="en")
    store.addsourceunit("示范区").target = "demonstration zone"
    data = bytes(store)
    assert b"<!DOCTYPE martif" in data
    assert read_tbx(data, "tt.tbx").terms == [Term("示范区", "demonstration zone")]


def test_a_doctype_naming_an_external_dtd_is_read_without_fetching_it(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the reader tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    prolog = '<!DOCTYPE tbx SYSTEM "http://example.invalid/tbx.dtd">\n'
    data = tbx(entry("示范区", "demonstration zone"), prolog)
    assert read_tbx(data, "dtd.tbx").terms == [Term("示范区", "demonstration zone")]


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
        '<!DOCTYPE tbx [<!ENTITY % p SYSTEM "http://example.invalid/evil.dtd"> %p;]>\n',
        '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n',
    ],
    ids=["xxe", "parameter-entity", "billion-laughs"],
)
def test_entities_and_external_references_are_refused_without_fetching(prolog):
    with pytest.raises(FormatError, match="refused for safety"):
        read_tbx(tbx(entry("示范区", "demonstration zone &c;"), prolog), "evil.tbx")


def test_a_truncated_file_is_an_error_with_line_and_column():
    data = write_tbx(small_terms()).encode("utf-8")
    cut = data[: data.index(b"CNIPA")]
    line = cut.count(b"\n") + 1
    with pytest.raises(FormatError, match=rf"at line {line}, column \d+") as caught:
        read_tbx(cut, "cut.tbx")
    assert str(caught.value).startswith("cut.tbx is not well-formed XML")


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
