"""The glossary services: import, search, add, edit, delete, export, who may change terms."""

from pathlib import Path

import pytest
from sqlalchemy import select

from review_app.core.glossary import TermStatus
from review_app.formats.errors import FormatError
from review_app.formats.glossary import read_glossary_csv
from review_app.formats.tbx import read_tbx
from review_app.services import glossary as G
from review_app.services.errors import Forbidden, InvalidInput, NotFound
from review_app.services.projects import default_project
from review_app.store import Document

GOLDEN = Path(__file__).resolve().parents[1] / "formats" / "golden" / "tbx"
CSV = (GOLDEN / "small.csv").read_bytes()


def default_terms(session):
    """The terms of the Default project, which a glossary imported without a project joins."""
    return G.project_terms(session, default_project(session).id)


@pytest.fixture
def glossary(session, users):
    return G.import_glossary(
        session, users["editor"], name="IP terms", data=CSV, filename="small.csv"
    ).glossary


def fields(source="专利", target="patent", **more):
    return G.TermFields(source, target, **more)


def test_import_csv_stores_every_field(session, users):
    result = G.import_glossary(session, users["admin"], name="IP", data=CSV, filename="s.csv")
    assert (result.added, result.updated, result.warnings) == (6, 0, [])
    [cnipa] = G.search_terms(session, "CNIPA")
    assert (cnipa.source, cnipa.status, cnipa.case_sensitive, cnipa.pos) == (
        "国家知识产权局",
        "admitted",
        True,
        "proper noun",
    )
    assert default_terms(session)[0].status is TermStatus.PREFERRED


def test_importing_again_updates_renderings_and_adds_new_ones(session, users, glossary):
    changed = CSV.replace(b"Keep as is", b"Company name").replace(
        b"\n\xe5\xa0\xaa", b"\n\xe4\xb8\x93\xe5\x88\xa9,patent,preferred,,,\n\xe5\xa0\xaa"
    )
    result = G.import_glossary(
        session, users["editor"], name="IP terms", data=changed, filename="small.csv"
    )
    assert (result.added, result.updated) == (1, 6)
    assert G.search_terms(session, "CANTOOP")[0].note == "Company name"


def test_import_tbx_and_warnings_are_reported(session, users):
    tbx = G.import_glossary(
        session,
        users["editor"],
        name="From TBX",
        data=(GOLDEN / "small.tbx").read_bytes(),
        filename="small.tbx",
    )
    assert tbx.added == 6
    noisy = b"source,target\n\xe5\xb1\x80,bureau\n\xe5\xb1\x80,bureau\n"
    result = G.import_glossary(session, users["editor"], name="N", data=noisy, filename="n.csv")
    assert result.added == 1
    assert any("repeats line 2" in w for w in result.warnings)
    assert any("one-character" in w for w in result.warnings)


def test_a_bad_file_is_refused_and_nothing_is_stored(session, users):
    with pytest.raises(FormatError, match="lacks the column"):
        G.import_glossary(session, users["editor"], name="X", data=b"zh,en\n", filename="x.csv")
    with pytest.raises(FormatError):
        G.import_glossary(
            session,
            users["editor"],
            name="X",
            data=b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><tbx/>',
            filename="x.tbx",
        )
    laughs = b'<!DOCTYPE tbx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><tbx>&b;</tbx>'
    with pytest.raises(FormatError, match="refused for safety"):
        G.import_glossary(session, users["editor"], name="X", data=laughs, filename="x.tbx")
    assert G.list_glossaries(session) == []


def test_translators_read_but_may_not_change_the_glossary(session, users, glossary):
    translator = users["translator"]
    term = G.search_terms(session, "CANTOOP")[0]
    with pytest.raises(Forbidden, match="may not change the glossary"):
        G.add_term(session, translator, glossary.id, fields())
    with pytest.raises(Forbidden):
        G.update_term(session, translator, term.id, fields())
    with pytest.raises(Forbidden):
        G.delete_term(session, translator, term.id)
    with pytest.raises(Forbidden):
        G.import_glossary(session, translator, name="T", data=CSV, filename="t.csv")
    assert len(G.search_terms(session)) == 6


