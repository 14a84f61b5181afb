"""The one error type every reader raises for input it cannot use.

Readers never trust their input, so a bad file is an expected event, not a bug: the message is
written for the person who supplied the file and is shown to them as it is (never a traceback).
"""


class FormatError(ValueError):
    """A file that cannot be read, with a message naming the file and what to do about it.

    ``str(error)`` is ``"<filename> <problem>"``, so ``problem`` is phrased as a predicate
    ("is empty", "is not readable text: ..."). ``offset`` is the byte offset of the fault when
    there is one (decoding), so a caller can point at it; it also appears in the message.
    It subclasses ValueError so code that only knows "bad input" can still catch it.
    """

    def __init__(self, filename: str, problem: str, *, offset: int | None = None) -> None:
        super().__init__(f"{filename} {problem}")
        self.filename = filename
        self.problem = problem
        self.offset = offset
