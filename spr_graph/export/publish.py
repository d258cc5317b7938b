"""Publish a set of files into a folder all at once, or not at all.

A :class:`Publication` is a staging folder inside the output folder (same file system,
so every move is a rename). Files are written into it atomically
(:mod:`spr_graph.atomic`); :meth:`Publication.commit` then moves each one into place,
keeping a hard link to the file it replaces so that a failure half-way (an exception,
Ctrl-C) puts every old file back. Files the previous publication listed in its
``SHA256SUMS`` and this one does not are removed, and nothing else in the folder is
touched. The staging folder is always removed: an interrupted build leaves the previous
files intact and no temporary files behind.

One build at a time writes into a folder: :func:`publication` holds an exclusive lock
on the folder (``flock``) for the whole build and clears staging folders left by a
build that was killed outright.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..atomic import write_bytes
from ..errors import InputError, Location

SUMS = "SHA256SUMS"
STAGING_PREFIX = ".spr-graph-staging-"


def _relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts):
        raise ValueError(f"not a plain relative file name: {name!r}")
    return rel


def read_sums(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` from ``folder/SHA256SUMS`` (empty when there is none)."""
    try:
        text = (folder / SUMS).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return {}
    sums = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        with contextlib.suppress(ValueError):
            if sep and len(digest) == 64:
                sums[str(_relative(name))] = digest
    return sums


class Publication:
    """Files staged for one folder; see the module doc."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        self.files: dict[str, str] = {}

    def write(self, name: str, data: bytes) -> None:
        """Stage ``data`` as ``name`` (a relative path with ``/``)."""
        rel = str(_relative(name))
        write_bytes(self.staging / rel, data)
        self.files[rel] = hashlib.sha256(data).hexdigest()

    def path(self, name: str) -> Path:
        """Where ``name`` is staged, for writers that need a path of their own; call
        :meth:`adopt` afterwards."""
        return self.staging / str(_relative(name))

    def adopt(self, folder: str) -> list[str]:
        """Register every file another writer put under ``folder`` in the staging area."""
        found = []
        for path in sorted((self.staging / str(_relative(folder))).rglob("*")):
            if path.is_file():
                rel = path.relative_to(self.staging).as_posix()
                self.files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                found.append(rel)
        return found

    def sums_text(self) -> str:
        return "".join(f"{digest}  {name}\n" for name, digest in sorted(self.files.items()))

    def commit(self) -> list[str]:
        """Move every staged file into place, then ``SHA256SUMS``; all or nothing."""
        write_bytes(self.staging / SUMS, self.sums_text().encode("utf-8"))
        backup = self.staging.parent / f"{self.staging.name}-previous"
        stale = sorted(set(read_sums(self.folder)) - set(self.files))
        done: list[tuple[Path, Path | None]] = []
        try:
            for rel in [*sorted(self.files), SUMS]:
                done.append(self._move(rel, backup))
            for rel in stale:
                target = self.folder / rel
                if target.is_file():
                    moved = backup / rel
                    moved.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, moved)
                    done.append((target, moved))
        except BaseException:
            for target, kept in reversed(done):
                if kept is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(kept, target)
            self._prune([target.relative_to(self.folder).as_posix() for target, kept in done
                         if kept is None])
            raise
        finally:
            shutil.rmtree(backup, ignore_errors=True)
        self._prune(stale)
        return sorted(self.files)

    def _move(self, rel: str, backup: Path) -> tuple[Path, Path | None]:
        target = self.folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        kept: Path | None = None
        if target.is_file():
            kept = backup / rel
            kept.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(target, kept)
            except OSError:
                shutil.copy2(target, kept)
        os.replace(self.staging / rel, target)
        return target, kept

    def _prune(self, removed: list[str]) -> None:
        """Remove folders that removing stale files left empty."""
        for rel in sorted({p for r in removed for p in PurePosixPath(r).parents
                           if str(p) != "."}, key=lambda p: -len(p.parts)):
            with contextlib.suppress(OSError):
                (self.folder / str(rel)).rmdir()

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def publication(folder: str | os.PathLike[str]) -> Iterator[Publication]:
    """A :class:`Publication` into ``folder`` (created if need be), under the folder lock.

    Leaving the block without :meth:`Publication.commit` publishes nothing; either way
    the staging folder is removed.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InputError("not a folder", Location(str(target)), "give -o a folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}",
                         Location(str(target)), "check the path and permissions") from exc
    if not os.access(target, os.W_OK | os.X_OK):
        raise InputError("the folder is not writable", Location(str(target)),
                         "choose another folder with -o")
    with _locked(target):
        for leftover in target.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staged = Publication(target)
        try:
            yield staged
        finally:
            staged.discard()
