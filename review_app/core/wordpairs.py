"""Word translations learned from the document pair itself (hunalign's second pass).

The dictionary misses what a document repeats in its own way: a character's name, a term of
the trade, a translator's habit (杨 ~ Yang, 出来 ~ out). Sentence pairs that a first alignment
is confident about show which Chinese words and English stems keep company; the pairs that
do so consistently become evidence for a second alignment.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .evidence import SentenceEvidence
from .lexicon import Lexicon, english_content_stems

if TYPE_CHECKING:  # alignment imports the model through bandpath
    from .alignment import Bead

MIN_PAIRS = 2  # a pairing seen once is chance
MIN_DICE = 0.5  # share of each word's occurrences that the pairing explains
MIN_CONFIDENCE = 0.5  # first-pass beads below this teach nothing
ZH_FUNCTION_WORDS = frozenset(
    "的 了 着 过 是 在 和 与 及 也 都 就 还 又 而 但 并 把 被 让 给 对 从 向 到 为 以 之 其 所 "
    "这 那 我 你 他 她 它 们 我们 你们 他们 她们 一个 没有 不 很 吗 呢 吧 啊 么".split()
)


def learn_word_pairs(
    source: Sequence[str], target: Sequence[str], beads: Sequence["Bead"], lexicon: Lexicon
) -> dict[str, set[str]]:
    """Chinese word -> English stems that co-occur in confident 1-1 beads, not yet known."""
    together: Counter[tuple[str, str]] = Counter()
    words: Counter[str] = Counter()
    stems: Counter[str] = Counter()
    for bead in beads:
        if len(bead.source) != 1 or len(bead.target) != 1 or bead.confidence < MIN_CONFIDENCE:
            continue
        zh_words = set(lexicon.segment(source[bead.source[0]]))
        en_stems = set(english_content_stems(target[bead.target[0]]))
        words.update(zh_words)
        stems.update(en_stems)
        together.update((w, e) for w in zh_words for e in en_stems)
    learned: dict[str, set[str]] = {}
    for (word, stem), count in together.items():
        if count < MIN_PAIRS or 2 * count / (words[word] + stems[stem]) < MIN_DICE:
            continue
        if word in ZH_FUNCTION_WORDS:
            continue  # it keeps company with everything, in short documents most of all
        if stem not in lexicon.glosses(word):
            learned.setdefault(word, set()).add(stem)
    return learned


# -- IBM Model 1 ------------------------------------------------------------------------------
# A graded score of a bead instead of a count of matched tokens: how much likelier its English
# words are given its Chinese words, under word translation probabilities t(e|c), than given
# the document's Chinese words at large (Brown et al. 1993, Model 1; Moore 2002 scores beads
# this way). t(e|c) is estimated by EM on the first pass's beads, with the dictionary's
# matches as prior counts: the dictionary says which pairings are possible, the document says
# which of them this translator uses, and teaches the pairings it lacks (names, habits).
EM_ITERATIONS = 5
DICTIONARY_PRIOR = 1.0  # pseudo-count of each dictionary match, per Chinese word type
T_FLOOR = 1e-4  # t(e|c) of a pairing never seen: an English word nothing explains is neutral
T_KEEP = 0.01  # smaller t(e|c) are dropped from the sentence vectors (most of them, cheaply)
# First-pass beads below this confidence do not train the model: on MAC-Dev all beads gave
# 0.846 strict F1, >= 0.5 0.853, >= 0.7 and >= 0.85 0.850. Dictionary prior counts of 10 and
# 100 instead of 1 changed nothing (0.846, 0.840 summed).
TRAINING_CONFIDENCE = 0.5
# Tried and not kept: each bead trained with a Chinese sentence of context on either side (an
# English sentence the first pass put with the wrong neighbour still meets its translation).
# With the quotation corners and learned shapes, MAC-Dev / news / news without chrome
# detection strict F1: 0.879 / 0.992 / 0.985 against 0.880 / 0.991 / 0.980 without, for 0.6 s
# and 68 MB more at 5,000 x 6,500 sentences (three times the pairs EM visits).


@dataclass(frozen=True)
class TranslationModel:
    """Model 1 of one document pair, as arrays that ``bandpath`` joins with its pair table.

    English words are numbered 0..V-1. For Chinese sentence x, ``source_word`` and
    ``source_weight`` in [source_offset[x], source_offset[x+1]) hold sum over the sentence's
    words c of t(e|c), for the English words e with a t worth keeping.
    """

    target_word: np.ndarray  # English word of each target token, sentence after sentence
    target_offset: np.ndarray  # (m + 1,) where each target sentence's tokens start
    source_word: np.ndarray
    source_weight: np.ndarray
    source_offset: np.ndarray  # (n + 1,)
    source_length: np.ndarray  # (n,) Chinese tokens per sentence
    null: np.ndarray  # (V,) t(e | NULL), plus the floor
    log_background: np.ndarray  # (V,) log of the chance value of a token's mean t

    def token_scores(self, summed: np.ndarray, length: np.ndarray, word: np.ndarray):
        """Log-likelihood ratio of English tokens ``word`` given Chinese words whose t(e|c)
        sum to ``summed`` over ``length`` words: Model 1's mean against chance."""
        mean = (summed + T_FLOOR * length + self.null[word]) / (length + 1)
        return np.log(mean) - self.log_background[word]

    def pair_score(self, x: int, y: int) -> float:
        """The log-likelihood ratio of target sentence y given source sentence x alone."""
        words = self.target_word[self.target_offset[y] : self.target_offset[y + 1]]
        vector = slice(self.source_offset[x], self.source_offset[x + 1])
        weight = dict(
            zip(self.source_word[vector].tolist(), self.source_weight[vector].tolist(), strict=True)
        )
        summed = np.array([weight.get(e, 0.0) for e in words.tolist()])
        length = np.full(len(words), self.source_length[x])
        return float(self.token_scores(summed, length, words).sum())


