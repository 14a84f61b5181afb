"""Import, listing, export, users."""

import pytest

from review_app.formats.po import read_po
from review_app.services import documents as D
from review_app.services import segments as S
from review_app.services.errors import AuthenticationFailed, Forbidden, InvalidInput
from review_app.services.users import authenticate, create_user


def paragraphs(path):
    with open(path, encoding="utf-8") as handle:
        return [line for line in handle.read().splitlines() if line.strip()]


ZH = "translations/cantoop-ip-conference.zh.txt"
EN = "translations/cantoop-ip-conference.en.txt"


def test_import_aligns_the_sample_article(session, users):
    document = D.import_document(
        session,
        users["editor"],
        title="  CANTOOP   conference ",
        source_paragraphs=paragraphs(ZH),
        draft_paragraphs=paragraphs(EN),
    )
    assert (document.title, document.slug, document.looks_mismatched) == (
        "CANTOOP conference",
        "cantoop-conference",
        False,
    )
    page = S.list_segments(session, document.id, limit=100)
    assert len(page.segments) > 10
    assert all(s.draft == s.target and s.status == "draft" for s in page.segments)
    assert page.segments[0].label == "1"
    again = D.import_document(
        session,
        users["editor"],
        title="CANTOOP conference",
        source_paragraphs=paragraphs(ZH),
        draft_paragraphs=paragraphs(EN),
    )
    assert again.slug == "cantoop-conference-2"


def test_a_draft_of_another_article_is_imported_with_a_warning(session, users):
    unrelated = [
        "The weather in Oslo was cold and wet all week, and the ferries ran late.",
        "Fishermen complained about the price of diesel at the harbour meeting.",
        "A new bakery opened near the station, selling cardamom buns.",
    ] * 3
    document = D.import_document(
        session,
        users["editor"],
        title="Mismatch",
        source_paragraphs=paragraphs(ZH),
        draft_paragraphs=unrelated,
    )
    assert document.looks_mismatched


def test_translators_may_not_import_and_empty_input_is_refused(session, users):
    with pytest.raises(Forbidden):
        D.import_document(
            session,
            users["translator"],
            title="T",
            source_paragraphs=["一。"],
            draft_paragraphs=["One."],
        )
    with pytest.raises(InvalidInput, match="source is empty"):
        D.import_document(
            session, users["editor"], title="T", source_paragraphs=[" "], draft_paragraphs=["One."]
        )
    with pytest.raises(InvalidInput, match="title"):
        D.import_document(
            session, None, title=" ", source_paragraphs=["一。"], draft_paragraphs=["One."]
        )


def test_list_documents_counts_statuses(session, users, document):
    [summary] = D.list_documents(session)
    assert summary.counts == {"draft": 3, "translated": 1}
    assert summary.total == 4
    assert summary.share("translated") == 25


def test_export_po_round_trips(session, users, document):
    seg = S.list_segments(session, document.id).segments[0]
    S.confirm_segment(session, users["translator"], seg.id, target="Edited.", version=1)
    filename, text = D.export_po(session, document.id)
    assert filename == "sample.po"
    title, segments = read_po(text.encode(), filename)
    assert title == "Sample"
    assert [(s.source, s.target, s.status) for s in segments][0] == (
        "第一句。第二句。",
        "Edited.",
        "translated",
    )
    assert segments[0].draft == "First sentence. Second sentence."


def test_export_text_rebuilds_source_paragraphs(session, document):
    filename, text = D.export_text(session, document.id)
    assert filename == "sample.en.txt"
    assert text == (
        "First sentence. Second sentence. Third sentence.\n\n"
        "Fourth sentence. Fifth <script>alert(1)</script> sentence.\n"
    )


def test_users_and_authentication(session, password):
    user = create_user(session, "mei", password, "translator")
    assert user.password_hash != password
    assert authenticate(session, "mei", password).id == user.id
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "mei", "wrong password")
    with pytest.raises(AuthenticationFailed):
        authenticate(session, "nobody", password)
    for name, candidate, role in [
        ("mei", password, "translator"),
        ("bad name", password, "translator"),
        ("short", "123", "translator"),
        ("boss", password, "owner"),
    ]:
        with pytest.raises(InvalidInput):
            create_user(session, name, candidate, role)
