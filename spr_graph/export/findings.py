"""Everything the evidence pack reports, computed once by the analysis modules.

:func:`analyse` reads the graph and calls :mod:`spr_graph.analysis` (gaps, re-baseline,
single points of failure, capacity, funding); nothing here analyses anything itself. The
report, the pack's analysis files and the build's terminal summary all read the same
:class:`Findings`. With several papers loaded (a national graph), the findings are those
of the force the projection names (the first in IRI order) and its paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from ..facts import local
from .evidence import Paragraph

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.capacity import CapacityReport
    from ..analysis.funding import FundingReport
    from ..analysis.gaps import GapMatrix
    from ..analysis.spof import SpofReport
    from ..analysis.tables import Table
    from ..facts import Facts
    from ..sparql_rows import Select


class Analysed(Protocol):
    """What every analysis report offers: documented JSON and one CSV table."""

    def as_dict(self) -> dict[str, object]: ...
    def csv_table(self) -> Table: ...


@dataclass(frozen=True)
class Paper:
    """The source paper the graph was curated from, as its provenance graph describes it."""

    iri: str
    title: str
    publisher: str
    date: str
    audience: str
    force: str | None = None


@dataclass
class Findings:
    """The projection, the facts and every analysis of one force's paper, with the
    paper itself (``paragraphs`` by number)."""

    graph: nx.MultiDiGraph
    facts: Facts
    papers: list[Paper]
    paragraphs: dict[int, Paragraph]
    gaps: GapMatrix
    #: the matrix against the newest SPR edition when the paper answers an older one
    rebaseline: GapMatrix | None
    spof: SpofReport
    capacity: CapacityReport
    funding: FundingReport

    @property
    def force_label(self) -> str:
        return self.gaps.force_label

    def analysis_files(self) -> dict[str, Analysed]:
        """``{file stem: report}`` of the analysis data the pack writes as JSON and CSV."""
        files: dict[str, Analysed] = {"gaps": self.gaps}
        if self.rebaseline is not None:
            files[f"gaps-{local(self.rebaseline.edition)}"] = self.rebaseline
        files.update({"spof": self.spof, "capacity": self.capacity, "funding": self.funding})
        return files


def read_papers(select: Select) -> list[Paper]:
    """Title, publisher, date, audience and force of every source paper, in IRI order."""
    found: dict[str, Paper] = {}
    for row in select("""SELECT ?doc ?title ?publisher ?date ?audience ?force WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc dcterms:title ?title }
            OPTIONAL { ?doc dcterms:publisher ?publisher } OPTIONAL { ?doc dcterms:date ?date }
            OPTIONAL { ?doc dcterms:audience ?audience } OPTIONAL { ?doc spr:force ?force } }
            ORDER BY ?doc ?title ?force"""):
        iri = row["doc"] or ""
        found.setdefault(iri, Paper(iri, row["title"] or local(iri), row["publisher"] or "",
                                    row["date"] or "", row["audience"] or "", row["force"]))
    return [found[k] for k in sorted(found)]


def paper_paragraphs(store: ox.Store, paper: str) -> dict[int, Paragraph]:
    """The numbered paragraphs of one paper (several papers reuse the same numbers), read
    by :func:`~spr_graph.export.evidence.read_evidence` from the graph describing it."""
    from ..sparql_rows import store_select
    from .evidence import read_evidence

    own = ox.Store()
    subject = ox.NamedNode(paper)
    for graph in store.named_graphs():
        if next(store.quads_for_pattern(subject, None, None, graph), None) is not None:
            own.extend(store.quads_for_pattern(None, None, None, graph))
    return read_evidence(store_select(own)).paragraphs


def newest_edition(facts: Facts) -> str | None:
    """The newest SPR edition the ontology knows, when the paper answers an older one."""
    editions = sorted(facts.vocabulary.editions, key=lambda e: (local(e), e))
    paper = facts.statements.edition
    if not editions or paper is None or editions[-1] == paper:
        return None
    return editions[-1]


def analyse(store: ox.Store) -> Findings:
    """Project the graph, read the facts, run every analysis and read the force's paper."""
    from ..analysis.capacity import capacity_report
    from ..analysis.funding import funding_report
    from ..analysis.gaps import gap_matrix
    from ..analysis.spof import spof_report
    from ..facts import read_facts
    from ..model import project
    from ..sparql_rows import store_select

    select = store_select(store)
    graph = project(select)
    facts = read_facts(select)
    vocabulary = facts.vocabulary
    newest = newest_edition(facts)
    gaps = gap_matrix(graph, facts.statements, vocabulary)
    papers = read_papers(select)
    own = [p for p in papers if p.force == gaps.force] or papers[:1]
    return Findings(
        graph, facts, own, paper_paragraphs(store, own[0].iri) if own else {}, gaps,
        gap_matrix(graph, facts.statements, vocabulary, newest) if newest else None,
        spof_report(graph, facts.statements.threats),
        capacity_report(graph, facts.quantities, vocabulary.labels),
        funding_report(graph, facts.funding))
