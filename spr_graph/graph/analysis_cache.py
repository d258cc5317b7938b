"""The projection and the facts of a persistent store, kept beside it.

Every analysis starts from the projection (:mod:`spr_graph.graph.projection`) and the
facts (:mod:`spr_graph.graph.facts`); on a national graph, reading them takes far longer
than the analysis itself. For a ``--db`` store they are read once and written, as plain
JSON, into ``DIR/.spr-graph-analysis.json``: the projection as rows
(:mod:`spr_graph.graph.cache_graph`), the facts as their dataclasses' fields. msgspec
reads it back straight into those types, checking every value's type as it goes (never
pickle: loading a cache runs no code); at 1M quads that is 0.3 s, against 0.65 s for
the table-of-strings columns of format 2 decoded in Python. The file is reused while
the store's files are as they were (:func:`~spr_graph.graph.beside.store_stamp`), and
while spr-graph's version, code (:func:`~spr_graph.core.version.code_fingerprint`: a
changed field or projection is a changed file) and this format are those it was
written with; any other file (stale, truncated, garbage, a symbolic link, not a
regular file) is ignored and rebuilt. It is written to a new file in the store's folder
and put in place with one rename, never following a link; a folder that cannot be
written in keeps the result in memory only.

The file's first line is a small JSON header (format, version, code, stamp), so a
stale cache is recognised without reading the rest.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from spr_graph.core.gcpause import paused_gc
from spr_graph.core.version import __version__, code_fingerprint
from spr_graph.graph.beside import open_regular, replace_file, store_stamp
from spr_graph.graph.cache_graph import Rows, graph_rows, rows_graph

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.facts import Facts

#: The cache's file in a persistent store's folder.
CACHE_FILE = ".spr-graph-analysis.json"
#: The layout of the file; change it when the projection's encoding changes.
FORMAT = "spr-graph-analysis/3"  # 3: rows and fields, read by msgspec into their types

Analysis = tuple["nx.MultiDiGraph", "Facts"]


@functools.cache
def _decoder() -> msgspec.json.Decoder[tuple[Rows, Facts]]:
    from spr_graph.graph.facts import Facts

    return msgspec.json.Decoder(tuple[Rows, Facts])


def _header(stamp: str) -> dict[str, str]:
    return {"format": FORMAT, "version": __version__, "code": code_fingerprint(),
            "stamp": stamp}


def read(folder: Path, stamp: str) -> Analysis | None:
    """The projection and facts cached in ``folder`` for a store stamped ``stamp``, or
    None when there is no usable cache."""
    fd = open_regular(folder / CACHE_FILE)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle, paused_gc():
        try:
            if json.loads(handle.readline()) != _header(stamp):
                return None
            rows, facts = _decoder().decode(handle.read())
            return rows_graph(rows), facts
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None  # msgspec's errors are ValueErrors


def write(folder: Path, stamp: str, analysis: Analysis) -> None:
    """Write the cache into a new file in ``folder``, then put it in place at once."""
    projection, facts = analysis
    replace_file(folder, CACHE_FILE, json.dumps(_header(stamp), sort_keys=True).encode(),
                 b"\n", msgspec.json.encode((graph_rows(projection), facts)))


def cached(folder: Path | None, build: Callable[[], Analysis]) -> Analysis:
    """The projection and facts of the store in ``folder``: from its cache when it is
    current, else from ``build`` (then cached when the folder can be written in).

    With ``folder`` None (files, an endpoint) this is ``build()``.

    >>> import tempfile, spr_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     graph = spr_graph.open()
    ...     made = cached(Path(folder), lambda: (graph.projection, graph.facts))
    ...     again = cached(Path(folder), lambda: (None, None))  # read from the file
    ...     again[1] == made[1], list(again[0].nodes) == list(made[0].nodes)
    (True, True)
    """
    if folder is None:
        return build()
    try:
        stamp = store_stamp(folder)
    except OSError:
        return build()
    found = read(folder, stamp)
    if found is not None:
        return found
    with paused_gc():
        analysis = build()
    with contextlib.suppress(OSError):
        write(folder, stamp, analysis)
    return analysis
