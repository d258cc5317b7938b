"""Write files so that nothing is ever half-written: temp file, fsync, rename.

What may stand at the path written (the same rule as the evidence pack's publisher,
:mod:`spr_graph.core.publish`): nothing, or a regular file, which is replaced. A
symbolic link is refused, never followed and never replaced: writing through it would
change a file elsewhere, and replacing it would silently cut the link the user made
(``-o -`` is the way to standard output). A folder, a named pipe or a device is refused
too: replacing ``/dev/null`` with a file is never what was meant. Folders on the way to
the path are the user's choice and are followed.

Every ``OSError`` comes out as an :class:`~spr_graph.core.errors.InputError` naming the path
and saying what to do (:func:`spr_graph.core.fs.os_error`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error


def check_target(path: Path) -> None:
    """Refuse ``path`` unless it is absent or a regular file (see the module doc)."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise os_error(exc, path) from exc
    if stat.S_ISLNK(found.st_mode):
        raise InputError("is a symbolic link, which spr-graph neither writes through nor "
                         "replaces", Location(str(path)),
                         "remove the link or choose another path (-o - for standard output)")
    if not stat.S_ISREG(found.st_mode):
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "not a regular file"
        raise InputError(f"is {kind}, so it cannot be replaced by the output",
                         Location(str(path)), "give the path of a file")


@overload
def atomic_open(path: str | os.PathLike[str],
                mode: Literal["w"] = "w") -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_open(path: str | os.PathLike[str],
                mode: Literal["wb"]) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_open(path: str | os.PathLike[str],
                mode: str = "w") -> contextlib.AbstractContextManager[IO[Any]]:
    """Open a temp file beside ``path`` for text (``"w"``, UTF-8) or bytes (``"wb"``); on
    success it replaces ``path`` atomically.

    On any exception the temp file is removed and ``path`` is left as it was.
    """
    return _atomic_open(Path(path), mode == "wb")


@contextlib.contextmanager
def _atomic_open(target: Path, binary: bool) -> Iterator[IO[Any]]:
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except FileExistsError as exc:  # a file where a folder on the way should be
        raise os_error(NotADirectoryError(errno.ENOTDIR, "Not a directory"), target) from exc
    except OSError as exc:
        raise os_error(exc, target) from exc
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        check_target(target)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise os_error(exc, target) from exc
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, atomically (newlines written as given).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "out", "gaps.md")
    ...     write_text(path, "# Gaps\\n")
    ...     path.read_text(), sorted(p.name for p in path.parent.iterdir())
    ('# Gaps\\n', ['gaps.md'])
    """
    with atomic_open(path, "w") as handle:
        handle.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path``, atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def write_with(path: str | os.PathLike[str], writer: Callable[[IO[str]], None]) -> None:
    """Let ``writer`` stream text into ``path``, atomically."""
    with atomic_open(path, "w") as handle:
        writer(handle)
