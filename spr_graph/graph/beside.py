"""What spr-graph keeps beside a persistent store: the store's stamp, how such a file is
written and opened, and small answers kept so that a command on a large store does not
read the whole store for them every time.

Before a command on a ``--db`` store can answer it needs a few whole-store answers: the
store's papers (which one ``--paper``, or the default choice, reads) and the papers'
paragraph numbers (every citation names its paper). On a national store each costs a
scan of the store (1.5 s for the papers' paragraph numbers at 1M quads) though the
answer is small. They are kept in ``DIR/.spr-graph-summary.KEY.json``, a file each (a
command reads only the answers it needs), computed when first asked for. (The
projection's node names are kept beside them in SQLite, to be looked up one at a time:
:mod:`spr_graph.graph.names_kept`.)

The file is stamped as the analysis cache and the node names are (:func:`stamped`):
with the store's stamp (:func:`store_stamp`: ``push`` replacing the store, or any
writer, changes it), spr-graph's version and code, and this file's format; a file with
any other header is ignored and rewritten, so a changed store is never answered from
it. (The search index is stamped with the store's stamp and its own layout.)
The stamp is taken before the answer is read from the store, so a store changed
meanwhile leaves a file that its next reader finds stale. The file is written to a new
file and renamed into place (a symbolic link is replaced, never followed); a file that
is not a regular file, or not JSON of this shape, is ignored; a folder that cannot be
written in only loses the saving.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from spr_graph.core.version import __version__, code_fingerprint

#: The file of each answer in a persistent store's folder (``{key}``: the answer's).
SUMMARY_FILE = ".spr-graph-summary.{key}.json"
#: The layout of the file; change it when the layout of an answer kept in it changes.
FORMAT = "spr-graph-summary/2"  # 2: papers without their paragraph numbers

#: What spr-graph keeps beside a store, left out of its stamp: the search index
#: (:mod:`spr_graph.graph.search_store`), the analysis cache
#: (:mod:`spr_graph.graph.analysis_cache`) and this summary, and their files being written.
DERIVED = (".spr-graph-search", ".spr-graph-analysis", ".spr-graph-summary")


def store_stamp(folder: str | Path) -> str:
    """A fingerprint of a persistent store's files (names, sizes, modification times):
    it changes whenever the store is written or replaced. RocksDB's log and lock files,
    which reading may touch, and the files spr-graph derives from the store
    (:data:`DERIVED`) are left out.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     before = store_stamp(folder)
    ...     _ = (Path(folder) / ".spr-graph-search.sqlite").write_text("x")
    ...     same = store_stamp(folder) == before
    ...     _ = (Path(folder) / "000010.sst").write_text("x")
    ...     same, store_stamp(folder) == before
    (True, False)
    """
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            name = entry.name
            if name.startswith(DERIVED) or name == "LOCK" or \
                    name.startswith("LOG") or not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
            entries.append(f"{name}\t{info.st_size}\t{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def store_file_mode(folder: Path) -> int:
    """A file kept beside a store (the search index, the analysis cache, the summary)
    is as readable as the store (its ``CURRENT`` file) is."""
    try:
        return (folder / "CURRENT").stat().st_mode & 0o666
    except OSError:
        return 0o600


def open_regular(path: Path) -> int | None:
    """A descriptor of ``path`` for reading, when it is a regular file and not a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def open_sqlite(path: Path, meta: dict[str, str]) -> sqlite3.Connection | None:
    """The SQLite file ``path``, opened read-only, when it is a regular file (not a link)
    whose ``meta`` table holds ``meta`` (its layout and the stamp of the store it was
    made from); else None."""
    if path.is_symlink() or not path.is_file():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        found = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if all(found.get(key) == value for key, value in meta.items()):
            return conn
    except sqlite3.Error:
        pass
    if conn is not None:
        conn.close()
    return None


def replace_path(folder: Path, name: str, fill: Callable[[str], None]) -> None:
    """Make the file ``name`` in ``folder`` as a new file (``fill`` writes the path it
    is given), then put it in place at once, as readable as the store; a link there is
    replaced, never followed."""
    handle, temporary = tempfile.mkstemp(prefix=f"{name}.", suffix=".building", dir=folder)
    os.close(handle)
    try:
        fill(temporary)
        os.chmod(temporary, store_file_mode(folder))
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def replace_file(folder: Path, name: str, write: Callable[[IO[str]], object]) -> None:
    """:func:`replace_path` for a text file that ``write`` writes (flushed to disk)."""
    def fill(path: str) -> None:
        with open(path, "w", encoding="utf-8") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())

    replace_path(folder, name, fill)


