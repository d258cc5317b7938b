"""``push --db``: a persistent store, and beside it what every analysis starts from.

An analysis on a ``--db`` store starts from the projection, the facts, the papers and
the node names (:mod:`spr_graph.api.reading`); read from the store itself they take far
longer than the analysis (RocksDB decodes every term it returns), and they are kept
beside the store once read. :func:`push_db` reads them while the store is being built,
from the copy of the data in memory, on a second thread (Oxigraph's bulk loader runs
without Python's lock), and keeps them beside the store before it is put in place: so
the first analysis on a new store starts as fast as the next (at 1M quads, 2-4 s
instead of 37 s), for a push about half as long again (the bulk loader keeps both of
two cores busy, so the reading overlaps it only in part) and twice the memory. So it is
done only when the data fits in memory twice over
(:func:`~spr_graph.validation.validate.fits_in_memory`); otherwise the first command
that needs them reads them from the store, as before.

On the same thread it runs every analysis command with its default options
(:data:`spr_graph.api.drawing.AHEAD`: ``gaps``, ``spof``, ``whatif --sweep`` and the
rest) and keeps each drawn for every format beside the store too
(:mod:`spr_graph.api.drawing`), except for a store of one force's papers, whose
commands read its latest paper alone; and every catalogue query that needs no
parameter, whose results it keeps too (:mod:`spr_graph.api.results_ahead`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spr_graph.core.errors import InputError

if TYPE_CHECKING:
    from spr_graph.api.graph import Graph
    from spr_graph.graph.names import NameIndex
    from spr_graph.store.db import DbReport
    from spr_graph.store.load import Loaded

#: Bytes of a file for each quad it holds, at the least (dense TriG: about 60), for
#: telling whether the data fits in memory before it is read.
BYTES_PER_QUAD_IN_FILES = 50


@dataclass(frozen=True)
class Pushed:
    """What :func:`push_db` built: the store, and whether the analyses' start was kept
    beside it (``kept``) or, if not, why (``skipped``: None when it was not asked for)."""

    store: DbReport
    kept: bool
    skipped: str | None = None


class _Analysing:
    """Reads the analyses' start from the data in memory, then keeps it beside the store
    (:class:`spr_graph.store.db.Alongside`). Data no analysis can read (an
    :class:`~spr_graph.core.errors.InputError`) is still pushed: nothing is kept, and
    the reason is told."""

    def __init__(self) -> None:
        self.graph: Graph | None = None
        self.names: NameIndex | None = None
        #: the drawings and catalogue results made ahead, by key
        self.ahead: dict[str, Any] = {}
        self.skipped: str | None = None

    def read(self, loaded: Loaded) -> None:
        from spr_graph.analysis.forces import one_force_papers
        from spr_graph.api.drawing import draw_ahead
        from spr_graph.api.graph import Graph
        from spr_graph.api.results_ahead import run_ahead
        from spr_graph.graph.names import NameIndex
        from spr_graph.store.select import store_select
        from spr_graph.store.source import Source

        graph = Graph(Source(store_select(loaded.store), "the data pushed",
                             store=loaded.store, loaded=loaded))
        try:
            _ = graph.projection, graph.facts, graph.citing, graph.documents
        except InputError as exc:
            self.skipped = str(exc)
            return
        self.graph, self.names = graph, NameIndex(graph.projection)  # 1 s at 1M quads
        self.ahead = run_ahead(lambda named, limit: graph.query(named, (), limit,
                                                                one_shot=True))
        if not one_force_papers(graph.documents):  # a command reads the latest paper alone
            self.ahead.update(draw_ahead(graph))

    def write(self, folder: Path) -> None:
        if self.graph is not None and self.names is not None:
            keep(self.graph, self.names, folder, self.ahead)


def keep(graph: Graph, names: NameIndex, folder: Path,
         ahead: Mapping[str, Any] | None = None) -> None:
    """Keep beside the store in ``folder`` what ``graph``, the same data read elsewhere,
    has read: the projection and facts (:mod:`spr_graph.graph.analysis_cache`), the
    node ``names`` (:mod:`spr_graph.graph.names_kept`), the papers and citations, and
    what was made ``ahead`` (drawings and results by key; :mod:`spr_graph.graph.beside`),
    each stamped with the store as it is now."""
    from spr_graph.api.papers import citing_codec, documents_codec
    from spr_graph.graph import beside
    from spr_graph.graph.analysis_cache import cached
    from spr_graph.graph.names_kept import kept_names

    cached(folder, lambda: (graph.projection, graph.facts))
    kept_names(folder, lambda: names)
    citing, documents = citing_codec(), documents_codec()
    beside.keep(folder, {citing.key: citing.encode(graph.citing),
                         documents.key: documents.encode(graph.documents), **(ahead or {})})


def push_db(path: str | Path, files: Sequence[str | Path] | None = None,
            analyse: bool = True) -> Pushed:
    """Build the persistent store at ``path`` from ``files`` (default: the bundled
    data; see :func:`spr_graph.store.db.load_into_db`), with, when ``analyse`` and the
    data fits in memory, what the analyses start from kept beside it (module doc).

    >>> import tempfile, spr_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pushed = push_db(Path(folder) / "db")
    ...     warm = spr_graph.open(db=Path(folder) / "db")
    ...     pushed.kept, len(warm.facts.statements)
    (True, 263)
    """
    from spr_graph.store.db import load_into_db
    from spr_graph.validation.validate import fits_in_memory

    if not analyse:
        return Pushed(load_into_db(path, files), kept=False)
    if not fits_in_memory(_quads_at_most(files)):
        return Pushed(load_into_db(path, files), kept=False,
                      skipped="the data is too large to read twice in the memory free now; "
                              "the first analysis on the store reads it from the store")
    analysing = _Analysing()
    report = load_into_db(path, files, alongside=analysing)
    return Pushed(report, kept=analysing.graph is not None, skipped=analysing.skipped)


def _quads_at_most(files: Sequence[str | Path] | None) -> int:
    """About the most quads ``files`` can hold, from their sizes (0 when not known)."""
    total = 0
    for file in files or ():
        try:
            total += Path(file).stat().st_size
        except OSError:
            continue  # load_into_db says what is wrong with it
    return total // BYTES_PER_QUAD_IN_FILES
