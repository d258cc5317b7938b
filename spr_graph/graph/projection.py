"""The one seam where RDF becomes a NetworkX graph: the interoperability projection.

Nodes are the things a strategist reasons about: organisations (forces, units,
collaborations, partner agencies, boards), posts, people, capabilities, funding streams,
initiatives, systems, facilities, events, documents and the SPR threats. Left out:
rdf:type, labels and quotes (they become node attributes), provenance (it becomes the
``paragraphs`` attribute of nodes and edges), quantities, dates, places, statements and
concept schemes other than the threats.

Edges keep the RDF direction, ``subject -> object``, with ``relation`` naming it:

==================  =========================================================
relation            from
==================  =========================================================
unitOf              org:unitOf, and org:hasUnit reversed
subOrganizationOf   org:subOrganizationOf
memberOf            org:memberOf, and org:hasMember reversed
postIn              org:postIn
holds               org:holds (person -> post)
reportsTo           org:reportsTo
chairs, leads, governedBy, participatesIn, hosts, delivers, hasCapability,
responsibleFor, produces, supports, uses, addressesThreat     the spr: property
partOf              dcterms:isPartOf
replaces            dcterms:replaces
funds               spr:funder reversed (funder -> funding stream)
fundsRecipient      spr:recipient (funding stream -> recipient)
pays                spr:pays (funding stream -> what it pays for)
worksWith           each actor -> partner pair of a spr:RequirementStatement
==================  =========================================================

Every edge carries ``paragraphs`` (the keys of the paragraphs stating it: their numbers,
with one paper; see :mod:`spr_graph.core.paragraph_keys`), ``threats`` (the
statement's threats, or the SPR threat of the section the paragraphs sit in) and, for
``worksWith``, ``pillars``, ``fiveC`` and ``status``. Node attributes: ``kind``,
``label``, ``abbreviation``, ``alt_labels`` (every skos:altLabel, sorted), ``level``,
``status``, ``paragraphs`` and ``threats``. Graph attributes: ``force`` (the IRI of the
force the paper reports on; with several papers, the first in IRI order), ``forces``
(every force a paper reports on, sorted), ``threat_labels`` and, with several papers,
``papers`` (their IRIs in the order that ranks their paragraph keys).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from spr_graph.core.namespaces import DCTERMS, ORG, PREFIXES, SKOS, SPR
from spr_graph.core.rows import Select
from spr_graph.graph import reads
from spr_graph.graph.kinds import (
    KIND_OF,
    most_specific_types,
    short_abbreviation,
)

FOAF = PREFIXES["foaf"]
TIME = PREFIXES["time"]

#: Kinds that are organisations (agents that can hold a connectivity link).
ORGANISATION_KINDS = frozenset({"force", "unit", "collaboration", "board", "agency"})

#: predicate -> (relation, reversed?)
RELATIONS: dict[str, tuple[str, bool]] = {
    f"{ORG}unitOf": ("unitOf", False),
    f"{ORG}hasUnit": ("unitOf", True),
    f"{ORG}subOrganizationOf": ("subOrganizationOf", False),
    f"{ORG}memberOf": ("memberOf", False),
    f"{ORG}hasMember": ("memberOf", True),
    f"{ORG}postIn": ("postIn", False),
    f"{ORG}holds": ("holds", False),
    f"{ORG}reportsTo": ("reportsTo", False),
    f"{DCTERMS}isPartOf": ("partOf", False),
    f"{DCTERMS}replaces": ("replaces", False),
    f"{SPR}funder": ("funds", True),
    f"{SPR}recipient": ("fundsRecipient", False),
    f"{SPR}pays": ("pays", False),
    **{f"{SPR}{name}": (name, False) for name in (
        "chairs", "leads", "governedBy", "participatesIn", "hosts", "delivers",
        "hasCapability", "responsibleFor", "produces", "supports", "uses",
        "addressesThreat")},
}

#: Relations that place a node inside an organisation (used for "inside the force").
CONTAINMENT = frozenset({"unitOf", "subOrganizationOf", "postIn"})


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _paragraph_graphs(select: Select) -> tuple[dict[str, int], dict[str, str]]:
    """Each paragraph graph's paragraph number, and its section's SPR threat when known."""
    # Keyed by the paragraph's graph, not its number: a store may hold several papers,
    # each with its own paragraph 5 in its own section.
    found = reads.paragraphs(select)
    return ({g: n for g, (n, _, _) in found.items()},
            {g: threat for g, (_, threat, _) in found.items() if threat})


def _forces(select: Select) -> list[str]:
    """Every force a source document reports on, sorted."""
    return sorted({row["force"] or "" for row in select(
        "SELECT ?doc ?force WHERE { ?doc a spr:SourceDocument ; spr:force ?force }")})


def _add_nodes(graph: nx.MultiDiGraph, select: Select) -> None:
    """One node per typed thing, with its kind and default attributes, in IRI order (the
    same whatever order the source answers in)."""
    for iri, cls in sorted(most_specific_types(select).items()):
        graph.add_node(iri, iri=iri, kind=KIND_OF[cls], label=iri.rsplit("/", 1)[-1],
                       abbreviation=None, alt_labels=[], level=None, status=None,
                       paragraphs=set(), threats=set())


def _add_node_attributes(graph: nx.MultiDiGraph, select: Select) -> None:
    """Labels, alternative labels and abbreviation, level, status and threats of the nodes."""
    alt: dict[str, list[str]] = defaultdict(list)
    for row in select("""SELECT ?s ?p ?o WHERE { ?s ?p ?o VALUES ?p {
            skos:prefLabel skos:altLabel spr:level spr:evidenceStatus spr:addressesThreat } }"""):
        s = row["s"] or ""
        if s not in graph:
            continue
        attrs, p, o = graph.nodes[s], row["p"], row["o"] or ""
        if p == f"{SKOS}prefLabel":
            attrs["label"] = o
        elif p == f"{SKOS}altLabel":
            alt[s].append(o)
        elif p == f"{SPR}level":
            attrs["level"] = o.rsplit("/", 1)[-1]
        elif p == f"{SPR}evidenceStatus":
            attrs["status"] = o.rsplit("/", 1)[-1]
        else:
            attrs["threats"].add(o)
    for s, labels in alt.items():
        graph.nodes[s]["abbreviation"] = short_abbreviation(labels)
        graph.nodes[s]["alt_labels"] = sorted(set(labels))


def _add_node_paragraphs(graph: nx.MultiDiGraph, select: Select,
                         paragraph_of: dict[str, int]) -> None:
    """The keys of the paragraphs whose graphs say something about each node."""
    for row in select(f"""SELECT DISTINCT ?s ?g WHERE {{ ?s a ?type
            VALUES ?type {{ {_values(KIND_OF)} }} GRAPH ?g {{ ?s ?p ?o }} }}"""):
        s = row["s"] or ""
        if s in graph and (row["g"] or "") in paragraph_of:
            graph.nodes[s]["paragraphs"].add(paragraph_of[row["g"] or ""])


class _Edges:
    """The edges met so far, one per ``(u, v, relation)``, their attributes as sets."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.attrs: dict[tuple[str, str, str], dict[str, object]] = {}

    def add(self, u: str, v: str, relation: str, paragraph: int | None, threats: Iterable[str],
            pillars: Iterable[str] = (), **extra: object) -> None:
        """Add an edge between two nodes, or merge into the one already met."""
        if u not in self.graph or v not in self.graph or u == v:
            return
        attrs = self.attrs.setdefault((u, v, relation), {
            "relation": relation, "paragraphs": set(), "threats": set(), "pillars": set(),
            "fiveC": set(), "status": set()})
        if paragraph is not None:
            attrs["paragraphs"].add(paragraph)  # type: ignore[attr-defined]
        attrs["threats"].update(threats)  # type: ignore[attr-defined]
        attrs["pillars"].update(pillars)  # type: ignore[attr-defined]
        for key, value in extra.items():
            if value:
                attrs[key].add(value)  # type: ignore[attr-defined]

    def write(self) -> None:
        """Put the edges into the graph in a stable order, their sets as sorted lists."""
        for (u, v, relation), attrs in sorted(self.attrs.items()):
            frozen = {k: (sorted(val) if isinstance(val, set) else val)
                      for k, val in attrs.items()}
            self.graph.add_edge(u, v, key=relation, **frozen)


