"""From two texts to aligned segments: segmentation, evidence, alignment in one call."""

import gc
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .alignment import (
    GUIDE_ANCHOR_CONFIDENCE,
    Alignment,
    Bead,
    StopCheck,
    align_evidence,
    stop_if_asked,
)
from .evidence import prepare_all, with_learned_stems
from .lexicon import Lexicon, cedict_lexicon
from .segmentation import Sentence, segment_paragraphs
from .wordpairs import learn_translation_model, learn_word_pairs

# Below this mean confidence the draft most likely translates some other text.
MISMATCH_MEAN_CONFIDENCE = 0.35
# Longer texts are aligned this many Chinese sentences at a time: memory stays near what a
# 5,000-sentence alignment takes (about 450 MB) however long the text.
WINDOW_SENTENCES = 5_000
_PREPARED_PER_REPORT = 200  # sentences prepared between two progress reports

# Called with (steps done, steps in all) as an alignment goes; see ``alignment_steps``.
Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class SegmentPair:
    """One aligned segment: the source and target sentences of a bead, joined."""

    source: str
    target: str
    shape: str
    confidence: float
    source_paragraph: int | None
    target_paragraph: int | None


@dataclass(frozen=True)
class AlignedText:
    source_sentences: tuple[Sentence, ...]
    target_sentences: tuple[Sentence, ...]
    alignment: Alignment

    @property
    def looks_mismatched(self) -> bool:
        """True when the draft seems to belong to another article."""
        return self.alignment.mean_confidence < MISMATCH_MEAN_CONFIDENCE

    def segments(self) -> list[SegmentPair]:
        pairs = []
        for bead in self.alignment.beads:
            src = [self.source_sentences[i] for i in bead.source]
            tgt = [self.target_sentences[j] for j in bead.target]
            pairs.append(
                SegmentPair(
                    source="".join(s.text for s in src).strip(),
                    target="".join(t.text for t in tgt).strip(),
                    shape=bead.shape,
                    confidence=bead.confidence,
                    source_paragraph=src[0].paragraph if src else None,
                    target_paragraph=tgt[0].paragraph if tgt else None,
                )
            )
        return pairs


def lexicon_for(term_pairs: Sequence[tuple[str, str]] = (), base: Lexicon | None = None) -> Lexicon:
    """``base`` (by default CC-CEDICT, built in this process) extended by the term pairs."""
    lexicon = base if base is not None else cedict_lexicon()
    return lexicon.with_terms(term_pairs) if term_pairs else lexicon


