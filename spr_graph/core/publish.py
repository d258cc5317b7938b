"""Publish a set of files into a folder all at once, or not at all, and touch nothing else.

A :class:`Publication` is a staging folder inside the output folder (same file system,
so every move is a rename). :meth:`Publication.commit` moves each staged file into
place, keeping a second name for the file it replaces so that a failure half-way (an
exception, Ctrl-C) puts every old file back, and writes ``SHA256SUMS`` last. The staging
folder is always removed: an interrupted build leaves the previous files intact and no
temporary files behind.

The output folder may hold things spr-graph did not put there; the rules:

- **Links.** Nothing is ever written or removed through a symbolic link below the output
  folder (the folder itself may be a link: that is the user's choice). A link, a folder,
  a named pipe or a device standing where a file of the publication goes is an error
  that names it (exit 2), found before anything is moved: nothing is written. It is not
  replaced, because removing what someone else put there is not ours to do. All work
  below the folder goes through descriptors opened with ``O_NOFOLLOW``
  (:mod:`.tree`), so a link planted during a build fails the build, never redirects it.
- **Removal.** A file is removed only if the previous ``SHA256SUMS`` lists it and its
  content still has the listed SHA-256: that is, only a file this publisher wrote and
  nobody changed since. A name with ``..``, an absolute path, a link on the way, or
  anything but a regular file is skipped, so a planted ``SHA256SUMS`` can make a build
  delete nothing outside the folder, and inside it only copies of files the pack itself
  would hold. A file with other hard links loses only its name in the folder.
- **One build at a time.** :func:`publication` holds an exclusive lock (``flock``) on
  ``.spr-graph-lock`` in the folder, which holds the PID of the build holding it. A
  second build waits for the first, and says so through its ``waiting`` callback first
  (the command prints it; Ctrl-C stops the wait). The lock file is removed when the
  build ends; a build killed outright leaves it and its staging folder, and the next
  build clears both.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error
from spr_graph.core.tree import Parts, Sink, Tree, kind, split

SUMS = "SHA256SUMS"
STAGING_PREFIX = ".spr-graph-staging-"
LOCK = ".spr-graph-lock"
#: Told the PID of the build a publication waits for (None when it cannot be read).
Waiting = Callable[[int | None], None]
_UNCHANGED = "the folder is unchanged"


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C during the block takes effect when it ends: publishing the files and
    removing the staging folder run to their end, so an interrupted build leaves either
    the old files or the whole new set, and never a staging folder. (Only the main
    thread can set handlers; elsewhere the block runs as it is.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and previous is not signal.SIG_IGN:
            if callable(previous):
                previous(signal.SIGINT, None)
            raise KeyboardInterrupt


def _relative(name: str) -> PurePosixPath:
    """``name`` as a plain relative path, or ValueError: no ``..``, no absolute path, no
    control character, and nothing that could be the publisher's own files."""
    rel = PurePosixPath(name)
    if (rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts)
            or any(ord(ch) < 32 or ch in "\\\x7f" for ch in name)
            or rel.parts[0].startswith((STAGING_PREFIX, LOCK)) or name.endswith("/")):
        raise ValueError(f"not a plain relative file name: {name!r}")
    return rel


def parse_sums(text: str) -> dict[str, str]:
    """``{relative path: sha256}`` from the text of a ``SHA256SUMS``; lines that are not a
    64-digit hex digest, two spaces and a plain relative path are ignored."""
    sums = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if sep and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest):
            with contextlib.suppress(ValueError):
                sums[str(_relative(name))] = digest
    return sums


class _Digest:
    """The SHA-256 and size of what ``data`` writes, taken as it is written."""

    def __init__(self, data: bytes | Callable[[Sink], None]) -> None:
        self.data, self.sha256, self.size = data, hashlib.sha256(), 0
        self.handle: Sink | None = None

    def fill(self, handle: Sink) -> None:
        self.handle = handle
        if callable(self.data):
            self.data(self)
        else:
            self.write(self.data)

    def write(self, chunk: bytes) -> int:
        assert self.handle is not None
        self.sha256.update(chunk)
        self.size += len(chunk)
        return self.handle.write(chunk)

    def flush(self) -> None:
        assert self.handle is not None
        self.handle.flush()


