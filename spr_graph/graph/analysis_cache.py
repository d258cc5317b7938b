"""The projection and the facts of a persistent store, kept beside it.

Every analysis starts from the projection (:mod:`spr_graph.graph.projection`) and the
facts (:mod:`spr_graph.graph.facts`); on a national graph, reading them takes far longer
than the analysis itself. For a ``--db`` store they are read once and written, as plain
JSON (:mod:`spr_graph.graph.cache_codec`; never pickle: loading a cache runs no code;
read with msgspec's JSON decoder, twice as fast as ``json`` on it),
into ``DIR/.spr-graph-analysis.json``. The file is reused while the store's files are as
they were (:func:`~spr_graph.graph.beside.store_stamp`), and while spr-graph's
version, code (:func:`~spr_graph.core.version.code_fingerprint`: a changed field of the
facts or a changed projection is a changed file) and this format are those it was
written with; any other file (stale, truncated, garbage, a symbolic link, not a regular
file) is ignored and rebuilt. It is written to a new file in the store's folder and put
in place with one rename, never following a link; a folder that cannot be written in
keeps the result in memory only.

The file's first line is a small JSON header (format, version, code, stamp), so a
stale cache is recognised without reading the rest.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import msgspec

from spr_graph.core.gcpause import paused_gc
from spr_graph.graph import cache_codec
from spr_graph.graph.beside import open_regular, replace_file, stamped, store_stamp

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.facts import Facts

#: The cache's file in a persistent store's folder.
CACHE_FILE = ".spr-graph-analysis.json"
#: The layout of the file; change it when the projection's encoding changes.
FORMAT = "spr-graph-analysis/2"  # 2: paragraphs are paragraph keys (core.paragraph_keys)

Analysis = tuple["nx.MultiDiGraph", "Facts"]


def read(folder: Path, stamp: str) -> Analysis | None:
    """The projection and facts cached in ``folder`` for a store stamped ``stamp``, or
    None when there is no usable cache."""
    from spr_graph.graph.facts import Facts

    fd = open_regular(folder / CACHE_FILE)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle, paused_gc():
        try:
            if json.loads(handle.readline()) != stamped(FORMAT, stamp):
                return None
            body = msgspec.json.decode(handle.read())  # half json.loads' time here
            return (cache_codec.decode_graph(body["projection"]),
                    cache_codec.decode(Facts, body["facts"]))
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError):
            return None  # CacheError, json's and msgspec's errors are ValueErrors


def write(folder: Path, stamp: str, analysis: Analysis) -> None:
    """Write the cache into a new file in ``folder``, then put it in place at once."""
    from spr_graph.graph.facts import Facts

    projection, facts = analysis
    body: dict[str, Any] = {"projection": cache_codec.encode_graph(projection),
                            "facts": cache_codec.encode(Facts, facts)}

    def write_body(out: IO[str]) -> None:
        out.write(json.dumps(stamped(FORMAT, stamp), sort_keys=True) + "\n")
        json.dump(body, out, ensure_ascii=False, separators=(",", ":"))

    replace_file(folder, CACHE_FILE, write_body)


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
