"""The alignment program's tables: token masks of any length, and clause ends, exact."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.bandpath import _nonzero, _PairTable, _popcount, _Side
from review_app.core.evidence import SentenceEvidence, pair_matches, prepare_english

# Content words with stems of their own: each is one evidence token.
WORDS = ["river", "mountain", "garden", "letter", "window", "silver", "market", "winter"]
sentences = st.integers(1, 150).flatmap(
    lambda n: st.lists(st.sampled_from(WORDS), min_size=n, max_size=n).map(" ".join)
)


def as_int(mask: np.ndarray) -> int:
    """A mask's row of 64-bit words, lowest first, as one Python integer."""
    return sum(int(word) << 64 * k for k, word in enumerate(mask.tolist()))


@given(sentences, sentences)
def test_pair_masks_hold_every_match_however_long_the_sentences(source_text, target_text):
    # Literary Chinese has sentences of 70 tokens and more: past the first 64-bit word, a
    # match must count as much as one inside it.
    source, target = prepare_english(source_text, 0), prepare_english(target_text, 0)
    table = _PairTable([source], [target], np.array([0, 0]), np.array([1, 1]), (1, 1))
    slot = table.index(np.array([0]), np.array([0]))
    source_mask, target_mask = pair_matches(source, target)
    assert as_int(table.source_masks[slot][0]) == source_mask
    assert as_int(table.target_masks[slot][0]) == target_mask
    assert _popcount(table.source_masks[slot]).tolist() == [source_mask.bit_count()]
    assert _nonzero(table.target_masks[slot]).tolist() == [target_mask != 0]


def sentence(chars: int, clauses: list[int]) -> SentenceEvidence:
    return SentenceEvidence(chars, 0, (), frozenset(), clauses=tuple(sorted(set(clauses))))


side_sentences = st.lists(
    st.integers(1, 40).flatmap(
        lambda chars: (
            st.lists(st.integers(1, chars - 1), max_size=4).map(
                lambda clauses: sentence(chars, clauses)
            )
            if chars > 1
            else st.just(sentence(1, []))
        )
    ),
    min_size=1,
    max_size=8,
)


@given(side_sentences, st.data())
def test_clause_distance_is_the_nearest_cut_strictly_inside_the_sentences(sentences, data):
    side = _Side(sentences)
    start = data.draw(st.integers(0, len(sentences) - 1))
    end = data.draw(st.integers(start + 1, len(sentences)))
    share = data.draw(st.floats(0, 1))
    offsets = [sum(s.chars for s in sentences[:k]) for k in range(len(sentences) + 1)]
    low, high = offsets[start], offsets[end]
    cuts = {offsets[k] + c for k in range(start, end) for c in sentences[k].clauses}
    cuts |= {offsets[k] for k in range(start + 1, end)}
    point = low + share * (high - low)
    expected = min((abs(cut - point) / (high - low) for cut in cuts), default=np.inf)
    found = side.clause_distance(np.array([start]), np.array([end]), np.array([share]))
    assert found[0] == pytest.approx(expected)
