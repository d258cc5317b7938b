"""GraphML and GEXF written as text: the bytes NetworkX's XML writers gave, for the
bundled paper, synthetic forces and labels full of what XML must escape."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter

from spr_graph.graph.projection import project
from spr_graph.papers.synth import synth_trig
from spr_graph.render import formats
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select

HOSTILE = ["quote \" and 'single'", "<b>bold</b> & co", "tab\there", "line\nbreak",
           "cr\rreturn", "ctrl \x01\x08\x0b\x1f", "café 漢字 😀", "", " ", "]]>", "&amp;",
           "\u2028sep", "=1+1"]


def _networkx_graphml(graph: nx.MultiDiGraph) -> bytes:
    """The writer as it was: NetworkX's GraphML writer of the flat graph."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(formats.flatten(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _networkx_gexf(graph: nx.MultiDiGraph) -> bytes:
    """The writer as it was: NetworkX's GEXF writer, dateless, indented by ElementTree."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    flat = formats.flatten(graph)
    for _, _, data in flat.edges(data=True):
        data["label"] = data["relation"]  # as flatten(edge_labels=True) did
    writer.add_graph(flat)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    ET.indent(writer.xml)
    return ET.tostring(writer.xml, encoding="utf-8", xml_declaration=True) + b"\n"


def assert_same_bytes(graph: nx.MultiDiGraph) -> None:
    graphml, gexf = _networkx_graphml(graph), _networkx_gexf(graph)
    assert formats.graphml(graph) == graphml
    assert formats.gexf(graph) == gexf
    flat = formats.flatten(graph)  # one flat copy for both, as the build does
    assert (formats.graphml(graph, flat), formats.gexf(graph, flat)) == (graphml, gexf)


def test_the_bundled_paper(bundled: Loaded) -> None:
    assert_same_bytes(project(store_select(bundled.store)))


@pytest.mark.parametrize("years", [1, 2])
def test_synthetic_forces(tmp_path: Path, years: int) -> None:
    path = tmp_path / "forces.trig"
    path.write_text(synth_trig(5, seed=1, years=years), encoding="utf-8")
    graph = project(store_select(load([path]).store))
    assert graph.number_of_nodes() > 100
    assert_same_bytes(graph)


def _hostile() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(force="urn:f&<\">", forces=["urn:a", "é\n"],
                            threat_labels={"urn:t": HOSTILE[0]}, papers=None)
    for i, text in enumerate(HOSTILE):
        graph.add_node(f"urn:n{i}?a=1&b=<{i}>\"", label=text, kind="agency", level=None,
                       alt_labels=[text, "x"], paragraphs=[i, 40 + i], threats=[text],
                       abbreviation=text or None, status=text)
    graph.add_node("urn:bare")  # no attributes at all
    graph.add_node("urn:nolabel", kind="unit", weight_like=2.5, flag=True, count=3)
    nodes = sorted(graph)
    for i, u in enumerate(nodes):
        v = nodes[(i * 7 + 3) % len(nodes)]
        graph.add_edge(u, v, key=f"rel{i % 3}", relation=f"rel{i % 3}", paragraphs=[i],
                       threats=[HOSTILE[i % len(HOSTILE)]], pillars=[], fiveC=["Capacity"],
                       status=[HOSTILE[(i + 1) % len(HOSTILE)]])
    graph.add_edge(nodes[0], nodes[0], key="bare")  # an edge with its relation only
    return graph


def test_hostile_strings() -> None:
    assert_same_bytes(_hostile())


def test_empty_graphs() -> None:
    assert_same_bytes(nx.MultiDiGraph())
    assert_same_bytes(nx.MultiDiGraph(force="urn:f"))
    lone = nx.MultiDiGraph()
    lone.add_node("urn:a", label="A")
    assert_same_bytes(lone)


def test_what_gexf_would_read_otherwise_is_refused() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("urn:a", start="2020")
    with pytest.raises(ValueError, match="start"):
        formats.gexf(graph)
