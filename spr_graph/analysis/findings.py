"""Everything the evidence pack reports, computed once by the analysis modules.

:func:`analyse` reads the graph and calls :mod:`spr_graph.analysis` (gaps, re-baseline,
single points of failure, capacity, funding); nothing here analyses anything itself. The
report, the pack's analysis files and the build's terminal summary all read the same
:class:`Findings`. With several papers loaded (a national graph), the findings are those
of the force the projection names (the first in IRI order) and its paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from spr_graph.analysis.citing import Citing, read_citing
from spr_graph.graph.evidence import Paper, ProvenanceParagraph, read_papers
from spr_graph.graph.facts import local

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.capacity import CapacityReport
    from spr_graph.analysis.diff import Diff
    from spr_graph.analysis.forces import Comparison
    from spr_graph.analysis.funding import FundingReport
    from spr_graph.analysis.gaps import GapMatrix
    from spr_graph.analysis.spof import SpofReport
    from spr_graph.core.rows import Select
    from spr_graph.graph.facts import Facts


Written: TypeAlias = "GapMatrix | SpofReport | CapacityReport | FundingReport | Comparison"
"""The analysis results the pack writes as JSON and CSV files."""


@dataclass
class Findings:
    """The projection, the facts and every analysis of one force's paper, with the
    paper itself (``paragraphs`` by number)."""

    graph: nx.MultiDiGraph
    facts: Facts
    papers: list[Paper]
    paragraphs: dict[int, ProvenanceParagraph]
    gaps: GapMatrix
    #: the matrix against the newest SPR edition when the paper answers an older one
    rebaseline: GapMatrix | None
    spof: SpofReport
    capacity: CapacityReport
    funding: FundingReport
    #: facts drafted by rules (``spr-graph ingest``) and not yet reviewed
    drafted: int = 0
    #: what changed since the force's previous paper, when the store holds one
    since: Diff | None = None
    #: the forces side by side, when the store holds several forces' papers
    compare: Comparison | None = None
    #: the store's papers, as every citation names them (``WMP 2020-01 ¶93``)
    citing: Citing = field(default_factory=Citing)

    @property
    def force_label(self) -> str:
        return self.gaps.force_label

    def analysis_files(self) -> dict[str, Written]:
        """``{file stem: report}`` of the analysis data the pack writes as JSON and CSV."""
        files: dict[str, Written] = {"gaps": self.gaps}
        if self.rebaseline is not None:
            files[f"gaps-{local(self.rebaseline.edition)}"] = self.rebaseline
        files.update({"spof": self.spof, "capacity": self.capacity, "funding": self.funding})
        if self.compare is not None:
            files["compare"] = self.compare
        return files


def newest_edition(facts: Facts) -> str | None:
    """The newest SPR edition the ontology knows, when the paper answers an older one."""
    editions = sorted(facts.vocabulary.editions, key=lambda e: (local(e), e))
    paper = facts.statements.edition
    if not editions or paper is None or editions[-1] == paper:
        return None
    return editions[-1]


def analyse(select: Select) -> Findings:
    """Project the graph, read the facts, run every analysis and read the force's paper."""
    from spr_graph.analysis.capacity import capacity_report
    from spr_graph.analysis.forces import compare_forces
    from spr_graph.analysis.funding import funding_report
    from spr_graph.analysis.gaps import gap_matrix
    from spr_graph.analysis.spof import spof_report
    from spr_graph.graph.evidence import read_paragraphs
    from spr_graph.graph.facts import read_facts
    from spr_graph.graph.projection import project

    graph = project(select)
    facts = read_facts(select)
    vocabulary = facts.vocabulary
    newest = newest_edition(facts)
    gaps = gap_matrix(graph, facts.statements, vocabulary)
    papers = read_papers(select)
    force_of = {d.iri: d.force for d in facts.documents}
    own = [p for p in papers if force_of.get(p.iri) == gaps.force] or papers[:1]
    several = len({d.force for d in facts.documents if d.force}) > 1
    return Findings(
        graph, facts, own, read_paragraphs(select, own[0].iri) if own else {}, gaps,
        gap_matrix(graph, facts.statements, vocabulary, newest) if newest else None,
        spof_report(graph, facts.statements.threats),
        capacity_report(graph, facts.quantities, vocabulary.labels),
        funding_report(graph, facts.funding), count_drafted(select),
        compare=compare_forces(graph, facts) if several else None,
        citing=read_citing(select))


def count_drafted(select: Select) -> int:
    """How many facts (graphs) machine drafting generated and no reviewer has accepted."""
    from spr_graph.graph.stats import review_states

    return review_states(select)["drafted"]
