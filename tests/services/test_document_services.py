"""Import, listing, export, users."""

import time
from pathlib import Path

import pytest

from review_app.formats.po import read_po
from review_app.services import documents as D
from review_app.services import segments as S
from review_app.services.errors import AuthenticationFailed, Forbidden, InvalidInput
from review_app.services.users import authenticate, create_user


def paragraphs(path):
    with open(path, encoding="utf-8") as handle:
        return [line for line in handle.read().splitlines() if line.strip()]


SAMPLES = Path(__file__).resolve().parents[2] / "translations"
ZH = SAMPLES / "cantoop-ip-conference.zh.txt"
EN = SAMPLES / "cantoop-ip-conference.en.txt"


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
    found = read_po(text.encode(), filename)
    title, segments = found.title, found.segments
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
        "Sample\n\n"
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


def _refusal(call) -> str:
    with pytest.raises(InvalidInput) as refused:
        call()
    return str(refused.value)


def _nothing_stored(session) -> bool:
    return D.list_documents(session) == []


def test_a_sentence_over_the_segment_limit_is_refused_before_aligning(session, users):
    long_sentence = "专利" * (S.MAX_TARGET_LENGTH // 2) + "保护。"
    message = _refusal(
        lambda: D.import_document(
            session,
            users["editor"],
            title="Long",
            source_paragraphs=["第一句。", "第二句。" + long_sentence],
            draft_paragraphs=["One.", "Two. Three."],
        )
    )
    assert "sentence 3 of the Chinese source (paragraph 2" in message
    assert "“专利专利" in message
    assert f"{S.MAX_TARGET_LENGTH + 3:,} characters" in message
    assert f"at most {S.MAX_TARGET_LENGTH:,}" in message
    assert "Split" in message
    assert _nothing_stored(session)


def test_an_english_sentence_over_the_limit_names_the_draft(session, users):
    words = "word " * (S.MAX_TARGET_LENGTH // 5 + 1)
    message = _refusal(
        lambda: D.import_document(
            session,
            users["editor"],
            title="Long",
            source_paragraphs=["第一句。"],
            draft_paragraphs=["A very long sentence of " + words + "."],
        )
    )
    assert "sentence 1 of the English draft (paragraph 1: “A very long sentence of" in message
    assert _nothing_stored(session)


def test_a_po_segment_over_the_limit_is_refused_whole(session, users):
    segments = read_po(
        '#. shape: 1-1\nmsgctxt "a"\nmsgid "甲。"\nmsgstr "A."\n\n'
        f'msgctxt "b"\nmsgid "乙。"\nmsgstr "Long {"x" * S.MAX_TARGET_LENGTH}"\n'.encode(),
        "long.po",
    ).segments
    message = _refusal(
        lambda: D.import_segments(session, users["editor"], title="Long", segments=segments)
    )
    assert "Segment 2" in message and "English translation" in message
    assert f"{S.MAX_TARGET_LENGTH + 5:,} characters" in message
    assert "“Long xxx" in message
    assert _nothing_stored(session)


def test_too_many_sentences_are_refused_before_aligning(session, users):
    started = time.monotonic()
    message = _refusal(
        lambda: D.import_document(
            session,
            users["editor"],
            title="Huge",
            source_paragraphs=["一句话。" * 1000] * (D.MAX_IMPORT_SENTENCES // 1000 + 1),
            draft_paragraphs=["One sentence."],
        )
    )
    assert time.monotonic() - started < 10
    assert f"The Chinese source has more than {D.MAX_IMPORT_SENTENCES:,} sentences" in message
    assert "Split the article" in message
    assert _nothing_stored(session)


def test_the_sentence_limit_comes_from_the_environment(session, users, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_MAX_IMPORT_SENTENCES", "3")
    message = _refusal(
        lambda: D.import_document(
            session,
            users["editor"],
            title="Four",
            source_paragraphs=["一。二。三。"],
            draft_paragraphs=["One. Two. Three. Four."],
        )
    )
    assert "The English draft has more than 3 sentences" in message
    monkeypatch.setenv("REVIEW_APP_MAX_IMPORT_SENTENCES", "many")
    with pytest.raises(ValueError, match="REVIEW_APP_MAX_IMPORT_SENTENCES"):
        D.ImportLimits.from_environment()


def test_an_alignment_out_of_time_is_refused(session, users, monkeypatch):
    def import_sample(limits=None):
        return D.import_document(
            session,
            users["editor"],
            title="Slow",
            source_paragraphs=paragraphs(ZH),
            draft_paragraphs=paragraphs(EN),
            limits=limits,
        )

    message = _refusal(lambda: import_sample(D.ImportLimits(seconds=0)))
    assert "took longer than 0 s" in message and "Split the article" in message
    # The aligner itself stopping (the core's AlignmentTimeout) is refused the same way.
    real = D.align_sentences
    monkeypatch.setattr(
        D, "align_sentences", lambda *a, **k: real(*a, **k | {"should_stop": lambda: True})
    )
    monkeypatch.setenv("REVIEW_APP_IMPORT_SECONDS", "7")
    assert "took longer than 7 s" in _refusal(import_sample)
    assert _nothing_stored(session)


def _aligned_with(monkeypatch, session, users, **kwargs):
    """The term pairs import_document hands to the aligner."""
    seen = []
    real = D.align_sentences

    def spy(source, draft, term_pairs, **options):
        seen.append(list(term_pairs))
        return real(source, draft, term_pairs, **options)

    monkeypatch.setattr(D, "align_sentences", spy)
    D.import_document(
        session,
        users["editor"],
        title="With terms",
        source_paragraphs=paragraphs(ZH),
        draft_paragraphs=paragraphs(EN),
        **kwargs,
    )
    return seen[0]


def test_import_uses_every_glossary_as_alignment_evidence(session, users, monkeypatch):
    from review_app.services.glossary import import_glossary

    csv = (
        "source,target,status\n"
        "示范区,demonstration zone,preferred\n"
        "知产,IP,forbidden\n"  # a forbidden rendering is no evidence of translation
    )
    import_glossary(session, users["admin"], name="IP", data=csv.encode(), filename="ip.csv")
    other = "source,target\n浦东,Pudong\n"
    import_glossary(session, users["admin"], name="Places", data=other.encode(), filename="p.csv")
    pairs = _aligned_with(monkeypatch, session, users)
    assert sorted(pairs) == [("浦东", "Pudong"), ("示范区", "demonstration zone")]


def test_import_with_explicit_terms_uses_only_those(session, users, monkeypatch):
    from review_app.services.glossary import import_glossary

    csv = "source,target\n示范区,demonstration zone\n"
    import_glossary(session, users["admin"], name="IP", data=csv.encode(), filename="ip.csv")
    assert _aligned_with(monkeypatch, session, users, term_pairs=[("浦东", "Pudong")]) == [
        ("浦东", "Pudong")
    ]
    assert _aligned_with(monkeypatch, session, users, term_pairs=()) == []


def test_glossary_terms_raise_the_sample_import_confidence(session, users):
    from pathlib import Path

    from review_app.services.glossary import import_glossary
    from review_app.store import Segment

    def mean_confidence(document):
        rows = session.query(Segment).filter_by(document_id=document.id).all()
        return sum(row.confidence for row in rows) / len(rows)

    def imported(title):
        return D.import_document(
            session,
            users["editor"],
            title=title,
            source_paragraphs=paragraphs(ZH),
            draft_paragraphs=paragraphs(EN),
        )

    plain = imported("Before the glossary")
    data = Path("glossaries/ip-and-policy.csv").read_bytes()
    import_glossary(session, users["admin"], name="IP", data=data, filename="ip.csv")
    assert mean_confidence(imported("With the glossary")) > mean_confidence(plain)
