"""Word translations learned from the document pair itself (hunalign's second pass).

The dictionary misses what a document repeats in its own way: a character's name, a term of
the trade, a translator's habit (杨 ~ Yang, 出来 ~ out). Sentence pairs that a first alignment
is confident about show which Chinese words and English stems keep company; the pairs that
do so consistently become evidence for a second alignment.
"""

from collections import Counter
from collections.abc import Sequence

from .alignment import Bead
from .lexicon import Lexicon, english_content_stems

MIN_PAIRS = 2  # a pairing seen once is chance
MIN_DICE = 0.5  # share of each word's occurrences that the pairing explains
MIN_CONFIDENCE = 0.5  # first-pass beads below this teach nothing
ZH_FUNCTION_WORDS = frozenset(
    "的 了 着 过 是 在 和 与 及 也 都 就 还 又 而 但 并 把 被 让 给 对 从 向 到 为 以 之 其 所 "
    "这 那 我 你 他 她 它 们 我们 你们 他们 她们 一个 没有 不 很 吗 呢 吧 啊 么".split()
)


def learn_word_pairs(
    source: Sequence[str], target: Sequence[str], beads: Sequence[Bead], lexicon: Lexicon
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
