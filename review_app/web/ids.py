"""Reading ids and other whole numbers from URLs, forms and JSON.

Python's ``int`` accepts any Unicode digits ("²", "١٢") and numbers of any size; SQLite
cannot bind one beyond 64 bits (OverflowError) and PostgreSQL none beyond its INTEGER
columns (ids, versions: 32 bits, "integer out of range"): each used to become a 500. Here a
number is ASCII digits up to the largest INTEGER, so an odd URL is a plain 404 and an odd
form field a 4xx.
"""

import re

from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

LARGEST = 2**31 - 1  # SQL INTEGER, which every id and version column is
MAX_DIGITS = len(str(LARGEST))
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


class IdConverter(BaseConverter):
    """Replaces Flask's ``int`` converter: ASCII digits, at most the largest INTEGER."""

    regex = rf"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST:
            # No such id, whatever the method (a ValidationError would try the next route
            # and answer 405 for a method that route lacks).
            raise NotFound()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def parse_number(text: str | None) -> int | None:
    """The number ``text`` spells in ASCII digits, if it fits; otherwise None."""
    return int(text) if text and _NUMBER.fullmatch(text) and int(text) <= LARGEST else None


def fits(value: int) -> bool:
    """Whether a number from JSON can be stored (and compared) in the database."""
    return -LARGEST <= value <= LARGEST
