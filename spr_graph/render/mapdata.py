"""A projected graph -> the node and edge lists a map draws, as plain JSON-ready data.

:func:`map_view` cuts the part of the graph a map shows (per threat, around a node);
:func:`map_data` lays it out and gathers, for every node and edge, its style, its facts
and the evidence behind them. Lists are built directly, in sorted order, so a graph of
5,000 nodes costs milliseconds here (pyvis's ``add_node`` checks every earlier node and
takes about a minute) and the same graph always gives the same data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spr_graph.core.namespaces import shorten
from spr_graph.graph.projection import inside
from spr_graph.render.layout import layout
from spr_graph.render.orgview import org_view
from spr_graph.render.whatifdata import WhatIfSource, whatif_data

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.evidence import Evidence
    from spr_graph.graph.facts import Statement
    from spr_graph.render.legend import Legend
    from spr_graph.render.since import Marks

#: Fill colour of each node kind (see spr_graph.graph.kinds.KINDS); other kinds are grey.
KIND_COLOURS: dict[str, str] = {
    "force": "#1b4f9c", "unit": "#4a90d9", "collaboration": "#6a3d9a", "board": "#e08a00",
    "agency": "#2e8b57", "post": "#b8860b", "person": "#8b5a2b", "capability": "#139aad",
    "funding": "#c2185b", "strategy": "#7b8d42", "plan": "#95a84f", "programme": "#a8a21f",
    "operation": "#5d6d7e", "exercise": "#a0522d", "system": "#546e7a", "facility": "#8d6e63",
    "event": "#ab47bc", "agreement": "#78909c", "document": "#90a4ae", "threat": "#c62828",
}
OTHER_COLOUR = "#9e9e9e"
#: Node shape of each level; threats are hexagons, nodes with no level point down.
LEVEL_SHAPES: dict[str, str] = {
    "local": "dot", "regional": "diamond", "national": "square", "international": "star"}
NO_LEVEL_SHAPE = "triangleDown"
THREAT_SHAPE = "hexagon"
#: Line colour of each relation; others are grey.
RELATION_COLOURS: dict[str, str] = {
    "worksWith": "#1565c0", "addressesThreat": "#c62828",
    **dict.fromkeys(("chairs", "leads", "governedBy", "reportsTo"), "#e08a00"),
    **dict.fromkeys(("unitOf", "subOrganizationOf", "memberOf", "postIn", "holds", "partOf"),
                    "#546e7a"),
}
OTHER_RELATION_COLOUR = "#a0a0a0"
#: Line colour of each threat in the organisation view, in the threats' order (label):
#: distinguishable, and at least 3:1 against white.
THREAT_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc3d93", "#8c6d00", "#6a3d9a",
                  "#b2182b", "#01665e", "#3b5ba5", "#8c510a")


@dataclass(frozen=True)
class Highlights:
    """What the analysis flags: single points of failure and threats lacking connectivity."""

    spof: frozenset[str] = frozenset()
    gap_threats: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MapInput:
    """Everything a map is made from besides its graph."""

    legend: Legend
    evidence: Evidence
    statements: Sequence[Statement] = ()
    highlights: Highlights = field(default_factory=Highlights)
    #: the address, relative to the map, of a report whose ``#para-N`` anchors hold the
    #: paper's paragraphs (in the evidence pack: ``../report.html``); None: no links
    report: str | None = None
    #: what ``whatif`` reads, for a map that answers it in the browser (whole-force maps)
    whatif: WhatIfSource | None = None
    #: what machine-drafted facts state something about (their statements are marked)
    drafted: frozenset[str] = frozenset()
    #: the papers the paragraphs are of, as citations name them, in the order that ranks
    #: their paragraph keys (:mod:`spr_graph.core.paragraph_keys`): ``("WMP 2020-01",)``
    papers: tuple[str, ...] = ()
    #: what changed since an earlier paper, marked on the map (:mod:`.since`)
    since: Marks | None = None


def map_view(graph: nx.MultiDiGraph, threats: Collection[str] = (), focus: str | None = None,
             depth: int = 1, keep_threats: Collection[str] = ()) -> nx.MultiDiGraph:
    """The part of ``graph`` a map shows.

    Threat nodes with no edge are left out unless named in ``keep_threats`` (the threats
    of the paper's SPR edition), so the whole-force map does not show another edition's
    threats. With ``threats``: only the edges that name one of them, their ends, and the
    threat nodes themselves. With ``focus``: only the nodes within ``depth`` steps of it
    (either direction) and the edges between them.
    """
    import networkx as nx

    wanted = set(threats)
    edges = sorted((u, v, k) for u, v, k, attrs in graph.edges(keys=True, data=True)
                   if not wanted or wanted & set(attrs["threats"]))
    nodes = {n for u, v, _ in edges for n in (u, v)} | (wanted & set(graph))
    if not wanted:
        nodes |= {n for n, attrs in graph.nodes(data=True)
                  if attrs["kind"] != "threat" or graph.degree(n) or n in keep_threats}
    view = nx.MultiDiGraph(**graph.graph)
    view.add_nodes_from((n, graph.nodes[n]) for n in sorted(nodes))
    view.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in edges)
    if focus is not None:
        near = nx.ego_graph(view.to_undirected(as_view=True), focus, radius=depth) \
            if focus in view else nx.Graph()
        view = nx.MultiDiGraph(view.subgraph(sorted(near)))
    return view


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _terms(terms: dict[str, Any], keys: Iterable[str],
           order: Sequence[str] = ()) -> dict[str, dict[str, str]]:
    """Label and definition of each key, in ``order`` first, then by label."""
    rank = {key: i for i, key in enumerate(order)}
    chosen = sorted((key for key in set(keys) if key in terms),
                    key=lambda k: (rank.get(k, len(rank)), terms[k].label.casefold(), k))
    return {key: {"label": terms[key].label, "definition": terms[key].definition}
            for key in chosen}


def _relation_groups(relations: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """One legend line per line colour, naming the relations drawn in it."""
    colours = list(dict.fromkeys([*RELATION_COLOURS.values(), OTHER_RELATION_COLOUR]))
    groups = []
    for colour in colours:
        labels = [term["label"] for key, term in relations.items()
                  if RELATION_COLOURS.get(key, OTHER_RELATION_COLOUR) == colour]
        if labels:
            groups.append({"colour": colour, "labels": labels})
    return groups


def _threats(graph: nx.MultiDiGraph, highlights: Highlights) -> list[dict[str, Any]]:
    labels: dict[str, str] = graph.graph.get("threat_labels", {})
    named = {t for _, _, attrs in graph.edges(data=True) for t in attrs["threats"]}
    present = {n for n, attrs in graph.nodes(data=True) if attrs["kind"] == "threat"}
    chosen = sorted((named & set(labels)) | present, key=lambda t: (labels.get(t, t), t))
    return [{"iri": t, "label": labels.get(t, _local(t)), "gap": t in highlights.gap_threats,
             "colour": THREAT_COLOURS[i % len(THREAT_COLOURS)]} for i, t in enumerate(chosen)]


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` without its None, False and empty-list values (the page restores them)."""
    return {key: value for key, value in item.items()
            if value is not None and value is not False and value != []}


class _Statements:
    """The statements naming a node of the map, indexed by node and by (actor, partner)."""

    def __init__(self, statements: Iterable[Statement], index: dict[str, int],
                 threat_index: dict[str, int], drafted: frozenset[str] = frozenset()) -> None:
        self.items: list[dict[str, Any]] = []
        self.by_node: dict[int, list[int]] = defaultdict(list)
        self.by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
        for statement in statements:
            actors = [index[a] for a in statement.actors if a in index]
            partners = [index[p] for p in statement.partners if p in index]
            if not actors and not partners:
                continue
            number = len(self.items)
            self.items.append({
                "iri": shorten(statement.iri), "paragraphs": list(statement.paragraphs),
                "quote": statement.quote, "fiveC": statement.five_c,
                "status": statement.status, "pillars": list(statement.pillars),
                "threats": _indices(statement.threats, threat_index),
                "actors": sorted(set(actors)), "partners": sorted(set(partners)),
                **({"drafted": True} if statement.iri in drafted else {})})
            for node in sorted(set(actors) | set(partners)):
                self.by_node[node].append(number)
            for a in actors:
                for p in partners:
                    self.by_pair[a, p].append(number)


def _indices(iris: Iterable[str], index: dict[str, int]) -> list[int]:
    return sorted(index[iri] for iri in iris if iri in index)


def _nodes(graph: nx.MultiDiGraph, index: dict[str, int], threat_index: dict[str, int],
           made_of: MapInput, statements: _Statements,
           org: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    positions = layout(graph)
    nodes = []
    for node, i in index.items():
        attrs = graph.nodes[node]
        x, y = positions[node]
        view = org.get(node, {})
        nodes.append({**view, **({"home": index[view["home"]]} if "home" in view else {}),
            "id": i, "iri": shorten(node), "label": attrs["label"], "abbr": attrs["abbreviation"],
            "kind": attrs["kind"], "level": attrs["level"], "status": attrs["status"],
            "x": x, "y": y, "paragraphs": list(attrs["paragraphs"]),
            "threats": _indices(attrs["threats"], threat_index),
            "quotes": [list(q) for q in made_of.evidence.quotes.get(node, ())],
            "statements": statements.by_node.get(i, []), "spof": node in made_of.highlights.spof,
            "since": attrs.get("since")})
    return nodes


def _edges(graph: nx.MultiDiGraph, index: dict[str, int], threat_index: dict[str, int],
           statements: _Statements) -> list[dict[str, Any]]:
    edges = []
    for number, (u, v, key) in enumerate(sorted(graph.edges(keys=True))):
        attrs = graph.edges[u, v, key]
        edges.append({
            "id": number, "from": index[u], "to": index[v], "relation": attrs["relation"],
            "threats": _indices(attrs["threats"], threat_index),
            "pillars": list(attrs["pillars"]), "fiveC": list(attrs["fiveC"]),
            "status": list(attrs["status"]), "paragraphs": list(attrs["paragraphs"]),
            "statements": statements.by_pair.get((index[u], index[v]), [])
            if key == "worksWith" else [], "since": attrs.get("since")})
    return edges


def _legend(legend: Legend, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
            statements: list[dict[str, Any]]) -> dict[str, Any]:
    """The legend entries for what this map shows, and the styles that draw them."""
    kinds = {n["kind"] for n in nodes}
    relations = {e["relation"] for e in edges}
    statuses = {n["status"] for n in nodes} | {s["status"] for s in statements}
    statuses |= {s for e in edges for s in e["status"]}
    relation_terms = _terms(legend.relations, relations)
    return {
        "kinds": _terms(legend.kinds, kinds),
        "levels": _terms(legend.levels, (n["level"] for n in nodes if n["level"]),
                         tuple(LEVEL_SHAPES)),
        "levelUnstated": any(not n["level"] and n["kind"] != "threat" for n in nodes),
        "relations": relation_terms,
        "relationGroups": _relation_groups(relation_terms),
        "pillars": _terms(legend.pillars, (p for e in edges for p in e["pillars"])),
        "statuses": _terms(legend.statuses, statuses - {None}),
        "fiveCs": _terms(legend.five_cs, (s["fiveC"] for s in statements if s["fiveC"])),
        "styles": {
            "kinds": {k: KIND_COLOURS.get(k, OTHER_COLOUR) for k in sorted(kinds)},
            "levels": {**LEVEL_SHAPES, "": NO_LEVEL_SHAPE, "threat": THREAT_SHAPE},
            "relations": {r: RELATION_COLOURS.get(r, OTHER_RELATION_COLOUR)
                          for r in sorted(relations)},
        },
    }


def map_data(graph: nx.MultiDiGraph, title: str, made_of: MapInput) -> dict[str, Any]:
    """The JSON-ready data of a map of ``graph`` (``templates/map_*.js`` draw it).

    IRIs are prefixed names where a prefix of :mod:`spr_graph.core.namespaces` covers them;
    values that are None, False or empty are left out of nodes, edges and statements.
    """
    index = {node: i for i, node in enumerate(sorted(graph.nodes))}
    threats = _threats(graph, made_of.highlights)
    threat_index = {t["iri"]: i for i, t in enumerate(threats)}
    statements = _Statements(made_of.statements, index, threat_index, made_of.drafted)
    org, org_data = org_view(graph)
    force = org_data.pop("force")
    org_data.update(force=index[force] if force is not None else None,
                    own=_indices(inside(graph, force), index))
    nodes = _nodes(graph, index, threat_index, made_of, statements, org)
    edges = _edges(graph, index, threat_index, statements)
    whatif = whatif_data(made_of.whatif, index) if made_of.whatif is not None else None
    cited = {p for item in (*nodes, *edges, *statements.items) for p in item["paragraphs"]}
    if whatif is not None:
        cited |= {p for e in whatif["edges"] for p in e[4]}
        cited |= {p for item in (*whatif["chairs"], *whatif["streams"]) for p in item[-1]}
        cited |= {p for s in whatif["gaps"]["statements"] for p in s[4]}
    cited |= {q[0] for n in nodes for q in n["quotes"]}
    texts = dict(made_of.evidence.paragraphs)
    if made_of.since is not None:
        texts.update(made_of.since.paragraphs)
        cited |= {p for c in made_of.since.data["changes"] for p in (*c["old"], *c["new"])}
    return {
        "title": title, "nodes": [_compact(n) for n in nodes],
        "edges": [_compact(e) for e in edges],
        "statements": [_compact(s) for s in statements.items],
        "threats": [{**t, "iri": shorten(t["iri"])} for t in threats],
        "paragraphs": {str(n): {"section": p.section, "heading": p.heading, "text": p.text,
                                "footnotes": list(p.footnotes)}
                       for n, p in sorted(texts.items()) if n in cited},
        "legend": _legend(made_of.legend, nodes, edges, statements.items),
        # citations name the paper, whose rank each paragraph key carries
        "papers": list(made_of.papers),
        "org": org_data,
        **({"report": made_of.report} if made_of.report else {}),
        **({"whatif": whatif} if whatif is not None else {}),
        **({"since": made_of.since.data} if made_of.since is not None else {}),
    }
