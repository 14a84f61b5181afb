"""The termbase model: which renderings count as acceptable, and which become alignment evidence."""

import pytest

from review_app.core.glossary import Term, TermStatus, alignment_pairs


@pytest.mark.parametrize(
    ("status", "acceptable"),
    [
        (TermStatus.PREFERRED, True),
        (TermStatus.ADMITTED, True),
        (TermStatus.DEPRECATED, False),
        (TermStatus.FORBIDDEN, False),
    ],
)
def test_only_preferred_and_admitted_renderings_are_acceptable(
    status: TermStatus, acceptable: bool
) -> None:
    assert status.acceptable is acceptable


def test_status_reads_from_its_csv_spelling() -> None:
    assert [TermStatus(s) for s in ("preferred", "admitted", "deprecated", "forbidden")] == list(
        TermStatus
    )
    with pytest.raises(ValueError):
        TermStatus("approved")


def test_alignment_pairs_keep_acceptable_renderings_in_order() -> None:
    terms = [
        Term("示范区", "demonstration zone", TermStatus.PREFERRED),
        Term("示范区", "demonstration area", TermStatus.DEPRECATED),
        Term("示范区", "model zone", TermStatus.ADMITTED),
        Term("国家知识产权局", "National Property Office", TermStatus.FORBIDDEN),
    ]
    assert alignment_pairs(terms) == [
        ("示范区", "demonstration zone"),
        ("示范区", "model zone"),
    ]
    assert alignment_pairs([]) == []


@pytest.mark.parametrize(
    ("term", "keep"),
    [
        (Term("CANTOOP", "CANTOOP"), True),
        (Term("5G", "5G"), True),
        (Term("堪途", "CANTOOP"), False),
    ],
    ids=["brand", "code", "translated"],
)
def test_keep_as_is_terms_are_written_the_same_in_both_languages(term: Term, keep: bool) -> None:
    assert term.keep_as_is is keep