def _relation_edges(edges: _Edges, select: Select, paragraph_of: dict[str, int],
                    section_threat: dict[str, str]) -> None:
    """The edges of the properties in :data:`RELATIONS`, each in its RDF direction."""
    relations = _values(RELATIONS)
    for row in select(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {relations} }} }}"):
        relation, reverse = RELATIONS[row["p"] or ""]
        s, o, g = row["s"] or "", row["o"] or "", row["g"] or ""
        paragraph = paragraph_of.get(g)
        threats = {section_threat[g]} if g in section_threat else set()
        if relation == "addressesThreat":
            threats = {o}
        edges.add(*((o, s) if reverse else (s, o)), relation, paragraph, threats)


def _statement_edges(edges: _Edges, select: Select, paragraph_of: dict[str, int]) -> None:
    """The ``worksWith`` edges: each actor -> partner pair of a requirement statement."""
    statements: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    typed = {(row["s"] or "", row["g"] or "") for row in select(reads.STATEMENT_GRAPHS)}
    wanted = {"actor", "partner", "threat", "pillar", "fiveC", "evidenceStatus"}
    for s, key, o, g in reads.fact_rows(select)[0]:  # typed as a statement in that graph
        if key in wanted and (s, g) in typed:
            statements[s][key].add(o)
            statements[s]["graph"].add(g)
    for st in statements.values():
        paragraph = paragraph_of.get(min(st["graph"]))
        status = min(st["evidenceStatus"]).rsplit("/", 1)[-1] if st["evidenceStatus"] else None
        c = min(st["fiveC"]).rsplit("/", 1)[-1] if st["fiveC"] else None
        pillars = [p.rsplit("/", 1)[-1] for p in st["pillar"]]
        for actor in st["actor"]:
            for partner in st["partner"]:
                edges.add(actor, partner, "worksWith", paragraph, st["threat"], pillars,
                          status=status, fiveC=c)


