"""Post-editing metrics: how far the machine draft was from the text people settled on.

sacrebleu is the field's reference for BLEU, chrF and TER, so every figure here is sacrebleu's
own, with its default settings and its signature; this is the only module that imports it.
The machine draft is the hypothesis and the current target the reference, so a segment's TER
is HTER: the word edits (insertions, deletions, substitutions, shifts) per reference word that
turned the draft into the target.

The entry points::

    segment_edit_distance(draft, target)   -> SegmentMetrics   # one row: TER, chrF, band
    corpus_metrics([(draft, target), ...]) -> CorpusMetrics    # BLEU, chrF, TER, shares
    ter_histogram(ter_values)              -> list[HistogramBin]

Corpus scores are computed the way sacrebleu's ``corpus_score`` computes them: sufficient
statistics per segment, summed, then scored. The statistics of each (draft, target) pair are
memoised, so after a document has been scored once, a change to one segment costs one
segment's work, and the corpus figures come from sums.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sacrebleu.metrics import BLEU, CHRF, TER

# A segment whose TER is above this was rewritten rather than post-edited (in percent).
REWRITTEN_TER = 50.0
BANDS = ("unedited", "light", "rewritten")
BAND_TITLES = {
    "unedited": "Unedited",
    "light": f"Lightly edited (TER ≤ {REWRITTEN_TER:g})",
    "rewritten": f"Rewritten (TER > {REWRITTEN_TER:g})",
}
# Histogram bins of per-segment TER; TER may exceed 100 (a short target, many edits).
TER_BIN_WIDTH = 10
TER_BIN_TOP = 100
# Enough pairs for several large documents; each entry holds two short lists of numbers.
_PAIR_CACHE_SIZE = 100_000

# Module-level instances keep sacrebleu's default settings in one place; scoring through them
# only reads their settings.
_BLEU = BLEU()
_CHRF = CHRF()
_TER = TER()


@dataclass(frozen=True)
class SegmentMetrics:
    """How much one machine draft was changed: HTER and chrF in percent."""

    ter: float
    chrf: float
    edited: bool

    @property
    def band(self) -> str:
        """``unedited`` (text unchanged), ``light`` (TER ≤ 50) or ``rewritten`` (TER > 50)."""
        if not self.edited:
            return "unedited"
        return "rewritten" if self.ter > REWRITTEN_TER else "light"


@dataclass(frozen=True)
class EditShares:
    """How many segments fall in each band, and their shares in percent."""

    unedited: int
    light: int
    rewritten: int

    @property
    def total(self) -> int:
        return self.unedited + self.light + self.rewritten

    def count(self, band: str) -> int:
        return getattr(self, band)

    def share(self, band: str) -> float:
        return 100 * self.count(band) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {band: self.share(band) for band in BANDS}


@dataclass(frozen=True)
class CorpusMetrics:
    """Corpus BLEU, chrF and TER of drafts against targets, with sacrebleu's signatures."""

    bleu: float
    chrf: float
    ter: float
    signature: dict[str, str]
    segments: tuple[SegmentMetrics, ...]
    shares: EditShares


@dataclass(frozen=True)
class HistogramBin:
    low: float
    high: float | None  # None: the open last bin
    count: int

    @property
    def label(self) -> str:
        return f"{self.low:g}–{self.high:g}" if self.high is not None else f"> {self.low:g}"


@dataclass(frozen=True)
class PairStatistics:
    """sacrebleu's sufficient statistics of one (draft, target) pair, which corpus scores sum,
    and the segment's own figures made from them. Kept as JSON in the store, so that a
    document's figures are sums and never wait for TER's search (about 1 ms a segment)."""

    bleu: list
    chrf: list
    ter: list
    segment: SegmentMetrics

    def to_json(self) -> str:
        return json.dumps(
            {"bleu": self.bleu, "chrf": self.chrf, "ter": self.ter, "edited": self.segment.edited}
        )

    @classmethod
    def from_json(cls, text: str) -> "PairStatistics":
        data = json.loads(text)
        return _from_statistics(data["bleu"], data["chrf"], data["ter"], data["edited"])


