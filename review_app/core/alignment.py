"""Sentence alignment of a Chinese text with its English translation.

The aligner is a monotone dynamic program over the two sentence lists. It produces *beads*:
groups of consecutive source and target sentences that translate each other (1-1, 1-2, 2-1,
2-2, 1-3, 3-1, 1-4, 1-5, and 1-0 / 0-1 for sentences with no counterpart).

A bead's score combines
* lexical evidence: which words of each sentence have a counterpart on the other side,
  through CC-CEDICT glosses, glossary terms, numbers as values, Latin tokens that pass through
  unchanged, and names by pinyin (see ``evidence.py``);
* length: a Gale–Church term, with the English/Chinese character ratio and its variance learned
  from the document pair itself;
* paragraphs: a bead that crosses a paragraph boundary on one side only pays a penalty;
* quotations: so does a bead that ends inside a quotation on one side only;
* clauses: where a bead's English is several sentences, each cut between them should fall near
  a clause end of its Chinese, at the same share of the bead's length;
* shape: a prior penalty per shape, which a second pass relearns from the first pass's shapes;
* in a second pass, Model 1 (``wordpairs.TranslationModel``): a graded score of the bead's
  English words given its Chinese ones.

Lexical evidence enters as a log-likelihood ratio per sentence: how many of its tokens found a
match, against how many a true pair and a chance pair of this document would show.

Long documents stay near linear: a first pass finds confident 1-1 anchors (mutual best lexical
matches that form a monotone chain); the full program then runs only in a band around the
path through the anchors.
"""

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .bandpath import BeadWeights, ScoringModel, best_path, length_costs
from .evidence import SentenceEvidence, pair_matches
from .wordpairs import TranslationModel