def project(select: Select) -> nx.MultiDiGraph:
    """Build the interoperability graph from any SPARQL source (see the module doc).

    Parameters
    ----------
    select : Select
        The read seam over the graph (files, ``--db`` or ``--endpoint``).

    Returns
    -------
    networkx.MultiDiGraph
        One node per typed thing and one edge per ``(subject, object, relation)``, keyed
        by the relation.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from spr_graph.store.select import store_select
    >>> store = ox.Store()
    >>> store.load(f'''<http://example.org/graph/3> {{
    ...     <http://example.org/cid> a <{SPR}PoliceUnit> ; <{ORG}unitOf> <http://example.org/wmp> .
    ...     <http://example.org/wmp> a <{SPR}PoliceForce> . }}''', format=ox.RdfFormat.TRIG)
    >>> graph = project(store_select(store))
    >>> sorted(graph.nodes(data="kind")), list(graph.edges(keys=True))[0][2]
    ([('http://example.org/cid', 'unit'), ('http://example.org/wmp', 'force')], 'unitOf')
    """
    graph = nx.MultiDiGraph()
    paragraph_of, section_threat = _paragraph_graphs(select)
    forces = _forces(select)
    graph.graph["forces"] = forces
    graph.graph["force"] = forces[0] if forces else None
    ranks = reads.paper_ranks(select)
    if len(ranks) > 1:  # what the paragraph keys' ranks are (one paper: keys are numbers)
        graph.graph["papers"] = sorted(ranks, key=ranks.__getitem__)

    _add_nodes(graph, select)
    _add_node_attributes(graph, select)
    _add_node_paragraphs(graph, select, paragraph_of)
    graph.graph["threat_labels"] = {
        n: a["label"] for n, a in graph.nodes(data=True) if a["kind"] == "threat"}

    edges = _Edges(graph)
    _relation_edges(edges, select, paragraph_of, section_threat)
    _statement_edges(edges, select, paragraph_of)
    edges.write()
    for _, attrs in graph.nodes(data=True):
        attrs["paragraphs"] = sorted(attrs["paragraphs"])
        attrs["threats"] = sorted(attrs["threats"])
    return graph


