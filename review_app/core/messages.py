"""Messages the interface can translate, written by a core that knows no gettext.

``N_`` marks an English text for the interface's catalogue without translating it. A message
composed with values is a ``Message``: a marked template with named ``%(name)s`` placeholders
(the form Flask-Babel's ``gettext(template, **params)`` fills) and the values to put there.
It *is* its English text (a ``str``), so the CLI, the API and the stored ``message`` column
read it as they always did; the web layer reads ``template`` and ``params`` and translates the
template (and any nested message) for whoever reads it. A value that is a person's text (a
term, a quoted target, a number as written) is never translated: only ``Message`` and
``Listing`` values are.

``to_json``/``from_json`` keep a message's template and values in the store (JSON of plain
strings and numbers, nested messages as objects).
"""

from collections.abc import Iterable, Mapping
from typing import Any

Param = str | int | float


def N_(message: str) -> str:
    return message


class Message(str):
    """An English message made from a marked template and its values."""

    template: str
    params: Mapping[str, Param]

    def __new__(cls, template: str, /, **params: Param) -> "Message":
        english = template % params if params else template
        message = super().__new__(cls, english)
        message.template = template
        message.params = params
        return message

    def __reduce__(self):
        return (_message, (self.template, dict(self.params)))

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "params": encode_params(self.params)}


class Listing(str):
    """Several values written one after another: "year 2024, month 7". The separator is a
    marked text too, since languages write lists differently (Chinese 、 and ；)."""

    items: tuple[Param, ...]
    separator: str

    def __new__(cls, items: Iterable[Param], separator: str = N_(", ")) -> "Listing":
        items = tuple(items)
        listing = super().__new__(cls, separator.join(str(item) for item in items))
        listing.items = items
        listing.separator = separator
        return listing

    def __reduce__(self):
        return (Listing, (self.items, self.separator))


def _message(template: str, params: dict[str, Param]) -> Message:
    return Message(template, **params)


def encode_params(params: Mapping[str, Param]) -> dict[str, Any]:
    """A message's values as JSON: plain values as they are, nested messages as objects."""
    return {name: _encode(value) for name, value in params.items()}


def _encode(value: Param) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Listing):
        return {"items": [_encode(item) for item in value.items], "separator": value.separator}
    if isinstance(value, str):
        return str(value)
    return value


def from_json(template: str, params: Mapping[str, Any] | None) -> Message:
    """The message that ``to_json`` wrote (a stored issue's ``message_id`` and params)."""
    return Message(template, **{name: _decode(value) for name, value in (params or {}).items()})


def _decode(value: Any) -> Param:
    if isinstance(value, dict) and "template" in value:
        return from_json(value["template"], value.get("params"))
    if isinstance(value, dict) and "items" in value:
        return Listing((_decode(item) for item in value["items"]), value["separator"])
    return value


def templates(message: object) -> Iterable[str]:
    """Every marked text a message is made of: its template, nested ones, separators."""
    if isinstance(message, Message):
        yield message.template
        for value in message.params.values():
            yield from templates(value)
    elif isinstance(message, Listing):
        yield message.separator
        for item in message.items:
            yield from templates(item)
