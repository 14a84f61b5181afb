"""Password rules: long enough, and not one that attackers try first.

The common passwords are Django's list (``data/common-passwords.txt.gz``, licence beside it),
compared as Django does: lower-cased and without surrounding spaces. Only the length and the
list are rules; mixing character classes is not asked for, since a long phrase is stronger
than a short jumble and easier to remember (NIST SP 800-63B, 5.1.1.2).
"""

import gzip
from functools import cache
from pathlib import Path

from .messages import N_

MIN_PASSWORD_LENGTH = 12
# Spelled out, not formatted, so that the interface can translate it.
_TOO_SHORT = N_("A password needs at least 12 characters.")
_COMMON_PASSWORDS = Path(__file__).with_name("data") / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password: str) -> bool:
    return password.lower().strip() in common_passwords()


def password_problem(password: str) -> str | None:
    """Why ``password`` is refused, or None when it may be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _TOO_SHORT
    if is_common(password):
        return N_("That password is on a list of common passwords; choose another.")
    return None
