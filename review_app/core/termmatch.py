"""Glossary matching: where the terms of a termbase stand in a Chinese source and its English.

Chinese has no spaces, so a source is scanned with a character trie and overlapping terms are
resolved in favour of the longest (国家知识产权局副局长 wins over 国家知识产权局 and 局长).
English is matched word by word through one normaliser, ``english_words``: case is folded unless
the term says otherwise, plurals and possessives are reduced to a common key (zones, zone's ->
zone; policies -> policy), and hyphens, spaces and NBSPs all separate words the same way, so
"demonstration-zone" and "demonstration\u00a0zones" match "demonstration zone". Matches are spans
of the original text: nothing is rewritten.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .glossary import Term

# A word is a run of letters and digits with inner apostrophes (don't, People's); any other
# character (space, NBSP, hyphen, dot) separates words, which is what makes variants match.
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_HYPHENS = "-\u2010\u2011"
_STOPS = ".;:!?"
_SIBILANT_E = ("se", "xe", "ze", "che", "she")
_KEEP_S = ("ss", "us", "is")


class Word(NamedTuple):  # tuples: thousands are made for every target checked
    """One English word: its matching key and its span in the original text."""

    key: str
    start: int
    end: int


class TermMatch(NamedTuple):
    """Where a glossary string stands in a text: the span and every term row it stands for."""

    start: int
    end: int
    terms: tuple[Term, ...]

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@lru_cache(maxsize=65_536)  # a text repeats its words, and every check of a target reads them
def word_key(word: str, case_sensitive: bool = False) -> str:
    """The matching key of one English word: possessive and plural endings removed, case folded.

    Both the term and the text go through this function, so the key only has to be consistent,
    not linguistically right: "series" -> "sery" on both sides still matches.
    """
    word = unicodedata.normalize("NFKC", word).replace("’", "'")
    if word.endswith("'s") or word.endswith("'S"):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    if len(word) >= 3 and word[-1] == "s" and word[:-1].isupper():
        word = word[:-1]  # IPs, SMEs, NGOs
    elif word.isalpha():
        word = _singular(word)
    return word if case_sensitive else word.lower()


def _singular(word: str) -> str:
    """A stem shared by the singular and the plural: policy/policies -> polici, box/boxes -> box,
    horse/horses -> hors. Not a lemma; only equal keys matter."""
    lowered = word.lower()
    if len(word) > 3:  # gas, bus, its: too short to tell a plural
        if lowered.endswith("ies"):
            word = word[:-2]
        elif lowered.endswith("s") and not lowered.endswith(_KEEP_S):
            word = word[:-1]
    lowered = word.lower()
    if lowered.endswith(_SIBILANT_E):
        return word[:-1]
    if lowered.endswith("ie"):
        return word[:-1]
    if lowered.endswith("y"):
        return word[:-1] + ("I" if word[-1].isupper() else "i")
    return word


def english_words(text: str, case_sensitive: bool = False) -> list[Word]:
    """The words of an English text with their keys and spans: the one normaliser for matching."""
    return [
        Word(word_key(m.group(), case_sensitive), m.start(), m.end())
        for m in _WORD_RE.finditer(text)
    ]


# Full-width ASCII (ＣＡＮＴＯＯＰ, ５Ｇ) and the ideographic space to ASCII, then Latin to lower
# case: one character for one character, so offsets in the folded text are offsets in the text.
_FOLD_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD_TABLE[0x3000] = 0x20
_FOLD_TABLE.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
_FOLD_TABLE.update({code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)})


def fold_chinese(text: str) -> str:
    """Full-width Latin, digits and spaces folded, Latin lower-cased; offsets are kept."""
    return text.translate(_FOLD_TABLE)


def _is_latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


class TermMatcher:
    """Finds the terms of a glossary in Chinese sources and their renderings in English targets.

    Build it once per glossary (it indexes every row) and reuse it for every segment.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self._last_source: tuple[str, tuple[TermMatch, ...]] | None = None
        self._source_trie: dict = {}
        by_source: dict[str, list[Term]] = {}
        for term in self.terms:
            by_source.setdefault(fold_chinese(term.source.strip()), []).append(term)
        for key, rows in by_source.items():
            if key:
                node = self._source_trie
                for char in key:
                    node = node.setdefault(char, {})
                node[None] = tuple(rows)
        # Only characters that begin a term can begin a match: the regex skips to them in C.
        self._first_chars = re.compile(
            "[" + "".join(re.escape(c) for c in self._source_trie) + "]"
            if self._source_trie
            else "(?!)"
        )
        # English renderings, indexed word by word; case-sensitive rows in a trie of their own.
        self._target_tries: dict[bool, dict] = {False: {}, True: {}}
        for term in self.terms:
            for keys, stops in _target_variants(term.target, term.case_sensitive):
                node = self._target_tries[term.case_sensitive]
                for key in keys:
                    node = node.setdefault(key, {})
                node.setdefault(None, []).append((term, stops))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find_in_source(self, text: str) -> list[TermMatch]:
        """Glossary terms in a Chinese text, longest first where terms overlap, in text order."""
        memo = self._last_source  # read once: another thread may replace it
        if memo is not None and memo[0] == text:
            return list(memo[1])  # the glossary checks read one source in turn
        folded = fold_chinese(text)
        root = self._source_trie
        candidates = []
        length = len(folded)
        for first in self._first_chars.finditer(folded):
            start = first.start()
            node = root.get(first.group())
            end = start + 1
            while node is not None:
                rows = node.get(None)
                if rows and _latin_bounded(folded, start, end):
                    candidates.append(TermMatch(start, end, rows))
                if end == length:
                    break
                node = node.get(folded[end])
                end += 1
        found = _longest_first(candidates, length)
        self._last_source = (text, tuple(found))
        return found

    def find_in_target(self, text: str, terms: Sequence[Term] | None = None) -> list[TermMatch]:
        """English renderings of glossary terms in a text (of ``terms`` only, when given).

        Overlapping renderings are all returned: the caller decides what each one means.
        """
        wanted = None if terms is None else set(terms)
        found = []
        for case_sensitive, trie in self._target_tries.items():
            if not trie:
                continue
            words, gaps = _words_and_gaps(text, case_sensitive)
            keys = [word.key for word in words]
            count = len(keys)
            for i in range(count):
                node = trie.get(keys[i])
                j = i
                while node is not None:
                    rows = node.get(None)
                    if rows:
                        kept = _kept(rows, wanted, gaps[i:j])
                        if kept:
                            found.append(TermMatch(words[i].start, words[j].end, kept))
                    if j + 1 >= count or gaps[j] is None:
                        break
                    j += 1
                    node = node.get(keys[j])
        return sorted(found, key=lambda m: (m.start, -m.end))