def stamped(layout: str, stamp: str) -> dict[str, str]:
    """What every file kept beside a store is stamped with, and read back only with: its
    ``layout``, the ``stamp`` of the store it was made from, and spr-graph's version and
    code (:func:`~spr_graph.core.version.code_fingerprint`)."""
    return {"format": layout, "version": __version__, "code": code_fingerprint(),
            "stamp": stamp}


def _read(path: Path, stamp: str, body: bool = True) -> tuple[bool, Any]:
    """Whether ``path`` holds an answer for the store stamped ``stamp`` (by this code),
    and, with ``body``, the answer (none when the file is stale, missing or broken)."""
    fd = open_regular(path)
    if fd is None:
        return False, None
    with os.fdopen(fd, "rb") as handle:
        try:
            if json.loads(handle.readline()) != stamped(FORMAT, stamp):
                return False, None
            return True, json.loads(handle.read()) if body else None
        except (OSError, ValueError, RecursionError):
            return False, None


def forget(folder: Path, prefix: str, keep: int) -> None:
    """Remove the answers whose key starts with ``prefix`` that were kept for another
    store or code, and all but the ``keep`` newest of the rest.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for key in "abc":
    ...         _ = kept(Path(folder), f"n-{key}", lambda: key)
    ...     forget(Path(folder), "n-", 2)
    ...     len(list(Path(folder).iterdir()))
    2
    """
    try:
        stamp = store_stamp(folder)
        found = [(path.lstat().st_mtime_ns, path.name, path) for path in
                 folder.glob(SUMMARY_FILE.format(key=f"{prefix}*"))]
    except OSError:
        return
    current = [path for _, _, path in sorted(found, reverse=True)
               if _read(path, stamp, body=False)[0]]
    kept_ = set(current[:keep])
    for _, _, path in found:
        if path not in kept_:
            with contextlib.suppress(OSError):
                path.unlink()


def _summary_file(key: str) -> str:
    if not key.replace("-", "").isalnum():
        raise ValueError(f"not a key of the store's summary: {key!r}")
    return SUMMARY_FILE.format(key=key)


def peek(folder: Path, key: str) -> tuple[bool, Any]:
    """Whether the answer ``key`` is kept for the store in ``folder`` as it is now, and
    the answer: :func:`kept`, never making it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     before = peek(Path(folder), "papers")
    ...     _ = kept(Path(folder), "papers", lambda: ["doc:a"])
    ...     before, peek(Path(folder), "papers")
    ((False, None), (True, ['doc:a']))
    """
    try:
        stamp = store_stamp(folder)
    except OSError:
        return False, None
    return _read(folder / _summary_file(key), stamp)


def kept(folder: Path, key: str, make: Callable[[], Any], fresh: bool = False) -> Any:
    """The answer ``key`` (letters, digits and dashes) for the store in ``folder``: kept
    beside it when it is current (and not ``fresh``: a kept answer its reader could not
    read), else ``make()`` (plain JSON data), then kept (see the module doc).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = kept(Path(folder), "papers", lambda: ["doc:a"])
    ...     again = kept(Path(folder), "papers", lambda: ["not read"])
    ...     _ = (Path(folder) / "000010.sst").write_text("x")  # the store changed
    ...     first, again, kept(Path(folder), "papers", lambda: ["doc:b"])
    (['doc:a'], ['doc:a'], ['doc:b'])
    """
    name = _summary_file(key)
    try:
        stamp = store_stamp(folder)
    except OSError:
        return make()
    found, value = _read(folder / name, stamp) if not fresh else (False, None)
    if found:
        return value
    value = make()
    _write(folder, name, stamp, value)
    return value


def keep(folder: Path, answers: Mapping[str, Any]) -> None:
    """Keep every answer of ``answers`` (by key) for the store in ``folder`` as it is
    now, in place of any kept before (:func:`kept`, each made already)."""
    try:
        stamp = store_stamp(folder)
    except OSError:
        return
    for key, value in answers.items():
        _write(folder, _summary_file(key), stamp, value)


def call_key(kind: str, call: object) -> str:
    """The key an answer of ``kind`` to ``call`` (plain data, else its ``repr``) is kept
    under: the kind and the call's SHA-256.

    >>> call_key("answer", {"top": 1, "a": 2}) == call_key("answer", {"a": 2, "top": 1})
    True
    >>> call_key("answer", ["gaps"])[:7], len(call_key("answer", ["gaps"]))
    ('answer-', 39)
    """
    text = json.dumps(call, sort_keys=True, default=repr)
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _write(folder: Path, name: str, stamp: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a folder that cannot be written in: not kept
        replace_file(folder, name, lambda out: out.write(
            json.dumps(stamped(FORMAT, stamp), sort_keys=True) + "\n" + text))
