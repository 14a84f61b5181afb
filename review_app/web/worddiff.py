"""Word-level differences for the history and "diff against the machine draft" views."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words, runs of spaces and single punctuation marks, so a changed comma shows as one mark.
# Chinese has no spaces between words, so each hanzi is a token of its own: otherwise a whole
# clause would be one "word" and a one-character fix would strike out the clause.
_TOKEN = re.compile(r"\s+|[\u3400-\u9fff\uf900-\ufaff]|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "equal", "delete" or "insert"
    text: str


def word_diff(old: str | None, new: str | None) -> list[DiffPart]:
    """How ``new`` differs from ``old``, as parts the template renders with <del> and <ins>."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("delete", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("insert", "".join(b[j1:j2])))
    return parts
