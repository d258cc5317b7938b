"""What the force reaches on a threat, and what each single loss costs it.

The pieces the brokers (:mod:`.brokers`) and the what-if sweep (:mod:`.sweep`) share, on
the threat views of :mod:`.views`:

- :func:`threat_graph` and :func:`threat_reach`: a threat view copied into a plain
  graph, and the national partners on the threat the force reaches in it and not
  (:func:`threat_reaches`: for several threats, the view's edges read once);
- :func:`route_losses`: per node, the partners the force no longer reaches without it,
  read from one depth-first search from the force (every route to a partner passes
  through exactly the partner's dominators), for every node in one pass;
- :func:`route_paragraphs`: per node, the paragraphs behind its edges that lie on a
  shortest route from the force to a partner;
- :func:`partners_lost`: :func:`route_losses` over every threat, as ``whatif --remove``
  counts the losses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from spr_graph.analysis.views import counts_for_all, national_partners
from spr_graph.graph.projection import undirected

#: The edges of an agent view, each once, in ``view.edges()`` order, each with whether it
#: counts for every threat (:func:`.views.counts_for_all`).
Edges = list[tuple[str, str, dict[str, Any], bool]]

#: What :func:`threat_reach` returns.
Reach = tuple[nx.Graph, set[str], tuple[str, ...]]


def view_edges(view: nx.Graph) -> Edges:
    """The edges of ``view`` (see :data:`Edges`), read once for all its threat graphs."""
    position = {node: i for i, node in enumerate(view)}
    return [(u, v, data, counts_for_all(data)) for u, neighbours in view._adj.items()
            for v, data in neighbours.items() if position[v] >= position[u]]


def threat_graph(view: nx.Graph, threat: str, edges: Edges | None = None) -> nx.Graph:
    """The edges of the threat view of ``threat`` (those that :func:`.views.counts_for`
    it, with their data; see :mod:`.views`) in a plain graph (``edges``:
    :func:`view_edges` of ``view``, if already read).

    The same rule, read once per edge: a filtered view re-reads it at every step of every
    traversal, which on a national graph costs more than the traversals themselves. Node
    attributes stay in ``view``; the edge data are the view's own dictionaries, shared
    (read them, never change them: copying them took half the time). The graph is made of
    its own dicts (:func:`spr_graph.graph.projection.undirected`), nodes and neighbours in
    the order ``add_edges_from(view.edges())`` gives them.
    """
    adjacency: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for u, v, data, always in view_edges(view) if edges is None else edges:
        if always or threat in data["threats"]:
            adjacency[u][v] = adjacency[v][u] = data  # u first, as add_edge
    return undirected({node: {} for node in adjacency}, adjacency)


def threat_reach(view: nx.Graph, threat: str, force: str, own: set[str],
                 edges: Edges | None = None, among: set[str] | None = None) -> Reach:
    """The threat graph of the agent ``view`` (:func:`threat_graph`), the national
    partners on ``threat`` the force reaches in it, and those it does not (``own`` is
    :func:`spr_graph.graph.projection.inside` of the force; ``edges``: :func:`view_edges`
    of ``view``, ``among``: its national partners on any threat, if already known).

    The partners are the same in ``view`` as in its threat view: the edges that make a
    node a partner on the threat name it, so the threat view keeps them.
    """
    scoped = threat_graph(view, threat, edges)
    scoped.add_node(force)
    partners = national_partners(view, own, threat, among)
    component = nx.node_connected_component(scoped, force)
    return scoped, partners & component, tuple(sorted(partners - component))


def threat_reaches(view: nx.Graph, threats: Iterable[str], force: str, own: set[str]
                   ) -> dict[str, Reach]:
    """:func:`threat_reach` of each of ``threats``, in order, the view's edges read once."""
    edges, among = view_edges(view), national_partners(view, own)
    return {t: threat_reach(view, t, force, own, edges, among) for t in sorted(set(threats))}