def test_add_edit_delete(session, users, glossary):
    editor = users["editor"]
    term = G.add_term(session, editor, glossary.id, fields(" 专利 ", "patent ", note=" n "))
    assert (term.source, term.target, term.note, term.updated_by_id) == (
        "专利",
        "patent",
        "n",
        editor.id,
    )
    edited = G.update_term(session, editor, term.id, fields(target="patents", status="admitted"))
    assert (edited.target, edited.status) == ("patents", "admitted")
    G.delete_term(session, editor, term.id)
    with pytest.raises(NotFound):
        G.get_term(session, term.id)


def test_add_without_a_glossary_makes_the_project_glossary(session, users):
    term = G.add_term(session, users["editor"], None, fields())
    assert term.glossary.name == G.DEFAULT_GLOSSARY


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (fields(source=" "), "both the Chinese term"),
        (fields(target=""), "both the Chinese term"),
        (fields(status="approved"), "Choose a status"),
        (fields(source="专" * 501), "at most 500"),
        (fields(note="x" * 2001), "at most 2,000"),
    ],
)
def test_invalid_terms_are_refused_with_a_reason(session, users, glossary, bad, message):
    with pytest.raises(InvalidInput, match=message):
        G.add_term(session, users["editor"], glossary.id, bad)


def test_a_duplicate_rendering_is_refused(session, users, glossary):
    with pytest.raises(InvalidInput, match="already in this glossary"):
        G.add_term(session, users["editor"], glossary.id, fields("示范区", "demonstration zone"))
    other = G.search_terms(session, "CNIPA")[0]
    with pytest.raises(InvalidInput, match="already in this glossary"):
        G.update_term(session, users["editor"], other.id, fields("堪途", "CANTOOP"))


def test_search_reads_chinese_english_and_notes_and_escapes_wildcards(session, users, glossary):
    assert [t.target for t in G.search_terms(session, "示范")] == [
        "demonstration zone",
        "demonstration area",
    ]
    assert [t.target for t in G.search_terms(session, "names no existing")] == [
        "National Property Office"
    ]
    assert G.search_terms(session, "%") == []
    assert len(G.search_terms(session, "", glossary_id=glossary.id)) == 6
    with pytest.raises(InvalidInput):
        G.search_terms(session, "x" * 201)


def test_export_round_trips_through_the_readers(session, users, glossary):
    name, text = G.export_csv(session, glossary.id)
    assert name == "ip-terms.csv"
    assert set(read_glossary_csv(text.encode(), name).terms) == set(default_terms(session))
    name, text = G.export_tbx(session, glossary.id)
    assert name == "ip-terms.tbx"

    assert set(read_tbx(text.encode(), name).terms) == set(default_terms(session))


def test_reimporting_the_tbx_export_changes_nothing(session, users, glossary):
    before = default_terms(session)
    _, text = G.export_tbx(session, glossary.id)
    result = G.import_glossary(
        session, users["editor"], name="IP terms", data=text.encode(), filename="ip.tbx"
    )
    assert (result.added, result.warnings) == (0, [])
    assert default_terms(session) == before


def test_export_escapes_formulas_and_reads_back_the_same_terms(session, users, glossary):
    for source, target in [("-化", "-ization"), ("区号", "+86"), ("公式", "=cmd|' /C calc'!A0")]:
        G.add_term(session, users["editor"], glossary.id, fields(source, target, note="@home"))
    _, text = G.export_csv(session, glossary.id)
    assert "'-化,'-ization,preferred,'@home,false," in text.splitlines()
    assert "公式,'=cmd|' /C calc'!A0,preferred,'@home,false," in text.splitlines()
    assert set(read_glossary_csv(text.encode(), "terms.csv").terms) == set(default_terms(session))


def test_any_change_marks_every_document_for_checking(session, users, document, glossary):
    session.execute(Document.__table__.update().values(qa_stale=False))
    session.commit()
    G.add_term(session, users["editor"], glossary.id, fields())
    assert session.scalars(select(Document.qa_stale)).all() == [True]
