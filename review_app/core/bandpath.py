"""The alignment's dynamic program on arrays: every candidate bead in the band scored at once.

``alignment.py`` decides what a bead is worth; this module makes it cheap to ask for all of
them. It works in three steps, each a handful of numpy operations over the whole band:

1. *Pair table*: for every (source, target) sentence pair the program can touch, bit masks of
   the tokens of each side matched on the other (``evidence.pair_matches``), found by joining
   the two sides' keys rather than by comparing pair after pair.
2. *Bead scores*: for each cell of the band and each bead shape, the score of the bead that
   ends there, from the pair masks, prefix sums of lengths and paragraph breaks.
3. *Path*: row by row, each cell takes its best predecessor; only the 0-1 step (a target
   sentence skipped) depends on the same row and is walked in Python.

Bead scores are the scalar formula's, operation for operation. The row walk is a running
maximum over prefix sums (see ``_walk_row``): its totals may differ from a cell-by-cell walk in
the last bit, so a path can differ from the scalar program's only at an exact tie.

A mask is a row of unsigned 64-bit words: one word when no sentence has more than 64 evidence
tokens, as many as the longest sentence needs otherwise (literary Chinese runs to 70 and more).
"""

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .evidence import SentenceEvidence
from .wordpairs import TranslationModel

# Shapes are (a, b): a source and b target sentences.
SKIP_SOURCE, SKIP_TARGET = (1, 0), (0, 1)

_BITS_IN_WORD = 64
_WORD_MASK = (1 << _BITS_IN_WORD) - 1
_ROWS_PER_BLOCK = 2048  # scores are computed for this many rows at a time: memory stays flat
_ENTRIES_PER_CHUNK = 1 << 18  # key entries joined at a time, for the same reason


@dataclass(frozen=True)
class BeadWeights:
    """The constants of the bead score (their meaning and tuning live in ``alignment.py``)."""

    shape_penalty: dict[tuple[int, int], float]
    llr_weight: float
    pairing_reward: float
    unsupported_share: float
    len_weight: float
    skip_penalty: float
    unmatched_skip_penalty: float
    paragraph_cross_penalty: float
    wordy: int
    translation_weight: float = 0.0  # of the translation model's log-likelihood ratio
    # The ratio per token, times the bead's sentences: a long sentence counts as much as a
    # short one (Model 1's ratio grows with the words).
    translation_per_token: bool = False
    # Added to a 0-1 bead (an English sentence with no Chinese) that is not page chrome.
    addition_penalty: float = 0.0
    # Paid for each sentence boundary inside a bead's English, by how far (as a share of the
    # bead's length) it falls from the nearest clause end of its Chinese, less the allowance:
    # a close fit earns a little, a split with no clause near it costs (``alignment.py``).
    clause_split_weight: float = 0.0
    clause_split_allowance: float = 0.0
    clause_split_cap: float = 0.5  # the most a distance counts: no clause at all is this far


@dataclass(frozen=True)
class ScoringModel:
    """What one alignment learned about its document pair, plus the weights."""

    weights: BeadWeights
    llr_terms: dict[int, tuple[float, float]]  # k sentences opposite -> (hit, miss) log-odds
    ratio: float  # of the length model: English characters per Chinese character
    variance: float
    # A sentence with this many tokens and no match next door is left out cheaply.
    unmatched_skip_tokens: int
    multi_paragraph: bool
    translation: TranslationModel | None = None  # a second pass's Model 1 (``wordpairs``)
    # Paid at every corner of the path (a point between two beads) where one side is inside a
    # quotation and the other is not: a quotation's sentences belong together.
    quote_penalty: float = 0.0


