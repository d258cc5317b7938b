"""Where the search index of :mod:`spr_graph.graph.search` lives beside a persistent store.

The index of a ``--db`` store is built once, into ``DIR/.spr-graph-search.sqlite``, and
reused as long as the store's files are as they were
(:func:`~spr_graph.graph.beside.store_stamp`): ``push`` replaces the whole folder, so
the index goes with the store it was built from, and any other writer changes the
store's files. The index is written to a new file in the same
folder and put in place with one rename, so readers never see half an index, and two
processes building at once both end with a whole one. Nothing is written outside the
store's folder: an index file that is a symbolic link is replaced, never followed, and a
folder that cannot be written in gets an index in memory instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spr_graph.core.rows import Select
from spr_graph.graph.beside import open_sqlite, replace_path, store_stamp
from spr_graph.graph.search_index import SCHEMA, build

#: The index's file in a persistent store's folder.
INDEX_FILE = ".spr-graph-search.sqlite"
__all__ = ["INDEX_FILE", "connect", "existing", "store_stamp"]


def _write(select: Select, folder: Path, stamp: str) -> None:
    """Build the index into a new file in ``folder``, then put it in place at once."""
    def fill(name: str) -> None:
        conn = sqlite3.connect(name)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            build(select, conn, stamp)
        finally:
            conn.close()

    replace_path(folder, INDEX_FILE, fill)


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
            conn = open_sqlite(folder / INDEX_FILE, {"schema": SCHEMA, "stamp": stamp})
            if conn is None:
                _write(select, folder, stamp)
                conn = open_sqlite(folder / INDEX_FILE, {"schema": SCHEMA, "stamp": stamp})
        except (OSError, sqlite3.Error):
            conn = None
        if conn is not None:
            return conn, folder / INDEX_FILE
    conn = sqlite3.connect(":memory:")
    build(select, conn, vocabulary=False)
    return conn, None


def existing(folder: Path) -> sqlite3.Connection | None:
    """The index beside the store in ``folder`` when it is there and current (never
    built here: at 1M quads that takes a minute), opened read-only; else None."""
    try:
        return open_sqlite(folder / INDEX_FILE, {"schema": SCHEMA, "stamp": store_stamp(folder)})
    except OSError:
        return None
