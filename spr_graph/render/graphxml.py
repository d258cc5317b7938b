"""GraphML and GEXF written as text, a line at a time: the bytes NetworkX's writers give
(``write_graphml_xml(prettyprint=True)``; ``GEXFWriter`` then ``ElementTree.indent``)
for the graphs :func:`spr_graph.render.formats.flatten` makes, without building an
``ElementTree`` of the whole graph (at a national scale that tree was most of the time).

What NetworkX does and these writers repeat: GraphML declares each attribute once as a
``<key>`` (ids ``d0``, ``d1``... in the order first met: graph, nodes, edges; listed last
first) and puts the graph's own ``<data>`` after its edges; GEXF numbers the node
attributes, then the edge ones, lists the edges' ``<attributes>`` first, numbers the
edges ``0``, ``1``... and keeps each edge's key as ``networkx_key``. Text is escaped as
``ElementTree`` escapes it (``&``, ``<``, ``>``; in attributes also ``"``, CR, LF and
tab), and characters UTF-8 cannot hold are written as character references.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    import networkx as nx

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ATTRIBUTE = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
#: The XML type of each Python type (NetworkX's, in both formats, for the types a flat
#: graph has).
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_GRAPHML_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
_GEXF_ROOT = ('<gexf xmlns="http://www.gexf.net/1.2draft" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.gexf.net/1.2draft '
              'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">')
#: Node and edge attributes GEXF gives a meaning of its own (NetworkX writes them
#: otherwise); a flat projection has none of them.
_GEXF_SPECIAL = frozenset({"id", "key", "pid", "start", "end", "parents", "spells", "viz",
                           "weight", "type"})


def _attr(value: str) -> str:
    return escape(value, _ATTRIBUTE)


def _encode(lines: Iterable[str]) -> bytes:
    return "".join(lines).encode("utf-8", "xmlcharrefreplace")


def _type(value: Any) -> str:
    try:
        return _TYPES[type(value)]
    except KeyError:
        raise TypeError(f"attribute value type is not allowed: {type(value)}") from None


def _graphml_keys(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], str]:
    keys: dict[tuple[str, str, str], str] = {}
    scoped = [("graph", graph.graph.items()),
              *(("node", data.items()) for _, data in graph.nodes(data=True)),
              *(("edge", data.items()) for _, _, data in graph.edges(data=True))]
    for scope, items in scoped:
        for name, value in items:
            keys.setdefault((str(name), _type(value), scope), f"d{len(keys)}")
    return keys


def _graphml_data(keys: dict[tuple[str, str, str], str], scope: str,
                  data: dict[str, Any], indent: str) -> Iterator[str]:
    for name, value in data.items():
        key = keys[str(name), _type(value), scope]
        text = str(value)
        yield (f'{indent}<data key="{key}">{escape(text)}</data>\n' if text
               else f'{indent}<data key="{key}" />\n')


def _graphml_element(keys: dict[tuple[str, str, str], str], scope: str, attributes: str,
                     data: dict[str, Any]) -> Iterator[str]:
    if not data:
        yield f"    <{scope} {attributes} />\n"
        return
    yield f"    <{scope} {attributes}>\n"
    yield from _graphml_data(keys, scope, data, "      ")
    yield f"    </{scope}>\n"


def _graphml_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    keys = _graphml_keys(graph)
    yield _DECLARATION + _GRAPHML_ROOT + "\n"
    for (name, kind, scope), key in reversed(keys.items()):
        yield (f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" '
               f'attr.type="{kind}" />\n')
    if not (graph.graph or len(graph) or graph.number_of_edges()):
        yield '  <graph edgedefault="directed" />\n</graphml>\n'
        return
    yield '  <graph edgedefault="directed">\n'
    for node, data in graph.nodes(data=True):
        yield from _graphml_element(keys, "node", f'id="{_attr(str(node))}"', data)
    for u, v, key, data in graph.edges(keys=True, data=True):
        yield from _graphml_element(
            keys, "edge", f'source="{_attr(str(u))}" target="{_attr(str(v))}" '
                          f'id="{_attr(str(key))}"', data)
    yield from _graphml_data(keys, "graph", graph.graph, "    ")
    yield "  </graph>\n</graphml>\n"


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """GraphML of a flat graph (no graph attribute ``id``): the bytes of
    ``networkx.write_graphml_xml(graph, prettyprint=True)``."""
    if "id" in graph.graph or "node_default" in graph.graph or "edge_default" in graph.graph:
        raise ValueError("a flat graph has no graph id or defaults")
    return _encode(_graphml_lines(graph))


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def _gexf_ids(graph: nx.MultiDiGraph) -> tuple[dict[str, tuple[str, str]],
                                              dict[str, tuple[str, str]]]:
    """The id and type of each node and edge attribute, numbered as first met."""
    nodes: dict[str, tuple[str, str]] = {}
    edges: dict[str, tuple[str, str]] = {}
    for _, data in graph.nodes(data=True):
        for name, value in data.items():
            if name != "label" and name not in nodes:
                nodes[name] = (str(len(nodes)), _type(value))
    for _, _, data in graph.edges(data=True):
        for name, value in [*data.items(), ("networkx_key", "")]:
            if name != "label" and name not in edges:
                edges[name] = (str(len(nodes) + len(edges)), _type(value))
    return nodes, edges


def _gexf_attributes(scope: str, ids: dict[str, tuple[str, str]]) -> Iterator[str]:
    if not ids:
        return
    yield f'    <attributes mode="static" class="{scope}">\n'
    for name, (number, kind) in ids.items():
        yield f'      <attribute id="{number}" title="{_attr(name)}" type="{kind}" />\n'
    yield "    </attributes>\n"


def _gexf_values(ids: dict[str, tuple[str, str]], values: Iterable[tuple[str, Any]],
                 indent: str) -> Iterator[str]:
    yield f"{indent}<attvalues>\n"
    for name, value in values:
        yield (f'{indent}  <attvalue for="{ids[name][0]}" '
               f'value="{_attr(_gexf_value(value))}" />\n')
    yield f"{indent}</attvalues>\n"


def _gexf_nodes(graph: nx.MultiDiGraph, ids: dict[str, tuple[str, str]]) -> Iterator[str]:
    if not len(graph):
        yield "    <nodes />\n"
        return
    yield "    <nodes>\n"
    for node, data in graph.nodes(data=True):
        label = str(data.get("label", node))
        start = f'      <node id="{_attr(str(node))}" label="{_attr(label)}"'
        values = [(name, value) for name, value in data.items() if name != "label"]
        if not values:
            yield start + " />\n"
            continue
        yield start + ">\n"
        yield from _gexf_values(ids, values, "        ")
        yield "      </node>\n"
    yield "    </nodes>\n"


def _gexf_edges(graph: nx.MultiDiGraph, ids: dict[str, tuple[str, str]],
                edge_label: str) -> Iterator[str]:
    if not graph.number_of_edges():
        yield "    <edges />\n"
        return
    yield "    <edges>\n"
    for number, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True)):
        text = data.get(edge_label)
        label = f' label="{_attr(str(text))}"' if text is not None else ""
        yield (f'      <edge source="{_attr(str(u))}" target="{_attr(str(v))}" '
               f'id="{number}"{label}>\n')
        values = [*((n, value) for n, value in data.items() if n != "label"),
                  ("networkx_key", key)]
        yield from _gexf_values(ids, values, "        ")
        yield "      </edge>\n"
    yield "    </edges>\n"


def _gexf_lines(graph: nx.MultiDiGraph, creator: str, edge_label: str) -> Iterator[str]:
    nodes, edges = _gexf_ids(graph)
    yield _DECLARATION + _GEXF_ROOT + "\n"
    yield f"  <meta>\n    <creator>{escape(creator)}</creator>\n  </meta>\n"
    name = _attr(str(graph.graph.get("name", "")))
    yield f'  <graph defaultedgetype="directed" mode="static" name="{name}">\n'
    yield from _gexf_attributes("edge", edges)
    yield from _gexf_attributes("node", nodes)
    yield from _gexf_nodes(graph, nodes)
    yield from _gexf_edges(graph, edges, edge_label)
    yield "  </graph>\n</gexf>\n"


def gexf_bytes(graph: nx.MultiDiGraph, edge_label: str = "label") -> bytes:
    """GEXF 1.2 of a flat graph, without a date: the bytes of NetworkX's ``GEXFWriter``
    indented by ``ElementTree.indent``, with ``lastmodifieddate`` taken out, each edge
    labelled by its attribute ``edge_label`` (as if it were its ``label``)."""
    import networkx as nx

    special = {name for _, data in graph.nodes(data=True) for name in data} & _GEXF_SPECIAL
    special |= {name for _, _, data in graph.edges(data=True) for name in data} & _GEXF_SPECIAL
    if special or graph.graph.get("mode") == "dynamic":
        raise ValueError(f"GEXF gives these attributes a meaning: {sorted(special)}")
    return _encode(_gexf_lines(graph, f"NetworkX {nx.__version__}", edge_label))