class Publication:
    """Files staged for one folder; see the module doc."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.folder = tree.root
        self.staging = f"{STAGING_PREFIX}{secrets.token_hex(8)}"
        os.mkdir(self.staging, 0o700, dir_fd=tree.fd)
        self.files: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def write(self, name: str, data: bytes | Callable[[Sink], None]) -> None:
        """Stage ``data`` as ``name`` (a relative path with ``/``); a link or anything but
        a file where it will go is refused now, before more work is done. A callable
        ``data`` writes the file through the handle it is given, a piece at a time."""
        parts = split(str(_relative(name)))
        self.tree.check_file(parts)
        rel = "/".join(parts)
        digest = _Digest(data)
        try:
            self.tree.unlink((self.staging, *parts))
            self.tree.create((self.staging, *parts), digest.fill)
        except OSError as exc:
            raise os_error(exc, self.folder / rel, after=_UNCHANGED) from exc
        self.files[rel] = digest.sha256.hexdigest()
        self.sizes[rel] = digest.size

    def sums_text(self) -> str:
        return "".join(f"{digest}  {name}\n" for name, digest in sorted(self.files.items()))

    def commit(self) -> list[str]:
        """Move every staged file into place, then ``SHA256SUMS``; all or nothing."""
        names = [*sorted(self.files), SUMS]
        for rel in names:
            self.tree.check_file(split(rel))
        previous = parse_sums((self.tree.read((SUMS,)) or b"").decode("utf-8", "replace"))
        try:
            with _interrupts_deferred():
                self.tree.create((self.staging, SUMS), self.sums_text().encode("utf-8"))
                self._swap(names, {r: d for r, d in previous.items() if r not in names})
        except OSError as exc:
            raise os_error(exc, self.folder, after=_UNCHANGED) from exc
        return sorted(self.files)

    def _swap(self, names: list[str], stale: dict[str, str]) -> None:
        backup = f"{self.staging}-previous"
        done: list[tuple[Parts, bool]] = []
        try:
            for rel in names:
                done.append(self._move(split(rel), backup))
            for rel, digest in sorted(stale.items()):
                if self._retire(split(rel), digest, backup):
                    done.append((split(rel), True))
        except BaseException:
            for parts, kept in reversed(done):
                if kept:
                    self.tree.rename((backup, *parts), parts)
                else:
                    self.tree.unlink(parts)
                    self.tree.prune(parts[:-1])
            raise
        finally:
            self.tree.remove_tree(backup)
        for rel in stale:
            self.tree.prune(split(rel)[:-1])

    def _move(self, parts: Parts, backup: str) -> tuple[Parts, bool]:
        """Put the staged ``parts`` in place; True when a file was there (kept in
        ``backup``)."""
        found = self.tree.lstat(parts)
        if found is not None:
            if not stat.S_ISREG(found.st_mode):  # changed since the check: refuse anyway
                self.tree.check_file(parts)
            self.tree.keep(parts, (backup, *parts))
        self.tree.rename((self.staging, *parts), parts)
        return parts, found is not None

    def _retire(self, parts: Parts, digest: str, backup: str) -> bool:
        """Move the stale ``parts`` to ``backup`` if it is a regular file, reached without a
        link, whose content is still what ``SHA256SUMS`` says; else leave it."""
        found = self.tree.lstat(parts)
        if found is None or not stat.S_ISREG(found.st_mode) or self.tree.sha256(parts) != digest:
            return False
        self.tree.rename(parts, (backup, *parts))
        return True

    def discard(self) -> None:
        self.tree.remove_tree(self.staging)


def _holder(fd: int) -> int | None:
    """The PID written in the lock file, if any."""
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


@contextlib.contextmanager
def locked(tree: Tree, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the folder's lock (see the module doc) with this process's PID in it."""
    import fcntl

    while True:
        try:
            fd = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644, dir_fd=tree.fd)
        except OSError as exc:  # a link in the way, or a folder we may not write
            tree.check_file((LOCK,))
            raise os_error(exc, tree.root, "write the folder") from exc
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise tree.refuse((LOCK,), kind(mode))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting is not None:
                    waiting(_holder(fd))
                    waiting = None
                fcntl.flock(fd, fcntl.LOCK_EX)
            now = tree.lstat((LOCK,))  # the build we waited for removed it: lock anew
            if now is not None and now.st_ino == os.fstat(fd).st_ino:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        tree.unlink((LOCK,))
        os.close(fd)


def _open_folder(target: Path) -> Tree:
    """The output folder, made if need be, open."""
    if target.exists() and not target.is_dir():
        raise InputError("is a file, not a folder", Location(str(target)), "give -o a folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
        return Tree(target)
    except OSError as exc:
        raise os_error(exc, target, "write the folder") from exc


def _refuse_foreign(tree: Tree, foreign: Mapping[str, str]) -> None:
    listed = parse_sums((tree.read((SUMS,)) or b"").decode("utf-8", "replace"))
    for name, what in foreign.items():
        if name in listed:
            raise InputError(f"{tree.root} holds {what} (its {SUMS} lists {name}); "
                             f"writing here would replace it",
                             hint="write to a folder of its own; the folder is unchanged")


@contextlib.contextmanager
def publication(folder: str | os.PathLike[str], waiting: Waiting | None = None,
                expect: Iterable[str] = (), foreign: Mapping[str, str] | None = None
                ) -> Iterator[Publication]:
    """A :class:`Publication` into ``folder`` (created if need be), under the folder lock;
    ``waiting`` is told the PID of another build holding it, before waiting for it.
    ``expect``: names the publication will write, checked at once (a link in the way
    fails the build before any work is done, not at the end). ``foreign``: ``{name: what
    it marks}`` for files only another kind of publication writes; when the folder's
    ``SHA256SUMS`` lists one, the folder holds that other kind (a map set written over an
    evidence pack would retire the pack's files), so nothing is done (exit 2).

    Leaving the block without :meth:`Publication.commit` publishes nothing; either way
    the staging folder is removed.
    """
    tree = _open_folder(Path(folder))
    try:
        with locked(tree, waiting):
            for name in [SUMS, *expect]:
                tree.check_file(split(str(_relative(name))))
            _refuse_foreign(tree, foreign or {})
            for name in os.listdir(tree.fd):
                if name.startswith(STAGING_PREFIX):
                    tree.remove_tree(name)
            try:
                staged = Publication(tree)
            except OSError as exc:
                raise os_error(exc, tree.root, "write the folder") from exc
            try:
                yield staged
            finally:
                with _interrupts_deferred():
                    staged.discard()
    finally:
        tree.close()