def align_sentences(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    term_pairs: Sequence[tuple[str, str]] = (),
    *,
    detect_boilerplate: bool = True,
    should_stop: StopCheck = None,
    lexicon: Lexicon | None = None,
    progress: Progress = None,
    window: int = WINDOW_SENTENCES,
) -> AlignedText:
    """Align already segmented Chinese and English sentences, in two passes: the second with
    word pairs and a Model 1 translation table learned from the first (see ``wordpairs``),
    in a narrow band around it.

    ``detect_boilerplate=False`` exists to measure what page-chrome detection is worth.
    ``should_stop`` is asked between stages and within each pass (see ``align_evidence``).
    ``lexicon`` is the dictionary to start from (``formats.cedict_cache`` loads CC-CEDICT
    without building it); by default CC-CEDICT is built in this process.
    ``progress(done, total)`` is told of the work as it goes, in ``alignment_steps`` units:
    the sentences prepared, then the rows of each pass.
    A text of more than ``window`` Chinese sentences (or twice as many English ones) is
    aligned in overlapping windows of that size, so that memory stays bounded (see
    ``_align_in_windows``).
    """
    lexicon = lexicon_for(term_pairs, lexicon)
    steps = _Steps(progress, alignment_steps(len(source), len(target)))
    if len(source) <= window and len(target) <= 2 * window:
        alignment = _align_whole(source, target, lexicon, detect_boilerplate, should_stop, steps)
    else:
        alignment = _align_in_windows(
            source, target, lexicon, detect_boilerplate, should_stop, steps, window
        )
    steps.finish()
    return AlignedText(tuple(source), tuple(target), alignment)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one alignment (a whole text or a window),
    then as it was.

    An alignment builds millions of small objects that live until it ends (key sets, evidence,
    lists of numbers), and a full collection walks all of them, the dictionary's too, again and
    again as they pile up: a fifth of the time at 5,000 sentences. Reference counting frees
    them as always: they make no cycles (MAC-Dev's six alignments leave 18 objects for the
    collector), and what cycles a library makes wait for the next collection after the
    window. The switch is the process's: a thread that finds the collector already off leaves
    it to the one that turned it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def _align_whole(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    lexicon: Lexicon,
    detect_boilerplate: bool,
    should_stop: StopCheck,
    steps: "_Steps",
    free_end: bool = False,
) -> Alignment:
    source_texts = [s.text for s in source]
    source_paragraphs = [s.paragraph for s in source]
    target_texts = [t.text for t in target]
    target_paragraphs = [t.paragraph for t in target]
    stop_if_asked(should_stop)
    src = _prepare(source_texts, source_paragraphs, "zh", lexicon, detect_boilerplate, steps)
    stop_if_asked(should_stop)
    tgt = _prepare(target_texts, target_paragraphs, "en", lexicon, detect_boilerplate, steps)
    alignment = align_evidence(
        src, tgt, should_stop=should_stop, row_done=steps.one, free_end=free_end
    )
    stop_if_asked(should_stop)
    learned = learn_word_pairs(source_texts, target_texts, alignment.beads, lexicon)
    if learned:
        stop_if_asked(should_stop)
        shared: dict = {}
        src = [with_learned_stems(sentence, learned, shared) for sentence in src]
    # Tried and not kept: a third pass with the model retrained on the second's beads (0.848
    # strict F1 on MAC-Dev, against 0.853).
    translation = learn_translation_model(src, tgt, alignment.beads)
    if learned or translation is not None:
        stop_if_asked(should_stop)
        alignment = align_evidence(
            src,
            tgt,
            guide=alignment,
            should_stop=should_stop,
            row_done=steps.one,
            translation=translation,
            free_end=free_end,
        )
    return alignment


def _align_in_windows(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    lexicon: Lexicon,
    detect_boilerplate: bool,
    should_stop: StopCheck,
    steps: "_Steps",
    window: int,
) -> Alignment:
    """Align a long text a window at a time: ``window`` Chinese sentences against the English
    ones of about the same length in characters. Each window keeps its beads up to its last
    confident 1-1 bead a tenth of a window before its path's end, on both sides (the end of
    a window is cut blind, so its last beads may pair sentences whose counterparts lie in
    the next window), and the next window starts after that bead. Each window learns its own
    length ratio, match rates, word pairs and Model 1 from several thousand sentences: plenty.
    """
    n, m = len(source), len(target)
    source_chars = _cumulative_chars(source)
    target_chars = _cumulative_chars(target)
    ratio = target_chars[-1] / max(1, source_chars[-1])
    beads: list[Bead] = []
    i, j = 0, 0
    while i < n and j < m:
        i_end = min(n, i + window)
        wanted = target_chars[j] + (source_chars[i_end] - source_chars[i]) * ratio
        j_end = bisect_left(target_chars, wanted, lo=j + 1)
        j_end = m if i_end == n else min(m, max(j + 1, j_end))
        j_end = min(j_end, j + 2 * window)
        last = i_end == n and j_end == m
        overlap = _overlap(i_end - i, j_end - j, window)
        # Progress moves to where this window's kept beads should end.
        until = steps.total if last else alignment_steps(i_end - overlap[0], j_end - overlap[1])
        part = _align_whole(
            source[i:i_end],
            target[j:j_end],
            lexicon,
            detect_boilerplate,
            should_stop,
            steps.part(alignment_steps(i_end - i, j_end - j), until),
            free_end=not last,
        )
        kept = part.beads if last else _kept_beads(part.beads, *overlap)
        beads += (_shifted(b, i, j) for b in kept)
        i += sum(len(b.source) for b in kept)
        j += sum(len(b.target) for b in kept)
        steps.add(max(0, alignment_steps(i, j) - steps.done))
    # One side ran out first: the rest of the other has no counterpart.
    beads += (Bead((k,), (), 0.0) for k in range(i, n))
    beads += (Bead((), (k,), 0.0) for k in range(j, m))
    return Alignment(tuple(beads))


