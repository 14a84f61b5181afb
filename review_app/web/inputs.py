"""Request values the store cannot hold are refused before any view runs.

PostgreSQL's text type cannot contain NUL (U+0000): a value with one fails deep inside a
transaction, as a 500, after the view has done its checks. A lone surrogate (U+D800 to
U+DFFF, which JSON's ``"\\ud800"`` escape can send) is no character at all and cannot be
encoded as UTF-8 for either database. No translator means to type them (they arrive from a
bad paste or a hostile client), so any query, form or JSON value with one is refused up
front, the same way on every database. Uploaded files are the readers' concern (``formats``
refuses NUL bytes with the file's name and offset).
"""

import re

from flask import Flask, request

from review_app.services.errors import InvalidInput

NUL = "\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")


def init_app(app: Flask) -> None:
    app.before_request(_refuse_unstorable)


def _refuse_unstorable() -> None:
    values = [*request.args.items(multi=True), *request.form.items(multi=True)]
    texts = [text for pair in values for text in pair]
    texts.extend(_strings(request.get_json(silent=True) if request.is_json else None))
    if any(NUL in text for text in texts):
        raise InvalidInput(
            "Text may not contain NUL characters (U+0000); remove them and try again."
        )
    if any(_SURROGATE.search(text) for text in texts):
        raise InvalidInput(
            "Text may not contain lone surrogates (U+D800 to U+DFFF), which are not "
            "characters; send the text as valid Unicode and try again."
        )


def _strings(value) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