# Bead shapes the program considers, with a prior penalty each (log-odds scale): the commoner
# a shape in professionally translated zh->en text, the smaller its penalty.
SHAPE_PENALTY: dict[tuple[int, int], float] = {
    (1, 1): 0.0,
    (1, 2): 0.25,
    (2, 1): 0.35,
    (1, 3): 0.6,
    (3, 1): 0.9,
    (2, 2): 0.9,
    (1, 4): 1.0,
    (1, 5): 1.4,
}
# 4-1, 2-3 and 3-2 were tried: on MAC-Dev and the news set they changed no score by more than
# 0.002 F1, and each costs as much as all the common shapes together. 1-5 earns its place in
# literary text, where a long Chinese sentence of narrative becomes five English ones: without
# it such a bead became a 1-4 and a wrong neighbour. Development figures, MAC-Dev strict / lax
# (news unchanged at 0.991): without 0.891 / 0.991; 1-5 at 1.0: 0.889 / 0.990; 1.2: 0.894 /
# 0.992; 1.4: 0.895 / 0.991; 1.6: 0.893 / 0.991. 1-6 beside it at 1.8 changed nothing (it was
# never chosen), at 1.2-1.4 it moved F1 by +-0.003 through the learned shape penalties.
# Sentences on the widest side of a bead.
WIDEST_BEAD = max(max(shape) for shape in SHAPE_PENALTY)
# Weights of the bead score, tuned on MAC-Dev (literary) and the WMT22 news set together
# (benchmarks/align_bench.py): the two pull in opposite directions on skips, literary
# translators rarely leave a sentence out, web drafts often carry boilerplate.
LLR_WEIGHT = 0.07  # weight of the lexical log-likelihood ratio (lexical_terms)
PAIRING_REWARD = 0.35  # per sentence paired, so that a weak pairing beats two skips
LEN_WEIGHT = 0.12  # weight of the Gale-Church length cost
SKIP_PENALTY = 0.6  # a 1-0 or 0-1 bead
UNMATCHED_SKIP_PENALTY = 0.2  # the same for a sentence with words and no match next door
MATCH_RATE_SHRINK = 0.8  # anchors are the best pairs; typical pairs match a little less
UNSUPPORTED_SHARE = 0.5  # of the pairing reward, for a sentence without a match of its own
_WORDY = 2  # a sentence with this many evidence tokens is expected to match something
# The chance below which a translated sentence would match none of its tokens: a sentence
# with more tokens than that takes and no match next door is left out cheaply. Development
# figures (benchmarks/align_bench.py; strict/lax F1, news also without chrome detection),
# against the fixed two tokens before: MAC-Dev 0.833/0.975 -> 0.838/0.977, news 0.985 and
# 0.977 unchanged. Lower values help literary text more and cost unknown page chrome:
# 0.2: 0.840/0.978, 0.985, 0.973; 0.05: 0.845/0.980, 0.987, 0.967; 0.02: 0.844/0.980, 0.987.
UNMATCHED_SKIP_CHANCE = 0.3
PARAGRAPH_CROSS_PENALTY = 1.2  # a bead whose sentences straddle a paragraph break
# Weight of Model 1's log-likelihood ratio in the second pass (wordpairs.TranslationModel),
# per token times the bead's sentences. Development figures on MAC-Dev, strict/lax F1 (0.842 /
# 0.980 without it): summed over tokens, weight 0.01: 0.845, 0.05: 0.838, 0.2: 0.838; per token
# 0.05: 0.846; trained on beads of confidence >= 0.5 only: 0.853 / 0.982, and with the second
# pass's band at 6: 0.856 / 0.983. The reverse model (Chinese given English) beside it: 0.852
# (not kept).
TRANSLATION_WEIGHT = 0.05
# Paid at a corner of the path inside a quotation on one side only (bandpath.ScoringModel).
# MAC-Dev strict F1, development figures: 0.863 without; 0.2: 0.872, 0.35: 0.874, 0.5: 0.869,
# 1.0: 0.859. News unchanged (0.987). The state read cumulatively over the whole text instead of
# from each corner's two sentences: MAC-Dev 0.872 at 0.2, but news 0.981 (MT output's stray
# straight quotes flip every sentence after them).
QUOTE_PENALTY = 0.35
# A second pass's shape penalties come from the shapes its guide found (smoothed towards
# SHAPE_PENALTY by this many beads), scaled to the first pass's penalties: literary
# translators split sentences in every third bead, a web draft almost never. Development
# figures, MAC-Dev strict / news strict / news without chrome detection: fixed shapes 0.876 /
# 0.989 / 0.979; scale 0.1: 0.883 / 0.989 / 0.980; 0.15: 0.879 / 0.992 / 0.985; 0.2: 0.873 /
# 0.992 / 0.987; 0.3: 0.861 / 0.989 / 0.987; smoothing 10 or 200 beads instead of 50 at 0.2:
# 0.870 / 0.991 and 0.876 / 0.991 (all with Model 1 trained with context, since removed).
SHAPE_SCALE = 0.15
SHAPE_PRIOR_BEADS = 50
# The skip penalties rise by SKIP_SCALE times the log of how much rarer skips were in the
# guide than SKIP_RATE: a literary translator leaves nothing out. Development figures as above
# (0.880 / 0.991 / 0.980 without), skips made cheaper too where the guide had many: scale
# 0.15: 0.884 / 0.991 / 0.983; 0.25: 0.885 / 0.991 / 0.984; 0.3 with rate 0.04: 0.886 / 0.991 /
# 0.982; 0.4 with 0.04: 0.886 / 0.991 / 0.984 (lax 0.987), but the wrong-chapter drafts' mean
# confidence rose to 0.33, near the mismatch threshold of 0.35; 0.4 with 0.05 / 0.07: 0.887 /
# 0.991 / 0.982 and 0.885 / 0.991 / 0.980; 0.25 with 0.02: 0.883 / 0.989. Dearer only, 0.4 with
# 0.04: 0.886 / 0.991 / 0.980 (lax 0.987).
SKIP_RATE = 0.04
SKIP_SCALE = 0.4
# An English sentence with no Chinese (a 0-1 bead) pays ADDITION_SCALE times the log of how
# much rarer such beads were in the guide than ADDITION_RATE, smoothed by ADDITION_PRIOR_BEADS:
# a web draft adds captions and credits, a literary translator adds nothing that does not
# belong with a neighbouring sentence. Development figures, MAC-Dev strict / lax, news strict,
# news without chrome detection: without 0.886 / 0.987, 0.991, 0.980; 0.4 at 0.06 with 10
# beads: 0.891 / 0.991, 0.991, 0.979; 0.6 at 0.06: 0.891 / 0.991, 0.991, 0.978; 0.4 at 0.08:
# 0.891 / 0.991, 0.990, 0.977; 0.4 at 0.04 with 50 beads: 0.887 / 0.988. The same penalty for
# every draft, not learned: 0.2: 0.887 / 0.989, 0.989; 0.4: 0.891 / 0.992, 0.987, 0.962. The
# same learned for 1-0 beads (Chinese with no English) on top: 0.4 at 0.04: 0.889 / 0.991,
# 0.987; 0.4 at 0.06: 0.891 / 0.993, 0.988; 0.2 at 0.03: 0.890 / 0.990, 0.989.
ADDITION_RATE = 0.06
ADDITION_SCALE = 0.4
ADDITION_PRIOR_BEADS = 10
# Where a bead's English is several sentences, each cut between them should fall, as a share
# of the bead's characters, near a clause end of its Chinese (a comma, a colon, a closing
# quotation, a sentence boundary): "'Why, it's Grannie Liu! | How are you?" cuts where
# 刘老老，| 你好 does. Each cut pays CLAUSE_SPLIT_WEIGHT times its distance from the nearest
# clause end, capped, less an allowance. Development figures, MAC-Dev strict / lax, news
# strict, news without chrome detection; without: 0.895 / 0.991, 0.991, 0.979. Weight 1.0:
# 0.899 / 0.991, 0.992, 0.986; 1.25: 0.903 / 0.993; 1.5: 0.905 / 0.993, 0.992, 0.988; 1.75:
# 0.904 / 0.993; 2.0: 0.900 / 0.992. Allowance 0.05 / 0.11: 0.902 / 0.903. Cap 0.4 / 0.6 / 1.0
# / none: 0.904 / 0.905 / 0.903 / 0.902 (with no cap, a Chinese sentence with no clause inside
# could never be cut); no clause ends at all (every cut at the cap): 0.841 / 0.959. Counting
# 。 or 、 as clause ends, or leaving dashes out: no change. Tried before 1-5 beads were
# (against 0.891 / 0.991, 0.991, 0.979): the bead's Chinese sentence boundaries against
# English clause ends as well, 0.895 / 0.988 but news 0.986 (machine translation keeps
# sentences whole, and a comma there is no cut); squared distances, 0.879-0.888; distances
# relative to a random cut's, 0.872-0.889; the second pass only, 0.894 / 0.988.
CLAUSE_SPLIT_WEIGHT = 1.5
CLAUSE_SPLIT_ALLOWANCE = 0.08
CLAUSE_SPLIT_CAP = 0.5
LOW_CONFIDENCE = 0.4  # beads below this confidence are flagged for a human
SKIP_CONFIDENCE = 0.3  # a 1-0 or 0-1 bead: kept apart on purpose, or a missed match?

