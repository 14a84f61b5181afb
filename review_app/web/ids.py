"""Reading ids and other whole numbers from URLs, forms and JSON.

Python's ``int`` accepts any Unicode digits ("²", "١٢") and numbers of any size, and
SQLite cannot bind one beyond 64 bits (OverflowError): either used to become a 500. Here a
number is 1 to 18 ASCII digits, which always fits, so an odd URL is a plain 404 and an odd
form field a 4xx.
"""

import re

from werkzeug.routing import BaseConverter

MAX_DIGITS = 18
LARGEST = 10**MAX_DIGITS - 1
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


class IdConverter(BaseConverter):
    """Replaces Flask's ``int`` converter: ASCII digits, bounded length."""

    regex = rf"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def parse_number(text: str | None) -> int | None:
    """The number ``text`` spells in ASCII digits, if it fits; otherwise None."""
    return int(text) if text and _NUMBER.fullmatch(text) else None


def fits(value: int) -> bool:
    """Whether a number from JSON can be stored (and compared) in the database."""
    return -LARGEST <= value <= LARGEST
