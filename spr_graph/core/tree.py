"""A folder opened once and worked on without ever following a link inside it.

The publisher (:mod:`.publish`) writes into a folder that other people or programs may
have filled: a sub-folder may be a link to somewhere else, a file a link, a named pipe
or a folder. Paths are therefore never handed to the operating system whole. The folder
is opened once (following a link there: it is the user's choice), and every step below
it is opened relative to its parent with ``O_NOFOLLOW``: a link on the way fails the
call instead of being followed, even if it was planted a moment after a check. Every
folder reached is kept open (closed by :meth:`Tree.close`), so later calls go on working
in the real folder even if its name is swapped for a link meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Protocol

from spr_graph.core.errors import InputError, Location

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
#: Opening a file to read it: never through a link, never waiting on a named pipe.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_HINT = "spr-graph never writes through a link or over anything but a file it can replace " \
        "in its output folder: remove it, or choose another folder with -o"

Parts = tuple[str, ...]


class Sink(Protocol):
    """Where a file's bytes go as they are made: an open binary file, or a wrapper."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


def kind(mode: int) -> str:
    """What a ``st_mode`` is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a file" if stat.S_ISREG(mode) else "a special file"


class Tree:
    """The folder ``root``, open; see the module doc."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._dirs: dict[Parts, int] = {(): self.fd}

    def close(self) -> None:
        for fd in self._dirs.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._dirs = {}

    def where(self, parts: Parts) -> Path:
        """The path of ``parts`` below the folder, for messages."""
        return self.root.joinpath(*parts)

    def refuse(self, parts: Parts, what: str) -> InputError:
        return InputError(f"is {what}, where spr-graph writes", Location(str(self.where(parts))),
                          _HINT)

    def lstat(self, parts: Parts) -> os.stat_result | None:
        """The entry ``parts`` itself (a link is not followed); None when it is absent or a
        folder on the way is not a real folder."""
        parent = self.dir(parts[:-1], create=False, strict=False)
        if parent is None:
            return None
        try:
            return os.stat(parts[-1], dir_fd=parent, follow_symlinks=False)
        except (FileNotFoundError, NotADirectoryError):
            return None

    def dir(self, parts: Parts, create: bool, strict: bool = True) -> int | None:
        """An open descriptor of the folder ``parts``, made when ``create``; None when it
        is absent. A link or anything but a folder on the way is refused (``strict``) or
        gives None."""
        if parts in self._dirs:
            return self._dirs[parts]
        parent = self.dir(parts[:-1], create, strict)
        if parent is None:
            return None
        name = parts[-1]
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o755, dir_fd=parent)
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            if not strict:
                return None
            found = os.stat(name, dir_fd=parent, follow_symlinks=False)
            raise self.refuse(parts, kind(found.st_mode)) from None
        self._dirs[parts] = fd
        return fd

    def check_file(self, parts: Parts) -> None:
        """Refuse ``parts`` as a place to put a file unless it is absent or a regular file
        and every folder on the way is a real folder (see :mod:`.publish`)."""
        for depth in range(1, len(parts)):
            found = self.lstat(parts[:depth])
            if found is None:
                return
            if not stat.S_ISDIR(found.st_mode):
                raise self.refuse(parts[:depth], kind(found.st_mode))
        found = self.lstat(parts)
        if found is not None and not stat.S_ISREG(found.st_mode):
            raise self.refuse(parts, kind(found.st_mode))

    def read(self, parts: Parts) -> bytes | None:
        """The bytes of the regular file ``parts``; None for anything else or nothing."""
        parent = self.dir(parts[:-1], create=False, strict=False)
        if parent is None:
            return None
        try:
            fd = os.open(parts[-1], _READ_FLAGS, dir_fd=parent)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return handle.read()

    def sha256(self, parts: Parts) -> str | None:
        """The SHA-256 of the regular file ``parts``; None for anything else or nothing."""
        data = self.read(parts)
        return None if data is None else hashlib.sha256(data).hexdigest()

    def create(self, parts: Parts, data: bytes | Callable[[Sink], None]) -> None:
        """Write ``data`` to the new file ``parts`` (it must not exist) and sync it; a
        callable ``data`` writes the file itself, through the handle it is given."""
        parent = self.dir(parts[:-1], create=True)
        assert parent is not None
        fd = os.open(parts[-1], _NEW_FLAGS, 0o644, dir_fd=parent)
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(fd)

    def rename(self, old: Parts, new: Parts) -> None:
        """Move the entry ``old`` to ``new`` (replacing a file there), both below the folder."""
        source = self.dir(old[:-1], create=False)
        target = self.dir(new[:-1], create=True)
        assert source is not None and target is not None
        os.replace(old[-1], new[-1], src_dir_fd=source, dst_dir_fd=target)

    def keep(self, old: Parts, copy: Parts) -> None:
        """A second name ``copy`` for the file ``old`` (a hard link, or a copy where the
        file system has none)."""
        source = self.dir(old[:-1], create=False)
        target = self.dir(copy[:-1], create=True)
        assert source is not None and target is not None
        try:
            os.link(old[-1], copy[-1], src_dir_fd=source, dst_dir_fd=target,
                    follow_symlinks=False)
        except OSError:
            data = self.read(old)
            if data is None:
                raise
            self.create(copy, data)

    def unlink(self, parts: Parts) -> None:
        parent = self.dir(parts[:-1], create=False)
        if parent is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(parts[-1], dir_fd=parent)

    def remove_tree(self, name: str) -> None:
        """Remove the folder ``name`` of the top level and all in it, if it is a real
        folder (never through a link)."""
        found = self.lstat((name,))
        if found is not None and stat.S_ISDIR(found.st_mode):
            self.forget((name,))
            import shutil

            shutil.rmtree(name, ignore_errors=True, dir_fd=self.fd)

    def forget(self, prefix: Parts) -> None:
        """Close the descriptors of ``prefix`` and every folder below it."""
        for parts in [p for p in self._dirs if p[:len(prefix)] == prefix and p]:
            with contextlib.suppress(OSError):
                os.close(self._dirs.pop(parts))

    def prune(self, parts: Parts) -> None:
        """Remove the folder ``parts`` and its parents up to the top if they are empty."""
        while parts:
            parent = self.dir(parts[:-1], create=False, strict=False)
            if parent is None:
                return
            self.forget(parts)
            try:
                os.rmdir(parts[-1], dir_fd=parent)
            except OSError:
                return
            parts = parts[:-1]


def split(rel: str) -> Parts:
    """The parts of a relative POSIX path, as the methods of :class:`Tree` take them.

    Examples
    --------
    >>> split("maps/threat/soc.html")
    ('maps', 'threat', 'soc.html')
    """
    return PurePosixPath(rel).parts
