"""Plain JSON for the projection (:mod:`spr_graph.graph.projection`), for the analysis
cache (:mod:`spr_graph.graph.analysis_cache`).

Generic over attributes: any JSON value a node, an edge or the graph carries is kept,
whatever its key. Nodes keep their order, and edges are written in the order the
projection adds them (sorted by subject, object and relation), so the graph read back
iterates exactly as the one written. Each distinct attribute value is written once, in
a table, and named by its index: a national graph repeats the same threats, relations
and statuses on tens of thousands of edges.

>>> import networkx as nx
>>> graph = nx.MultiDiGraph(force="wmp")
>>> graph.add_node("wmp", kind="force", threats=["t1"])
>>> graph.add_node("cid", kind="unit", threats=["t1"])
>>> _ = graph.add_edge("cid", "wmp", key="unitOf", paragraphs=[3])
>>> again = decode_graph(json.loads(json.dumps(encode_graph(graph))))
>>> list(again.nodes(data=True)), list(again.edges(keys=True, data=True)), again.graph
([('wmp', {'kind': 'force', 'threats': ['t1']}), ('cid', {'kind': 'unit', 'threats': ['t1']})], \
[('cid', 'wmp', 'unitOf', {'paragraphs': [3]})], {'force': 'wmp'})
>>> again.nodes["wmp"]["threats"] is again.nodes["cid"]["threats"]
False
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx


class _Values:
    """The table of distinct JSON values being written."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[Any] = []

    def __call__(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.values)
            self.values.append(value)
        return found


def _encode_rows(rows: list[dict[str, Any]], values: _Values) -> dict[str, Any]:
    """Attribute dictionaries as one column of value indices per key (when every row has
    the same keys in the same order, as the projection's do), else row by row."""
    keys = list(rows[0]) if rows else []
    if all(list(row) == keys for row in rows):
        return {"keys": keys, "columns": [[values(row[k]) for row in rows] for k in keys]}
    return {"rows": [[[k, values(v)] for k, v in row.items()] for row in rows]}


def encode_graph(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """A projection as JSON-ready data (see the module doc); attribute values must be
    JSON values already (strings, numbers, booleans, None, lists and objects)."""
    values = _Values()
    nodes = list(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    return {"graph": dict(graph.graph), "nodes": [values(n) for n in nodes],
            "node_attrs": _encode_rows([a for _, a in graph.nodes(data=True)], values),
            "edges": [[position[u] for u, _, _, _ in edges], [position[v] for _, v, _, _ in edges],
                      [values(k) for _, _, k, _ in edges]],
            "edge_attrs": _encode_rows([a for _, _, _, a in edges], values),
            "values": values.values}


def _kinds(table: list[Any]) -> list[int]:
    """For each value of ``table``: 0 immutable, 1 a list of immutable values, 2 other
    (lists and objects are mutable: two nodes must not share one)."""
    def kind(value: Any) -> int:
        if type(value) is list:
            return 1 if all(type(x) not in (list, dict) for x in value) else 2
        return 2 if type(value) is dict else 0

    return [kind(v) for v in table]


def _column(indices: list[int], table: list[Any], kinds: list[int]) -> list[Any]:
    """The values a column of indices names, each mutable one a copy of its own."""
    values = list(map(table.__getitem__, indices))
    worst = max(map(kinds.__getitem__, indices), default=0)
    if worst == 1:
        return [v.copy() if type(v) is list else v for v in values]
    return [copy.deepcopy(v) for v in values] if worst else values


def _decode_rows(data: Any, table: list[Any], kinds: list[int], count: int
                 ) -> list[dict[str, Any]]:
    if "rows" in data:
        rows = [{str(k): _column([i], table, kinds)[0] for k, i in row} for row in data["rows"]]
    else:
        keys, columns = [str(k) for k in data["keys"]], data["columns"]
        if len(keys) != len(columns) or any(len(c) != count for c in columns):
            raise ValueError("the attribute columns do not match")
        rows = [dict(zip(keys, row, strict=True)) for row in
                zip(*[_column(c, table, kinds) for c in columns], strict=True)] if keys else \
            [{} for _ in range(count)]
    if len(rows) != count:
        raise ValueError("the attributes do not match the nodes or edges")
    return rows


def _add_nodes(graph: nx.MultiDiGraph, nodes: list[Any], attrs: list[dict[str, Any]]) -> None:
    """``graph.add_nodes_from(zip(nodes, attrs))`` for new nodes, each with an attribute
    dictionary of its own, which becomes the node's (``add_nodes_from`` would copy it)."""
    known, succ, pred = graph._node, graph._succ, graph._pred  # noqa: SLF001
    if None in nodes:
        raise ValueError("None cannot be a node")
    known.update(zip(nodes, attrs, strict=True))
    if len(known) != len(nodes):
        raise ValueError("a node is written twice")
    make = graph.adjlist_inner_dict_factory
    for node in nodes:
        succ[node] = make()
        pred[node] = make()


def _add_edges(graph: nx.MultiDiGraph, edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]]
               ) -> None:
    """``graph.add_edges_from(edges)`` for new edges between nodes already in the graph,
    each with an attribute dictionary of its own: three times faster, by filling the
    adjacency the way :meth:`networkx.MultiDiGraph.add_edge` does."""
    succ, pred = graph._succ, graph._pred  # noqa: SLF001
    make = graph.edge_key_dict_factory
    for u, v, key, attrs in edges:
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = make()
        elif key in keys:
            raise ValueError("an edge is written twice")
        keys[key] = attrs


def decode_graph(data: dict[str, Any]) -> nx.MultiDiGraph:
    """The projection :func:`encode_graph` wrote, nodes and edges in the same order.

    Data of the wrong shape raises a ValueError, TypeError, IndexError or KeyError.
    """
    table = data["values"]
    kinds = _kinds(table)
    if any(i < 0 for i in [*data["nodes"], *data["edges"][0], *data["edges"][1]]):
        raise ValueError("a negative index")
    nodes = [table[i] for i in data["nodes"]]
    graph = nx.MultiDiGraph()
    graph.graph.update(dict(data["graph"]))
    _add_nodes(graph, nodes, _decode_rows(data["node_attrs"], table, kinds, len(nodes)))
    us, vs, keys = data["edges"]
    attrs = _decode_rows(data["edge_attrs"], table, kinds, len(us))
    _add_edges(graph, zip([nodes[i] for i in us], [nodes[i] for i in vs],
                          [table[i] for i in keys], attrs, strict=True))
    return graph
