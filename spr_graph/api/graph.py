"""The graph opened by :func:`open`, its questions, and :func:`build`."""


from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from spr_graph.api.papers import Papers
from spr_graph.api.reading import Reading
from spr_graph.api.report import Report
from spr_graph.api.validating import Validating

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.brokers import BrokersReport
    from spr_graph.analysis.capacity import CapacityReport
    from spr_graph.analysis.funding import FundingReport
    from spr_graph.analysis.gaps import GapMatrix
    from spr_graph.analysis.spof import SpofReport
    from spr_graph.analysis.sweep import Sweep
    from spr_graph.analysis.whatif import WhatIf
    from spr_graph.core.rows import Row
    from spr_graph.graph.describe import Description
    from spr_graph.graph.facts import Facts, Instant
    from spr_graph.graph.names import NameIndex
    from spr_graph.graph.search import SearchResult
    from spr_graph.graph.stats import Stats
    from spr_graph.pack.build import BuildResult, Progress
    from spr_graph.render.maps import MapFile
    from spr_graph.sparql.catalogue import NamedQuery
    from spr_graph.sparql.engine import Runner
    from spr_graph.sparql.results import Result
    from spr_graph.store.source import Source


Files = Sequence[str | Path]


class Graph(Papers, Validating):
    """A graph opened with :func:`open`: read once, projected on first use.

    Names of nodes (``force``, ``remove``) may be IRIs, prefixed names (``ag:wmp``),
    labels or abbreviations; an unknown name raises
    :class:`~spr_graph.core.errors.UnknownNodeError` with suggestions.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self._read = Reading(source)
        #: where the graph was read from (files, a folder or a URL)
        self.description = source.description

    def __repr__(self) -> str:
        return f"<spr_graph.Graph from {self.description}>"

    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query as plain strings (spr-graph's prefixes need no PREFIX).

        Unlike :meth:`query` this trusts its query: it is the read seam the analyses use.

        >>> g = open()
        >>> g.select("SELECT ?label WHERE { ag:wmp skos:prefLabel ?label }")
        [{'label': 'West Midlands Police'}]
        """
        return list(self.source.select(query))

    @cached_property
    def projection(self) -> nx.MultiDiGraph:
        """The interoperability graph in NetworkX (:mod:`spr_graph.graph.projection`).

        >>> open().projection.nodes["https://w3id.org/spr-graph/id/organisation/wmctu"]["kind"]
        'unit'
        """
        return self._read.projection

    @cached_property
    def facts(self) -> Facts:
        """Statements, quantities, funding and vocabulary (:mod:`spr_graph.graph.facts`).

        >>> len(open().facts.statements)
        263
        """
        return self._read.facts

    def node(self, name: str) -> str:
        """The IRI of the node ``name`` stands for.

        >>> open().node("WMCTU")
        'https://w3id.org/spr-graph/id/organisation/wmctu'
        """
        return self.nodes([name])[0]

    def nodes(self, names: Sequence[str]) -> list[str]:
        """The IRIs of ``names``, in order (see :meth:`node`).

        >>> [iri.rsplit("/", 1)[-1] for iri in open().nodes(["ROCU", "ag:nca"])]
        ['rocu', 'nca']
        """
        return list(dict.fromkeys(self._read.names.resolve(name) for name in names))

    def _force(self, force: str | None) -> str | None:
        return self.node(force) if force else None

    def _edition(self, edition: str | None) -> str | None:
        return self.facts.vocabulary.edition(edition) if edition else None

    def gaps(self, edition: str | None = None, force: str | None = None) -> Report[GapMatrix]:
        """The threat x 5C evidence matrix and its gaps.

        Parameters
        ----------
        edition
            Re-baseline against this SPR edition (``"2023"``); default: the paper's.
        force
            The force to analyse; default: the one the paper reports on.

        >>> matrix = open().gaps(edition="2023").data
        >>> sorted({g.kind for g in matrix.gaps})
        ['no-connectivity', 'uncovered']
        """
        from spr_graph.analysis.gaps import gap_matrix

        facts = self.facts
        matrix = gap_matrix(self.projection, facts.statements, facts.vocabulary,
                            self._edition(edition), self._force(force))
        return Report(matrix, bool(matrix.gaps), self)

    def spof(self, force: str | None = None, top: int | None = None) -> Report[SpofReport]:
        """Single points of failure, ranked: per-threat cuts, key people, articulation
        points and bridges (``top``: show the N highest of each list; counts stay whole).

        >>> [t.routes for t in open().spof().data.threats][:3]
        [0, 2, 2]
        """
        from spr_graph.analysis.spof import spof_report

        report = spof_report(self.projection, self.facts.statements.threats,
                             self._force(force), top)
        return Report(report, bool(report.at_risk), self)

    def whatif(self, *remove: str, as_of: str | Instant | None = None, edition: str | None = None,
               force: str | None = None) -> Report[WhatIf]:
        """What losing the named nodes does: routes, cut-offs, chairs, funding, gaps.

        >>> lost = open().whatif("ACC Security").data
        >>> [board.rsplit("/", 1)[-1] for board, _chairs in lost.chairless]
        ['socex-board', 'wmp-contest-board']
        """
        from spr_graph.analysis.whatif import what_if

        result = what_if(self.projection, self.facts, self.nodes(remove), self._force(force),
                         self._instant(as_of), self._edition(edition))
        return Report(result, result.has_findings, self)

    def sweep(self, top: int | None = 10, as_of: str | Instant | None = None,
              edition: str | None = None, force: str | None = None) -> Report[Sweep]:
        """:meth:`whatif` for each single point of failure alone, ranked (``top`` shown).

        >>> first = open().sweep(top=3).data.rows[0]
        >>> first.node.rsplit("/", 1)[-1]
        'wmctu'
        """
        from spr_graph.analysis.sweep import sweep

        result = sweep(self.projection, self.facts, self._force(force), self._instant(as_of),
                       self._edition(edition), top or None)
        return Report(result, result.has_findings, self)

    def capacity(self) -> Report[CapacityReport]:
        """Required vs held vs target vs forecast quantities, shortfalls first.

        >>> len(open().capacity().data.shortfalls) > 0
        True
        """
        from spr_graph.analysis.capacity import capacity_report

        facts = self.facts
        report = capacity_report(self.projection, facts.quantities, facts.vocabulary.labels)
        return Report(report, bool(report.shortfalls), self)

    def funding(self, as_of: str | Instant | None = None) -> Report[FundingReport]:
        """Funding streams ending by ``as_of`` (``YYYY``, ``YYYY-MM`` or a date; default:
        every dated stream), what depends on them, and the cliffs.

        >>> [c.node.rsplit("/", 1)[-1] for c in open().funding().data.cliffs][:2]
        ['armed-uplift-programme', 'rdt']
        """
        from spr_graph.analysis.funding import funding_report

        report = funding_report(self.projection, self.facts.funding, self._instant(as_of))
        return Report(report, bool(report.cliffs), self)

    @staticmethod
    def _instant(when: str | Instant | None) -> Instant | None:
        from spr_graph.graph.facts import parse_instant

        return parse_instant(when) if isinstance(when, str) else when

    def stats(self) -> Stats:
        """Counts: entities per class, statements per threat and C, paragraphs with facts.

        >>> open().stats().as_dict()["paragraphs"]
        135
        """
        from spr_graph.graph.stats import compute

        return compute(self.source.select)

    def runner(self, timeout: float = 30.0, one_shot: bool = False,
               max_memory: int | None = -1) -> Runner:
        """The SPARQL runner over this graph (killable worker or, ``one_shot``, a thread;
        ``max_memory``: bytes a query may add, None no cap, -1 the default).

        >>> open().runner().description
        'bundled data'
        """
        from spr_graph.sparql.engine import DEFAULT_MAX_MEMORY, OxigraphRunner

        if self.source.store is None:
            from spr_graph.sparql.remote import RemoteRunner

            return RemoteRunner(self.description, timeout)
        return OxigraphRunner(self.source.store, self.description, one_shot,
                              DEFAULT_MAX_MEMORY if max_memory == -1 else max_memory)

    @cached_property
    def names(self) -> NameIndex:
        """Every labelled IRI by its names, for query parameters
        (:func:`spr_graph.graph.names.labelled`; :meth:`node` names the projection's).

        >>> open().names.resolve("Capacity", "https://w3id.org/spr-graph/id/five-c/")
        'https://w3id.org/spr-graph/id/five-c/capacity'
        """
        from spr_graph.graph.names import NameIndex, labelled

        return NameIndex(labelled(self.source.select))

    def query(self, text: str | NamedQuery, params: Mapping[str, str] | Iterable[str] = (),
              limit: int | None = 10_000, timeout: float = 30.0, *, one_shot: bool = False,
              max_memory: int | None = -1) -> Result:
        """Run a read-only SPARQL query (or a catalogue query's name) safely.

        Updates, ``SERVICE`` and ``FROM`` outside the dataset are refused; a query over
        ``timeout`` seconds is stopped. ``params`` (a mapping, or ``NAME=VALUE`` texts)
        bind ``?name`` to a term written as on the command line (``ag:wmp``, ``42``); an
        IRI parameter takes a label or abbreviation too. Rows sort IRIs by the labels the
        result keeps; ``result.notes`` says how a value was read otherwise than written.
        Render with :func:`spr_graph.sparql.results.render`.

        >>> result = open().query("who-chairs", {"board": "SOCEX board"})
        >>> result.variables[:2], [result.labels[row[0].value] for row in result.rows]
        (['chair', 'board'], ['ACC Security'])
        """
        from spr_graph.api.results_ahead import kept_result
        from spr_graph.sparql import catalogue
        from spr_graph.sparql.engine import execute
        from spr_graph.sparql.params import bindings

        named = text if isinstance(text, catalogue.NamedQuery) else catalogue.named_query(text)
        assignments = ([f"{k}={v}" for k, v in params.items()] if isinstance(params, Mapping)
                       else list(params))
        kept = kept_result(self.source, named.text, assignments, limit)  # run at push
        if kept is not None:
            return kept
        notes: list[str] = []
        values = bindings(assignments, named.params,
                          lambda name, prefer: self.names.resolve(name, prefer), notes)
        runner = self.runner(timeout, one_shot, max_memory)
        result = execute(runner, named.text, values, limit, timeout, named.source)
        result.notes = notes
        return result if result.is_graph else result.by_label(
            runner.labels(result.iris(), timeout))

    def map(self, threats: Sequence[str] = (), focus: str | None = None,
            depth: int = 1) -> tuple[str, MapFile]:
        """One offline interactive map as HTML, and its summary: the whole force, some
        threats, or the neighbourhood of ``focus`` (``depth`` hops).

        >>> html, summary = open().map(focus="WMCTU")
        >>> html.startswith("<!DOCTYPE html>"), summary.nodes > 1
        (True, True)
        """
        from spr_graph.render.maps import make_map

        data, summary = make_map(self.source.select, threats, focus, depth)
        return data.decode("utf-8"), summary

    def brokers(self, threat: str | None = None, force: str | None = None,
                top: int | None = 10) -> Report[BrokersReport]:
        """Who carries the force's routes to its national partners, per threat: each
        broker's route share (betweenness from the force to the threat's partners) and
        the partners the force reaches only through it, with the paragraphs behind them.

        Parameters
        ----------
        threat
            Only this threat (label, abbreviation, prefixed name or IRI); default: all.
        force
            The force to analyse; default: the one the paper reports on.
        top
            Show the N highest-ranked brokers of each list (0 or None: all).

        >>> first = open().brokers("terrorism").data.threats[0].brokers[0]
        >>> first.node.rsplit("/", 1)[-1], len(first.only_through)
        ('wmctu', 5)
        """
        from spr_graph.analysis.brokers import brokers_report
        from spr_graph.graph.names import resolve_all

        threats = self.facts.statements.threats
        if threat:
            threats = tuple(resolve_all(self.projection.subgraph(threats), [threat]))
        report = brokers_report(self.projection, threats, self._force(force), top or None)
        return Report(report, report.has_findings, self)

    def search(self, text: str, kind: str | None = None, threat: str | None = None,
               limit: int = 20) -> Report[SearchResult]:
        """Ranked full-text search of labels, abbreviations, quotes, notes and paragraph
        text, typos allowed (:mod:`spr_graph.graph.search`; with ``db``, the index is
        kept beside the store).

        >>> hit = open().search("airwaves").data.hits[0]
        >>> hit.label, hit.paragraphs
        ('Airwaves', (58,))
        """
        from spr_graph.graph.search import index_for

        index = index_for(self.source.select, self.source.db)
        return Report(index.search(text, kind, threat, limit), False, self)

    def describe(self, name: str) -> Report[Description]:
        """Everything about one entity (:mod:`spr_graph.graph.describe`).

        >>> open().describe("ROCU").data.label
        'West Midlands Regional Organised Crime Unit'
        """
        from spr_graph.graph.describe import describe

        return Report(describe(self.source.select, self.node(name), self._naming()), False,
                      self)

    def _naming(self) -> Callable[[list[str]], set[str] | None] | None:
        """For a ``--db`` store with a current search index beside it (a search built
        it): the paragraphs whose text may hold a name (``describe`` reads only those)."""
        from spr_graph.graph.search_store import existing

        conn = existing(self.source.db) if self.source.db is not None else None
        if conn is None:
            return None
        from spr_graph.graph.search_index import paragraphs_naming

        return lambda names: paragraphs_naming(conn, names)


def open(*files: str | Path, db: str | Path | None = None, endpoint: str | None = None,  # noqa: A001
         timeout: float = 30.0) -> Graph:
    """Open a graph: RDF files (none: the bundled data), a persistent store or a server.

    Parameters
    ----------
    *files
        TriG, Turtle, N-Quads... files; the bundled ontology and shapes come along unless
        the files bring their own.
    db
        A persistent Oxigraph store made by ``spr-graph push --db``.
    endpoint
        A SPARQL 1.1 query URL whose default graph is the union of its graphs.
    timeout
        Seconds for each request to ``endpoint``.

    >>> open()
    <spr_graph.Graph from bundled data>
    """
    from spr_graph.store.source import open_source

    return Graph(open_source(list(files) or None, db, endpoint, timeout))


def build(output: str | Path, files: Files | None = None, allow_invalid: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Build the evidence pack of ``files`` (default: the bundled data) into ``output``.

    The folder is published all at once or not at all; an invalid graph publishes
    nothing unless ``allow_invalid``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = build(f"{folder}/pack")
    ...     result.published, (result.index.name, result.index.exists())
    (True, ('index.html', True))
    """
    from spr_graph.pack.build import build as build_pack

    return build_pack(list(files) if files else None, output, progress, allow_invalid)

