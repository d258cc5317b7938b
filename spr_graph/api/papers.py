"""What a :class:`spr_graph.Graph` offers about its papers: one paper alone, two papers
compared (``diff``), many forces side by side (``compare``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Self

from spr_graph.api.reading import Codec
from spr_graph.api.report import Report

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.citing import Citing
    from spr_graph.analysis.diff import Diff
    from spr_graph.analysis.forces import Comparison
    from spr_graph.graph.facts import Document, Facts
    from spr_graph.store.source import Source


def citing_codec() -> Codec[Citing]:
    """How :attr:`Papers.citing` is kept beside a store: its key and JSON both ways."""
    from spr_graph.analysis.citing import Citing

    return Codec("citing", Citing.as_json, Citing.from_json)


def documents_codec() -> Codec[tuple[Document, ...]]:
    """How :attr:`Papers.documents` is kept beside a store."""
    from dataclasses import astuple

    from spr_graph.graph.facts import Document

    return Codec("documents", lambda found: [list(astuple(d)) for d in found],
                 lambda rows: tuple(Document(*row) for row in rows))


class Papers:
    """The paper methods of :class:`spr_graph.Graph` (which provides these attributes)."""

    source: Source

    @property
    def projection(self) -> nx.MultiDiGraph:  # the Graph's cached property
        raise NotImplementedError

    @property
    def facts(self) -> Facts:  # the Graph's cached property
        raise NotImplementedError

    def __init__(self, source: Source) -> None:
        self.source = source

    @cached_property
    def citing(self) -> Citing:
        """The papers of this graph as citations name them, each with its paragraph
        numbers and the SHA-256 of its source (:mod:`spr_graph.analysis.citing`).

        >>> import spr_graph
        >>> spr_graph.open().citing.text([57, 58])
        'WMP 2020-01 ¶57, 58'
        """
        from spr_graph.analysis.citing import read_citing
        from spr_graph.api.reading import kept_beside

        return kept_beside(self.source, citing_codec(), lambda: read_citing(self.source.select))

    @cached_property
    def documents(self) -> tuple[Document, ...]:
        """The papers of this graph (:func:`spr_graph.graph.facts.read_documents`); for a
        ``--db`` store, and the citations' papers above, kept beside the store
        (:mod:`spr_graph.graph.beside`).

        >>> import spr_graph
        >>> [d.date for d in spr_graph.open().documents]
        ['2020-01-21']
        """
        from spr_graph.api.reading import kept_beside
        from spr_graph.graph.facts import read_documents

        return kept_beside(self.source, documents_codec(),
                           lambda: read_documents(self.source.select))

    def paper(self, name: str) -> Self:
        """One paper of this graph alone (by id, force or date: the latest that fits), for
        a store that holds several: its provenance and paragraph graphs copied out.

        >>> import spr_graph
        >>> spr_graph.open().paper("wmp-spr-2020-01-21").description
        'wmp-spr-2020-01-21 in bundled data'
        """
        from spr_graph.analysis.forces import choose_papers
        from spr_graph.store.paper import paper_source

        doc = choose_papers(self.documents, [name])[0]
        return type(self)(paper_source(self.source, doc.iri))

    def compare(self, papers: Sequence[str] = (), top: int | None = 20
                ) -> Report[Comparison]:
        """Forces side by side (:mod:`spr_graph.analysis.forces`), the ``papers`` named
        by id, force or date (default: the latest of every force), listing the ``top``
        partners most forces name (0 or None: all).

        >>> import spr_graph
        >>> only = spr_graph.open().compare().data
        >>> [r.paper.short for r in only.rows], only.has_findings
        (['WMP 2020-01'], True)
        """
        from spr_graph.analysis.forces import compare_forces

        result = compare_forces(self.projection, self.facts, papers, top or None)
        return Report(result, result.has_findings)

    def diff(self, new: Papers) -> Report[Diff]:
        """What changed from this graph's paper to ``new``'s (:mod:`spr_graph.analysis.diff`);
        ``has_findings`` when the new paper regressed (a gap opened).

        >>> import spr_graph
        >>> spr_graph.open().diff(spr_graph.open()).data.changes
        []
        """
        from spr_graph.analysis.diff import diff, read_side

        result = diff(read_side(self.source.select, (self.projection, self.facts)),
                      read_side(new.source.select, (new.projection, new.facts)))
        return Report(result, result.has_findings)

