"""Sentence segmentation for Chinese and English paragraphs.

Contract: for every paragraph ``p``, ``"".join(split_sentences(p, lang)) == p``. Each piece is a
sentence followed by the whitespace after it (the first piece also carries any leading
whitespace), so nothing the user wrote is lost and a paragraph can be rebuilt exactly.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from .text import fold_spaces

# Language facts, kept apart from the code that uses them.
ZH_SENTENCE_END = "。！？!?"
ZH_ELLIPSIS = "…"
# Closing quotes and brackets that belong to the sentence they close: 。” stays together.
ZH_CLOSERS = "”’」』）)】〕》\"'"
# Inside these a terminator does not end the sentence (book titles may contain 。 or ！).
ZH_NO_SPLIT_OPEN = "《〈"
ZH_NO_SPLIT_CLOSE = "》〉"

EN_SENTENCE_END = ".!?…\"'”’)"

# pysbd misbehaves on pathological input (a 10,000-character run without punctuation is fine,
# but very long paragraphs cost time); longer paragraphs are cut at safe points first.
_EN_CHUNK = 5000


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its exact text (trailing whitespace included) and paragraph."""

    text: str
    paragraph: int

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_sentences(paragraph: str, lang: str) -> list[str]:
    if lang == "zh":
        return split_sentences_zh(paragraph)
    if lang == "en":
        return split_sentences_en(paragraph)
    raise ValueError(f"unsupported language {lang!r}: expected 'zh' or 'en'")


def segment_paragraphs(paragraphs: list[str], lang: str) -> list[Sentence]:
    """Split every paragraph into sentences, numbering paragraphs from 0."""
    return list(iter_sentences(paragraphs, lang))


def iter_sentences(paragraphs: Iterable[str], lang: str) -> Iterator[Sentence]:
    """``segment_paragraphs`` one paragraph at a time, for a caller that may stop early."""
    for index, paragraph in enumerate(paragraphs):
        for piece in split_sentences(paragraph, lang):
            if piece.strip():
                yield Sentence(piece, index)


def split_sentences_zh(paragraph: str) -> list[str]:
    text = fold_spaces(paragraph)
    cuts = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in ZH_NO_SPLIT_OPEN:
            depth += 1
        elif ch in ZH_NO_SPLIT_CLOSE:
            depth = max(0, depth - 1)
        is_end = ch in ZH_SENTENCE_END or (
            ch == ZH_ELLIPSIS and i + 1 < n and text[i + 1] == ZH_ELLIPSIS
        )
        if is_end and depth == 0:
            j = i + 1
            while j < n and (text[j] in ZH_SENTENCE_END or text[j] == ZH_ELLIPSIS):
                j += 1
            while j < n and text[j] in ZH_CLOSERS:
                j += 1
            while j < n and text[j].isspace():
                j += 1
            cuts.append(j)
            i = j
            continue
        i += 1
    return _cut(paragraph, cuts)


def split_sentences_en(paragraph: str) -> list[str]:
    text = fold_spaces(paragraph)
    cuts = []
    for start, end in _en_chunks(text):
        for span in _en_segmenter().segment(text[start:end]):
            cut = start + span.end
            # pysbd ends a span at the end of its input; a chunk boundary is not a sentence end
            # unless the text there really ends a sentence.
            if cut == end and end < len(text) and not _ends_sentence(text[start:end]):
                continue
            cuts.append(cut)
    return _cut(paragraph, cuts)


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in EN_SENTENCE_END


def _en_chunks(text: str):
    """Cut very long text into chunks at whitespace so pysbd never sees a huge input."""
    start = 0
    while len(text) - start > _EN_CHUNK:
        space = text.rfind(" ", start + _EN_CHUNK // 2, start + _EN_CHUNK)
        end = space + 1 if space > start else start + _EN_CHUNK
        yield start, end
        start = end
    yield start, len(text)


@lru_cache(maxsize=1)
def _en_segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _cut(text: str, cuts: list[int]) -> list[str]:
    """Cut ``text`` at the given offsets; whitespace-only pieces join their predecessor."""
    pieces = []
    start = 0
    for cut in sorted(set(c for c in cuts if 0 < c < len(text))):
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    merged: list[str] = []
    for piece in pieces:
        if merged and (not piece.strip() or not merged[-1].strip()):
            merged[-1] += piece
        else:
            merged.append(piece)
    return [p for p in merged if p] or ([text] if text else [])
