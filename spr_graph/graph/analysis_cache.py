"""The projection and the facts of a persistent store, kept beside it.

Every analysis starts from the projection (:mod:`spr_graph.graph.projection`) and the
facts (:mod:`spr_graph.graph.facts`); on a national graph, reading them takes far longer
than the analysis itself. For a ``--db`` store they are read once and written, as plain
JSON (:mod:`spr_graph.graph.cache_codec`; never pickle: loading a cache runs no code),
into ``DIR/.spr-graph-analysis.json``. The file is reused while the store's files are as
they were (:func:`~spr_graph.graph.search_store.store_stamp`), and while spr-graph's
version, this format and the facts' fields are those it was written with; any other
file (stale, truncated, garbage, a symbolic link, not a regular file) is ignored and
rebuilt. It is written to a new file in the store's folder and put in place with one
rename, never following a link; a folder that cannot be written in keeps the result in
memory only.

The file's first line is a small JSON header (format, version, signature, stamp), so a
stale cache is recognised without reading the rest; its second line holds the store's
papers (the facts' documents), so they are known without reading the rest either.
Beside the projection and the facts it keeps ``extra``: plain JSON values the layers
above derive from the same store (the papers its citations name), which they check
again when they read them.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spr_graph.core.version import __version__
from spr_graph.graph import cache_codec
from spr_graph.graph.search_store import store_file_mode, store_stamp

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.facts import Document, Facts

#: The cache's file in a persistent store's folder.
CACHE_FILE = ".spr-graph-analysis.json"
#: The layout of the file; change it when the projection's encoding changes.
FORMAT = "spr-graph-analysis/3"

#: The projection, the facts, and the extra JSON values kept with them.
Analysis = tuple["nx.MultiDiGraph", "Facts", dict[str, Any]]


def _papers() -> Any:
    """The type of the papers on the file's second line (see :func:`documents`)."""
    from spr_graph.graph.facts import Document

    return tuple[Document, ...]


def _header(stamp: str) -> dict[str, str]:
    from spr_graph.graph.facts import Facts

    return {"format": FORMAT, "version": __version__,
            "signature": cache_codec.signature(Facts), "stamp": stamp}


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: reading a national graph makes millions
    of objects and no cycles, and each collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _open_regular(path: Path) -> int | None:
    """A descriptor of ``path`` for reading, when it is a regular file and not a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def read(folder: Path, stamp: str) -> Analysis | None:
    """The projection and facts cached in ``folder`` for a store stamped ``stamp``, or
    None when there is no usable cache."""
    from spr_graph.graph.facts import Facts

    fd = _open_regular(folder / CACHE_FILE)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle, _paused_gc():
        try:
            if json.loads(handle.readline()) != _header(stamp):
                return None
            handle.readline()  # the papers (see documents())
            body = json.loads(handle.read())
            extra = body["extra"]
            if type(extra) is not dict:
                return None
            return (cache_codec.decode_graph(body["projection"]),
                    cache_codec.decode(Facts, body["facts"]), extra)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError):
            return None  # CacheError and json's errors are ValueErrors


def write(folder: Path, stamp: str, analysis: Analysis) -> None:
    """Write the cache into a new file in ``folder``, then put it in place at once."""
    from spr_graph.graph.facts import Facts

    projection, facts, extra = analysis
    body: dict[str, Any] = {"projection": cache_codec.encode_graph(projection),
                            "facts": cache_codec.encode(Facts, facts), "extra": extra}
    handle, name = tempfile.mkstemp(prefix=f"{CACHE_FILE}.", suffix=".building", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(_header(stamp), sort_keys=True) + "\n")
            out.write(json.dumps(cache_codec.encode(_papers(), facts.documents),
                                 ensure_ascii=False) + "\n")
            json.dump(body, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, store_file_mode(folder))
        os.replace(name, folder / CACHE_FILE)  # replaces a link itself, never its target
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def documents(folder: Path | None) -> tuple[Document, ...] | None:
    """The papers of the store in ``folder`` (the facts' ``documents``), from the second
    line of its cache when the cache is current, without reading the rest (else None)."""
    stamp = _stamp(folder)
    if folder is None or stamp is None:
        return None
    fd = _open_regular(folder / CACHE_FILE)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            if json.loads(handle.readline()) != _header(stamp):
                return None
            found: tuple[Document, ...] = cache_codec.decode(_papers(),
                                                             json.loads(handle.readline()))
            return found
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError):
            return None


def _stamp(folder: Path | None) -> str | None:
    if folder is None:
        return None
    try:
        return store_stamp(folder)
    except OSError:
        return None


def current(folder: Path | None) -> Analysis | None:
    """What the cache in ``folder`` holds, when it is current (else None)."""
    stamp = _stamp(folder)
    return None if folder is None or stamp is None else read(folder, stamp)


def cached(folder: Path | None, build: Callable[[], Analysis]) -> Analysis:
    """The projection, facts and extra values of the store in ``folder``: from its cache
    when it is current, else from ``build`` (then cached when the folder can be written
    in).

    With ``folder`` None (files, an endpoint) this is ``build()``.

    >>> import tempfile, spr_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     graph = spr_graph.open()
    ...     made = cached(Path(folder), lambda: (graph.projection, graph.facts, {"n": [1]}))
    ...     again = cached(Path(folder), lambda: (None, None, {}))  # read from the file
    ...     again[1] == made[1], list(again[0].nodes) == list(made[0].nodes), again[2]
    (True, True, {'n': [1]})
    """
    stamp = _stamp(folder)
    if folder is None or stamp is None:
        return build()
    found = read(folder, stamp)
    if found is not None:
        return found
    with _paused_gc():
        analysis = build()
    with contextlib.suppress(OSError):
        write(folder, stamp, analysis)
    return analysis
