"""What the loss of each cut vertex or bridge separates, for all of them in one pass.

Removing nodes one at a time and recomputing connectivity costs O(V (V + E)); on a
national graph that is hours. Instead the biconnected components (NetworkX's
``biconnected_components``, one depth-first search) are arranged as the block-cut tree,
rooted at an anchor node (the force, in its component), and subtree sizes are summed
bottom-up once: the loss of a cut vertex separates from the anchor exactly the subtrees
below it, and a bridge is a two-node block. Total cost O(V + E).

In a component without the anchor, the loss is measured from the largest remaining
piece, as it is for the anchor itself.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

#: How many example nodes each impact names.
EXAMPLES = 3

Tree = tuple[str, object]  # ("b", block index) or ("c", cut vertex)


@dataclass(frozen=True)
class Impact:
    """What one loss separates from the anchor of its component."""

    cut_off: int
    partners_cut_off: int
    examples: tuple[str, ...]
    anchor: str


@dataclass
class _Weight:
    nodes: int
    partners: int
    examples: list[str]


Key = Callable[[str], tuple[bool, str, str]]


def _merge(parts: Iterable[_Weight], key: Key) -> _Weight:
    parts = list(parts)
    examples = heapq.nsmallest(EXAMPLES, (e for p in parts for e in p.examples), key=key)
    return _Weight(sum(p.nodes for p in parts), sum(p.partners for p in parts), examples)


def impacts(view: nx.Graph, anchor: str | None, important: set[str]
            ) -> tuple[dict[str, Impact], dict[tuple[str, str], Impact]]:
    """The :class:`Impact` of losing each cut vertex, and each bridge ``(u, v)`` (u < v).

    ``important`` nodes (national partners) are counted apart and named first.
    """

    def key(node: str) -> tuple[bool, str, str]:
        return (node not in important, str(view.nodes[node].get("label") or ""), node)

    blocks = [frozenset(b) for b in nx.biconnected_components(view)]
    member: dict[str, list[int]] = defaultdict(list)
    for i, block in enumerate(blocks):
        for node in block:
            member[node].append(i)
    cuts = {node for node, found in member.items() if len(found) > 1}
    adjacent: dict[Tree, list[Tree]] = defaultdict(list)
    own: dict[Tree, _Weight] = {}
    for i, block in enumerate(blocks):
        plain = sorted(block - cuts)
        own[("b", i)] = _Weight(len(plain), sum(1 for n in plain if n in important),
                                heapq.nsmallest(EXAMPLES, plain, key=key))
        for node in sorted(block & cuts):
            adjacent[("b", i)].append(("c", node))
            adjacent[("c", node)].append(("b", i))
    for node in cuts:
        own[("c", node)] = _Weight(1, int(node in important), [node])

    vertex_impact: dict[str, Impact] = {}
    bridge_impact: dict[tuple[str, str], Impact] = {}
    for component in sorted(nx.connected_components(view), key=min):
        if len(component) < 2:
            continue
        start: str = anchor if anchor is not None and anchor in component else min(
            component, key=lambda n: (-view.degree(n), n))
        root: Tree = ("c", start) if start in cuts else ("b", member[start][0])
        parent: dict[Tree, Tree | None] = {root: None}
        order = [root]
        for node in order:
            for nxt in adjacent[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    order.append(nxt)
        children: dict[Tree, list[Tree]] = defaultdict(list)
        for node in order[1:]:
            children[parent[node]].append(node)  # type: ignore[index]
        subtree: dict[Tree, _Weight] = {}
        for node in reversed(order):
            subtree[node] = _merge([own[node], *(subtree[c] for c in children[node])], key)

        def separated(pieces: list[_Weight], keeps_root: bool, anchor_node: str = start) -> Impact:
            if not keeps_root and pieces:
                pieces = sorted(pieces, key=lambda p: (-p.nodes, p.examples))[1:]
            merged = _merge(pieces, key)
            return Impact(merged.nodes, merged.partners, tuple(merged.examples), anchor_node)

        for node in order:
            kind, value = node
            below = [subtree[c] for c in children[node]]
            if kind == "c":
                vertex_impact[str(value)] = separated(below, node != root)
                continue
            block = blocks[int(value)]  # type: ignore[call-overload]
            if len(block) != 2:
                continue
            u, v = sorted(block)
            if node != root:
                bridge_impact[(u, v)] = separated([subtree[node]], True)
            else:
                far = v if u == start else u
                piece = subtree[("c", far)] if far in cuts else _Weight(
                    1, int(far in important), [far])
                bridge_impact[(u, v)] = separated([piece], True)
    return vertex_impact, bridge_impact
