"""The what-if sweep: one loss at a time for every single point of failure, ranked.

:func:`sweep` runs :func:`~spr_graph.analysis.whatif.what_if` for each articulation
point, per-threat chokepoint, broker that alone carries a national partner
(:mod:`.brokers`, :mod:`.reach`), sole chair of a board, sole funder of a stream and
sole live stream paying for something, in linear time, and ranks the losses by what
they cost: threats cut off from national partners, new gaps, national partners lost
over the threats, partners cut off, unfunded capabilities, boards without a chair.

``national_partners_lost`` lists, per threat, the national partners the force no longer
reaches (``before`` and ``after`` counts, as ``whatif --remove`` reports them). It is
optional in :data:`SWEEP_SCHEMA`, so documents written before it was added still
validate against ``spr-graph/whatif-sweep/1``.

JSON (``Sweep.as_dict()``, schema :data:`SWEEP_SCHEMA`)::

    {"schema": "spr-graph/whatif-sweep/1", "force": ref, "as_of", "gaps_before": <gaps JSON>,
     "removals": [{"rank", "iri", "label", "kind", "articulation_point": bool, "cut_off",
                   "partners_cut_off", "threats_lost": [ref], "boards_without_chair": [ref],
                   "unfunded": [ref], "gap_changes": [...], "new_gaps": [gap], "paragraphs",
                   "national_partners_lost": [{"threat": ref, "before", "after",
                                               "lost": [ref]}]}],
     "counts": {"removals", "with_consequences"}}
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from spr_graph.analysis.consequences import Consequences
from spr_graph.analysis.gaps import JSON_SCHEMA as GAPS_SCHEMA
from spr_graph.analysis.gaps import Gap, GapBaseline, GapMatrix
from spr_graph.analysis.reach import partners_lost
from spr_graph.analysis.spof import spof_report
from spr_graph.analysis.views import edge_paragraphs, label
from spr_graph.analysis.whatif import (
    CHANGES,
    GAPS,
    INTS,
    REF,
    REFS,
    REMOVABLE,
    compare,
    gap_changes,
    refs,
    surviving,
)
from spr_graph.core.gcpause import paused_gc
from spr_graph.graph.facts import Facts, Instant, Statement
from spr_graph.graph.projection import inside

SWEEP_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "force", "as_of", "gaps_before", "removals", "counts"],
    "properties": {
        "schema": {"const": "spr-graph/whatif-sweep/1"}, "force": REF,
        "as_of": {"type": ["string", "null"]}, "gaps_before": GAPS_SCHEMA,
        "removals": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "iri", "label", "kind", "articulation_point", "cut_off",
                         "partners_cut_off", "threats_lost", "boards_without_chair",
                         "unfunded", "gap_changes", "new_gaps", "paragraphs"],
            "properties": {"threats_lost": REFS, "boards_without_chair": REFS,
                           "unfunded": REFS, "gap_changes": CHANGES, "new_gaps": GAPS,
                           "paragraphs": INTS, "national_partners_lost": {
                               "type": "array", "items": {
                                   "type": "object",
                                   "required": ["threat", "before", "after", "lost"],
                                   "properties": {
                                       "threat": REF, "lost": {**REFS, "minItems": 1},
                                       "before": {"type": "integer", "minimum": 1},
                                       "after": {"type": "integer", "minimum": 0}}}}}}},
        "counts": {"type": "object", "required": ["removals", "with_consequences"]},
    },
}

#: ``(threat, national partners reached before, those lost)``
PartnersLost = tuple[str, int, tuple[str, ...]]


@dataclass(frozen=True)
class SweepRow:
    node: str
    kind: str
    articulation_point: bool
    cut_off: int
    partners_cut_off: int
    threats_lost: tuple[str, ...]
    chairless: tuple[str, ...]
    unfunded: tuple[str, ...]
    gap_changes: tuple[tuple[str, str, int, int], ...]
    new_gaps: tuple[Gap, ...]
    paragraphs: tuple[int, ...]
    partners_lost: tuple[PartnersLost, ...] = ()

    @property
    def has_consequences(self) -> bool:
        return bool(self.cut_off or self.threats_lost or self.chairless or self.unfunded
                    or self.gap_changes or self.partners_lost)

    @property
    def national_partners_lost(self) -> int:
        """National partners lost, summed over the threats."""
        return sum(len(lost) for _, _, lost in self.partners_lost)


@dataclass
class Sweep:
    """One what-if per single point of failure (see :func:`sweep`), ranked."""

    graph: nx.MultiDiGraph
    force: str
    as_of: Instant | None
    rows: list[SweepRow]
    before: GapMatrix
    top: int | None = None

    @property
    def has_findings(self) -> bool:
        return any(r.threats_lost or r.new_gaps for r in self.rows)

    def as_dict(self) -> dict[str, object]:
        g = self.graph
        shown = self.rows[: self.top] if self.top else self.rows
        return {
            "schema": "spr-graph/whatif-sweep/1",
            "force": {"iri": self.force, "label": label(g, self.force)},
            "as_of": str(self.as_of) if self.as_of else None,
            "gaps_before": self.before.as_dict(),
            "removals": [{
                "rank": i, "iri": r.node, "label": label(g, r.node), "kind": r.kind,
                "articulation_point": r.articulation_point, "cut_off": r.cut_off,
                "partners_cut_off": r.partners_cut_off,
                "threats_lost": refs(g, r.threats_lost),
                "boards_without_chair": refs(g, r.chairless), "unfunded": refs(g, r.unfunded),
                "gap_changes": gap_changes(g, r.gap_changes, self.before.labels),
                "new_gaps": [gap.as_dict() for gap in r.new_gaps],
                "paragraphs": list(r.paragraphs),
                "national_partners_lost": [
                    {"threat": {"iri": t, "label": self.before.labels.get(t, label(g, t))},
                     "before": before, "after": before - len(lost), "lost": refs(g, lost)}
                    for t, before, lost in r.partners_lost]} for i, r in enumerate(shown, 1)],
            "counts": {"removals": len(self.rows),
                       "with_consequences": sum(r.has_consequences for r in self.rows)},
        }


def _threat_names(graph: nx.MultiDiGraph, threat: str) -> str:
    return str(graph.graph.get("threat_labels", {}).get(threat) or label(graph, threat))


@paused_gc()  # see spr_graph.core.gcpause
def sweep(graph: nx.MultiDiGraph, facts: Facts, force: str | None = None,
          as_of: Instant | None = None, edition: str | None = None,
          top: int | None = None) -> Sweep:
    """:func:`what_if` for each single point of failure alone, in linear time: every
    articulation point, per-threat chokepoint, broker that alone carries a national
    partner, sole chair of a board, sole funder of a stream and sole live stream paying
    for something."""
    report = spof_report(graph, facts.statements.threats, force)
    force = report.force
    cons = Consequences(graph, facts.funding, as_of)
    baseline = GapBaseline(graph, facts.statements, facts.vocabulary, edition, force)
    before = baseline.matrix()
    mentioned: dict[str, list[Statement]] = defaultdict(list)
    for s in baseline.statements:
        for node in {*s.actors, *s.partners}:
            mentioned[node].append(s)
    candidates = {c.node: c for c in report.articulation_points}
    lost: dict[str, list[str]] = defaultdict(list)
    for routes in report.threats:
        for node in routes.chokepoints:
            lost[node].append(routes.threat)
    partners = partners_lost(report.view, facts.statements.threats, force,
                             inside(graph, force), report.reaches)
    brokers = {n for n, found in partners.items() if any(set(ps) - {n} for _, _, ps in found)}
    rows = []
    chosen = set(candidates) | set(lost) | brokers | cons.sole_providers()
    for node in sorted(n for n in chosen - {force}
                       if n in graph and graph.nodes[n]["kind"] in REMOVABLE):
        gone = {node}
        point = candidates.get(node)
        changes: list[tuple[str, str, int, int]] = []
        new: list[Gap] = []
        if node in mentioned:
            changes, new = compare(before, baseline.matrix(surviving(baseline.statements, gone)))
        funding = cons.funding_lost(gone)
        impact = point.impact if point is not None else None
        cut, partners_cut = ((impact.cut_off, impact.partners_cut_off)
                             if impact is not None and impact.anchor == force  # force's part
                             else (0, 0))
        threats = sorted(partners.get(node, ()), key=lambda t: (
            -len(t[2]), _threat_names(graph, t[0]).casefold(), t[0]))
        rows.append(SweepRow(
            node, graph.nodes[node]["kind"], point is not None, cut, partners_cut,
            tuple(sorted(lost.get(node, ()))), tuple(b for b, _ in cons.chairless(gone)),
            tuple(d for d, _ in cons.unfunded(gone, funding)), tuple(changes), tuple(new),
            point.paragraphs if point else tuple(edge_paragraphs(report.view, [node])),
            tuple(threats)))
    rows.sort(key=lambda r: (-len(r.threats_lost), -len(r.new_gaps), -r.national_partners_lost,
                             -r.partners_cut_off, -len(r.unfunded), -len(r.chairless),
                             -r.cut_off, label(graph, r.node).casefold(), r.node))
    return Sweep(graph, force, as_of, rows, before, top)