WEIGHTS = BeadWeights(
    shape_penalty=SHAPE_PENALTY,
    llr_weight=LLR_WEIGHT,
    pairing_reward=PAIRING_REWARD,
    unsupported_share=UNSUPPORTED_SHARE,
    len_weight=LEN_WEIGHT,
    skip_penalty=SKIP_PENALTY,
    unmatched_skip_penalty=UNMATCHED_SKIP_PENALTY,
    paragraph_cross_penalty=PARAGRAPH_CROSS_PENALTY,
    wordy=_WORDY,
    translation_weight=TRANSLATION_WEIGHT,
    translation_per_token=True,
    clause_split_weight=CLAUSE_SPLIT_WEIGHT,
    clause_split_allowance=CLAUSE_SPLIT_ALLOWANCE,
    clause_split_cap=CLAUSE_SPLIT_CAP,
)

ANCHOR_MIN_DICE = 0.3
ANCHOR_CANDIDATES = 6  # target sentences scored per source sentence in the anchor pass
_ANCHOR_BLOCK = 256  # source sentences whose anchor candidates are found together
# Half-width of the band around the anchor path, in sentences (it widens far from anchors).
# 5 instead: MAC-Dev strict F1 0.875 against 0.880 (development figures).
BAND = 8
# A guide's 1-1 beads this confident are a second pass's anchors (its length model and match
# rates come from them). MAC-Dev strict F1 against 0.856 with anchors searched again: 0.3:
# 0.855, 0.5: 0.863, 0.7: 0.860, 0.9: 0.851, 0.97: 0.834 (development figures; sensitive).
GUIDE_ANCHOR_CONFIDENCE = 0.5
# The same around a first pass's path. MAC-Dev / news / news without chrome detection strict
# F1 (development figures): 6 and 5 both 0.880 / 0.991 / 0.980, and 5 visits 15 % fewer cells;
# 4: 0.879 (lax 0.983 against 0.984); 3 before Model 1 gave 0.853.
GUIDE_BAND = 5