def _from_statistics(bleu: list, chrf: list, ter: list, edited: bool) -> PairStatistics:
    segment = SegmentMetrics(
        ter=_TER._aggregate_and_compute([ter]).score,
        chrf=_CHRF._aggregate_and_compute([chrf]).score,
        edited=edited,
    )
    return PairStatistics(bleu, chrf, ter, segment)


@lru_cache(maxsize=_PAIR_CACHE_SIZE)
def pair_statistics(draft: str, target: str) -> PairStatistics:
    """The statistics of one pair, memoised in the process."""
    bleu = _BLEU._extract_corpus_statistics([draft], [[target]])[0]
    chrf = _CHRF._extract_corpus_statistics([draft], [[target]])[0]
    return _from_statistics(bleu, chrf, _ter_stats(draft, target), draft != target)


def _ter_stats(draft: str, target: str) -> list[float]:
    # TER's shift search costs about a millisecond per sentence even when nothing changed;
    # identical token lists need no edits, by definition, so their statistics are known.
    draft_words = _TER._preprocess_segment(draft).split()
    target_words = _TER._preprocess_segment(target).split()
    if draft_words == target_words:
        return [0, float(len(target_words))]
    return _TER._compute_segment_statistics(" ".join(draft_words), {"ref_words": [target_words]})


def segment_edit_distance(draft: str, target: str) -> SegmentMetrics:
    """HTER and chrF of one machine draft against the current target, for a per-row badge."""
    return pair_statistics(draft, target).segment


def corpus_metrics(pairs: Sequence[tuple[str, str]]) -> CorpusMetrics | None:
    """BLEU, chrF and TER of the drafts against the targets, per segment and for the corpus.

    ``pairs`` are (machine draft, target) in document order. None when there are none.
    """
    return corpus_from_statistics([pair_statistics(draft, target) for draft, target in pairs])


def corpus_from_statistics(scored: Sequence[PairStatistics]) -> CorpusMetrics | None:
    """Corpus figures from the pairs' statistics (stored or fresh). None when there are none."""
    if not scored:
        return None
    segments = tuple(s.segment for s in scored)
    # sacrebleu sums the statistics it is given; the cached lists themselves stay unchanged.
    return CorpusMetrics(
        bleu=_BLEU._aggregate_and_compute([s.bleu for s in scored]).score,
        chrf=_CHRF._aggregate_and_compute([s.chrf for s in scored]).score,
        ter=_TER._aggregate_and_compute([s.ter for s in scored]).score,
        signature=signatures(),
        segments=segments,
        shares=edit_shares(segments),
    )


def edit_shares(segments: Iterable[SegmentMetrics]) -> EditShares:
    counts = dict.fromkeys(BANDS, 0)
    for segment in segments:
        counts[segment.band] += 1
    return EditShares(**counts)


@lru_cache(maxsize=1)
def signatures() -> dict[str, str]:
    """sacrebleu's signature of each metric as configured here, e.g. ``nrefs:1|case:mixed|…``."""
    result = {}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        # A signature names the number of references, known once a corpus has been scored.
        metric.corpus_score(["a"], [["a"]])
        result[name] = metric.get_signature().format()
    return result


def ter_histogram(values: Iterable[float]) -> list[HistogramBin]:
    """Counts of per-segment TER in bins of 10 points, 0–10 … 90–100, then > 100.

    The first bin holds 0 itself (unedited segments); each bin includes its upper edge.
    """
    edges = list(range(0, TER_BIN_TOP + 1, TER_BIN_WIDTH))
    counts = [0] * len(edges)
    for value in values:
        if value > TER_BIN_TOP:
            counts[-1] += 1
        else:
            # (low, high]: 10 belongs to 0–10, 10.5 to 10–20.
            index = max(0, int(-(-value // TER_BIN_WIDTH)) - 1)
            counts[index] += 1
    bins = [
        HistogramBin(low, low + TER_BIN_WIDTH, count)
        for low, count in zip(edges[:-1], counts[:-1], strict=True)
    ]
    return bins + [HistogramBin(TER_BIN_TOP, None, counts[-1])]
