"""Text normalisation for matching.

What the user wrote is never changed: these functions produce a *view* of the text for
comparison (alignment, glossary, checks). ``fold_spaces`` keeps every character's offset, so a
span found in the folded text is a span of the original text too.
"""

import re
import unicodedata

# Characters that look like a space but are not U+0020. Machine-translated web copy is full of
# NBSPs; Chinese text uses the ideographic space.
_SPACE_LIKE = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u3000": " ",  # ideographic (full-width) space
    "\u2009": " ",  # thin space
    "\t": " ",
}
_SPACE_TABLE = str.maketrans(_SPACE_LIKE)

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold_spaces(text: str) -> str:
    """Replace space-like characters by a plain space, one for one (offsets are kept)."""
    return text.translate(_SPACE_TABLE)


def normalize_for_matching(text: str) -> str:
    """NFKC, folded spaces, runs of whitespace collapsed, trimmed. Offsets are NOT kept."""
    text = unicodedata.normalize("NFKC", fold_spaces(text))
    return " ".join(text.split())


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None
