"""What the loss of units, partners, boards, posts, people or funding streams does.

:func:`what_if` removes the named nodes (only them: a removed collaboration's units stay,
and show up as cut off if they hang on it) and reports, for the force:

- the threats that lose their last route to a national partner (see :mod:`.spof`), and
  the partners each threat loses;
- the agents cut off from the force in the agent view;
- boards left without a chair, funding streams lost and what is left unfunded
  (:mod:`.consequences`);
- the gap matrix before and after: a statement falls when all its actors, or all its
  partners, are removed; the partners it keeps are what count for connectivity.

:func:`spr_graph.analysis.sweep.sweep` asks the same question of every single point of
failure in turn, from one pass over the block-cut tree and the dominator chains, instead
of copying the graph once per node.

JSON (``WhatIf.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/whatif/1", "force": ref, "removed": [ref + "kind"],
     "as_of": "YYYY-MM" | null,
     "threats": [{"iri", "label", "partners_before": [ref], "partners_after": [ref],
                  "lost": bool, "paragraphs"}],
     "cut_off": [ref], "boards_without_chair": [{"board": ref, "chairs": [ref], "paragraphs"}],
     "funding_lost": [ref + "paragraphs"],
     "unfunded": [ref + {"streams": [ref], "paragraphs"}],
     "gap_changes": [{"threat": ref, "five_c", "before", "after"}], "new_gaps": [gap],
     "gaps_before": <gaps JSON>, "gaps_after": <gaps JSON>,
     "summary": {"threats_lost", "cut_off", "boards_without_chair", "funding_lost",
                 "unfunded", "new_gaps"}}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import networkx as nx

from spr_graph.analysis.consequences import Consequences
from spr_graph.analysis.gaps import JSON_SCHEMA as GAPS_SCHEMA
from spr_graph.analysis.gaps import Gap, GapBaseline, GapMatrix
from spr_graph.analysis.reach import threat_reaches
from spr_graph.analysis.views import (
    AGENT_KINDS,
    agent_view,
    edge_paragraphs,
    label,
    resolve_force,
)
from spr_graph.core.errors import InputError
from spr_graph.core.gcpause import paused_gc
from spr_graph.graph.facts import Facts, Instant, Statement
from spr_graph.graph.projection import inside

REF = {"type": "object", "required": ["iri", "label"]}
REFS = {"type": "array", "items": REF}
INTS = {"type": "array", "items": {"type": "integer"}}
CHANGES = {"type": "array", "items": {"type": "object",
                                       "required": ["threat", "five_c", "before", "after"]}}
GAPS = GAPS_SCHEMA["properties"]["gaps"]  # type: ignore[index]
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "force", "removed", "as_of", "threats", "cut_off",
                 "boards_without_chair", "funding_lost", "unfunded", "gap_changes", "new_gaps",
                 "gaps_before", "gaps_after", "summary"],
    "properties": {
        "schema": {"const": "spr-graph/whatif/1"}, "force": REF,
        "removed": {"type": "array", "items": {"type": "object",
                                               "required": ["iri", "label", "kind"]}},
        "as_of": {"type": ["string", "null"]},
        "threats": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "partners_before", "partners_after", "lost",
                         "paragraphs"],
            "properties": {"partners_before": REFS, "partners_after": REFS,
                           "lost": {"type": "boolean"}, "paragraphs": INTS}}},
        "cut_off": REFS,
        "boards_without_chair": {"type": "array", "items": {
            "type": "object", "required": ["board", "chairs", "paragraphs"]}},
        "funding_lost": {"type": "array", "items": {
            "type": "object", "required": ["iri", "label", "paragraphs"]}},
        "unfunded": {"type": "array", "items": {
            "type": "object", "required": ["iri", "label", "streams", "paragraphs"]}},
        "gap_changes": CHANGES, "new_gaps": GAPS,
        "gaps_before": GAPS_SCHEMA, "gaps_after": GAPS_SCHEMA,
        "summary": {"type": "object"},
    },
}
REMOVABLE = AGENT_KINDS | {"funding"}


def surviving(statements: Iterable[Statement], removed: set[str]) -> list[Statement]:
    """The statements that still stand once ``removed`` are gone, with those nodes dropped."""
    kept = []
    for s in statements:
        if removed.isdisjoint(s.actors) and removed.isdisjoint(s.partners):
            kept.append(s)
            continue
        actors = tuple(a for a in s.actors if a not in removed)
        partners = tuple(p for p in s.partners if p not in removed)
        if (s.actors and not actors) or (s.partners and not partners):
            continue
        kept.append(replace(s, actors=actors, partners=partners))
    return kept


def compare(before: GapMatrix, after: GapMatrix
            ) -> tuple[list[tuple[str, str, int, int]], list[Gap]]:
    """Cells whose statement count changed, and the gaps ``after`` has that ``before`` lacks."""
    counts = {(r.threat, c): r.cells[c].count for r in before.rows for c in before.five_cs}
    changes = [(r.threat, c, counts.get((r.threat, c), 0), r.cells[c].count)
               for r in after.rows for c in after.five_cs
               if counts.get((r.threat, c), 0) != r.cells[c].count]
    old = {(g.kind, g.threat, g.five_c) for g in before.gaps}
    return changes, [g for g in after.gaps if (g.kind, g.threat, g.five_c) not in old]


@dataclass(frozen=True)
class ThreatChange:
    threat: str
    label: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    paragraphs: tuple[int, ...]

    @property
    def lost(self) -> bool:
        return bool(self.before) and not self.after


def refs(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[dict[str, str]]:
    return [{"iri": n, "label": label(graph, n)} for n in nodes]


def gap_changes(graph: nx.MultiDiGraph, changes: Iterable[tuple[str, str, int, int]],
                 labels: dict[str, str]) -> list[dict[str, object]]:
    return [{"threat": {"iri": t, "label": labels.get(t, label(graph, t))}, "five_c": c,
             "before": b, "after": a} for t, c, b, a in changes]


@dataclass
class WhatIf:
    """The consequences of removing some nodes (see the module doc)."""

    graph: nx.MultiDiGraph
    force: str
    removed: list[str]
    as_of: Instant | None
    threats: list[ThreatChange]
    cut_off: list[str]
    chairless: list[tuple[str, tuple[str, ...]]]
    funding_lost: list[str]
    unfunded: list[tuple[str, tuple[str, ...]]]
    before: GapMatrix
    after: GapMatrix
    consequences: Consequences = field(repr=False)

    @property
    def threats_lost(self) -> list[ThreatChange]:
        return [t for t in self.threats if t.lost]

    @property
    def has_findings(self) -> bool:
        changes, new = compare(self.before, self.after)
        return bool(self.threats_lost or self.chairless or self.unfunded or new)

    def as_dict(self) -> dict[str, object]:
        g, cons = self.graph, self.consequences
        changes, new = compare(self.before, self.after)
        return {
            "schema": "spr-graph/whatif/1",
            "force": {"iri": self.force, "label": label(g, self.force)},
            "removed": [{"iri": n, "label": label(g, n), "kind": g.nodes[n]["kind"]}
                        for n in self.removed],
            "as_of": str(self.as_of) if self.as_of else None,
            "threats": [{"iri": t.threat, "label": t.label,
                         "partners_before": refs(g, t.before),
                         "partners_after": refs(g, t.after), "lost": t.lost,
                         "paragraphs": list(t.paragraphs)} for t in self.threats],
            "cut_off": refs(g, self.cut_off),
            "boards_without_chair": [{"board": {"iri": b, "label": label(g, b)},
                                      "chairs": refs(g, chairs),
                                      "paragraphs": sorted(cons.chair_paragraphs[b])}
                                     for b, chairs in self.chairless],
            "funding_lost": [{"iri": s, "label": label(g, s),
                              "paragraphs": cons.stream_paragraphs([s])}
                             for s in self.funding_lost],
            "unfunded": [{"iri": d, "label": label(g, d), "streams": refs(g, streams),
                          "paragraphs": cons.stream_paragraphs(streams)}
                         for d, streams in self.unfunded],
            "gap_changes": gap_changes(g, changes, self.before.labels),
            "new_gaps": [gap.as_dict() for gap in new],
            "gaps_before": self.before.as_dict(), "gaps_after": self.after.as_dict(),
            "summary": {"threats_lost": len(self.threats_lost), "cut_off": len(self.cut_off),
                        "boards_without_chair": len(self.chairless),
                        "funding_lost": len(self.funding_lost), "unfunded": len(self.unfunded),
                        "new_gaps": len(new)},
        }

    def consequence_rows(self) -> list[tuple[str, str, str, list[int]]]:
        """``(kind, node, detail, paragraphs)`` for each consequence."""
        g, cons = self.graph, self.consequences
        changes, new = compare(self.before, self.after)
        found: list[tuple[str, str, str, list[int]]] = []
        for t in self.threats:
            dropped = sorted(set(t.before) - set(t.after))
            if dropped:
                found.append(("threat-lost" if t.lost else "partners-lost", t.threat,
                              "; ".join(label(g, p) for p in dropped), list(t.paragraphs)))
        found.extend(("cut-off", n, "", []) for n in self.cut_off)
        found.extend(("board-without-chair", b, "; ".join(label(g, c) for c in chairs),
                      sorted(cons.chair_paragraphs[b])) for b, chairs in self.chairless)
        found.extend(("funding-lost", f, "", cons.stream_paragraphs([f]))
                     for f in self.funding_lost)
        found.extend(("unfunded", d, "; ".join(label(g, s) for s in streams),
                      cons.stream_paragraphs(streams)) for d, streams in self.unfunded)
        found.extend(("gap-change", t, f"{c}: {b} -> {a}", []) for t, c, b, a in changes)
        found.extend(("new-gap", gap.threat, gap.message, list(gap.paragraphs)) for gap in new)
        return found


def _check_removable(graph: nx.MultiDiGraph, force: str, removed: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(removed))
    for node in chosen:
        if node == force:
            raise InputError(f"cannot remove {label(graph, force)}: it is the force analysed",
                             hint="remove its units, partners, boards, posts or funding")
        kind = graph.nodes[node]["kind"]
        if kind not in REMOVABLE:
            raise InputError(f"{label(graph, node)} is a {kind}",
                             hint="what-if removes organisations, boards, posts, people or "
                                  "funding streams")
    if not chosen:
        raise InputError("nothing to remove", hint="name a node with --remove NODE")
    return chosen


@paused_gc()  # see spr_graph.core.gcpause
def what_if(graph: nx.MultiDiGraph, facts: Facts, removed: Iterable[str],
            force: str | None = None, as_of: Instant | None = None,
            edition: str | None = None) -> WhatIf:
    """What losing ``removed`` (IRIs, see :mod:`spr_graph.graph.names`) does to ``force``."""
    force = resolve_force(graph, force)
    chosen = _check_removable(graph, force, removed)
    gone = set(chosen)
    view = agent_view(graph)
    own = inside(graph, force)
    names = graph.graph.get("threat_labels", {})
    changes = []
    reaches = threat_reaches(view, facts.statements.threats, force, own)
    for threat in facts.statements.threats:
        scoped, before, _ = reaches[threat]
        after = nx.node_connected_component(nx.restricted_view(scoped, gone, []), force)
        after &= before
        changes.append(ThreatChange(threat, names.get(threat, label(graph, threat)),
                                    tuple(sorted(before)), tuple(sorted(after)),
                                    tuple(edge_paragraphs(scoped, gone) if after != before
                                          else ())))
    changes.sort(key=lambda t: (not t.lost, t.label.casefold()))
    reach = nx.node_connected_component(view, force)
    still = nx.node_connected_component(nx.restricted_view(view, gone, []), force)
    cons = Consequences(graph, facts.funding, as_of)
    lost = cons.funding_lost(gone)
    baseline = GapBaseline(graph, facts.statements, facts.vocabulary, edition, force)
    return WhatIf(graph, force, chosen, as_of, changes,
                  sorted(reach - still - gone, key=lambda n: (label(graph, n).casefold(), n)),
                  cons.chairless(gone), lost, cons.unfunded(gone, lost), baseline.matrix(),
                  baseline.matrix(surviving(baseline.statements, gone)), cons)
