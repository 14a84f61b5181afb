"""core.metrics: sacrebleu's own numbers per segment and per corpus, bands, histogram, MQM."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from review_app.core.metrics import (
    EditShares,
    corpus_metrics,
    segment_edit_distance,
    signatures,
    ter_histogram,
)

PAIRS = [
    # (machine draft, final target, expected band)
    ("The cat sat on the mat.", "The cat sat on the mat.", "unedited"),
    ("The cat sat on the mat.", "The cat sat on a mat.", "light"),
    ("The cat sat on the mat.", "A dog is lying under the table.", "rewritten"),
    ("Hello world", "hello world", "light"),  # TER ignores case: edited, yet no edits
    ("", "Added by the translator.", "rewritten"),
    ("Deleted by the translator.", "", "rewritten"),
    ("", "", "unedited"),
]


@pytest.mark.parametrize(("draft", "target", "band"), PAIRS)
def test_segment_figures_are_sacrebleus_sentence_scores(draft, target, band):
    metrics = segment_edit_distance(draft, target)
    assert metrics.ter == pytest.approx(TER().sentence_score(draft, [target]).score)
    assert metrics.chrf == pytest.approx(CHRF().sentence_score(draft, [target]).score)
    assert metrics.band == band
    assert metrics.edited is (draft != target)


@pytest.mark.parametrize(
    ("draft", "target", "ter"),
    [
        ("a b c d", "a b c d", 0.0),
        ("a b c d", "a b x d", 25.0),  # one substitution in four reference words
        ("a b c d", "a b c", 100 / 3),  # one deletion in three
        ("a b c d", "c d a b", 25.0),  # one shift
        ("a b", "", 100.0),  # empty reference, non-empty draft
    ],
)
def test_ter_is_edits_per_reference_word(draft, target, ter):
    assert segment_edit_distance(draft, target).ter == pytest.approx(ter)


def test_corpus_figures_equal_corpus_score():
    pairs = [(d, t) for d, t, _ in PAIRS]
    drafts, targets = [d for d, _ in pairs], [[t for _, t in pairs]]
    metrics = corpus_metrics(pairs)
    assert metrics.bleu == pytest.approx(BLEU().corpus_score(drafts, targets).score)
    assert metrics.chrf == pytest.approx(CHRF().corpus_score(drafts, targets).score)
    assert metrics.ter == pytest.approx(TER().corpus_score(drafts, targets).score)
    assert len(metrics.segments) == len(pairs)
    assert metrics.shares == EditShares(unedited=2, light=2, rewritten=3)


words = st.sampled_from("the a cat dog sat on mat table , . IP Shanghai 2024".split())
sentences = st.lists(words, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(sentences, sentences), min_size=1, max_size=6))
def test_any_corpus_scores_as_sacrebleu_scores_it(pairs):
    drafts, targets = [d for d, _ in pairs], [[t for _, t in pairs]]
    metrics = corpus_metrics(pairs)
    assert metrics.bleu == pytest.approx(BLEU().corpus_score(drafts, targets).score)
    assert metrics.chrf == pytest.approx(CHRF().corpus_score(drafts, targets).score)
    assert metrics.ter == pytest.approx(TER().corpus_score(drafts, targets).score)


def test_no_pairs_no_metrics():
    assert corpus_metrics([]) is None


def test_signatures_are_sacrebleus():
    bleu = BLEU()
    bleu.corpus_score(["x"], [["x"]])
    assert signatures()["bleu"] == bleu.get_signature().format()
    assert signatures()["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0")
    assert signatures()["ter"].startswith("nrefs:1|case:lc|tok:tercom")
    assert corpus_metrics([("a", "a")]).signature == signatures()


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        (EditShares(0, 0, 0), {"unedited": 0.0, "light": 0.0, "rewritten": 0.0}),
        (EditShares(1, 1, 2), {"unedited": 25.0, "light": 25.0, "rewritten": 50.0}),
    ],
)
def test_shares_are_percentages(shares, expected):
    assert shares.as_dict() == expected


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "0–10"),
        (10.0, "0–10"),
        (10.5, "10–20"),
        (50.0, "40–50"),
        (50.01, "50–60"),
        (100.0, "90–100"),
        (100.5, "> 100"),
        (400.0, "> 100"),
    ],
)
def test_histogram_bins_include_their_upper_edge(value, label):
    bins = ter_histogram([value])
    assert [b.label for b in bins if b.count] == [label]
    assert len(bins) == 11


def test_pair_statistics_survive_json_unchanged() -> None:
    from review_app.core.metrics import PairStatistics, corpus_from_statistics, pair_statistics

    pairs = [
        ("The conference was held in Shanghai.", "The conference took place in Shanghai."),
        ("the second is to focus on industry", "Second, focus on industry."),
        ("Unchanged text.", "Unchanged text."),
    ]
    fresh = [pair_statistics(draft, target) for draft, target in pairs]
    loaded = [PairStatistics.from_json(s.to_json()) for s in fresh]
    assert [s.segment for s in loaded] == [s.segment for s in fresh]
    direct, stored = corpus_from_statistics(fresh), corpus_from_statistics(loaded)
    assert (stored.bleu, stored.chrf, stored.ter) == (direct.bleu, direct.chrf, direct.ter)
