"""Messages of the core and the services (QA issues, refusals) in the reader's language.

Apart from ``i18n`` (the locale, the switch), so that any view can import it."""

from flask_babel import gettext

from review_app.core.messages import Listing, Message, from_json


def known_message(message: object) -> str:
    """A message of the core or the services (a QA issue's, a refusal's) in the interface's
    language: a ``Message`` from its translated template, its nested messages and list
    separators translated too and the other values (people's text) as they are; a plain text
    when it was marked for the catalogue (``core.messages.N_``), as written otherwise. Plain
    text, so the template escapes it.

    A refusal (an exception) is read from its argument, which ``str(error)`` would flatten to
    English."""
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    if isinstance(message, Message):
        return gettext(message.template, **{k: _value(v) for k, v in message.params.items()})
    if isinstance(message, Listing):
        return gettext(message.separator).join(str(_value(item)) for item in message.items)
    return gettext(str(message))


def _value(value):
    return known_message(value) if isinstance(value, Message | Listing) else value


def qa_message(issue) -> str:
    """A stored QA issue's message for the reader (``QaIssue``): from its template and values,
    or, for a row stored before templates, from its English text."""
    if issue.message_id is None:
        return known_message(issue.message)
    return known_message(from_json(issue.message_id, issue.message_params))