def _cumulative_chars(sentences: Sequence[Sentence]) -> list[int]:
    totals = [0]
    for sentence in sentences:
        totals.append(totals[-1] + len(sentence.text))
    return totals


def _overlap(n: int, m: int, window: int) -> tuple[int, int]:
    """How many sentences at the end of a window of n x m sentences the next window aligns
    again, on each side: a tenth of ``window``, on the English side in proportion."""
    overlap = max(1, window // 10)
    return overlap, max(1, overlap * m // max(1, n))


def _kept_beads(beads: Sequence[Bead], source_overlap: int, target_overlap: int) -> Sequence[Bead]:
    """The beads of a window (not the text's last) to keep: up to its last confident 1-1
    bead that ends the overlaps before the end of its path, on both sides; failing that, up
    to the last bead that does; failing that, the first bead, so that every window moves on.
    The path ends where one side of the window ran out (a free end): the other side's
    counterparts lie in the next window."""
    source_limit = sum(len(b.source) for b in beads) - source_overlap
    target_limit = sum(len(b.target) for b in beads) - target_overlap
    within = [
        k
        for k, bead in enumerate(beads)
        if (not bead.source or bead.source[-1] < source_limit)
        and (not bead.target or bead.target[-1] < target_limit)
    ]
    confident = [
        k
        for k in within
        if len(beads[k].source) == len(beads[k].target) == 1
        and beads[k].confidence >= GUIDE_ANCHOR_CONFIDENCE
    ]
    end = confident[-1] if confident else within[-1] if within else 0
    return beads[: end + 1]


def _shifted(bead: Bead, i: int, j: int) -> Bead:
    return Bead(
        tuple(k + i for k in bead.source), tuple(k + j for k in bead.target), bead.confidence
    )


def alignment_steps(n: int, m: int) -> int:
    """The progress steps of aligning n with m sentences: each sentence prepared once, and
    the n + 1 rows of each of the two passes."""
    return n + m + 2 * (n + 1)


class _Steps:
    def __init__(self, progress: Progress, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def add(self, count: int) -> None:
        if self.progress is not None:
            self.done = min(self.total, self.done + count)
            self.progress(self.done, self.total)

    def part(self, total: int, until: int) -> "_Steps":
        """Steps counted out of ``total`` that move this progress from where it stands to
        ``until``: a window's share of a windowed alignment."""
        start = self.done

        def report(done: int, _: int) -> None:
            self.add(max(0, start + (until - start) * done // max(1, total) - self.done))

        return _Steps(report if self.progress is not None else None, total)

    def one(self) -> None:
        self.add(1)

    def finish(self) -> None:
        """The last steps at once: a document that needs no second pass skips them."""
        self.add(self.total - self.done)


def _prepare(texts, paragraphs, lang, lexicon, detect_boilerplate, steps: _Steps):
    evidence = []
    for start in range(0, len(texts), _PREPARED_PER_REPORT):
        chunk = slice(start, start + _PREPARED_PER_REPORT)
        evidence += prepare_all(texts[chunk], paragraphs[chunk], lang, lexicon, detect_boilerplate)
        steps.add(len(texts[chunk]))
    return evidence


def align_paragraphs(
    source_paragraphs: Sequence[str],
    target_paragraphs: Sequence[str],
    term_pairs: Sequence[tuple[str, str]] = (),
) -> AlignedText:
    """Segment both texts into sentences and align them. Paragraphs are soft anchors."""
    return align_sentences(
        segment_paragraphs(list(source_paragraphs), "zh"),
        segment_paragraphs(list(target_paragraphs), "en"),
        term_pairs,
    )


def presegmented(lines: Sequence[str]) -> list[Sentence]:
    """One sentence per line, as in alignment benchmarks; no paragraph information."""
    return [Sentence(line, 0) for line in lines]
