"""The prebuilt search index of the bundled data, shipped with the package.

``spr-graph search`` on the bundled data would otherwise load the bundled files into a
store and build the index in memory on every run (about 0.3 s of a command that should
take under 0.2 s). The index of the bundled data is therefore built once, by
``scripts/make_search_index.py``, into ``data/search-index.sqlite``
(:func:`spr_graph.core.resources.search_index_file`), and shipped beside the data.

It can never be used stale: its ``meta`` table holds the SHA-256 of the bundled files it
was built from (:func:`bundled_digest`: their names and bytes), and :func:`bundled_index`
opens it only when that digest is the one of the bundled files now (and its layout is
:data:`~spr_graph.graph.search_index.SCHEMA`); otherwise it returns None and the caller
builds the index in memory, as for any other files. The tests check that the shipped
file holds exactly what :func:`~spr_graph.graph.search_index.build` makes from today's
bundled files.

The file is written deterministically (:func:`write_index`): built in memory with a
fixed page size, merged into one segment, then copied out with ``VACUUM INTO``, so the
same data and SQLite version give the same bytes. It is opened read-only and
``immutable`` (no lock, no journal, nothing written), so an installation folder that
cannot be written in is no obstacle.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from spr_graph.core import resources
from spr_graph.core.rows import Select
from spr_graph.graph.search import SearchIndex
from spr_graph.graph.search_index import SCHEMA, build

#: The stamp of a prebuilt index: this prefix, then :func:`bundled_digest`.
STAMP_PREFIX = "bundled:"
_PAGE_SIZE = 4096


def bundled_digest(files: Sequence[Path] | None = None) -> str:
    """The SHA-256 of the bundled files (default: :func:`resources.default_files`, what
    the bundled graph is read from): each file's name, size and bytes, in order.

    >>> len(bundled_digest()), bundled_digest() == bundled_digest()
    (64, True)
    """
    digest = hashlib.sha256()
    for path in files if files is not None else resources.default_files():
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def bundled_index(path: Path | None = None) -> SearchIndex | None:
    """The prebuilt index of the bundled data (``path``: default the shipped file),
    opened read-only, when it was built from the bundled files as they are now; else
    None (no file, another layout, or the files changed since: build in memory).

    >>> index = bundled_index()
    >>> index is not None and index.search("airwave").hits[0].label
    'Airwaves'
    """
    path = resources.search_index_file() if path is None else path
    if not path.is_file():
        return None
    conn = None
    try:
        conn = _open_read_only(path)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") == SCHEMA and meta.get("vocabulary") and \
                meta.get("stamp") == STAMP_PREFIX + bundled_digest():
            return SearchIndex(conn, path)
    except (OSError, sqlite3.Error):
        pass
    if conn is not None:
        conn.close()
    return None


def bundled_meta(index: SearchIndex, key: str) -> str | None:
    """A value the prebuilt index keeps beside its stamp (``citing``: the papers its
    paragraph numbers are paragraphs of, as JSON, so hits cite their paper)."""
    row = index.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def write_index(select: Select, target: Path, digest: str,
                extra: dict[str, str] | None = None) -> None:
    """Build the index of the graph ``select`` reads, stamped with ``digest`` (the
    :func:`bundled_digest` of the files it was read from), into the file ``target``,
    deterministically (see the module doc); ``target`` is replaced at once. ``extra``
    goes into its ``meta`` table (:func:`bundled_meta`)."""
    import tempfile  # writing only: kept off a search's start-up

    conn = sqlite3.connect(":memory:")
    handle, name = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".building",
                                    dir=target.parent)
    os.close(handle)
    try:
        conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
        build(select, conn, STAMP_PREFIX + digest)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted((extra or {}).items()))
        for table in ("doc", "vocabulary"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        conn.commit()
        os.unlink(name)
        conn.execute("VACUUM INTO ?", (name,))
        os.chmod(name, 0o644)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    finally:
        conn.close()