def inside(graph: nx.MultiDiGraph, root: str | None) -> set[str]:
    """``root`` and everything contained in it (units, boards, posts), transitively.

    Containment follows the relations of :data:`CONTAINMENT`; an absent ``root`` (or
    ``None``) contains nothing.

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> _ = graph.add_edges_from([("cid", "wmp", "unitOf"), ("acc", "cid", "postIn"),
    ...                           ("wmp", "rocu", "memberOf")])
    >>> sorted(inside(graph, "wmp")), inside(graph, None)
    (['acc', 'cid', 'wmp'], set())
    """
    if root is None or root not in graph:
        return set()
    found, todo = {root}, [root]
    while todo:  # up the containment edges into each node found, from the root
        for u, keys in graph.pred[todo.pop()].items():
            if u not in found and not CONTAINMENT.isdisjoint(keys):
                found.add(u)
                todo.append(u)
    return found


def interop_graph(graph: nx.MultiDiGraph, threat: str | None = None,
                  kinds: Iterable[str] | None = None) -> nx.Graph:
    """The undirected, simple view the resilience analysis runs on.

    Threat nodes and ``addressesThreat`` edges are dropped (a shared threat is not a
    channel between two organisations). With ``threat``, only edges that name it are
    kept. Parallel edges merge; their relations, paragraphs and threats are unioned.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection (:func:`project`).
    threat : str, optional
        Keep only the edges that name this threat's IRI.
    kinds : iterable of str, optional
        Keep only the nodes of these kinds (``force``, ``unit``...).

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_nodes_from(["wmp", "cid"], kind="unit")
    >>> graph.add_node("soc", kind="threat")
    >>> _ = graph.add_edges_from([(u, v, rel, {"paragraphs": [n], "threats": []}) for u, v, rel, n
    ...                           in [("cid", "wmp", "unitOf", 3), ("wmp", "cid", "hosts", 5),
    ...                               ("cid", "soc", "addressesThreat", 5)]])
    >>> view = interop_graph(graph)
    >>> sorted(view.nodes), view.edges["cid", "wmp"]
    (['cid', 'wmp'], {'relations': ['hosts', 'unitOf'], 'paragraphs': [3, 5], 'threats': []})
    """
    allowed = set(kinds) if kinds is not None else None
    nodes = {node: dict(attrs) for node, attrs in graph._node.items()
             if attrs["kind"] != "threat" and (allowed is None or attrs["kind"] in allowed)}
    adjacency: dict[str, dict[str, dict[str, Any]]] = {node: {} for node in nodes}
    for u, successors in graph._succ.items():  # as graph.edges(keys=True, data=True)
        if u not in nodes:
            continue
        for v, keyed in successors.items():
            if v not in nodes:
                continue
            for relation, attrs in keyed.items():
                if relation == "addressesThreat" or (
                        threat is not None and threat not in attrs["threats"]):
                    continue
                data = adjacency[u].get(v)
                if data is None:
                    adjacency[u][v] = adjacency[v][u] = {
                        "relations": [relation], "paragraphs": list(attrs["paragraphs"]),
                        "threats": list(attrs["threats"])}
                    continue
                data["relations"] = sorted(set(data["relations"]) | {relation})
                data["paragraphs"] = sorted(set(data["paragraphs"]) | set(attrs["paragraphs"]))
                data["threats"] = sorted(set(data["threats"]) | set(attrs["threats"]))
    return undirected(nodes, adjacency, force=graph.graph.get("force"))


def undirected(nodes: dict[str, dict[str, Any]], adjacency: dict[str, dict[str, dict[str, Any]]],
               **attrs: Any) -> nx.Graph:
    """An ``nx.Graph`` made of its own dicts: ``nodes`` (node -> attributes) and a
    symmetric ``adjacency`` (node -> neighbour -> edge data, one dict for both ends),
    taken as they are, in their order: building it one ``add_edge`` at a time costs three
    times as much on a national graph. Every node of ``adjacency`` must be in ``nodes``."""
    graph = nx.Graph(**attrs)
    graph._node.update(nodes)
    graph._adj.update(adjacency)
    return graph
