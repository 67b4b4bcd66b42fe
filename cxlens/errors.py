"""Errors a user can act on."""


class DataError(ValueError):
    """A file could not be used. ``str(err)`` says what is wrong and what to do.

    The message is written for a manager, not a developer: no tracebacks, no
    library names, one or two sentences ending in what to try next.
    """

    def __init__(self, message: str, *, filename: str | None = None):
        self.filename = filename
        self.message = message
        super().__init__(f"{filename}: {message}" if filename else message)
