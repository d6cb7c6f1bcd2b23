"""The paths the user named, checked before anything starts (the app's first frame among
them): here rather than in scan.py, so that check loads nothing of the scan."""

from __future__ import annotations

import os
from collections.abc import Sequence


class MissingPath(Exception):
    """A path the user named does not exist."""


def check_exist(paths: Sequence[str]) -> None:
    """Raise MissingPath for the first path that names nothing, as `scan` would. A broken
    link exists: `scan` lists it as a problem."""
    for given in paths:
        if not os.path.lexists(given):
            raise MissingPath(given)
