"""From two texts to aligned segments: segmentation, evidence, alignment in one call."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .alignment import Alignment, StopCheck, align_evidence, stop_if_asked
from .evidence import prepare_all, with_learned_stems
from .lexicon import Lexicon, cedict_lexicon
from .segmentation import Sentence, segment_paragraphs
from .wordpairs import learn_translation_model, learn_word_pairs

# Below this mean confidence the draft most likely translates some other text.
MISMATCH_MEAN_CONFIDENCE = 0.35
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
    """
    lexicon = lexicon_for(term_pairs, lexicon)
    source_texts = [s.text for s in source]
    source_paragraphs = [s.paragraph for s in source]
    target_texts = [t.text for t in target]
    target_paragraphs = [t.paragraph for t in target]
    steps = _Steps(progress, alignment_steps(len(source), len(target)))
    stop_if_asked(should_stop)
    src = _prepare(source_texts, source_paragraphs, "zh", lexicon, detect_boilerplate, steps)
    stop_if_asked(should_stop)
    tgt = _prepare(target_texts, target_paragraphs, "en", lexicon, detect_boilerplate, steps)
    alignment = align_evidence(src, tgt, should_stop=should_stop, row_done=steps.one)
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
        )
    steps.finish()
    return AlignedText(tuple(source), tuple(target), alignment)


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
