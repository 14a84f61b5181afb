"""Translation-memory matching: how alike two Chinese sources are, as CAT tools score it.

A score is 0–100: the normalised Levenshtein similarity of the two normalised sources, counted
in characters (the CJK convention of memoQ and Trados: Chinese has no spaces, so a word-based
score would treat a whole clause as one word). rapidfuzz computes it in C. Numbers are worth
more than their characters: a unit that differs from the segment only in "2023" against
"2024" is not a 100 % match and falls below any match whose numbers agree. A 100 % match
whose neighbouring sources (the previous and the next sentence) are the same as the segment's
is a *context match*, 101, above every other: its translation was made for this very place.

The store finds the candidates (a trigram index of the database); this module only scores and
ranks them, so every score here is exact.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .numbers import find_numbers_zh
from .text import normalize_for_matching

EXACT = 100
CONTEXT = 101
# Points off per number present in one source and not the other, and the ceiling any match
# with such a difference keeps: it is never offered as exact.
NUMBER_PENALTY = 2
NUMBER_CEILING = 99
# Below this a match costs a translator more than it saves (memoQ and Trados default to 50–70).
MIN_SCORE = 50
# A source this short (normalised) has no trigram to index: only an exact match finds it.
MIN_INDEXED_LENGTH = 3
MAX_MATCHES = 5


def normalize_source(text: str) -> str:
    """The form a source is compared and indexed in: NFKC (full-width Latin and digits become
    ASCII), spaces dropped (Chinese has none, and copy-pasted text adds stray ones), case
    folded. Punctuation stays: 。 and ？ make different sentences."""
    return "".join(normalize_for_matching(text).split()).casefold()


def source_key(text: str) -> str:
    """A fixed-length key of the normalised source, for an indexed exact lookup."""
    return hashlib.sha256(normalize_source(text).encode("utf-8")).hexdigest()[:40]


def _numbers(text: str) -> Counter[str]:
    return Counter(number.key for number in find_numbers_zh(text))


def similarity(source: str, candidate: str) -> int:
    """How alike ``candidate`` (a unit's source) is to ``source`` (the segment's), 0–100."""
    a, b = normalize_source(source), normalize_source(candidate)
    if not a and not b:
        return EXACT
    score = round(100 * Levenshtein.normalized_similarity(a, b))
    if a == b and source.strip() != candidate.strip():
        # The same sentence written differently (spacing, full-width letters): as Trados, a
        # point off, so pre-translation (100 only) leaves it for a person.
        score = min(score, EXACT - 1)
    numbers_a, numbers_b = _numbers(source), _numbers(candidate)
    differing = sum(((numbers_a - numbers_b) + (numbers_b - numbers_a)).values())
    if differing:
        score = min(score - NUMBER_PENALTY * differing, NUMBER_CEILING)
    return max(score, 0)


@dataclass(frozen=True)
class Context:
    """The sources around a segment (or the unit made from one): "" at a document's edge."""

    previous: str = ""
    next: str = ""

    def agrees_with(self, other: "Context") -> bool:
        return normalize_source(self.previous) == normalize_source(other.previous) and (
            normalize_source(self.next) == normalize_source(other.next)
        )


NO_CONTEXT = Context()


@dataclass(frozen=True)
class Candidate:
    """A unit as the store found it; ``key`` is whatever identifies it there."""

    key: int
    source: str
    target: str
    context: Context = NO_CONTEXT
    # For ties: the more recent translation first.
    recency: float = 0.0


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: int

    @property
    def context_match(self) -> bool:
        return self.score == CONTEXT


def score_candidate(source: str, context: Context, candidate: Candidate) -> Match:
    score = similarity(source, candidate.source)
    if score == EXACT and candidate.context.agrees_with(context):
        score = CONTEXT
    return Match(candidate, score)


def best_matches(
    source: str,
    context: Context,
    candidates: Iterable[Candidate],
    *,
    limit: int = MAX_MATCHES,
    min_score: int = MIN_SCORE,
) -> list[Match]:
    """The ``limit`` best-scoring candidates at or above ``min_score``, best first; of two
    units with the same source and translation only the better (or newer) is kept."""
    scored = [score_candidate(source, context, c) for c in candidates]
    scored = [m for m in scored if m.score >= min_score]
    scored.sort(key=lambda m: (-m.score, -m.candidate.recency, m.candidate.key))
    seen: set[tuple[str, str]] = set()
    best: list[Match] = []
    for match in scored:
        pair = (normalize_source(match.candidate.source), match.candidate.target.strip())
        if pair in seen:
            continue
        seen.add(pair)
        best.append(match)
        if len(best) == limit:
            break
    return best


def pretranslation(matches: Sequence[Match]) -> Match | None:
    """The match pre-translation applies: a context or exact match, never a fuzzy one."""
    return matches[0] if matches and matches[0].score >= EXACT else None