def _kept(rows, wanted: set[Term] | None, text_stops: list[bool | None]) -> tuple[Term, ...]:
    """The rows a match stands for: wanted ones whose stops (.;:!?) the text has too."""
    strict = any(text_stops)
    return tuple(
        term
        for term, stops in rows
        if (wanted is None or term in wanted)
        and (not strict or all(s <= t for s, t in zip(text_stops, stops, strict=True)))
    )


@lru_cache(maxsize=256)
def _words_and_gaps(text: str, case_sensitive: bool) -> tuple[list[Word], list[bool | None]]:
    """The words of a target and what lies between them, kept for the next check of the same
    text (the glossary checks read one target several times)."""
    words = english_words(text, case_sensitive)
    return words, [_gap(text, left, right) for left, right in zip(words, words[1:], strict=False)]


def _target_variants(target: str, case_sensitive: bool) -> list[tuple[tuple, tuple]]:
    """The word keys a rendering may take (as written, and with hyphens closed up), each with
    the stops (.;:!?) between its words."""
    variants = []
    for form in (target, re.sub(f"[{_HYPHENS}]", "", target)):
        words = english_words(form, case_sensitive)
        keys = tuple(w.key for w in words)
        stops = tuple(_gap(form, a, b) or False for a, b in zip(words, words[1:], strict=False))
        if keys and (keys, stops) not in variants:
            variants.append((keys, stops))
    return variants


def _gap(text: str, left: Word, right: Word) -> bool | None:
    """What lies between two words: None when they cannot be in one term (a line break, a long
    gap), True when a stop (.;:!?) does, which the term must have too ("Co., Ltd."), else False
    (spaces, hyphens, brackets, commas)."""
    gap = text[left.end : right.start]
    if len(gap) > 3 or "\n" in gap:
        return None
    return any(c in _STOPS for c in gap)


def _latin_bounded(folded: str, start: int, end: int) -> bool:
    """A Latin term in Chinese text (CANTOOP, 5G) must not be cut out of a longer Latin word."""
    if _is_latin_alnum(folded[start]) and start > 0 and _is_latin_alnum(folded[start - 1]):
        return False
    return not (
        _is_latin_alnum(folded[end - 1]) and end < len(folded) and _is_latin_alnum(folded[end])
    )


def _longest_first(candidates: list[TermMatch], length: int) -> list[TermMatch]:
    """Of overlapping candidates keep the longest (then the earliest), in text order."""
    occupied = bytearray(length)
    taken: list[TermMatch] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if occupied.find(1, match.start, match.end) == -1:
            occupied[match.start : match.end] = b"\x01" * (match.end - match.start)
            taken.append(match)
    return sorted(taken, key=lambda m: m.start)


@lru_cache(maxsize=8)
def matcher_for(terms: tuple[Term, ...]) -> TermMatcher:
    """A matcher for these terms, shared while the glossary stays the same: building one
    indexes every row, and a save or a page render should not pay for that each time."""
    return TermMatcher(terms)