# Asked between stages and once per row of each pass; True abandons the alignment. The caller
# decides what it means (a deadline, a client gone), the core stays free of clocks.
StopCheck = Callable[[], bool] | None


# Told of work done, in rows of the program, as it goes (a progress bar, say); like StopCheck,
# the caller decides what to show, the core only counts.
RowDone = Callable[[], None] | None


class AlignmentTimeout(Exception):
    """The caller's ``should_stop`` said stop: the alignment was abandoned part way."""


def stop_if_asked(should_stop: StopCheck) -> None:
    if should_stop is not None and should_stop():
        raise AlignmentTimeout


@dataclass(frozen=True)
class Bead:
    """Consecutive source and target sentence indices (0-based) that translate each other."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def is_low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]

    @property
    def mean_confidence(self) -> float:
        scored = [b.confidence for b in self.beads]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def low_confidence_count(self) -> int:
        return sum(b.is_low_confidence for b in self.beads)

    def shape_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for bead in self.beads:
            counts[bead.shape] = counts.get(bead.shape, 0) + 1
        return counts


class _Scorer:
    """What the program learns about a document pair (length ratio and variance, match
    rates), and the evidence of the sentence pairs the anchor pass and the confidences look
    at, cached. The band's beads are scored on arrays by ``bandpath``."""

    def __init__(self, source: Sequence[SentenceEvidence], target: Sequence[SentenceEvidence]):
        self.source, self.target = source, target
        self._pairs: dict[tuple[int, int], tuple[int, int]] = {}
        self.set_length_ratio(sum(s.chars for s in source) or 1, sum(t.chars for t in target) or 1)
        self.multi_paragraph = (
            len({s.paragraph for s in source}) > 1 and len({t.paragraph for t in target}) > 1
        )

    def set_length_ratio(self, source_chars: int, target_chars: int) -> None:
        """The length model's ratio, and its starting variance (refined from the anchors once
        they are known: ``_refine_length_model``)."""
        self.ratio = target_chars / source_chars
        self.variance = 6.8 * self.ratio

    def pair(self, i: int, j: int) -> tuple[int, int]:
        key = (i, j)
        found = self._pairs.get(key)
        if found is None:
            found = pair_matches(self.source[i], self.target[j])
            self._pairs[key] = found
        return found

    def dice(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Share of evidence tokens on both sides matched within the bead [i0,i1) x [j0,j1)."""
        total = sum(self.source[i].tokens for i in range(i0, i1)) + sum(
            self.target[j].tokens for j in range(j0, j1)
        )
        if not total:
            return 0.0
        matched = 0
        tgt_masks = [0] * (j1 - j0)
        for i in range(i0, i1):
            src_mask = 0
            for j in range(j0, j1):
                s_mask, t_mask = self.pair(i, j)
                src_mask |= s_mask
                tgt_masks[j - j0] |= t_mask
            matched += src_mask.bit_count()
        matched += sum(mask.bit_count() for mask in tgt_masks)
        return matched / total

    def set_match_rates(self, p_match: float, p_chance: float) -> None:
        self.p_match = p_match
        self.llr_terms: dict[int, tuple[float, float]] = {}
        for k in range(1, WIDEST_BEAD + 1):
            chance = min(0.9, 1.0 - (1.0 - p_chance) ** k)
            match = min(0.97, max(p_match, chance * 1.5))
            if match <= chance:  # noisy evidence: a match is still worth a little
                match = (chance + 1.0) / 2
            self.llr_terms[k] = (
                math.log(match / chance),
                math.log((1.0 - match) / (1.0 - chance)),
            )

    def confidences(self, path: Sequence[tuple[int, int, int, int]]) -> list[float]:
        """Probability that each bead (i0, i1, j0, j1) is right, from its lexical and length
        evidence.

        A logistic model fitted on MAC-Dev beads (right vs wrong) and on beads from drafts
        aligned with the wrong chapter; see benchmarks/align_bench.py for its calibration.
        A sentence left without a counterpart always deserves a human look, and so does a bead
        that mixes page chrome with prose.
        """
        source_chars = np.concatenate(([0], np.cumsum([s.chars for s in self.source])))
        target_chars = np.concatenate(([0], np.cumsum([t.chars for t in self.target])))
        bounds = np.array(path, dtype=np.int64).reshape(-1, 4)
        i0, i1, j0, j1 = bounds.T
        # One call for all the beads: the length model's erfc is an element-wise Python call.
        lengths = length_costs(
            source_chars[i1] - source_chars[i0],
            target_chars[j1] - target_chars[j0],
            self.ratio,
            self.variance,
        ).tolist()
        found = []
        for (b_i0, b_i1, b_j0, b_j1), length in zip(path, lengths, strict=True):
            found.append(self._confidence(b_i0, b_i1, b_j0, b_j1, length))
        return found

    def _confidence(self, i0: int, i1: int, j0: int, j1: int, length: float) -> float:
        if i0 == i1 or j0 == j1:
            return SKIP_CONFIDENCE
        chrome = [self.source[i].boilerplate for i in range(i0, i1)]
        chrome += [self.target[j].boilerplate for j in range(j0, j1)]
        if any(chrome) and not all(chrome):
            return SKIP_CONFIDENCE
        logit = 11.3 * self.dice(i0, i1, j0, j1) - 0.94 * length - 1.9
        return 1.0 / (1.0 + math.exp(-logit))


def align_evidence(
    source: Sequence[SentenceEvidence],
    target: Sequence[SentenceEvidence],
    guide: Alignment | None = None,
    should_stop: StopCheck = None,
    row_done: RowDone = None,
    translation: TranslationModel | None = None,
    free_end: bool = False,
) -> Alignment:
    """Align two lists of prepared sentences (see ``evidence.prepare_*``).

    With ``guide`` (an earlier alignment of the same sentences) the program searches only a
    narrow band around the guide's path: a second pass with better evidence costs less.
    Raises AlignmentTimeout when ``should_stop`` returns True. ``row_done`` is called once
    for each of the program's n + 1 rows. ``translation``, a Model 1 of these sentences
    (``wordpairs.learn_translation_model``), adds its graded score to each bead's. With
    ``free_end`` the beads may stop short of the end of one side (see ``bandpath.best_path``).
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        skips = [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
        return Alignment(tuple(skips))
    scorer = _Scorer(source, target)
    if guide is None:
        # With a free end, the ends of the two sides need not meet: the true path may leave
        # the diagonal by more than the usual search window (a window of a long text whose
        # English runs longer or shorter than its share of characters said).
        anchors = _find_anchors(scorer, n, m, should_stop, wide=free_end)
    else:
        # The guide's confident 1-1 beads are anchors already: searching again cost a sixth
        # of a long document's alignment, and typical pairs teach truer match rates.
        anchors = [
            (b.source[0], b.target[0])
            for b in guide.beads
            if len(b.source) == 1 and len(b.target) == 1 and b.confidence >= GUIDE_ANCHOR_CONFIDENCE
        ]
    if free_end:
        _ratio_between_anchors(scorer, anchors)
    _refine_length_model(scorer, anchors)
    _learn_match_rates(scorer, anchors, n, m)
    if guide is None:
        lo, hi = _band(anchors, n, m, free_end=free_end)
    else:
        corners = [
            (b.source[-1] + 1, b.target[-1] + 1) for b in guide.beads if b.source and b.target
        ]
        lo, hi = _band(corners, n, m, width=GUIDE_BAND, free_end=free_end)
    weights = WEIGHTS if guide is None else learned_weights(guide)
    path = _best_path(scorer, weights, n, m, lo, hi, should_stop, row_done, translation, free_end)
    beads = tuple(
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(confidence, 3))
        for (i0, i1, j0, j1), confidence in zip(path, scorer.confidences(path), strict=True)
    )
    return Alignment(beads)


def learned_weights(guide: Alignment) -> BeadWeights:
    """The bead weights with shape penalties learned from the guide's shapes: the penalty of
    a shape is SHAPE_SCALE times the log of how much rarer than 1-1 it is, its share smoothed
    towards the one SHAPE_PENALTY implies on that scale; skip penalties moved by how often
    the guide left a sentence out, and the addition penalty by how often it found English
    with no Chinese."""
    counts = dict.fromkeys(SHAPE_PENALTY, 0)
    for bead in guide.beads:
        shape = (len(bead.source), len(bead.target))
        if shape in counts:
            counts[shape] += 1
    prior = {shape: math.exp(-penalty / SHAPE_SCALE) for shape, penalty in SHAPE_PENALTY.items()}
    prior_total = sum(prior.values())
    total = sum(counts.values()) + SHAPE_PRIOR_BEADS

    def share(shape: tuple[int, int]) -> float:
        return (counts[shape] + SHAPE_PRIOR_BEADS * prior[shape] / prior_total) / total

    one_to_one = share((1, 1))
    penalty = {
        shape: max(0.0, SHAPE_SCALE * math.log(one_to_one / share(shape))) for shape in counts
    }
    skips = sum(1 for bead in guide.beads if not bead.source or not bead.target)
    rate = (skips + SHAPE_PRIOR_BEADS * SKIP_RATE) / (len(guide.beads) + SHAPE_PRIOR_BEADS)
    # Dearer only: a pass that found many skips is as likely a draft of another article
    # (mostly skips) as a web page, and cheaper skips would hide the mismatch.
    shift = max(0.0, SKIP_SCALE * math.log(SKIP_RATE / rate))
    additions = sum(1 for bead in guide.beads if not bead.source)
    addition_rate = (additions + ADDITION_PRIOR_BEADS * ADDITION_RATE) / (
        len(guide.beads) + ADDITION_PRIOR_BEADS
    )
    return replace(
        WEIGHTS,
        shape_penalty=penalty,
        addition_penalty=max(0.0, ADDITION_SCALE * math.log(ADDITION_RATE / addition_rate)),
        skip_penalty=max(0.05, WEIGHTS.skip_penalty + shift),
        unmatched_skip_penalty=max(0.05, WEIGHTS.unmatched_skip_penalty + shift),
    )


def _diagonal(i: float, n: int, m: int) -> float:
    return i * m / n


def _find_anchors(
    scorer: _Scorer, n: int, m: int, should_stop: StopCheck, wide: bool = False
) -> list[tuple[int, int]]:
    """Mutually best 1-1 lexical matches near the diagonal, reduced to a monotone chain.
    Of two equal matches the one nearer the diagonal wins: a sentence repeated through the
    text (a heading, a formula, a text pasted twice) must not pull the chain to a copy far
    from where its partner is expected."""
    unmatched = (0.0, -math.inf, -1)
    best_for_src: dict[int, tuple[float, float, int]] = {}
    best_for_tgt: dict[int, tuple[float, float, int]] = {}
    source, target = scorer.source, scorer.target
    previous = -1
    for i, j in _anchor_candidates(source, target, n, m, wide):
        if i != previous:
            stop_if_asked(should_stop)
            previous = i
        src_mask, tgt_mask = scorer.pair(i, j)
        tokens = source[i].tokens + target[j].tokens
        dice = (src_mask.bit_count() + tgt_mask.bit_count()) / tokens
        if dice < ANCHOR_MIN_DICE:
            continue
        nearness = -abs(j - _diagonal(i + 0.5, n, m))
        if (dice, nearness) > best_for_src.get(i, unmatched)[:2]:
            best_for_src[i] = (dice, nearness, j)
        if (dice, nearness) > best_for_tgt.get(j, unmatched)[:2]:
            best_for_tgt[j] = (dice, nearness, i)
    candidates = sorted(
        (i, j, dice)
        for i, (dice, _, j) in best_for_src.items()
        if best_for_tgt.get(j, unmatched)[2] == i
    )
    return _heaviest_chain(candidates)


def _anchor_candidates(
    source: Sequence[SentenceEvidence],
    target: Sequence[SentenceEvidence],
    n: int,
    m: int,
    wide: bool = False,
) -> list[tuple[int, int]]:
    """For each source sentence, the targets in a window around the diagonal that share the
    most of its rarer keys (ANCHOR_CANDIDATES at most, ties to the lower index), source by
    source. Rare keys only, found by a join on the key: scoring every pair in a wide window
    would make this pass quadratic in practice. The window is an eighth of the text wide, up
    to 400 sentences; ``wide``, half: for a text whose end may lie off the diagonal."""
    width = max(20, max(n, m) // 2 if wide else min(400, max(n, m) // 8))
    max_df = max(5, m // 20)
    vocabulary: dict[str, int] = {}
    t_key = [vocabulary.setdefault(k, len(vocabulary)) for t in target for k in t.keys]
    t_sentence = np.repeat(np.arange(m), [len(t.keys) for t in target])
    frequency = np.bincount(np.array(t_key, dtype=np.int64), minlength=len(vocabulary))
    rare = {k: code for k, code in vocabulary.items() if frequency[code] <= max_df}
    rare_keys = frozenset(rare)
    common = [s.keys & rare_keys for s in source]
    s_key_array = np.array([rare[k] for keys in common for k in keys], dtype=np.int64)
    s_sentence = np.repeat(np.arange(n), [len(keys) for keys in common])
    stride = m + 1
    t_code = np.sort(np.array(t_key, dtype=np.int64) * stride + t_sentence)
    # The window of source i: centre = floor((i + 0.5) * m / n), as _diagonal computes it.
    centre = np.array([int(_diagonal(i + 0.5, n, m)) for i in range(n)], dtype=np.int64)
    low = np.clip(centre - width, 0, stride)
    high = np.clip(centre + width + 1, 0, stride)
    found: list[tuple[int, int]] = []
    # A block of source sentences at a time: the join's hits would otherwise take more
    # memory than everything else (a rare key still meets hundreds of windowed targets).
    bounds = np.searchsorted(s_sentence, np.arange(0, n + _ANCHOR_BLOCK, _ANCHOR_BLOCK))
    for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        x, key = s_sentence[begin:end], s_key_array[begin:end]
        first = np.searchsorted(t_code, key * stride + low[x])
        last = np.searchsorted(t_code, key * stride + high[x])
        counts = last - first
        entry = np.repeat(np.arange(len(counts)), counts)
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        j = t_code[first[entry] + within] % stride
        pairs, shared = np.unique(x[entry] * stride + j, return_counts=True)
        i, j = pairs // stride, pairs % stride
        order = np.lexsort((j, -shared, i))
        i, j = i[order], j[order]
        group_start = np.flatnonzero(np.concatenate(([True], i[1:] != i[:-1])))
        sizes = np.diff(np.append(group_start, len(i)))
        top = np.arange(len(i)) - np.repeat(group_start, sizes) < ANCHOR_CANDIDATES
        found += zip(i[top].tolist(), j[top].tolist(), strict=True)
    return found


def _heaviest_chain(candidates: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The monotone (increasing in both indices) subset of candidates with the largest weight."""
    if not candidates:
        return []
    xs = np.array([c[0] for c in candidates], dtype=np.int64)
    ys = np.array([c[1] for c in candidates], dtype=np.int64)
    weight = np.array([c[2] for c in candidates], dtype=np.float64)
    back = [-1] * len(candidates)
    # Candidates are few (at most one per sentence); each looks back over a window of 200.
    # The first best predecessor wins a tie, as a scan in order would find it.
    for k in range(1, len(candidates)):
        first = max(0, k - 200)
        totals = np.where(
            (xs[first:k] < xs[k]) & (ys[first:k] < ys[k]), weight[first:k] + weight[k], -np.inf
        )
        best = int(np.argmax(totals))
        if totals[best] > weight[k]:
            weight[k] = totals[best]
            back[k] = first + best
    k = int(np.argmax(weight))
    chain = []
    while k != -1:
        chain.append(candidates[k][:2])
        k = back[k]
    return chain[::-1]


def _ratio_between_anchors(scorer: _Scorer, anchors: list[tuple[int, int]]) -> None:
    """The length ratio of the text between the first and the last anchor: with a free end,
    one side's surplus past the path's end would skew the ratio of the totals."""
    if len(anchors) < 8:
        return
    (i0, j0), (i1, j1) = anchors[0], anchors[-1]
    source_chars = sum(s.chars for s in scorer.source[i0 : i1 + 1])
    target_chars = sum(t.chars for t in scorer.target[j0 : j1 + 1])
    if source_chars and target_chars:
        scorer.set_length_ratio(source_chars, target_chars)


def _refine_length_model(scorer: _Scorer, anchors: list[tuple[int, int]]) -> None:
    """Learn the variance of the length ratio from the anchors (at least a handful needed)."""
    if len(anchors) < 8:
        return
    ratio = scorer.ratio
    residuals = []
    for i, j in anchors:
        s, t = scorer.source[i].chars, scorer.target[j].chars
        residuals.append((t - s * ratio) ** 2 / max(1.0, (s * ratio + t) / 2))
    residuals.sort()
    # The median is robust to the odd wrong anchor; 0.455 is the median of chi-square(1).
    scorer.variance = max(1.0, residuals[len(residuals) // 2] / 0.455)


def _learn_match_rates(scorer: _Scorer, anchors: list[tuple[int, int]], n: int, m: int) -> None:
    """How often a token finds its match in a true pair (anchors) and in a chance pair."""

    def coverage(pairs):
        tokens = matched = 0
        for i, j in pairs:
            src_mask, tgt_mask = scorer.pair(i, j)
            tokens += scorer.source[i].tokens + scorer.target[j].tokens
            matched += src_mask.bit_count() + tgt_mask.bit_count()
        return matched / tokens if tokens else 0.0

    chance_pairs = []
    for i in range(0, n, max(1, n // 200)):
        centre = int(_diagonal(i, n, m))
        chance_pairs += [(i, j) for j in (centre - 9, centre + 11) if 0 <= j < m]
    p_chance = min(0.3, max(0.01, coverage(chance_pairs)))
    p_match = coverage(anchors) * MATCH_RATE_SHRINK if len(anchors) >= 5 else 0.35
    scorer.set_match_rates(min(0.9, max(p_match, 2 * p_chance)), p_chance)


def _band(
    anchors: list[tuple[int, int]], n: int, m: int, width: int = BAND, free_end: bool = False
) -> tuple[list[int], list[int]]:
    """For each source index, the range of target indices the program may visit. With
    ``free_end`` the band goes on from the last anchor at the slope of the last anchors, to
    whichever side it reaches first, instead of bending towards (n, m)."""
    points = [(0, 0), *sorted(anchors)]
    if free_end and anchors:
        points.append(_extrapolated_end(points, n, m))
    if points[-1] != (n, m):
        points.append((n, m))
    xs = [p[0] for p in points]
    lo, hi = [0] * (n + 1), [0] * (n + 1)
    for i in range(n + 1):
        k = bisect_left(xs, i)
        if k < len(points) and xs[k] == i:
            centre = float(points[k][1])
        else:
            (x0, y0), (x1, y1) = points[k - 1], points[k]
            centre = y0 + (y1 - y0) * (i - x0) / max(1, x1 - x0)
        gap = width
        if 0 < k < len(points):
            # Far from any anchor the path is less certain: widen the band there.
            gap += min(40, (points[k][0] - points[k - 1][0]) // 4)
        lo[i] = max(0, int(centre) - gap)
        hi[i] = min(m, int(math.ceil(centre)) + gap)
    # The band must lead from (0, 0) to (n, m): both edges monotone, each row overlapping the
    # previous one (a 1-1 step, then 0-1 steps along the row, reach every cell of it).
    lo[0], hi[n] = 0, m
    for i in range(1, n + 1):
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    for i in range(1, n + 1):
        lo[i] = min(lo[i], hi[i - 1])
    return lo, hi


def _extrapolated_end(points: list[tuple[int, int]], n: int, m: int) -> tuple[int, int]:
    """Where the line through the last quarter of the points leaves the n x m rectangle."""
    (i0, j0), (i1, j1) = points[-max(2, len(points) // 4)], points[-1]
    slope = (j1 - j0) / (i1 - i0) if i1 > i0 and j1 > j0 else m / n
    if j1 + (n - i1) * slope <= m:
        return n, min(m, round(j1 + (n - i1) * slope))
    return min(n, round(i1 + (m - j1) / slope)), m


def _unmatched_skip_tokens(p_match: float) -> int:
    """How many tokens a sentence needs before matching nothing next door makes it look
    untranslated: enough that a true translation would match none of them with a chance
    below UNMATCHED_SKIP_CHANCE. Free translation (a low match rate) needs more."""
    needed = math.log(UNMATCHED_SKIP_CHANCE) / math.log(1.0 - p_match)
    return max(_WORDY, math.ceil(needed))


def _best_path(
    scorer: _Scorer,
    weights: BeadWeights,
    n: int,
    m: int,
    lo: list[int],
    hi: list[int],
    should_stop: StopCheck,
    row_done: RowDone,
    translation: TranslationModel | None = None,
    free_end: bool = False,
) -> list[tuple[int, int, int, int]]:
    """The highest-scoring monotone path of beads from (0, 0) to (n, m) inside the band, or
    to its best end on the last row or column with ``free_end``."""
    model = ScoringModel(
        weights=weights,
        llr_terms=scorer.llr_terms,
        ratio=scorer.ratio,
        variance=scorer.variance,
        unmatched_skip_tokens=_unmatched_skip_tokens(scorer.p_match),
        multi_paragraph=scorer.multi_paragraph,
        translation=translation,
        quote_penalty=QUOTE_PENALTY,
    )

    def on_row(_: int) -> None:
        stop_if_asked(should_stop)
        if row_done is not None:
            row_done()

    return best_path(model, scorer.source, scorer.target, lo, hi, on_row=on_row, free_end=free_end)