class _Side:
    """One side's sentences as arrays."""

    def __init__(self, sentences: Sequence[SentenceEvidence]):
        self.n = len(sentences)
        self.tokens = np.array([s.tokens for s in sentences], dtype=np.int64)
        self.boilerplate = np.array([s.boilerplate for s in sentences], dtype=bool)
        chars = np.array([s.chars for s in sentences], dtype=np.int64)
        self.char_prefix = np.concatenate(([0], np.cumsum(chars)))
        paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
        breaks = np.concatenate(([0], paragraphs[1:] != paragraphs[:-1])).astype(np.int64)
        self.break_prefix = np.cumsum(breaks)  # breaks before sentences 1..k
        # Inside a quotation after the first k sentences, k = 0..n.
        self.quoted = np.array(quotation_states([s.quotes for s in sentences]), dtype=bool)
        # Every clause end and sentence start, as a position in the whole side's characters.
        clause_starts = np.repeat(self.char_prefix[:-1], [len(s.clauses) for s in sentences])
        clauses = np.array([c for s in sentences for c in s.clauses], dtype=np.int64)
        self.boundaries = np.sort(np.concatenate((self.char_prefix, clause_starts + clauses)))

    def chars(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        return self.char_prefix[end] - self.char_prefix[start]

    def clause_distance(self, start: np.ndarray, end: np.ndarray, share: np.ndarray):
        """How far the point at ``share`` of sentences [start, end) lies from the nearest
        clause end or sentence boundary strictly inside them, as a share of their length;
        infinite where there is none."""
        low, high = self.char_prefix[start], self.char_prefix[end]
        length = np.maximum(1, high - low)
        point = low + share * length
        cuts = self.boundaries
        # The cuts strictly inside are one run of the sorted cuts: first .. last.
        first = np.searchsorted(cuts, low, side="right")
        last = np.searchsorted(cuts, high, side="left") - 1
        after = np.clip(np.searchsorted(cuts, point, side="right"), first, np.maximum(first, last))
        # With none inside (first > last), any slot will do: the answer is masked below.
        after = np.minimum(after, len(cuts) - 1)
        before = np.minimum(np.maximum(first, after - 1), len(cuts) - 1)
        nearest = np.minimum(np.abs(cuts[after] - point), np.abs(cuts[before] - point))
        return np.where(first <= last, nearest / length, np.inf)

    def breaks(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Paragraph breaks between consecutive sentences of [start, end), end > start."""
        return self.break_prefix[end - 1] - self.break_prefix[start]


class _PairTable:
    """Token masks of the sentence pairs near the band, stored row by row (source sentence):
    row x holds the pairs (x, y) for y in [start[x], end[x]), from slot offset[x]."""

    def __init__(
        self,
        source: Sequence[SentenceEvidence],
        target: Sequence[SentenceEvidence],
        lo: np.ndarray,
        hi: np.ndarray,
        widest: tuple[int, int],
    ):
        n, m = len(source), len(target)
        # With beads of up to a source and b target sentences (``widest``), source sentence
        # x meets the targets of the rows its beads end in, x+1 .. x+a, reaching back b
        # targets, and the skip costs' neighbours: row x, and one target further.
        a, b = widest
        rows = [np.minimum(np.arange(n) + k, n) for k in range(a + 1)]  # x .. x+a, to n
        starts = np.maximum(0, np.minimum.reduce([lo[r] for r in rows]) - b)
        ends = np.minimum(m, np.maximum.reduce([hi[r] for r in rows]) + 1)
        ends = np.maximum(ends, starts).astype(np.int64)
        starts = starts.astype(np.int64)
        self.start, self.end = starts, ends
        self.offset = np.concatenate(([0], np.cumsum(ends - starts)))
        self.size = int(self.offset[-1])
        longest = max([s.tokens for s in (*source, *target)], default=0)
        self.words = max(1, -(-longest // _BITS_IN_WORD))  # 64-bit words per mask
        # One slot past the end holds empty masks: pairs outside the table, or off the edges.
        self.source_masks = np.zeros((self.size + 1, self.words), dtype=np.uint64)
        self.target_masks = np.zeros((self.size + 1, self.words), dtype=np.uint64)
        self._fill(source, target, m)
        # The Model 1 table, when the scoring model has a model.
        self.translation: _TranslationTable | None = None

    def index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Slots of pairs (x, y); pairs off the edges or outside the table get the empty slot."""
        n = len(self.start)
        safe = np.clip(x, 0, max(0, n - 1))
        inside = (x >= 0) & (x < n) & (y >= self.start[safe]) & (y < self.end[safe])
        return np.where(inside, self.offset[safe] + y - self.start[safe], self.size)

    def slot_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Source and target sentence of every slot."""
        counts = self.end - self.start
        x = np.repeat(np.arange(len(self.start)), counts)
        y = np.arange(self.size) - np.repeat(self.offset[:-1] - self.start, counts)
        return x, y

    def _fill(self, source, target, m: int) -> None:
        """Join source and target (sentence, key) entries on the key, within each row's range:
        every match found is a key the pair shares, and ORs the key's token bits into both
        masks. Keys only one side has never enter the join."""
        vocabulary: dict[str, int] = {}
        t_key: list[int] = []
        t_bits: list[int] = []
        for sentence in target:
            t_key += [vocabulary.setdefault(key, len(vocabulary)) for key in sentence.key_bits]
            t_bits += sentence.key_bits.values()
        t_sentence = np.repeat(np.arange(len(target)), [len(t.key_bits) for t in target])
        s_key: list[int] = []
        s_bits: list[int] = []
        s_counts = []
        target_keys = frozenset(vocabulary)
        for sentence in source:
            shared = sentence.keys & target_keys  # read twice in the same order
            s_key += map(vocabulary.__getitem__, shared)
            s_bits += map(sentence.key_bits.__getitem__, shared)
            s_counts.append(len(shared))
        if not s_key:
            return
        s_sentence = np.repeat(np.arange(len(source)), s_counts)
        stride = m + 1
        t_code = np.array(t_key, dtype=np.int64) * stride + t_sentence
        order = np.argsort(t_code, kind="stable")
        t_code = t_code[order]
        t_bits_array = self._masks(t_bits, t_sentence, target)[order]
        s_code = np.array(s_key, dtype=np.int64) * stride
        s_bits_array = self._masks(s_bits, s_sentence, source)
        for begin in range(0, len(s_key), _ENTRIES_PER_CHUNK):
            chunk = slice(begin, begin + _ENTRIES_PER_CHUNK)
            xs = s_sentence[chunk]
            first = np.searchsorted(t_code, s_code[chunk] + self.start[xs])
            last = np.searchsorted(t_code, s_code[chunk] + self.end[xs])
            counts = last - first
            entry = np.repeat(np.arange(len(xs)), counts)
            within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            position = first[entry] + within
            y = t_code[position] % stride
            pair = self.offset[xs[entry]] + y - self.start[xs[entry]]
            for word in range(self.words):
                source_word, target_word = self.source_masks[:, word], self.target_masks[:, word]
                np.bitwise_or.at(source_word, pair, s_bits_array[chunk][entry, word])
                np.bitwise_or.at(target_word, pair, t_bits_array[position, word])

    def _masks(
        self, values: list[int], entry_sentence: np.ndarray, sentences: Sequence[SentenceEvidence]
    ) -> np.ndarray:
        """Token masks of ``sentences`` (Python integers, one per entry; ``entry_sentence``
        the index of each entry's sentence) as rows of 64-bit words, the lowest bits first.
        Only a sentence with more than 64 tokens can need more than one word: only its masks
        are cut into words one by one."""
        tokens = np.array([s.tokens for s in sentences], dtype=np.int64)
        wide = np.flatnonzero(tokens[entry_sentence] > _BITS_IN_WORD).tolist()
        narrow = values.copy() if wide else values
        for k in wide:
            narrow[k] = 0
        masks = np.zeros((len(values), self.words), dtype=np.uint64)
        masks[:, 0] = np.array(narrow, dtype=np.uint64)
        shifts = range(0, self.words * _BITS_IN_WORD, _BITS_IN_WORD)
        for k in wide:
            masks[k] = [values[k] >> shift & _WORD_MASK for shift in shifts]
        return masks


def _popcount(masks: np.ndarray) -> np.ndarray:
    """Set bits per mask (a row of words)."""
    return np.bitwise_count(masks).sum(axis=1, dtype=np.int64)


def _nonzero(masks: np.ndarray) -> np.ndarray:
    """Whether each mask has a bit set."""
    return np.bitwise_or.reduce(masks, axis=1) != 0


class _TranslationTable:
    """Model 1 sums for the pairs of a pair table: for every slot (x, y) and every token k of
    y, the sum over x's words c of t(e_k|c); and for every slot, the log-likelihood ratio of
    all of y's tokens given x alone (the beads with one sentence on x's side need nothing
    else)."""

    def __init__(self, model: TranslationModel, pairs: "_PairTable", m: int):
        self.model, self.pairs = model, pairs
        x, y = pairs.slot_rows()
        tokens = np.diff(model.target_offset)
        slot_tokens = tokens[y]
        self.token_offset = np.concatenate(([0], np.cumsum(slot_tokens))).astype(np.int64)
        total = int(self.token_offset[-1])
        # Target tokens by (word, sentence), joined with the source sentences' vectors on the
        # word, within each source sentence's range of targets.
        stride = m + 1
        token_sentence = np.repeat(np.arange(m), tokens)
        code = model.target_word * stride + token_sentence
        order = np.argsort(code, kind="stable")
        code = code[order]
        entry_sentence = np.repeat(
            np.arange(len(model.source_length)), np.diff(model.source_offset)
        )
        base = model.source_word * stride
        first = np.searchsorted(code, base + pairs.start[entry_sentence])
        last = np.searchsorted(code, base + pairs.end[entry_sentence])
        counts = last - first
        entry = np.repeat(np.arange(len(counts)), counts)
        hit = order[_ranges(first, counts)]  # flat index of the target token
        hit_y = token_sentence[hit]
        hit_x = entry_sentence[entry]
        slot = pairs.offset[hit_x] + hit_y - pairs.start[hit_x]
        position = self.token_offset[slot] + hit - model.target_offset[hit_y]
        widest = int(tokens.max(initial=0))
        # Past the end, zeros for the pairs outside the table.
        self.summed = np.bincount(
            position, model.source_weight[entry], minlength=total + widest + 1
        )
        slot_of = np.repeat(np.arange(pairs.size), slot_tokens)
        within = np.arange(total) - np.repeat(self.token_offset[:-1], slot_tokens)
        word = model.target_word[model.target_offset[y[slot_of]] + within]
        scores = model.token_scores(self.summed[:total], model.source_length[x[slot_of]], word)
        self.single = np.append(np.bincount(slot_of, scores, minlength=pairs.size), 0.0)


def _model1_terms(
    table: _TranslationTable, explaining: list[np.ndarray], explained: list[np.ndarray]
) -> np.ndarray:
    """Per cell, the log-likelihood ratio of the explained sentences' tokens given all the
    explaining sentences' words (sentence indices per cell, on the model's sides)."""
    model, pairs = table.model, table.pairs
    cells = len(explained[0])
    total = np.zeros(cells, dtype=np.float64)
    for y in explained:
        if len(explaining) == 1:
            total += table.single[pairs.index(explaining[0], y)]
            continue
        tokens = np.diff(model.target_offset)[y]
        cell = np.repeat(np.arange(cells), tokens)
        within = np.arange(int(tokens.sum())) - np.repeat(np.cumsum(tokens) - tokens, tokens)
        summed = np.zeros(len(cell), dtype=np.float64)
        length = np.zeros(len(cell), dtype=np.int64)
        for x in explaining:
            start = table.token_offset[pairs.index(x, y)]
            summed += table.summed[start[cell] + within]
            length += model.source_length[x][cell]
        word = model.target_word[model.target_offset[y][cell] + within]
        total += np.bincount(cell, model.token_scores(summed, length, word), minlength=cells)
    return total


def quotation_states(quotes: Sequence[str]) -> list[bool]:
    """Whether a text is inside a quotation after each of its first 0..n sentences, from the
    sentences' quotation marks (``SentenceEvidence.quotes``): the sentence before that point
    opens a quotation it does not close, or the one after closes one it did not open. Local
    on purpose: a single stray mark must not flip the state of every sentence after it."""
    unclosed, unopened = [], []
    for marks in quotes:
        depth, closes_earlier = 0, False
        for mark in marks:
            if mark == "(":
                depth += 1
            elif depth:
                depth -= 1
            else:
                closes_earlier = True
        unclosed.append(depth > 0)
        unopened.append(closes_earlier)
    inner = [unclosed[k - 1] or unopened[k] for k in range(1, len(quotes))]
    return [False, *inner, False] if quotes else [False]


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ranges [start, start + count) as one index array."""
    counts = np.asarray(counts, dtype=np.int64)
    base = np.repeat(np.asarray(starts, dtype=np.int64) - np.cumsum(counts) + counts, counts)
    return base + np.arange(int(counts.sum()), dtype=np.int64)


# math's own functions, element by element: numpy's log and erfc (scipy's) may differ from
# them in the last bit, and a last bit can break a tie between two paths.
_erfc = np.frompyfunc(math.erfc, 1, 1)
_log = np.frompyfunc(math.log, 1, 1)


def length_costs(
    src_chars: np.ndarray, tgt_chars: np.ndarray, ratio: float, variance: float
) -> np.ndarray:
    """Gale-Church: -log P(length difference this large | the sentences match), per pair."""
    expected = src_chars * ratio
    spread = np.sqrt(np.maximum(1.0, variance * (expected + tgt_chars) / 2))
    delta = np.abs(tgt_chars - expected) / spread
    tail = _erfc(delta / math.sqrt(2)).astype(np.float64)  # two-sided tail probability
    return -_log(np.maximum(tail, 1e-12)).astype(np.float64)


def _matched_twice(masks: list[np.ndarray]) -> np.ndarray:
    """Bits set in at least two of the masks: tokens that more than one sentence explains."""
    seen, twice = masks[0], masks[0] & 0
    for mask in masks[1:]:
        twice = twice | (seen & mask)
        seen = seen | mask
    return twice


class _Scores:
    """Bead scores for the cells of a block of rows, one array per shape."""

    def __init__(self, model: ScoringModel, source: _Side, target: _Side, pairs: _PairTable):
        self.model, self.source, self.target, self.pairs = model, source, target, pairs

    def skip_source(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """A 1-0 bead ending at (i, j): cheap when its sentence has words and none of them
        matches either neighbour on the other side (an added sentence), or is page chrome."""
        w = self.model.weights
        x = i - 1
        near = _nonzero(self.pairs.source_masks[self.pairs.index(x, j - 1)]) | _nonzero(
            self.pairs.source_masks[self.pairs.index(x, np.where(j < self.target.n, j, -1))]
        )
        cheap = self.source.boilerplate[x] | (
            (self.source.tokens[x] >= self.model.unmatched_skip_tokens) & ~near
        )
        return -np.where(cheap, w.unmatched_skip_penalty, w.skip_penalty)

    def skip_target(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """A 0-1 bead ending at (i, j): as ``skip_source``, and dearer by the addition
        penalty unless its sentence is page chrome."""
        w = self.model.weights
        y = j - 1
        near = _nonzero(self.pairs.target_masks[self.pairs.index(i - 1, y)]) | _nonzero(
            self.pairs.target_masks[self.pairs.index(np.where(i < self.source.n, i, -1), y)]
        )
        chrome = self.target.boilerplate[y]
        cheap = chrome | ((self.target.tokens[y] >= self.model.unmatched_skip_tokens) & ~near)
        penalty = np.where(cheap, w.unmatched_skip_penalty, w.skip_penalty)
        return -(penalty + np.where(chrome, 0.0, w.addition_penalty))

    def bead(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Beads of a source and b target sentences ending at (i, j), i >= a and j >= b."""
        model, w = self.model, self.model.weights
        llr, rewarded = self._lexical_terms(a, b, i, j)
        length = self._length_costs(self.source.chars(i - a, i), self.target.chars(j - b, j))
        score = (
            w.llr_weight * llr
            + (rewarded + w.unsupported_share * (a + b - rewarded)) * w.pairing_reward
            - w.len_weight * length
            - w.shape_penalty[(a, b)]
        )
        if b > 1 and w.clause_split_weight:
            score = score - w.clause_split_weight * self._clause_split_costs(a, b, i, j)
        if model.translation is not None:
            score = score + w.translation_weight * self._translation_terms(a, b, i, j)
        if model.multi_paragraph:
            score = score - w.paragraph_cross_penalty * (
                self.source.breaks(i - a, i) + self.target.breaks(j - b, j)
            )
        return score

    def _clause_split_costs(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Summed over the sentence boundaries inside each bead's English: how far the share
        of the English characters before it lies from the Chinese clause end nearest the same
        share of the Chinese characters, capped, less the allowance."""
        w, target = self.model.weights, self.target
        first = target.char_prefix[j - b]
        length = np.maximum(1, target.char_prefix[j] - first)
        costs = np.zeros(len(i))
        for u in range(1, b):
            share = (target.char_prefix[j - b + u] - first) / length
            distance = self.source.clause_distance(i - a, i, share)
            costs += np.minimum(distance, w.clause_split_cap) - w.clause_split_allowance
        return costs

    def _translation_terms(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Model 1's log-likelihood ratio of the bead's English tokens given its Chinese."""
        xs = [i - a + t for t in range(a)]
        ys = [j - b + u for u in range(b)]
        table = self.pairs.translation
        assert table is not None
        total = _model1_terms(table, xs, ys)
        per_token = self.model.weights.translation_per_token
        if per_token:
            words = sum(self.target.tokens[y] for y in ys)
            total = total / np.maximum(1, words) * (a + b)
        return total

    def _length_costs(self, src_chars: np.ndarray, tgt_chars: np.ndarray) -> np.ndarray:
        # Few distinct length pairs recur across the band: each is costed once.
        stride = int(tgt_chars.max(initial=0)) + 1
        keys, inverse = np.unique(src_chars * stride + tgt_chars, return_inverse=True)
        model = self.model
        costs = length_costs(keys // stride, keys % stride, model.ratio, model.variance)
        return costs[inverse]

    def _lexical_terms(self, a: int, b: int, i: np.ndarray, j: np.ndarray):
        """Each bead's lexical log-likelihood ratio, and how many of its sentences earn the
        pairing reward.

        The ratio is summed over the bead's sentences: "translates the other side" against
        "unrelated to it", from how many of each sentence's tokens are matched. Under
        translation a token is matched with probability ``p_match`` (learned from the anchors
        of this document pair, so literal MT and free literary translation each get their own);
        by chance with ``p_chance`` per sentence on the other side (``llr_terms``).

        Where one side has several sentences, a sentence whose matches are all explained by
        its neighbours in the bead counts as unmatched: "Back to Home" beside "After the
        talks ..." meets 后 (back, after) only through a word the real translation has too.
        Only sentences with a match of their own, or too short to be expected to have one,
        earn the full reward for being paired; the others a share of it. Page chrome paired
        with prose matches nothing, whatever it shares with it by chance.
        """
        pairs, w = self.pairs, self.model.weights
        xs = [i - a + t for t in range(a)]
        ys = [j - b + u for u in range(b)]
        slots = [[pairs.index(x, y) for y in ys] for x in xs]
        src = [[pairs.source_masks[slot] for slot in row] for row in slots]
        tgt = [[pairs.target_masks[slot] for slot in row] for row in slots]
        source_chrome = np.logical_or.reduce([self.source.boilerplate[x] for x in xs])
        target_chrome = np.logical_or.reduce([self.target.boilerplate[y] for y in ys])
        twice_in_source = [_matched_twice(row) for row in src] if b > 1 else None
        twice_in_target = (
            [_matched_twice([tgt[t][u] for t in range(a)]) for u in range(b)] if a > 1 else None
        )
        llr = np.zeros(len(i), dtype=np.float64)
        rewarded = np.zeros(len(i), dtype=np.int64)
        hit, miss = self.model.llr_terms[b]
        for t, x in enumerate(xs):
            matched = src[t][0]
            for mask in src[t][1:]:
                matched = matched | mask
            if twice_in_target is not None:
                own = np.logical_or.reduce(
                    [_nonzero(tgt[t][u] & ~twice_in_target[u]) for u in range(b)]
                )
                matched = np.where(own[:, None], matched, 0)
            chrome_with_prose = self.source.boilerplate[x] & ~target_chrome
            matched = np.where(chrome_with_prose[:, None], 0, matched)
            llr, rewarded = self._add_sentence(
                llr, rewarded, matched, self.source.tokens[x], hit, miss, w.wordy
            )
        hit, miss = self.model.llr_terms[a]
        for u, y in enumerate(ys):
            matched = tgt[0][u]
            for t in range(1, a):
                matched = matched | tgt[t][u]
            if twice_in_source is not None:
                own = np.logical_or.reduce(
                    [_nonzero(src[t][u] & ~twice_in_source[t]) for t in range(a)]
                )
                matched = np.where(own[:, None], matched, 0)
            chrome_with_prose = self.target.boilerplate[y] & ~source_chrome
            matched = np.where(chrome_with_prose[:, None], 0, matched)
            llr, rewarded = self._add_sentence(
                llr, rewarded, matched, self.target.tokens[y], hit, miss, w.wordy
            )
        if a == 1 and b == 1:
            # A 1-1 pairing of like with like earns the full reward whatever it matched.
            rewarded = np.where(source_chrome == target_chrome, 2, rewarded)
        return llr, rewarded

    def _add_sentence(self, llr, rewarded, matched, tokens, hit, miss, wordy):
        count = _popcount(matched)
        llr = llr + (count * hit + (tokens - count) * miss)
        rewarded = rewarded + (_nonzero(matched) | (tokens < wordy))
        return llr, rewarded


def best_path(
    model: ScoringModel,
    source: Sequence[SentenceEvidence],
    target: Sequence[SentenceEvidence],
    lo: Sequence[int],
    hi: Sequence[int],
    on_row: Callable[[int], None] | None = None,
    free_end: bool = False,
) -> list[tuple[int, int, int, int]]:
    """The highest-scoring monotone path of beads from (0, 0) to (n, m) inside the band
    (row i may visit targets lo[i]..hi[i]), as (i0, i1, j0, j1) per bead. ``on_row(i)`` is
    called before each row: it may raise to abandon the search. With ``free_end`` the path
    ends wherever on the last row or column it scores best: one side's end may lie past the
    other's, as where a long text was cut into windows."""
    n, m = len(source), len(target)
    lo_array, hi_array = np.array(lo, dtype=np.int64), np.array(hi, dtype=np.int64)
    widths = hi_array - lo_array + 1
    cell_offset = np.concatenate(([0], np.cumsum(widths)))
    cells = int(cell_offset[-1])
    # All shapes but the in-row 0-1 step. With it second, this is the order in which the
    # scalar program tried them, and a tie goes to the first: the same paths come out.
    shapes = [SKIP_SOURCE, *model.weights.shape_penalty]
    widest = (max(a for a, _ in shapes), max(b for _, b in shapes))
    pairs = _PairTable(source, target, lo_array, hi_array, widest)
    if model.translation is not None:
        pairs.translation = _TranslationTable(model.translation, pairs, m)
    scores = _Scores(model, _Side(source), _Side(target), pairs)
    best = np.full(cells + 1, -math.inf)  # the last slot stands for cells outside the band
    back = np.zeros(cells, dtype=np.int8)
    best[0] = 0.0
    for first_row, last_row, predecessors, bead_scores, skip_scores in _blocks(
        scores, shapes, lo_array, hi_array, cell_offset, n
    ):
        for i in range(first_row, last_row):
            if on_row is not None:
                on_row(i)
            begin, end = int(cell_offset[i]), int(cell_offset[i + 1])
            local = slice(begin - int(cell_offset[first_row]), end - int(cell_offset[first_row]))
            candidates = best[predecessors[:, local]] + bead_scores[:, local]
            _walk_row(i, begin, end, candidates, skip_scores[local], best, back)
    path = []
    i, j = _best_end(best, lo_array, hi_array, cell_offset, m) if free_end else (n, m)
    while i > 0 or j > 0:
        k = int(back[int(cell_offset[i]) + j - int(lo_array[i])])
        a, b = SKIP_TARGET if k == 1 else shapes[k - (k > 1)]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    return path[::-1]


def _best_end(best, lo, hi, cell_offset, m: int) -> tuple[int, int]:
    """The best-scoring cell of the last row or the last column; a tie goes to (n, m)."""
    n = len(lo) - 1
    last_row = best[int(cell_offset[n]) : int(cell_offset[n + 1])]
    rows = np.flatnonzero(hi == m)
    last_column = best[cell_offset[rows] + m - lo[rows]]
    in_row, in_column = int(np.argmax(last_row[::-1])), int(np.argmax(last_column[::-1]))
    row_end = (n, m - in_row)
    column_end = (int(rows[len(rows) - 1 - in_column]), m)
    if last_column[len(rows) - 1 - in_column] > last_row[len(last_row) - 1 - in_row]:
        return column_end
    return row_end


def _walk_row(i, begin, end, candidates, skip_scores, best, back) -> None:
    """Best score and shape per cell of row i. Shape codes: 0 the 1-0 skip, 1 the 0-1 skip,
    2.. the other shapes in order; a tie goes to the lower code.

    Only the 0-1 step reaches back along the row: best[k] = max(entry[k], best[k-1] + s[k]),
    where entry is the best of the other steps. Unrolled, best[k] = P[k] + max over l <= k of
    (entry[l] - P[l]), P the prefix sums of s: a running maximum, no loop over the cells."""
    skip_source = candidates[0]
    others = candidates[1:]
    other_best = others.max(axis=0)
    other_code = others.argmax(axis=0) + 2
    entry = np.maximum(skip_source, other_best)
    if i == 0:
        entry[0] = 0.0  # the start
    steps = skip_scores.copy()
    steps[0] = 0.0  # the row's first cell has no cell before it in the row
    prefix = np.cumsum(steps)
    row_best = prefix + np.maximum.accumulate(entry - prefix)
    along = np.concatenate(([-math.inf], row_best[:-1] + skip_scores[1:]))
    code = np.where(other_best > np.maximum(skip_source, along), other_code, 0)
    code = np.where((along > skip_source) & (along >= other_best), 1, code)
    best[begin:end] = row_best
    back[begin:end] = code


def _blocks(
    scores: _Scores, shapes, lo, hi, cell_offset, n: int
) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """For each block of rows: predecessor slots and bead scores per shape and cell, and the
    scores of the 0-1 step."""
    cells = int(cell_offset[-1])
    for first in range(0, n + 1, _ROWS_PER_BLOCK):
        last = min(n + 1, first + _ROWS_PER_BLOCK)
        begin, end = int(cell_offset[first]), int(cell_offset[last])
        i = np.repeat(np.arange(first, last), np.diff(cell_offset[first : last + 1]))
        j = lo[i] + (np.arange(begin, end) - cell_offset[i])
        predecessors = np.empty((len(shapes), end - begin), dtype=np.int64)
        bead_scores = np.full((len(shapes), end - begin), -math.inf)
        for k, (a, b) in enumerate(shapes):
            pi, pj = i - a, j - b
            safe = np.maximum(pi, 0)
            inside = (pi >= 0) & (pj >= lo[safe]) & (pj <= hi[safe])
            predecessors[k] = np.where(inside, cell_offset[safe] + pj - lo[safe], cells)
            if inside.any():
                where = np.flatnonzero(inside)
                if (a, b) == SKIP_SOURCE:
                    bead_scores[k, where] = scores.skip_source(i[where], j[where])
                else:
                    bead_scores[k, where] = scores.bead(a, b, i[where], j[where])
        skip_scores = np.full(end - begin, -math.inf)
        where = np.flatnonzero(j >= 1)
        skip_scores[where] = scores.skip_target(i[where], j[where])
        if scores.model.quote_penalty:
            # Every step into a cell ends a bead at that corner.
            split = scores.source.quoted[i] != scores.target.quoted[j]
            bead_scores -= scores.model.quote_penalty * split
            skip_scores -= scores.model.quote_penalty * split
        yield first, last, predecessors, bead_scores, skip_scores
