"""Request values the store cannot hold are refused before any view runs.

PostgreSQL's text type cannot contain NUL (U+0000): a value with one fails deep inside a
transaction, as a 500, after the view has done its checks. No translator means to type it
(it arrives from a bad paste or a hostile client), so any query, form or JSON value with one
is refused up front, the same way on every database. Uploaded files are the readers' concern
(``formats`` refuses NUL bytes with the file's name and offset).
"""

from flask import Flask, request

from review_app.services.errors import InvalidInput

NUL = "\x00"


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    values = [*request.args.items(multi=True), *request.form.items(multi=True)]
    if any(NUL in key or NUL in value for key, value in values) or _has_nul(
        request.get_json(silent=True) if request.is_json else None
    ):
        raise InvalidInput(
            "Text may not contain NUL characters (U+0000); remove them and try again."
        )


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False
