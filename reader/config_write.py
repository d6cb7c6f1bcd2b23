"""Writing config.toml: a saved view goes into `[views]` and everything else in the file (its
text, order and comments) stays as the user wrote it. tomllib only reads; tomlkit keeps a
file's own formatting when it writes it back."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from reader.errors import ReaderError
from reader.query_language import parse


def save_view(config_file: Path, name: str, query: str) -> None:
    """Adds a view to config.toml (or gives an existing one a new query). Raises QueryError
    for a query with a mistake and ReaderError for a name or a file it cannot use; the file
    is then left as it was."""
    name = name.strip()
    if not name:
        raise ReaderError("a view needs a name")
    if not query.strip():
        raise ReaderError("there is no query to save")
    parse(query)
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ReaderError(f"{config_file}: cannot read ({error})") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ReaderError(f"{config_file}: {error}; fix the file to save views") from None
    views = document.get("views")
    if views is None:
        views = tomlkit.table()
        document["views"] = views
    elif not isinstance(views, dict):
        raise ReaderError(f"{config_file}: 'views' is not a table; fix the file to save views")
    views[name] = query
    _replace(config_file, tomlkit.dumps(document))


def _replace(path: Path, text: str) -> None:
    """Writes the whole file at once: a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except FileNotFoundError:
            pass
        raise
