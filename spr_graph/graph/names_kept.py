"""Every name of a persistent store's projection nodes, kept beside the store.

Naming a node (``spr-graph describe ROCU``) resolves the name among the projection's
nodes (:class:`~spr_graph.graph.names.NameIndex`); on a national store that meant
reading the whole projection (from the analysis cache, 1.5 s at 1M quads) and indexing
its 28k nodes' names (2 s) to look up one name. The index is therefore written once,
into ``DIR/.spr-graph-summary.names.sqlite``, and asked with a query a look-up:
:class:`KeptNames` answers as the index it was written from would, suggestions
included. It is stamped as everything kept beside a store is
(:func:`spr_graph.graph.beside.stamped`): a store changed since, another spr-graph
version or code, or another layout, and the file is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from spr_graph.graph.beside import open_sqlite, replace_path, stamped, store_stamp
from spr_graph.graph.names import NameIndex

#: The file in a persistent store's folder.
NAMES_FILE = ".spr-graph-summary.names.sqlite"
#: The layout of the file.
FORMAT = "spr-graph-names/1"
_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE name(key TEXT, tier INTEGER, node TEXT, PRIMARY KEY (key, tier, node))
    WITHOUT ROWID;
CREATE TABLE spelling(key TEXT PRIMARY KEY, spelling TEXT) WITHOUT ROWID;
CREATE TABLE label(node TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
"""


class KeptNames(NameIndex):
    """A :class:`~spr_graph.graph.names.NameIndex` read from its file, a query a look-up."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(None)
        self.conn = conn

    def _nodes(self, tier: int, keys: list[str]) -> set[str]:
        return {node for (node,) in self.conn.execute(
            f"SELECT node FROM name WHERE tier = ? AND key IN ({', '.join('?' * len(keys))})",
            (tier, *keys))}

    def _spellings(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, spelling FROM spelling"))

    def _label(self, node: str) -> str | None:
        row = self.conn.execute("SELECT label FROM label WHERE node = ?", (node,)).fetchone()
        return str(row[0]) if row else None


def _write(index: NameIndex, path: str, stamp: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.executescript(_TABLES)
        conn.executemany("INSERT INTO name VALUES (?, ?, ?)", sorted(
            (key, tier, node) for tier, names in enumerate(index.tiers)
            for key, nodes in names.items() for node in nodes))
        conn.executemany("INSERT INTO spelling VALUES (?, ?)", sorted(index.spelling.items()))
        conn.executemany("INSERT INTO label VALUES (?, ?)", sorted(index.labels.items()))
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(stamped(FORMAT, stamp).items()))
        conn.commit()
    finally:
        conn.close()


def kept_names(folder: Path, make: Callable[[], NameIndex]) -> NameIndex:
    """The names of the store in ``folder``: from the file beside it when it is current,
    else ``make()`` (then written there, when the folder can be written in).

    >>> import tempfile, networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_node("https://w3id.org/spr-graph/id/organisation/rocu", label="ROCU")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     made = kept_names(Path(folder), lambda: NameIndex(graph))
    ...     kept = kept_names(Path(folder), lambda: NameIndex(None))  # read from the file
    ...     type(kept).__name__, kept.resolve("ag:rocu") == made.resolve("rocu")
    ('KeptNames', True)
    """
    try:
        stamp = store_stamp(folder)
    except OSError:
        return make()
    conn = open_sqlite(folder / NAMES_FILE, stamped(FORMAT, stamp))
    if conn is not None:
        return KeptNames(conn)
    index = make()
    with contextlib.suppress(OSError, sqlite3.Error):
        replace_path(folder, NAMES_FILE, lambda path: _write(index, path, stamp))
    return index
