"""The alignment program's pair table: token masks of any length, exact."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from review_app.core.bandpath import _nonzero, _PairTable, _popcount
from review_app.core.evidence import pair_matches, prepare_english

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
