"""Protected tokens in segment text: the inline codes of XLIFF and the plural forms of PO.

An inline code (a tag of the original document: bold, a link, a line break, a variable) is
shown to the translator as a token and restored from the token on export:

- ``⟦3⟧`` a code that stands alone (XLIFF ``<x/>``, ``<ph>``, ``<it>``) or opens a pair;
- ``⟦/3⟧`` the code that closes pair 3 (``</g>``, ``<ept>``, ``</pc>``, ``<ec/>``).

Numbers count the codes of a segment's source from 1. The brackets are U+27E6 and U+27E7,
which no ordinary text uses, so a token never collides with braces or angle brackets of the
text itself (``{0}``, ``<b>`` in a software string); readers refuse text that contains them.

A PO plural entry's forms are joined by ``PLURAL_SEPARATOR`` on both sides, so a translator
sees and edits every form, and the code check counts the forms like codes.
"""

import re
from collections import Counter

from .messages import N_, Message

OPEN, CLOSE = "\u27e6", "\u27e7"
PLURAL_SEPARATOR = f"\n{OPEN}plural{CLOSE}\n"
TOKEN = re.compile(f"{OPEN}(?:(/?)([0-9]{{1,4}})|plural){CLOSE}")


def opening(number: int) -> str:
    return f"{OPEN}{number}{CLOSE}"


def closing(number: int) -> str:
    return f"{OPEN}/{number}{CLOSE}"


def tokens(text: str) -> list[str]:
    return [match.group(0) for match in TOKEN.finditer(text)]


def has_brackets(text: str) -> bool:
    return OPEN in text or CLOSE in text


def code_problems(source: str, target: str) -> list[Message]:
    """What is wrong with the target's tokens against the source's: each missing or extra
    token, and a pair closed before it is opened."""
    wanted, found = Counter(tokens(source)), Counter(tokens(target))
    problems = [
        Message(N_("the code %(code)s of the source is missing"), code=token)
        for token in wanted - found
    ]
    problems += [
        Message(N_("the code %(code)s is not in the source"), code=token)
        for token in found - wanted
    ]
    opened: set[str] = set()
    for match in TOKEN.finditer(target):
        slash, number = match.group(1), match.group(2)
        if number is None:
            continue
        if not slash:
            opened.add(number)
        elif number not in opened and opening(int(number)) in wanted:
            problems.append(
                Message(
                    N_("the code %(code)s closes before %(opening)s"),
                    code=match.group(0),
                    opening=opening(int(number)),
                )
            )
    return problems


def highest_number(texts) -> int:
    """The highest code number in ``texts`` (0 when they hold no code)."""
    return max((int(m.group(2)) for t in texts for m in TOKEN.finditer(t) if m.group(2)), default=0)


def renumbered(text: str, offset: int) -> str:
    """``text`` with each code's number raised by ``offset`` (the plural separator kept)."""

    def shift(match: re.Match) -> str:
        if match.group(2) is None:
            return match.group(0)
        return f"{OPEN}{match.group(1)}{int(match.group(2)) + offset}{CLOSE}"

    return TOKEN.sub(shift, text)
