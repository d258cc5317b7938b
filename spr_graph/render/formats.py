"""Exports for the tools analysts already use: Gephi, yEd, i2, Neo4j and any triple store.

Every function returns the whole file as ``bytes`` (UTF-8) and is deterministic: the same
graph gives byte-identical output (nodes, edges and quads sorted, no timestamps, blank
nodes relabelled canonically).

Graph formats (from the projection of :mod:`spr_graph.graph.projection`, a ``MultiDiGraph``):

- **GraphML** (yEd, Gephi, Cytoscape) and **GEXF 1.2** (Gephi). Node ids are IRIs; each
  edge has a unique id (``e0``, ``e1``... in sorted order) and its ``relation``; a GEXF edge
  is also labelled with its relation. Attributes whose value is a list (node
  ``alt_labels``, ``paragraphs``, ``threats``; edge ``paragraphs``, ``threats``,
  ``pillars``, ``fiveC``, ``status``) are written as JSON arrays (``[40, 41]``); ``None``
  values are left out. GraphML also keeps the graph attributes (``force``, and ``forces``,
  ``threat_labels`` and, with several papers, ``papers`` as JSON); GEXF has no graph
  attributes. ``paragraphs`` are paragraph keys (:mod:`spr_graph.core.paragraph_keys`):
  the numbers themselves with one paper; with several, ``rank * 1000000 + number``, the
  rank being the paper's place in ``papers``. :func:`unflatten` turns a
  graph read back with NetworkX into the projection again.
- **CSV**, two tables (RFC 4180, UTF-8 without BOM, ``\\r\\n`` line ends): ``nodes.csv``
  with :data:`NODE_COLUMNS` and ``edges.csv`` with :data:`EDGE_COLUMNS`, one row per node
  or edge in IRI order. Several values in one cell are joined by ``;`` (the Neo4j import
  array delimiter). A cell that a spreadsheet would run as a formula (starting with
  ``=``, ``+``, ``-``, ``@``, tab or carriage return, and not a plain number) is prefixed
  with an apostrophe.

RDF formats (the whole dataset: ontology, paragraph graphs and provenance; SHACL shapes
are not data and stay out): **TriG** and **N-Quads**, and **JSON-LD 1.1** compacted with
the project prefixes as an inline ``@context`` (never a remote one). Blank nodes are
relabelled with the W3C RDF Dataset Canonicalization (RDFC-1.0), then quads are sorted.
They are written a graph at a time by :mod:`spr_graph.store.dump`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: ``spr-graph export --format`` choices.
FORMATS = ("graphml", "gexf", "csv", "jsonld", "trig", "nquads")

#: Columns of ``nodes.csv``, in order.
NODE_COLUMNS = ("id", "label", "kind", "abbreviation", "alt_labels", "level", "status",
                "paragraphs", "threats")
#: Columns of ``edges.csv``, in order.
EDGE_COLUMNS = ("source", "target", "relation", "source_label", "target_label", "paragraphs",
                "threats", "pillars", "five_c", "status")
#: Separator of several values in one CSV cell.
CSV_SEPARATOR = ";"

#: Attributes written as JSON arrays (or objects) in GraphML and GEXF.
NODE_LISTS = frozenset({"alt_labels", "paragraphs", "threats"})
EDGE_LISTS = frozenset({"paragraphs", "threats", "pillars", "fiveC", "status"})
GRAPH_LISTS = frozenset({"forces", "papers", "threat_labels"})
#: What the writers and readers add to edges and what :func:`unflatten` drops again.
_EDGE_BOOKKEEPING = frozenset({"id", "label", "networkx_key"})


#: ``json.dumps(value, ensure_ascii=False, sort_keys=True)``, its encoder made once (not
#: once a value: that was most of :func:`flatten`'s time at a national scale).
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _flat_value(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        value = sorted(value)
    if isinstance(value, list | tuple | dict):
        return _JSON(value)
    return value


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {key: _flat_value(value) for key, value in sorted(attrs.items())
            if value is not None}


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection that GraphML and GEXF writers accept, in sorted order."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    flat.graph.update(_flat_attrs(graph.graph))
    for node in sorted(graph):
        flat.add_node(node, **_flat_attrs(graph.nodes[node]))
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for number, (u, v, key, attrs) in enumerate(edges):
        flat.add_edge(u, v, key=f"e{number}", **_flat_attrs({"relation": key, **attrs}))
    return flat


def _unflat(attrs: dict[str, Any], lists: frozenset[str]) -> dict[str, Any]:
    return {key: json.loads(value) if key in lists and isinstance(value, str) else value
            for key, value in attrs.items()}


def unflatten(graph: nx.Graph) -> nx.MultiDiGraph:
    """The projection again, from a graph that NetworkX read from our GraphML or GEXF.

    JSON attributes are decoded, edge keys are the relations again and the ids and labels
    the formats add to edges are dropped. Attributes left out because they were ``None``
    stay absent.
    """
    import networkx as nx

    result = nx.MultiDiGraph()
    result.graph.update({k: v for k, v in _unflat(graph.graph, GRAPH_LISTS).items()
                         if k not in ("node_default", "edge_default", "mode")})
    for node, attrs in graph.nodes(data=True):
        result.add_node(node, **_unflat(attrs, NODE_LISTS))
    for u, v, attrs in graph.edges(data=True):
        data = {k: val for k, val in _unflat(attrs, EDGE_LISTS).items()
                if k not in _EDGE_BOOKKEEPING}
        result.add_edge(u, v, key=data["relation"], **data)
    return result


def graphml(graph: nx.MultiDiGraph, flat: nx.MultiDiGraph | None = None) -> bytes:
    """GraphML of the projection (see the module doc); ``flat`` is its :func:`flatten`,
    when already made."""
    from spr_graph.render.graphxml import graphml_bytes

    return graphml_bytes(flatten(graph) if flat is None else flat)


def gexf(graph: nx.MultiDiGraph, flat: nx.MultiDiGraph | None = None) -> bytes:
    """GEXF 1.2 of the projection, with no date in ``<meta>`` and each edge labelled
    with its relation; ``flat`` is its :func:`flatten`, when already made."""
    from spr_graph.render.graphxml import gexf_bytes

    return gexf_bytes(flatten(graph) if flat is None else flat, edge_label="relation")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return CSV_SEPARATOR.join(str(item) for item in value)
    return str(value)


def _csv(columns: tuple[str, ...], rows: Iterable[list[str]], title: str) -> bytes:
    from spr_graph.core.tables import Table, render_csv

    return render_csv(Table(title, list(columns), list(rows))).encode("utf-8")


def nodes_csv(graph: nx.MultiDiGraph) -> bytes:
    """``nodes.csv``: one row per node, :data:`NODE_COLUMNS`."""
    rows = ([_cell(node), *(_cell(graph.nodes[node].get(c)) for c in NODE_COLUMNS[1:])]
            for node in sorted(graph))
    return _csv(NODE_COLUMNS, rows, "nodes")


def edges_csv(graph: nx.MultiDiGraph) -> bytes:
    """``edges.csv``: one row per edge, :data:`EDGE_COLUMNS`."""
    rows = []
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True),
                                   key=lambda e: (e[0], e[1], str(e[2]))):
        rows.append([u, v, str(key), _cell(graph.nodes[u].get("label")),
                     _cell(graph.nodes[v].get("label")), _cell(attrs.get("paragraphs")),
                     _cell(attrs.get("threats")), _cell(attrs.get("pillars")),
                     _cell(attrs.get("fiveC")), _cell(attrs.get("status"))])
    return _csv(EDGE_COLUMNS, rows, "edges")