def _numbered(words: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    vocabulary: dict[str, int] = {}
    flat = [vocabulary.setdefault(w, len(vocabulary)) for sentence in words for w in sentence]
    offset = np.concatenate(([0], np.cumsum([len(s) for s in words]))).astype(np.int64)
    return np.array(flat, dtype=np.int64), offset, vocabulary


def _dictionary_pairs(source, target, zh_vocabulary, en_vocabulary) -> np.ndarray:
    """Codes (Chinese word * V + English word) of the pairs whose tokens share a key anywhere
    in the document, sorted. A word's tokens mostly share one key set: each set is read once,
    and the two sides meet by a join on the key, not by a loop over its words."""
    key_ids: dict[str, int] = {}
    en_words, en_keys = [], []
    for word, keys in _distinct_tokens(target):
        e = en_vocabulary[word]
        for key in keys:
            en_words.append(e)
            en_keys.append(key_ids.setdefault(key, len(key_ids)))
    zh_words, zh_keys = [], []
    for word, keys in _distinct_tokens(source):
        c = zh_vocabulary[word]
        for key in keys:
            k = key_ids.get(key)
            if k is not None:
                zh_words.append(c)
                zh_keys.append(k)
    en_key = np.array(en_keys, dtype=np.int64)
    order = np.argsort(en_key, kind="stable")
    en_key, en_word = en_key[order], np.array(en_words, dtype=np.int64)[order]
    zh_key = np.array(zh_keys, dtype=np.int64)
    first = np.searchsorted(en_key, zh_key, side="left")
    counts = np.searchsorted(en_key, zh_key, side="right") - first
    zh_word = np.repeat(np.array(zh_words, dtype=np.int64), counts)
    return np.unique(zh_word * len(en_vocabulary) + en_word[_ranges(first, counts)])


def _distinct_tokens(sentences: Sequence[SentenceEvidence]) -> set[tuple[str, frozenset[str]]]:
    return {
        token
        for sentence in sentences
        for token in zip(sentence.words, sentence.token_keys, strict=True)
    }


def learn_translation_model(
    source: Sequence[SentenceEvidence],
    target: Sequence[SentenceEvidence],
    beads: Sequence["Bead"],
) -> TranslationModel | None:
    """Model 1 trained on the beads of a first alignment of these sentences; None when the
    beads pair nothing."""
    spans = [
        (b.source, b.target)
        for b in beads
        if b.source and b.target and b.confidence >= TRAINING_CONFIDENCE
    ]
    zh_flat, zh_offset, zh_vocabulary = _numbered([s.words for s in source])
    en_flat, en_offset, en_vocabulary = _numbered([t.words for t in target])
    zh_types, en_types = len(zh_vocabulary), len(en_vocabulary)
    if not spans or not zh_types or not en_types:
        return None
    # Each bead's tokens: a bead is consecutive sentences, so one slice of the flat arrays.
    zh_start = zh_offset[[s[0] for s, _ in spans]]
    zh_count = zh_offset[[s[-1] + 1 for s, _ in spans]] - zh_start
    en_start = en_offset[[t[0] for _, t in spans]]
    en_count = en_offset[[t[-1] + 1 for _, t in spans]] - en_start
    # English token instances, then (instance, Chinese token of its bead) pairs.
    instance_bead = np.repeat(np.arange(len(spans)), en_count)
    instance_word = en_flat[_ranges(en_start, en_count)]
    pair_instance = np.repeat(np.arange(len(instance_bead)), zh_count[instance_bead])
    pair_zh = zh_flat[_ranges(zh_start[instance_bead], zh_count[instance_bead])]
    codes, pair_type = np.unique(
        pair_zh * en_types + instance_word[pair_instance], return_inverse=True
    )
    type_zh, type_en = codes // en_types, codes % en_types
    known = _dictionary_pairs(source, target, zh_vocabulary, en_vocabulary)
    prior = DICTIONARY_PRIOR * np.isin(codes, known)
    t = _normalised(1.0 + 10.0 * prior, type_zh, zh_types)
    null = np.full(en_types, 1.0 / en_types)
    for _ in range(EM_ITERATIONS):
        weights = t[pair_type]
        total = np.bincount(pair_instance, weights, minlength=len(instance_word))
        total += null[instance_word]
        counts = np.bincount(pair_type, weights / total[pair_instance], minlength=len(codes))
        t = _normalised(counts + prior, type_zh, zh_types)
        null_counts = np.bincount(instance_word, null[instance_word] / total, minlength=en_types)
        null = null_counts / max(null_counts.sum(), 1e-12)
    null = null + T_FLOOR
    kept = t >= T_KEEP
    # Sentence vectors: each Chinese token contributes its word's kept t(e|c).
    type_start = np.searchsorted(type_zh[kept], np.arange(zh_types + 1))
    kept_en, kept_t = type_en[kept], t[kept]
    token_start, token_count = type_start[zh_flat], np.diff(type_start)[zh_flat]
    token_sentence = np.repeat(np.arange(len(source)), np.diff(zh_offset))
    entry = _ranges(token_start, token_count)
    entry_sentence = np.repeat(token_sentence, token_count)
    sentence_codes, where = np.unique(
        entry_sentence * en_types + kept_en[entry], return_inverse=True
    )
    weight = np.bincount(where, kept_t[entry], minlength=len(sentence_codes))
    source_sentence = sentence_codes // en_types
    source_offset = np.searchsorted(source_sentence, np.arange(len(source) + 1))
    # Chance: the mean t(e|c) over all the document's Chinese tokens, in a sentence of
    # average length.
    frequency = np.bincount(zh_flat, minlength=zh_types)
    background = np.bincount(type_en, t * frequency[type_zh], minlength=en_types) / max(
        1, len(zh_flat)
    )
    length = max(1.0, len(zh_flat) / max(1, len(source)))
    chance = (length * (background + T_FLOOR) + null) / (length + 1)
    return TranslationModel(
        target_word=en_flat,
        target_offset=en_offset,
        source_word=sentence_codes % en_types,
        source_weight=weight,
        source_offset=source_offset.astype(np.int64),
        source_length=np.diff(zh_offset),
        null=null,
        log_background=np.log(chance),
    )


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ranges [start, start + count) as one index array."""
    counts = np.asarray(counts, dtype=np.int64)
    base = np.repeat(np.asarray(starts, dtype=np.int64) - np.cumsum(counts) + counts, counts)
    return base + np.arange(int(counts.sum()), dtype=np.int64)


def _normalised(counts: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    totals = np.bincount(group, counts, minlength=groups)
    return counts / np.maximum(totals[group], 1e-12)
