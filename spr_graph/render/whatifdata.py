"""What a map needs to answer "what if we lose these?" in the browser, as ``spr-graph
whatif --remove`` answers it.

The page (``templates/map_whatif.js``) repeats :func:`spr_graph.analysis.whatif.what_if`
for any set of organisations a user picks, so the analysis's inputs travel with the map,
computed here by the analysis's own functions, never re-derived:

- the agent view (:func:`~spr_graph.analysis.views.agent_view`), each edge with the
  threats it counts for (:func:`~spr_graph.analysis.views.counts_for`: ``all`` when it
  names no threat or is structure) and its paragraphs;
- per threat, in the order the report lists them, its national partners
  (:func:`~spr_graph.analysis.views.national_partners` on the threat view);
- the chairs of boards and the funding streams (:class:`~spr_graph.analysis.consequences.
  Consequences`): funders, what each pays for, who pays for what, paragraphs;
- the gap matrix's statements (:class:`~spr_graph.analysis.gaps.GapBaseline`): rows in
  the report's order, counts before, and per statement its rows, C, actors, partners
  and paragraphs; what is inside the force;
- the orders the report sorts by (labels, case-folded) and the names it prints.

Nodes are the map's node numbers (IRI order, as the report sorts IRIs); a node the map
does not hold gets no what-if (None), so only a whole-force map offers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.facts import Facts


@dataclass(frozen=True)
class WhatIfSource:
    """The whole projected graph and its facts: what ``whatif`` itself reads."""

    graph: nx.MultiDiGraph
    facts: Facts


def _ids(index: dict[str, int], nodes: Iterable[str]) -> list[int]:
    """The numbers of ``nodes``, sorted; a KeyError when one is not on the map."""
    return sorted(index[n] for n in nodes)


def _maybe(index: dict[str, int], node: str) -> int:
    """A statement's actor or partner: its number, or -1 if it is no node at all."""
    return index.get(node, -1)


def _threats(source: WhatIfSource, view: nx.Graph, own: set[str], index: dict[str, int]
             ) -> list[dict[str, Any]]:
    from spr_graph.analysis.views import label, national_partners

    names = source.graph.graph.get("threat_labels", {})
    found = []
    for threat in source.facts.statements.threats:
        partners = national_partners(view, own, threat)  # the same in its threat view
        found.append({"iri": threat, "label": names.get(threat, label(source.graph, threat)),
                      "partners": _ids(index, partners)})
    found.sort(key=lambda t: str(t["label"]).casefold())
    return found


def _edges(view: nx.Graph, threats: list[dict[str, Any]],
           index: dict[str, int]) -> list[list[Any]]:
    """``[u, v, all, [threat numbers], [paragraphs]]`` per agent-view edge."""
    from spr_graph.analysis.views import STRUCTURE

    number = {t["iri"]: i for i, t in enumerate(threats)}
    found = []
    for u, v, data in view.edges(data=True):
        every = not data["threats"] or not STRUCTURE.isdisjoint(data["relations"])
        a, b = sorted(_ids(index, (u, v)))
        found.append([a, b, 1 if every else 0,
                      sorted(number[t] for t in data["threats"] if t in number),
                      list(data["paragraphs"])])
    return sorted(found)


def _funding(source: WhatIfSource, index: dict[str, int]) -> dict[str, Any]:
    from spr_graph.analysis.consequences import Consequences

    cons = Consequences(source.graph, source.facts.funding)
    return {
        "chairs": [[index[b], _ids(index, chairs), sorted(cons.chair_paragraphs[b])]
                   for b, chairs in sorted(cons.chairs.items()) if b in index],
        "streams": [[index[s.iri], _ids(index, s.funders), _ids(index, s.dependents),
                     cons.stream_paragraphs([s.iri])]
                    for s in sorted(cons.streams.values(), key=lambda s: s.iri)],
        "payers": [[index[d], _ids(index, streams)]
                   for d, streams in sorted(cons.payers.items()) if streams],
    }


def _gaps(source: WhatIfSource, force: str, index: dict[str, int]) -> dict[str, Any]:
    from spr_graph.analysis.gaps import GapBaseline

    baseline = GapBaseline(source.graph, source.facts.statements, source.facts.vocabulary,
                           None, force)
    before = baseline.matrix()
    row_of = {r.threat: i for i, r in enumerate(before.rows)}
    statements = []
    for s in baseline.statements:
        rows = sorted(row_of[t] for t in s.threats if t in row_of)
        statements.append([rows, before.five_cs.index(s.five_c) if s.five_c in before.five_cs
                           else -1, [_maybe(index, a) for a in s.actors],
                           [_maybe(index, p) for p in s.partners], list(s.paragraphs)])
    return {
        "fiveCs": list(before.five_cs), "forceLabel": before.force_label,
        "own": _ids(index, baseline.own),
        "rows": [{"iri": r.threat, "label": r.label,
                  "counts": [r.cells[c].count for c in before.five_cs],
                  "named": r.named_connectivity} for r in before.rows],
        "statements": statements, "labels": before.labels,
    }


def whatif_data(source: WhatIfSource, index: dict[str, int]) -> dict[str, Any] | None:
    """The what-if block of a map whose nodes are numbered by ``index`` (see the module
    doc); None when the graph names no force or the map lacks a node the answer needs."""
    from spr_graph.analysis.views import AGENT_KINDS, agent_view, label
    from spr_graph.graph.projection import inside

    graph = source.graph
    force = graph.graph.get("force")
    if force not in graph or force not in index:
        return None
    view = agent_view(graph)
    own = inside(graph, force)
    try:
        threats = _threats(source, view, own, index)
        edges = _edges(view, threats, index)
        funding = _funding(source, index)
        gaps = _gaps(source, force, index)
        agents = _ids(index, (n for n, k in graph.nodes(data="kind") if k in AGENT_KINDS))
    except KeyError:  # a node the answer names is not on the map
        return None
    labels: dict[str, str] = gaps.pop("labels")
    order = sorted(index, key=lambda n: (label(graph, n).casefold(), n))
    names = {}
    for node, i in index.items():
        shown = (labels.get(node, label(graph, node)), label(graph, node))
        if shown != (graph.nodes[node]["label"],) * 2:
            names[str(i)] = list(shown)
    for item in (*threats, *gaps["rows"]):
        item["name"] = labels.get(item.pop("iri"), item["label"])
    return {"force": index[force], "agents": agents, "edges": edges, "threats": threats,
            **funding, "gaps": gaps, "rank": [index[n] for n in order], "names": names}
