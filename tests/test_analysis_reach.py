"""route_losses (one depth-first search) against NetworkX's dominator tree, its
definition: per node, the partners every route from the force to them passes through."""

from __future__ import annotations

import random
from collections import defaultdict

import networkx as nx
import pytest

from spr_graph.analysis.reach import route_losses


def _by_dominators(graph: nx.Graph, force: str, partners: list[str]) -> dict[str, set[str]]:
    dominators = nx.immediate_dominators(graph.to_directed(as_view=True), force)
    lost: dict[str, set[str]] = defaultdict(set)
    for partner in partners:
        node: str | None = partner if partner in dominators else None
        while node is not None and node != force:
            lost[node].add(partner)
            node = dominators.get(node)
    return dict(lost)


@pytest.mark.parametrize("seed", range(40))
def test_route_losses_are_the_dominators(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randint(2, 40)
    graph = nx.gnm_random_graph(size, rng.randint(1, 2 * size), seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"n{n}" for n in graph})
    graph.add_edges_from((f"n{rng.randrange(size)}", f"n{rng.randrange(size)}")
                         for _ in range(rng.randint(0, 3)))  # self-loops too
    partners = sorted(rng.sample(sorted(graph), rng.randint(1, size)))
    force = rng.choice(sorted(graph))
    partners = [p for p in partners if p != force]
    expected = _by_dominators(graph, force, partners)
    found = route_losses(graph, force, partners)
    assert found == expected
    assert list(found) == list(expected)  # the same order, path by path
