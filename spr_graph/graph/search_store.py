"""Where the search index of :mod:`spr_graph.graph.search` lives beside a persistent store.

The index of a ``--db`` store is built once, into ``DIR/.spr-graph-search.sqlite``, and
reused as long as the store's files are as they were (:func:`store_stamp`): ``push``
replaces the whole folder, so the index goes with the store it was built from, and any
other writer changes the store's files. The index is written to a new file in the same
folder and put in place with one rename, so readers never see half an index, and two
processes building at once both end with a whole one. Nothing is written outside the
store's folder: an index file that is a symbolic link is replaced, never followed, and a
folder that cannot be written in gets an index in memory instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

from spr_graph.core.rows import Select
from spr_graph.graph.search_index import SCHEMA, build

#: The index's file in a persistent store's folder.
INDEX_FILE = ".spr-graph-search.sqlite"
#: What spr-graph keeps beside a store, left out of its stamp: this index and the
#: analysis cache (:mod:`spr_graph.graph.analysis_cache`), and their files being written.
DERIVED = (".spr-graph-search", ".spr-graph-analysis")


def store_stamp(folder: str | Path) -> str:
    """A fingerprint of a persistent store's files (names, sizes, modification times):
    it changes whenever the store is written or replaced. RocksDB's log and lock files,
    which reading may touch, and the files spr-graph derives from the store
    (:data:`DERIVED`) are left out.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     before = store_stamp(folder)
    ...     _ = (Path(folder) / INDEX_FILE).write_text("x")
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
            stat = entry.stat(follow_symlinks=False)
            entries.append(f"{name}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def store_file_mode(folder: Path) -> int:
    """A file kept beside a store (the search index, the analysis cache) is as readable
    as the store (its ``CURRENT`` file) is."""
    try:
        return (folder / "CURRENT").stat().st_mode & 0o666
    except OSError:
        return 0o600


def _reuse(path: Path, stamp: str) -> sqlite3.Connection | None:
    """The index in ``path``, opened read-only, when it was built from this store."""
    if path.is_symlink() or not path.is_file():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") == SCHEMA and meta.get("stamp") == stamp:
            return conn
    except sqlite3.Error:
        pass
    if conn is not None:
        conn.close()
    return None


def _write(select: Select, folder: Path, stamp: str) -> None:
    """Build the index into a new file in ``folder``, then put it in place at once."""
    import tempfile  # writing only: kept off a search's start-up

    handle, name = tempfile.mkstemp(prefix=f"{INDEX_FILE}.", suffix=".building", dir=folder)
    os.close(handle)
    try:
        conn = sqlite3.connect(name)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            build(select, conn, stamp)
        finally:
            conn.close()
        os.chmod(name, store_file_mode(folder))
        os.replace(name, folder / INDEX_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def connect(select: Select, folder: Path | None) -> tuple[sqlite3.Connection, Path | None]:
    """The index of the graph ``select`` reads, and its file: beside the store in
    ``folder`` (built there when missing or stale), else (``folder`` None, or one that
    cannot be written in) in memory, with no file.

    >>> conn, path = connect(lambda query: [], None)
    >>> path is None, conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    (True, ('spr-graph-search/2',))
    """
    if folder is not None:
        try:
            stamp = store_stamp(folder)
            conn = _reuse(folder / INDEX_FILE, stamp)
            if conn is None:
                _write(select, folder, stamp)
                conn = _reuse(folder / INDEX_FILE, stamp)
        except (OSError, sqlite3.Error):
            conn = None
        if conn is not None:
            return conn, folder / INDEX_FILE
    conn = sqlite3.connect(":memory:")
    build(select, conn, vocabulary=False)
    return conn, None
