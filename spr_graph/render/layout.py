"""A deterministic node layout, computed once in Python so the map is usable at once.

- Each connected component is laid out on its own, and the components are set out in
  rows, biggest first, so a few unconnected nodes cannot squeeze the rest together.
- A component of up to :data:`SPRING_LIMIT` nodes gets one seeded spring layout
  (Fruchterman-Reingold, :func:`networkx.spring_layout`).
- A bigger one is split into communities by label propagation
  (:func:`networkx.community.label_propagation_communities`: deterministic, and about
  linear, where Louvain is far slower on a national graph), each community is laid out
  the same way, the graph of communities is laid out to place them, and overlapping
  communities are pushed apart. One spring layout of thousands of nodes would cost
  quadratic time per iteration (docs/performance.md has the measured figures).
- A big graph that stays in one piece (a hub with hundreds of direct neighbours: a
  star is one community) has its leaves (nodes with one neighbour) set out in rings
  round the node they hang from, once the rest is laid out, and those discs pushed
  apart; failing that (no leaves, or too many nodes left), it is cut into groups of at
  most :data:`SPRING_LIMIT` nodes in breadth-first order, laid out like communities.

No spring layout ever gets more than :data:`SPRING_LIMIT` nodes: NetworkX's spring
layout of 500 nodes or more needs SciPy (a sparse matrix, whatever ``method`` is asked
for), which spr-graph does not depend on.

Coordinates are whole pixels, and nodes and edges are fed to NetworkX in sorted order, so
the same graph always gives the same layout.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

#: Above this many nodes, lay out communities separately (NetworkX's dense spring layout
#: stops at 499 nodes, and its sparse one is slow and needs SciPy).
SPRING_LIMIT = 499
#: Pixels per node, roughly: a layout of n nodes spans about SPACING * sqrt(n) pixels.
SPACING = 110.0
#: Pixels kept free between two components or communities.
GAP = 2 * SPACING
SEED = 20200121
#: Ideal edge length in a spring layout, in NetworkX's units of 1 / sqrt(n): above 1, hubs'
#: neighbours spread out more evenly.
SPREAD = 2.5
#: Spring iterations (a graph of n nodes gets at most 20 + n).
ITERATIONS = 50
#: Pixels between two rings of leaves, and between two leaves on a ring.
RING = 0.75 * SPACING

Position = tuple[float, float]


def _simple(graph: nx.Graph | nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of ``graph``, built in sorted order."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in graph.edges() if u != v}))
    return simple


def _split(graph: nx.Graph,
           groups: list[list[str]]) -> tuple[list[nx.Graph], set[tuple[int, int]]]:
    """The subgraph of each group of nodes, and the pairs of groups an edge joins, built
    in one pass over the edges, sorted."""
    where = {node: i for i, members in enumerate(groups) for node in members}
    inside: list[set[tuple[str, str]]] = [set() for _ in groups]
    across: set[tuple[int, int]] = set()
    for u, v in graph.edges():
        a, b = where[u], where[v]
        if a == b:
            inside[a].add((min(u, v), max(u, v)))
        else:
            across.add((min(a, b), max(a, b)))
    parts = []
    for members, edges in zip(groups, inside, strict=True):
        part = nx.Graph()
        part.add_nodes_from(members)
        part.add_edges_from(sorted(edges))
        parts.append(part)
    return parts, across


def _spring(graph: nx.Graph) -> dict[str, Position]:
    count = graph.number_of_nodes()
    if count == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    positions = nx.spring_layout(graph, seed=SEED, iterations=min(ITERATIONS, 20 + count),
                                 k=SPREAD / math.sqrt(count), scale=SPACING * math.sqrt(count) / 2)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _overlaps(at: Any, size: Any, gap: float) -> tuple[Any, ...]:
    """The pairs ``(i, j)`` of discs (centres ``at``, radii ``size``) less than ``gap``
    apart, in row-major order, with ``dx``, ``dy``, the distance and the overlap of each,
    computed as on the whole matrix. Only pairs whose centres are closer in x than the
    widest pair may be are measured (a window along x), not all of them."""
    import numpy as np

    reach = (2 * float(size.max()) + gap) * 1.001 + 1.0  # wider than any pair's need
    order = np.argsort(at[:, 0], kind="stable")
    xs = at[order, 0]
    low = np.searchsorted(xs, xs - reach, side="left")
    high = np.searchsorted(xs, xs + reach, side="right")
    counts = high - low
    first = np.repeat(order, counts)
    places = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    second = order[np.repeat(low, counts) + places]
    keep = first != second
    first, second = first[keep], second[keep]
    dx = at[second, 0] - at[first, 0]
    dy = at[second, 1] - at[first, 1]
    distance = np.hypot(dx, dy)
    overlap = size[first] + size[second] + gap - distance
    hit = overlap > 0.0
    rows = np.lexsort((second[hit], first[hit]))
    return tuple(part[hit][rows] for part in (first, second, dx, dy, distance, overlap))


def _separate(centres: list[Position], radii: list[float], rounds: int = 100,
              gap: float = GAP) -> list[Position]:
    """Push overlapping discs apart along the lines joining their centres, until ``gap``
    pixels separate any two.

    Each round computes and adds up the pushes of the overlapping pairs only
    (:func:`_overlaps`), in the order (and so to the bits) that summing the whole matrix
    of pairs gave: the other pairs push by exactly nothing. With thousands of discs
    (communities at a national scale) the whole matrix was most of the maps' time.
    """
    import numpy as np

    at = np.array(centres, dtype=float)
    at[:, 0] += np.arange(len(at)) * 1e-3  # no two centres exactly equal
    size = np.array(radii, dtype=float)
    for _ in range(rounds):
        i, j, dx, dy, apart, overlap = _overlaps(at, size, gap)
        if not len(i):
            break
        factor = overlap / 2 / np.where(apart > 0, apart, 1.0)
        push = np.stack([dx * factor, dy * factor], axis=1)
        towards, away = np.zeros_like(at), np.zeros_like(at)
        np.add.at(towards, j, push)  # the whole matrix summed over its rows ...
        np.add.at(away, i, push)  # ... and over its columns, in the same order
        at += towards - away
    return [(float(x), float(y)) for x, y in at]


def _communities(graph: nx.Graph) -> list[list[str]]:
    found = list(nx.community.label_propagation_communities(graph))
    if len(found) == 1:
        found = nx.community.louvain_communities(graph, seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def _by_community(graph: nx.Graph) -> dict[str, Position]:
    """A connected graph too big for one spring layout, laid out community by community."""
    communities = _communities(graph)
    if len(communities) == 1:
        rings = _with_rings(graph)
        return rings if rings is not None else _in_groups(graph, _chunks(graph))
    return _in_groups(graph, communities)


def _chunks(graph: nx.Graph) -> list[list[str]]:
    """The nodes of a connected graph in breadth-first order from its first node, cut
    into groups of at most :data:`SPRING_LIMIT`."""
    start = min(graph)
    order = [start, *(v for _, v in nx.bfs_edges(graph, start, sort_neighbors=sorted))]
    return [sorted(order[i:i + SPRING_LIMIT]) for i in range(0, len(order), SPRING_LIMIT)]


def _ring_offsets(count: int) -> list[Position]:
    """Where ``count`` leaves go round their node: rings :data:`RING` apart, each as
    full as its circumference allows, the last one spread evenly."""
    offsets: list[Position] = []
    ring = 1
    while len(offsets) < count:
        take = min(int(2 * math.pi * ring), count - len(offsets))
        for i in range(take):
            angle = 2 * math.pi * i / take + ring * 0.5  # rings staggered
            offsets.append((ring * RING * math.cos(angle), ring * RING * math.sin(angle)))
        ring += 1
    return offsets


def _with_rings(graph: nx.Graph) -> dict[str, Position] | None:
    """A connected graph laid out without its leaves, which are then set in rings round
    their node; None when it has no leaves or too many other nodes for one layout."""
    leaves = sorted(n for n in graph if graph.degree(n) == 1)
    core_nodes = set(graph) - set(leaves)
    if not leaves or not core_nodes or len(core_nodes) > SPRING_LIMIT:
        return None
    hanging: dict[str, list[str]] = {}
    for leaf in leaves:
        hanging.setdefault(next(iter(graph[leaf])), []).append(leaf)
    core = _layout(_simple(graph.subgraph(core_nodes)))
    names = sorted(core)
    offsets = {node: _ring_offsets(len(hanging.get(node, []))) for node in names}
    radii = [math.hypot(*offsets[node][-1]) if offsets[node] else 0.0 for node in names]
    centres = _separate([core[node] for node in names], radii, gap=RING)
    positions = dict(zip(names, centres, strict=True))
    for (cx, cy), node in zip(centres, names, strict=True):
        positions.update({leaf: (cx + x, cy + y)
                          for leaf, (x, y) in zip(hanging.get(node, []), offsets[node],
                                                  strict=True)})
    return positions


def _in_groups(graph: nx.Graph, communities: list[list[str]]) -> dict[str, Position]:
    """``graph`` laid out group by group: each group on its own, the groups placed by a
    layout of the graph between them, overlaps pushed apart."""
    parts, across = _split(graph, communities)
    names = [f"{i:08d}" for i in range(len(communities))]  # the graph between communities
    between = nx.Graph()
    between.add_nodes_from(names)
    between.add_edges_from((names[a], names[b]) for a, b in sorted(across))
    inner = [_layout(part) for part in parts]
    radii = [max(math.hypot(x, y) for x, y in part.values()) for part in inner]
    stretch = (2 * sum(radii) / len(radii) + GAP) / SPACING
    placed = _layout(between)
    centres = _separate([(placed[name][0] * stretch, placed[name][1] * stretch)
                         for name in names], radii)
    return {node: (cx + x, cy + y)
            for (cx, cy), part in zip(centres, inner, strict=True) for node, (x, y) in part.items()}


def _pack(parts: list[dict[str, Position]]) -> dict[str, Position]:
    """Set the parts out in rows, in the order given, left to right (shelf packing)."""
    boxes = []
    for part in parts:
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        boxes.append((part, min(xs), min(ys), max(xs) - min(xs) + GAP, max(ys) - min(ys) + GAP))
    limit = max(max(b[3] for b in boxes), math.sqrt(sum(b[3] * b[4] for b in boxes)) * 1.3)
    positions: dict[str, Position] = {}
    x = y = row = 0.0
    for part, left, top, width, height in boxes:
        if x > 0 and x + width > limit:
            x, y, row = 0.0, y + row, 0.0
        positions.update({n: (x + px - left, y + py - top) for n, (px, py) in part.items()})
        x += width
        row = max(row, height)
    return positions


def _layout(graph: nx.Graph) -> dict[str, Position]:
    components = sorted((sorted(c) for c in nx.connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    if not components:
        return {}
    if len(components) == 1:
        return _spring(graph) if len(graph) <= SPRING_LIMIT else _by_community(graph)
    return _pack([_layout(part) for part in _split(graph, components)[0]])


def layout(graph: nx.Graph | nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Whole-pixel ``(x, y)`` for every node of ``graph``; the same graph, the same layout."""
    return {node: (round(x), round(y)) for node, (x, y) in _layout(_simple(graph)).items()}
