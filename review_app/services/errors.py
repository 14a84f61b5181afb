"""Domain errors. Views map each to an HTTP status; the CLI prints the message.

Every message is written for the person who caused it: what was wrong and what to do.

A message composed with values is a ``core.messages.Message`` (the exception's argument), so
the interface can show it in the reader's language; ``str(error)`` is its English.
"""

from review_app.core.messages import N_, Message


class ServiceError(Exception):
    """Base class: ``str(error)`` is the user-facing message."""


def at_most(template: str, limit: int) -> Message:
    """The refusal of a text that is too long, with ``%(limit)s`` (written 20,000)."""
    return Message(template, limit=f"{limit:,}")


class NotFound(ServiceError):
    pass


class Forbidden(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class AuthenticationFailed(ServiceError):
    pass


class Locked(ServiceError):
    """A change to a signed-off (or published) document: it is read-only until an editor
    reopens it, with a reason (``review.reopen``)."""


class Conflict(ServiceError):
    """A save against a version someone else has already replaced.

    Carries both texts so the user can choose; nothing they typed is thrown away.
    """

    def __init__(self, segment, yours: str, message: str | None = None) -> None:
        super().__init__(
            message
            or Message(
                N_("Segment %(label)s was changed by someone else while you were editing."),
                label=segment.label,
            )
        )
        self.segment = segment
        self.theirs = segment.target
        self.yours = yours
