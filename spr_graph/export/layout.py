"""A deterministic node layout, computed once in Python so the map is usable at once.

Small graphs (up to :data:`SPRING_LIMIT` nodes) get one seeded spring layout
(Fruchterman-Reingold, :func:`networkx.spring_layout`). Larger ones are split into
communities (seeded Louvain, :func:`networkx.community.louvain_communities`); the
communities are placed by a spring layout of the graph between them, pushed apart until
no two overlap, and each community is laid out on its own inside its disc. That costs
about linear time where one spring layout of the whole graph would cost quadratic time
per iteration (68 s for 5,000 nodes on a 2-core machine). Connected components are laid
out one by one and set out in rows, biggest first, so a few unconnected nodes cannot
squeeze the rest into the middle of the page.

Coordinates are whole pixels, and nodes and edges are fed to NetworkX in sorted order, so
the same graph always gives the same layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

#: Above this many nodes, lay out communities separately (NetworkX's dense spring layout
#: stops at 499 nodes; its sparse one took 8 s for 1,000 nodes).
SPRING_LIMIT = 499
#: Pixels per node, roughly: a layout of n nodes spans about SPACING * sqrt(n) pixels.
SPACING = 80.0
#: Pixels kept free between two communities.
GAP = 2 * SPACING
SEED = 20200121
ITERATIONS = 50

Position = tuple[float, float]


def _simple(graph: nx.Graph | nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> nx.Graph:
    """The undirected simple graph on ``nodes``, built in sorted order."""
    chosen = sorted(graph.nodes if nodes is None else nodes)
    part = graph if nodes is None else graph.subgraph(chosen)
    simple = nx.Graph()
    simple.add_nodes_from(chosen)
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in part.edges() if u != v}))
    return simple


def _radius(count: int) -> float:
    return SPACING * math.sqrt(count) / 2 if count > 1 else 0.0


def _spring(graph: nx.Graph) -> dict[str, Position]:
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    positions = nx.spring_layout(graph, seed=SEED, iterations=ITERATIONS,
                                 scale=_radius(graph.number_of_nodes()))
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _separate(centres: list[list[float]], radii: list[float], rounds: int = 60) -> None:
    """Push overlapping discs apart along the line joining their centres (in place)."""
    for _ in range(rounds):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                dx = centres[j][0] - centres[i][0]
                dy = centres[j][1] - centres[i][1]
                distance = math.hypot(dx, dy)
                need = radii[i] + radii[j] + GAP
                if distance >= need:
                    continue
                if distance == 0:
                    dx, dy, distance = 1.0, float(j - i), math.hypot(1.0, float(j - i))
                push = (need - distance) / 2 / distance
                centres[i][0] -= dx * push
                centres[i][1] -= dy * push
                centres[j][0] += dx * push
                centres[j][1] += dy * push
                moved = True
        if not moved:
            return


def _by_community(graph: nx.Graph) -> dict[str, Position]:
    """A connected graph too big for one spring layout, laid out community by community."""
    found = nx.community.louvain_communities(graph, seed=SEED)
    communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    if len(communities) == 1:
        return _spring(graph)
    where = {node: i for i, members in enumerate(communities) for node in members}
    between = nx.Graph()
    between.add_nodes_from(range(len(communities)))
    for u, v in graph.edges():
        a, b = sorted((where[u], where[v]))
        if a != b:
            weight = between.get_edge_data(a, b, {"weight": 0})["weight"]
            between.add_edge(a, b, weight=weight + 1)
    inner = [_connected(_simple(graph, members)) for members in communities]
    radii = [max(math.hypot(x, y) for x, y in part.values()) for part in inner]
    spread = SPACING * math.sqrt(graph.number_of_nodes())
    placed = nx.spring_layout(between, seed=SEED, iterations=ITERATIONS, scale=spread)
    centres = [[float(placed[i][0]), float(placed[i][1])] for i in range(len(communities))]
    _separate(centres, radii)
    return {node: (cx + x, cy + y)
            for (cx, cy), part in zip(centres, inner, strict=True) for node, (x, y) in part.items()}


def _connected(graph: nx.Graph) -> dict[str, Position]:
    """A layout of a connected graph (or of any graph of one or two nodes)."""
    if graph.number_of_nodes() <= SPRING_LIMIT:
        return _spring(graph)
    return _by_community(graph)


def _pack(parts: list[dict[str, Position]]) -> dict[str, Position]:
    """Set the parts out in rows, biggest first, left to right (shelf packing)."""
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
    return _pack([_connected(_simple(graph, members)) for members in components])


def layout(graph: nx.Graph | nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Whole-pixel ``(x, y)`` for every node of ``graph``; the same graph, the same layout."""
    return {node: (round(x), round(y)) for node, (x, y) in _layout(_simple(graph)).items()}