def partners_lost(view: nx.Graph, threats: Iterable[str], force: str, own: set[str],
                  reaches: dict[str, Reach] | None = None
                  ) -> dict[str, list[tuple[str, int, tuple[str, ...]]]]:
    """Per node, ``(threat, partners reached, partners lost)`` for each threat on which
    losing the node alone costs the force national partners (itself, if it is one), as
    ``whatif --remove`` counts them; for every node at once (see :func:`route_losses`).
    ``reaches``: :func:`threat_reach` of some threats, already computed on ``view``.

    >>> from spr_graph.analysis.views import agent_view
    >>> g = nx.MultiDiGraph(force="f")
    >>> g.add_nodes_from(["f", "ctu"], kind="unit", level="local", threats=[])
    >>> g.add_node("mi5", kind="agency", level="national", threats=["t"])
    >>> _ = g.add_edges_from([("ctu", "f", "unitOf"), ("ctu", "mi5", "worksWith")],
    ...                      paragraphs=[], threats=[])
    >>> partners_lost(agent_view(g), ["t"], "f", {"f", "ctu"})["ctu"]
    [('t', 1, ('mi5',))]
    """
    found: dict[str, list[tuple[str, int, tuple[str, ...]]]] = defaultdict(list)
    reaches = reaches or {}
    for threat in sorted(set(threats)):
        routed, reach, _ = reaches.get(threat) or threat_reach(view, threat, force, own)
        for node, lost in route_losses(routed, force, sorted(reach)).items():
            found[node].append((threat, len(reach), tuple(sorted(lost))))
    return dict(found)


def route_losses(scoped: nx.Graph, force: str, partners: Iterable[str]) -> dict[str, set[str]]:
    """Per node, the ``partners`` the force no longer reaches without it (a partner loses
    itself); nodes that cost nothing are left out.

    Every route to a partner passes through exactly the partner's dominators: in an
    undirected graph, the nodes on the depth-first tree path from ``force`` to the partner
    below which nothing reaches back above them (:func:`_low_points`), read for every
    node in one search, in the order of the path up from the partner.

    >>> chain = nx.path_graph(["force", "a", "b", "p"])
    >>> sorted((n, sorted(lost)) for n, lost in route_losses(chain, "force", ["p"]).items())
    [('a', ['p']), ('b', ['p']), ('p', ['p'])]
    >>> ring = nx.cycle_graph(["force", "a", "p", "b"])
    >>> sorted((n, sorted(lost)) for n, lost in route_losses(ring, "force", ["p"]).items())
    [('p', ['p'])]
    """
    order, low, parent = _low_points(scoped, force)
    lost: dict[str, set[str]] = defaultdict(set)
    for partner in partners:
        if partner not in order or partner == force:
            continue
        lost[partner].add(partner)
        below, node = partner, parent[partner]
        while node is not None and node != force:
            if low[below] >= order[node]:  # nothing under ``below`` reaches past ``node``
                lost[node].add(partner)
            below, node = node, parent[node]
    return dict(lost)


def _low_points(graph: nx.Graph, root: str
                ) -> tuple[dict[str, int], dict[str, int], dict[str, str | None]]:
    """One depth-first search from ``root``: each node's visiting order, its low point
    (the earliest order its subtree reaches by one edge back) and its tree parent."""
    order, low = {root: 0}, {root: 0}
    parent: dict[str, str | None] = {root: None}
    adjacency = graph._adj  # its views cost more than the search
    stack = [(root, iter(adjacency[root]))]
    while stack:
        node, neighbours = stack[-1]
        for nxt in neighbours:
            if nxt not in order:
                order[nxt] = low[nxt] = len(order)
                parent[nxt] = node
                stack.append((nxt, iter(adjacency[nxt])))
                break
            if nxt != parent[node] and order[nxt] < low[node]:
                low[node] = order[nxt]
        else:
            stack.pop()
            if stack and low[node] < low[stack[-1][0]]:
                low[stack[-1][0]] = low[node]
    return order, low, parent


def route_paragraphs(scoped: nx.Graph, force: str, partners: set[str]) -> dict[str, set[int]]:
    """Per node, the paragraphs behind its edges that lie on a shortest route from
    ``force`` to one of ``partners``.

    >>> g = nx.Graph()
    >>> g.add_edges_from([("force", "a", {"paragraphs": [1]}), ("a", "p", {"paragraphs": [2]}),
    ...                   ("force", "b", {"paragraphs": [3]}), ("b", "x", {"paragraphs": [4]})])
    >>> sorted(route_paragraphs(g, "force", {"p"})["a"]), "b" in route_paragraphs(g, "force", {"p"})
    ([1, 2], False)
    """
    pred, level = nx.predecessor(scoped, force, return_seen=True)
    useful = set()  # nodes from which a shortest route goes on to a partner
    for node in sorted(level, key=lambda n: -level[n]):
        if node in partners or node in useful:
            useful.add(node)
            useful.update(pred[node])
    found: dict[str, set[int]] = defaultdict(set)
    for node in useful:
        for before in pred[node]:
            cited = scoped.edges[before, node].get("paragraphs", ())
            found[node].update(cited)
            found[before].update(cited)
    return dict(found)
