"""How a :class:`spr_graph.Graph` gets the projection and the facts every analysis
starts from, and the papers its citations name: read from its source on first use, and,
for a ``--db`` store, kept in a cache beside the store
(:mod:`spr_graph.graph.analysis_cache`) so the next command on the same store reads
none of them from the store."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.citing import Citing
    from spr_graph.graph.analysis_cache import Analysis
    from spr_graph.graph.facts import Document, Facts
    from spr_graph.store.source import Source


class Reading:
    """The projection, the facts and the citations of one source, each read once.

    >>> import spr_graph
    >>> reading = Reading(spr_graph.open().source)
    >>> reading.projection.number_of_nodes() > 0, len(reading.facts.statements)
    (True, 263)
    """

    def __init__(self, source: Source) -> None:
        from spr_graph.graph.reads import Shared

        self.source = source
        #: the reads the projection and the facts share, kept until both are read
        self.shared = Shared(source.select)
        self.read: set[str] = set()

    @cached_property
    def _folder(self) -> Path | None:
        """The store's folder, when the analysis is cached beside it: only a store
        spr-graph made (its marker file); another program's store, or one of an older
        spr-graph, is only ever read."""
        from spr_graph.store.db import MARKER

        db = self.source.db
        ours = db is not None and (db / MARKER).is_file() and not (db / MARKER).is_symlink()
        return db if ours else None

    @cached_property
    def _current(self) -> Analysis | None:
        """The store's cache, when there is a current one (nothing is built)."""
        from spr_graph.graph.analysis_cache import current

        return current(self._folder)

    @cached_property
    def _all(self) -> Analysis:
        """All three, from the store's cache when it is current (a ``--db`` store only)."""
        from spr_graph.graph.analysis_cache import cached

        if self._current is not None:
            return self._current
        return cached(self._folder, lambda: (self._project(), self._read_facts(),
                                             {"citing": self._read_citing().as_json()}))

    def _project(self) -> nx.MultiDiGraph:
        from spr_graph.graph.projection import project

        projection = project(self.shared)
        self._done("projection")
        return projection

    def _read_facts(self) -> Facts:
        from spr_graph.graph.facts import read_facts

        facts = read_facts(self.shared)
        self._done("facts")
        return facts

    def _read_citing(self) -> Citing:
        from spr_graph.analysis.citing import read_citing

        return read_citing(self.source.select)

    def _done(self, name: str) -> None:
        """Once the projection and the facts are both read, the shared rows can go."""
        self.read.add(name)
        if self.read >= {"projection", "facts"}:
            self.shared.forget()

    @cached_property
    def projection(self) -> nx.MultiDiGraph:
        """The interoperability graph (:func:`spr_graph.graph.projection.project`)."""
        return self._all[0] if self.source.db is not None else self._project()

    @cached_property
    def facts(self) -> Facts:
        """The facts (:func:`spr_graph.graph.facts.read_facts`)."""
        return self._all[1] if self.source.db is not None else self._read_facts()

    @cached_property
    def citing(self) -> Citing:
        """The papers citations name (:func:`spr_graph.analysis.citing.read_citing`);
        a cached value of the wrong shape is read again from the store."""
        from spr_graph.analysis.citing import Citing

        if self.source.db is None:
            return self._read_citing()
        try:
            return Citing.from_json(self._all[2]["citing"])
        except (ValueError, TypeError, KeyError):
            return self._read_citing()

    @property
    def documents(self) -> tuple[Document, ...]:
        """The store's papers (:func:`spr_graph.graph.facts.read_documents`): from a
        current cache (its second line only), else one small query; the projection and
        the facts are not built."""
        from spr_graph.graph.analysis_cache import documents
        from spr_graph.graph.facts import read_documents

        if "facts" in self.__dict__:
            return self.facts.documents
        return documents(self._folder) or read_documents(self.source.select)
