"""What a sentence offers as evidence of translation, in a form that is cheap to compare.

Each sentence becomes a list of *tokens*, each token a set of *keys*; a token of one side is
matched when one of its keys occurs among the keys of the other side. Keys live in namespaces
so that they meet only their own kind:

* ``stem``: an English word stem (from the text, or from a CC-CEDICT / glossary gloss);
* ``#value``: a number as a value (3.5亿 and 350 million both give ``#350000000``);
* ``@token``: a Latin-script token written in the Chinese (CANTOOP, AI);
* ``^pinyin``: a name by its pinyin (胡文辉 gives ``^huwenhui``, ``^hu``, ``^wenhui``);
* ``!?``, ``!!``, ``!"``: a question, an exclamation, a quotation on both sides.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pypinyin import lazy_pinyin

from .boilerplate import is_boilerplate
from .lexicon import (
    Lexicon,
    english_content_words,
    english_name_keys,
    hyphen_part_stems,
    latin_tokens_in_chinese,
    pinyin_keys,
)
from .numbers import find_numbers_en, find_numbers_zh
from .text import fold_spaces

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_EN_MONTH_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?=\s+\d)"
)


@dataclass(frozen=True)
class SentenceEvidence:
    chars: int  # length without spaces, the unit of the length model
    paragraph: int
    token_keys: tuple[frozenset[str], ...]
    keys: frozenset[str]
    boilerplate: bool = False  # web page chrome: pairs only with chrome (see boilerplate.py)
    # The sentence's quotation marks in order, each "(" opening or ")" closing: where
    # quotations begin and end is where beads do.
    quotes: str = field(default="", compare=False)
    # What each token is, for the translation model (``wordpairs.TranslationModel``): the
    # Chinese word or the English stem, or the token's one key (a number, punctuation).
    words: tuple[str, ...] = field(default=(), compare=False)
    # Each key -> bit mask of the tokens that carry it: two sentences meet only through the
    # keys they share, and those are few, so a comparison never walks every token.
    key_bits: Mapping[str, int] = field(default_factory=dict, compare=False)
    # Where the sentence's clauses end inside it, in characters from its start as ``chars``
    # counts them (Chinese only: see ``clause_ends``).
    clauses: tuple[int, ...] = field(default=(), compare=False)

    @property
    def tokens(self) -> int:
        return len(self.token_keys)


def pair_matches(a: SentenceEvidence, b: SentenceEvidence) -> tuple[int, int]:
    """Bit masks of the tokens of ``a`` matched in ``b`` and of ``b`` matched in ``a``."""
    a_mask = b_mask = 0
    a_bits, b_bits = a.key_bits, b.key_bits
    for key in a.keys & b.keys:
        a_mask |= a_bits[key]
        b_mask |= b_bits[key]
    return a_mask, b_mask


_ZH_QUOTE_RE = re.compile(r"[“”「」『』]")
_ZH_QUOTES = {"“": "(", "「": "(", "『": "(", "”": ")", "」": ")", "』": ")"}
_EN_QUOTE_RE = re.compile("[“”‘’'\"]")
_CLOSING_AFTER = frozenset(".,!?;:…—-)")


def chinese_quotes(text: str) -> str:
    return "".join(_ZH_QUOTES[m.group(0)] for m in _ZH_QUOTE_RE.finditer(text))


def english_quotes(text: str) -> str:
    """Curly double quotes open or close. A straight or single quote opens where a word starts
    after it and none ends before it, and closes after punctuation; after a word it closes only
    a quotation this sentence opened (else it is a plural's apostrophe: the Whiskers' fight);
    between two letters it is an apostrophe (don't)."""
    marks, depth = [], 0
    for found in _EN_QUOTE_RE.finditer(text):
        k, mark = found.start(), found.group(0)
        if mark in "“‘":
            kind = "("
        elif mark == "”":
            kind = ")"
        else:
            before = text[k - 1] if k else " "
            after = text[k + 1] if k + 1 < len(text) else " "
            if before.isalnum() and after.isalnum() and mark != '"':
                continue
            if not before.isalnum() and before not in _CLOSING_AFTER and after.isalnum():
                kind = "("
            elif before in _CLOSING_AFTER or (not after.isalnum() and (depth or mark == '"')):
                kind = ")"
            else:
                continue
        depth = depth + 1 if kind == "(" else max(0, depth - 1)
        marks.append(kind)
    return "".join(marks)


def _evidence(
    text: str,
    paragraph: int,
    tokens: list[tuple[str, frozenset[str]]],
    boilerplate: bool,
    quotes: str,
    clauses: tuple[int, ...] = (),
) -> SentenceEvidence:
    """``tokens``: (what the token is, its keys); tokens without keys are no evidence."""
    tokens = [t for t in tokens if t[1]]
    if boilerplate:
        tokens.append(("!chrome", frozenset({"!chrome"})))  # page chrome meets page chrome
    key_bits: dict[str, int] = {}
    for k, (_, keys) in enumerate(tokens):
        for key in keys:
            key_bits[key] = key_bits.get(key, 0) | 1 << k
    chars = len("".join(text.split()))  # str.split() splits on exactly what isspace() is
    return SentenceEvidence(
        chars,
        paragraph,
        tuple(keys for _, keys in tokens),
        frozenset(key_bits),
        boilerplate,
        quotes=quotes,
        words=tuple(word for word, _ in tokens),
        key_bits=key_bits,
        clauses=clauses,
    )


def with_learned_stems(
    sentence: SentenceEvidence,
    learned: Mapping[str, set[str]],
    shared: dict[tuple[str, frozenset[str]], frozenset[str]] | None = None,
) -> SentenceEvidence:
    """The sentence with learned English stems added to the keys of its words' tokens.
    Segmentation does not change and the tokens stay where they are: no need to prepare the
    text again (which took a third of a long document's alignment). ``shared`` keeps each
    word's new key set across sentences, as preparation shares them."""
    if not any(word in learned for word in sentence.words):
        return sentence
    shared = {} if shared is None else shared
    token_keys = list(sentence.token_keys)
    key_bits = dict(sentence.key_bits)
    for k, word in enumerate(sentence.words):
        stems = learned.get(word)
        if stems is None:
            continue
        keys = token_keys[k]
        grown = shared.get((word, keys))
        if grown is None:
            grown = shared[(word, keys)] = keys | stems
        token_keys[k] = grown
        for key in grown - keys:
            key_bits[key] = key_bits.get(key, 0) | 1 << k
    return replace(
        sentence, token_keys=tuple(token_keys), keys=frozenset(key_bits), key_bits=key_bits
    )


def _named(tokens: list[frozenset[str]]) -> list[tuple[str, frozenset[str]]]:
    """Tokens of one key each (numbers, punctuation) are what their key says."""
    return [(min(t), t) for t in tokens]


# A quotation mark in any of the styles translators use: double, corner, or single quotes
# (British fiction quotes speech with 'these'), not an apostrophe inside a word.
_QUOTE_RE = re.compile(r'[“”"「」『』‘]|(?<![A-Za-z])[\'’]|[\'’](?![A-Za-z])')


# A clause ends at a comma, semicolon, colon, question or exclamation mark, an ellipsis or a
# dash, and after the quotation marks that close on it. A comma between digits is a number's.
_CLAUSE_END_RE = re.compile(r"(?:[，；：？！…—–]|[,;:?!](?!\d))+[”’\"'」』)）]*")


def clause_ends(text: str) -> tuple[int, ...]:
    """Where the clauses of a sentence end inside it, in characters without spaces: a
    translator who cuts a sentence into several cuts it at a clause."""
    chars = len("".join(text.split()))
    ends, counted, start = [], 0, 0
    for found in _CLAUSE_END_RE.finditer(text):
        counted += len("".join(text[start : found.end()].split()))
        start = found.end()
        if counted < chars:
            ends.append(counted)
    return tuple(ends)


def _punctuation_tokens(text: str) -> list[frozenset[str]]:
    tokens = []
    if "?" in text or "？" in text:
        tokens.append(frozenset({"!?"}))
    if "!" in text or "！" in text:
        tokens.append(frozenset({"!!"}))
    if _QUOTE_RE.search(text):
        tokens.append(frozenset({'!"'}))
    return tokens


def _number_tokens(numbers) -> list[frozenset[str]]:
    # "one"/"一" are articles and parts of words far more often than quantities.
    return [frozenset({"#" + n.key}) for n in numbers if n.key != "1"]


@lru_cache(maxsize=200_000)
def _zh_word_keys(lexicon: Lexicon, word: str) -> frozenset[str]:
    glosses = lexicon.glosses(word)
    if glosses or not lexicon.knows(word):
        return glosses | {"^" + k for k in pinyin_keys(word)}
    return frozenset()


def prepare_chinese(
    text: str, paragraph: int, lexicon: Lexicon, detect_boilerplate: bool = True
) -> SentenceEvidence:
    tokens: list[tuple[str, frozenset[str]]] = []
    for run in lexicon.segment_runs(text):
        # The words' key sets are shared with every other occurrence of the word (a document
        # repeats its words): only characters of a name get sets of their own.
        keys = [_zh_word_keys(lexicon, w) for w in run]
        for k, names in _name_keys(run).items():
            keys[k] = keys[k] | names
        tokens += zip(run, keys, strict=True)
    tokens += _named(_zh_number_tokens(text))
    tokens += _named([frozenset({"@" + t}) for t in latin_tokens_in_chinese(text)])
    tokens += _named(_punctuation_tokens(text))
    boilerplate = detect_boilerplate and is_boilerplate(text, "zh")
    return _evidence(text, paragraph, tokens, boilerplate, chinese_quotes(text), clause_ends(text))


@lru_cache(maxsize=100_000)
def _syllables(text: str) -> tuple[str, ...]:
    # Names recur through a document, and its second pass reads every sentence again.
    return tuple(lazy_pinyin(text))


def _name_keys(words: list[str]) -> dict[int, set[str]]:
    """Names the dictionary does not know fall apart into single characters (徐/汇, 胡/文/辉):
    give each character of such a stretch the pinyin of its 2- and 3-character windows, so
    that 徐汇 meets "Xuhui" and 文辉 meets "Wenhui". Word index -> the keys it gains."""
    added: dict[int, set[str]] = {}
    count, start = len(words), 0
    while start < count:
        if len(words[start]) != 1:
            start += 1
            continue
        end = start + 1
        while end < count and len(words[end]) == 1:
            end += 1
        if end - start >= 2:
            syllables = _syllables("".join(words[start:end]))
            stretch: list[set[str]] = [set() for _ in range(end - start)]
            for size in (2, 3):
                for k in range(end - start - size + 1):
                    key = "^" + "".join(syllables[k : k + size])
                    for covered in range(k, k + size):
                        stretch[covered].add(key)
            added.update(enumerate(stretch, start))
        start = end + 1
    return added


def _zh_number_tokens(text: str) -> list[frozenset[str]]:
    tokens = []
    for number in find_numbers_zh(text):
        if text[number.end : number.end + 1] == "月" and 1 <= number.value <= 12:
            tokens.append(frozenset({f"#month{number.value}"}))  # 7月 ~ July
        elif number.key != "1":
            tokens.append(frozenset({"#" + number.key}))
    return tokens


def _en_month_tokens(text: str) -> list[frozenset[str]]:
    return [
        frozenset({f"#month{_MONTHS[m.group(0).lower()[:3]]}"}) for m in _EN_MONTH_RE.finditer(text)
    ]


def prepare_english(text: str, paragraph: int, detect_boilerplate: bool = True) -> SentenceEvidence:
    text = fold_spaces(text)
    names = english_name_keys(text)
    tokens = []
    for word, word_stem in english_content_words(text):
        keys = {word_stem, "@" + word.lower(), *hyphen_part_stems(word)}
        lowered = word.lower().replace("-", "")
        if lowered in names:
            keys.add("^" + lowered)
        tokens.append((word_stem, frozenset(keys)))
    tokens += _named(_number_tokens(find_numbers_en(text)))
    tokens += _named(_en_month_tokens(text))
    tokens += _named(_punctuation_tokens(text))
    boilerplate = detect_boilerplate and is_boilerplate(text, "en")
    return _evidence(text, paragraph, tokens, boilerplate, english_quotes(text))


def prepare_all(
    sentences: Sequence[str],
    paragraphs: Sequence[int],
    lang: str,
    lexicon: Lexicon,
    detect_boilerplate: bool = True,
) -> list[SentenceEvidence]:
    """Evidence for each sentence; ``detect_boilerplate=False`` only for measuring its effect."""
    pairs = zip(sentences, paragraphs, strict=True)
    if lang == "zh":
        return [prepare_chinese(s, p, lexicon, detect_boilerplate) for s, p in pairs]
    return [prepare_english(s, p, detect_boilerplate) for s, p in pairs]
