"""Errors a user can cause or meet; the views print them as one line, never a traceback."""


class ReaderError(Exception):
    """Something the user can act on: a missing path, a locked or unwritable database."""


class NotFound(ReaderError):
    pass


class Ambiguous(ReaderError):
    pass
