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
    parts = list(parts)  # a few examples each: sorting them beats a heap
    examples = sorted([e for p in parts for e in p.examples], key=key)[:EXAMPLES]
    return _Weight(sum(p.nodes for p in parts), sum(p.partners for p in parts), examples)


@dataclass
class _BlockCutTree:
    """The biconnected blocks, the cut vertices, and the tree joining them."""

    blocks: list[frozenset[str]]
    member: dict[str, list[int]]
    cuts: set[str]
    adjacent: dict[Tree, list[Tree]]
    own: dict[Tree, _Weight]


def _block_cut_tree(view: nx.Graph, important: set[str], key: Key) -> _BlockCutTree:
    """The block-cut tree of ``view``, each tree node weighed by what it alone holds."""
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
    return _BlockCutTree(blocks, member, cuts, adjacent, own)


def _rooted(adjacent: dict[Tree, list[Tree]], root: Tree
            ) -> tuple[list[Tree], dict[Tree, list[Tree]]]:
    """The tree nodes reachable from ``root`` in breadth-first order, and their children."""
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
    return order, children


def _separated(pieces: list[_Weight], keeps_root: bool, anchor: str, key: Key) -> Impact:
    """What ``pieces`` add up to; without the root's piece, the largest one stays behind."""
    if not keeps_root and pieces:
        pieces = sorted(pieces, key=lambda p: (-p.nodes, p.examples))[1:]
    merged = _merge(pieces, key)
    return Impact(merged.nodes, merged.partners, tuple(merged.examples), anchor)


def _component_impacts(tree: _BlockCutTree, start: str, important: set[str], key: Key,
                       vertex_impact: dict[str, Impact],
                       bridge_impact: dict[tuple[str, str], Impact]) -> None:
    """The impacts of the cut vertices and bridges of the component holding ``start``."""
    root: Tree = ("c", start) if start in tree.cuts else ("b", tree.member[start][0])
    order, children = _rooted(tree.adjacent, root)
    subtree: dict[Tree, _Weight] = {}
    for node in reversed(order):
        subtree[node] = _merge([tree.own[node], *(subtree[c] for c in children[node])], key)
    for node in order:
        kind, value = node
        below = [subtree[c] for c in children[node]]
        if kind == "c":
            vertex_impact[str(value)] = _separated(below, node != root, start, key)
            continue
        block = tree.blocks[int(value)]  # type: ignore[call-overload]
        if len(block) != 2:
            continue
        u, v = sorted(block)
        if node != root:
            bridge_impact[(u, v)] = _separated([subtree[node]], True, start, key)
        else:
            far = v if u == start else u
            piece = subtree[("c", far)] if far in tree.cuts else _Weight(
                1, int(far in important), [far])
            bridge_impact[(u, v)] = _separated([piece], True, start, key)


def impacts(view: nx.Graph, anchor: str | None, important: set[str]
            ) -> tuple[dict[str, Impact], dict[tuple[str, str], Impact]]:
    """The :class:`Impact` of losing each cut vertex, and each bridge ``(u, v)`` (u < v).

    ``important`` nodes (national partners) are counted apart and named first.
    """

    keys = {node: (node not in important, str(attrs.get("label") or ""), node)
            for node, attrs in view.nodes(data=True)}
    key = keys.__getitem__
    tree = _block_cut_tree(view, important, key)
    vertex_impact: dict[str, Impact] = {}
    bridge_impact: dict[tuple[str, str], Impact] = {}
    for component in sorted(nx.connected_components(view), key=min):
        if len(component) < 2:
            continue
        start: str = anchor if anchor is not None and anchor in component else min(
            component, key=lambda n: (-view.degree(n), n))
        _component_impacts(tree, start, important, key, vertex_impact, bridge_impact)
    return vertex_impact, bridge_impact
