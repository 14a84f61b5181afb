"""Domain errors. Views map each to an HTTP status; the CLI prints the message.

Every message is written for the person who caused it: what was wrong and what to do.
"""


class ServiceError(Exception):
    """Base class: ``str(error)`` is the user-facing message."""


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
            or f"Segment {segment.label} was changed by someone else while you were editing."
        )
        self.segment = segment
        self.theirs = segment.target
        self.yours = yours
