"""What a map is made of: the view, the layout, the legend, the evidence and the data."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from spr_graph.core import resources
from spr_graph.core.namespaces import SPR, shorten
from spr_graph.graph.evidence import read_evidence
from spr_graph.render.layout import SPRING_LIMIT, layout
from spr_graph.render.legend import read_legend, words
from spr_graph.render.mapdata import Highlights, MapInput, map_data, map_view
from spr_graph.render.maps import MapMaker
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select

MAP_DATA = Path(__file__).parent / "data" / "map"
WMCTU = "https://w3id.org/spr-graph/id/organisation/wmctu"
TERRORISM = "https://w3id.org/spr-graph/id/threat/2015/terrorism"
PUBLIC_ORDER = "https://w3id.org/spr-graph/id/threat/2015/public-order"


@pytest.fixture(scope="module")
def maker(bundled: Loaded) -> MapMaker:
    return MapMaker(store_select(bundled.store))


def _graph(edges: list[tuple[str, str, str, list[str]]], nodes: dict[str, str]) -> nx.MultiDiGraph:
    """A projected graph by hand: ``nodes`` maps IRI -> kind, edges carry their threats."""
    graph = nx.MultiDiGraph(force="f", threat_labels={"t": "Threat T", "u": "Threat U"})
    for iri, kind in nodes.items():
        graph.add_node(iri, iri=iri, kind=kind, label=iri.upper(), abbreviation=None, level=None,
                       status=None, paragraphs=[1], threats=[])
    for u, v, relation, threats in edges:
        graph.add_edge(u, v, key=relation, relation=relation, paragraphs=[1], threats=threats,
                       pillars=[], fiveC=[], status=[])
    return graph


TINY = _graph([("a", "b", "worksWith", ["t"]), ("b", "c", "worksWith", ["u"]),
               ("c", "d", "unitOf", []), ("a", "t", "addressesThreat", ["t"])],
              {"a": "force", "b": "agency", "c": "unit", "d": "unit", "t": "threat", "u": "threat"})


def test_view_per_threat_keeps_the_edges_naming_it_and_the_threat() -> None:
    view = map_view(TINY, threats=["t"])
    assert sorted(view.edges(keys=True)) == [("a", "b", "worksWith"), ("a", "t", "addressesThreat")]
    assert sorted(view) == ["a", "b", "t"]


def test_view_leaves_out_unused_threats_unless_kept() -> None:
    assert "u" not in map_view(TINY)
    assert "u" in map_view(TINY, keep_threats=["u"])
    assert sorted(map_view(TINY, threats=["u"])) == ["b", "c", "u"]


def test_view_around_a_node_follows_edges_both_ways() -> None:
    assert sorted(map_view(TINY, focus="c", depth=1)) == ["b", "c", "d"]
    assert sorted(map_view(TINY, focus="c", depth=2)) == ["a", "b", "c", "d"]
    assert sorted(map_view(TINY, focus="c", depth=0)) == ["c"]


def test_layout_is_deterministic_and_independent_of_insertion_order() -> None:
    graph = nx.les_miserables_graph()
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from(reversed(list(graph.edges())))
    first = layout(graph)
    assert first == layout(graph) == layout(shuffled)
    assert set(first) == set(graph)
    assert all(isinstance(c, int) for xy in first.values() for c in xy)


def test_layout_of_a_big_graph_uses_communities_and_keeps_nodes_apart() -> None:
    graph = nx.connected_caveman_graph(40, 15)  # 600 nodes: above the spring limit
    assert graph.number_of_nodes() > SPRING_LIMIT
    graph = nx.relabel_nodes(graph, {n: f"n{n:04d}" for n in graph})
    graph.add_nodes_from(["loose-1", "loose-2"])
    positions = layout(graph)
    assert positions == layout(graph)
    assert set(positions) == set(graph)
    assert len(set(positions.values())) == len(positions)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert all(math.isfinite(v) for v in xs + ys)
    # one caveman clique sits together: its spread is small against the whole map's
    clique = [positions[f"n{n:04d}"] for n in range(15)]
    spread = max(math.dist(p, q) for p in clique for q in clique)
    assert spread < (max(xs) - min(xs)) / 4


def _named(graph: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(graph, {n: f"n{n:05d}" for n in graph})


@pytest.mark.parametrize("graph", [
    pytest.param(_named(nx.star_graph(600)), id="star-600"),
    pytest.param(_named(nx.star_graph(3000)), id="star-3000"),
    pytest.param(_named(nx.complete_bipartite_graph(2, 600)), id="two-hubs-no-leaves"),
])
def test_layout_of_a_big_hub_needs_no_scipy(graph: nx.Graph,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """NetworkX's spring layout of 500+ nodes imports SciPy; spr-graph never asks it to:
    a hub's leaves go in rings round it, a graph without leaves is laid out in groups."""
    monkeypatch.setitem(sys.modules, "scipy", None)  # as on a machine without SciPy
    positions = layout(graph)
    assert positions == layout(graph)
    assert set(positions) == set(graph)
    assert len(set(positions.values())) == len(positions)  # no two nodes on one spot
    hub = positions["n00000"]
    nearest = min(math.dist(hub, xy) for node, xy in positions.items() if node != "n00000")
    assert nearest > 20


def test_layout_of_nothing_and_of_one_node() -> None:
    assert layout(nx.Graph()) == {}
    single = nx.Graph()
    single.add_node("x")
    assert layout(single) == {"x": (0, 0)}


def test_legend_comes_from_the_ontology(bundled: Loaded) -> None:
    legend = read_legend(store_select(bundled.store))
    assert legend.kinds["unit"].label == "police unit"
    assert legend.kinds["document"].label == "document"  # the most general class of the kind
    assert legend.kinds["threat"].definition.startswith("A national threat")
    assert legend.levels["regional"].label == "Regional"
    assert legend.pillars["pursue"].label == "Pursue"
    assert legend.relations["chairs"].definition == "The post or agent chairs the board."
    assert legend.relations["unitOf"].label == "unit of"


def test_legend_follows_a_changed_ontology_and_falls_back_to_the_bundled_one() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(f"{SPR}PoliceUnit"),
                      ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("brigade", language="en")))
    legend = read_legend(store_select(store))
    assert legend.kinds["unit"].label == "brigade"
    assert legend.kinds["force"].label == "police force"
    assert legend.levels["local"].label == "Local"


def test_words_splits_names() -> None:
    assert words("subOrganizationOf") == "sub organization of"
    assert words("in-place") == "in place"


def test_evidence_has_quotes_and_paragraph_texts(bundled: Loaded) -> None:
    evidence = read_evidence(store_select(bundled.store))
    assert len(evidence.paragraphs) == 135
    assert "nationally funded, regional unit" in evidence.paragraphs[7].text
    assert evidence.paragraphs[7].section == "Terrorism"
    assert any(number == 7 and "WMCTU" in quote for number, quote in evidence.quotes[WMCTU])


def test_bundled_data_cites_paragraphs_and_quotes(maker: MapMaker) -> None:
    view = map_view(maker.graph, [TERRORISM], keep_threats=maker.edition_threats)
    data = map_data(view, "Terrorism", maker.made_of)
    nodes = {n["iri"]: n for n in data["nodes"]}
    wmctu = nodes[shorten(WMCTU)]
    assert nodes["ag:wmctu"] is wmctu
    assert 7 in wmctu["paragraphs"] and wmctu["quotes"]
    assert [n["id"] for n in data["nodes"]] == list(range(len(data["nodes"])))
    assert all(str(p) in data["paragraphs"] for n in data["nodes"] for p in n.get("paragraphs", []))
    works = [e for e in data["edges"] if e["relation"] == "worksWith"]
    assert works and all(e.get("statements") for e in works)
    for edge in works:
        for index in edge["statements"]:
            assert data["statements"][index]["quote"]
    assert [t["label"] for t in data["threats"]] == sorted(t["label"] for t in data["threats"])
    assert data["legend"]["kinds"]["unit"]["label"] == "police unit"


def test_highlights_mark_spofs_and_gap_threats(maker: MapMaker) -> None:
    view = map_view(maker.graph, keep_threats=maker.edition_threats)
    marked = Highlights(frozenset({WMCTU}), frozenset({PUBLIC_ORDER}))
    made_of = MapInput(maker.made_of.legend, maker.made_of.evidence, (), marked)
    data = map_data(view, "t", made_of)
    assert [n["iri"] for n in data["nodes"] if n.get("spof")] == ["ag:wmctu"]
    assert [t["iri"] for t in data["threats"] if t["gap"]] == ["thr15:public-order"]
    assert not [v for n in data["nodes"] for v in n.values() if v is None or v is False or v == []]


def test_the_analysis_feeds_the_highlights(maker: MapMaker) -> None:
    _, summary = maker.page()
    assert summary.spof > 0
    assert maker.gap_threats <= set(maker.edition_threats)


def test_hostile_fixture_loads_as_text() -> None:
    loaded = load([resources.ontology_file(), MAP_DATA / "hostile.trig"])
    maker = MapMaker(store_select(loaded.store))
    labels = {attrs["label"] for _, attrs in maker.graph.nodes(data=True)}
    assert "<img src=x onerror=alert(1)>" in labels


def test_only_a_pack_map_links_paragraphs_into_a_report(maker: MapMaker,
                                                       bundled: Loaded) -> None:
    assert "report" not in map_data(maker.graph, "t", maker.made_of)
    linked = MapMaker(store_select(bundled.store), report="../report.html")
    assert map_data(linked.graph, "t", linked.made_of)["report"] == "../report.html"


def test_organisation_view_puts_tiers_in_bands_and_is_deterministic(maker: MapMaker) -> None:
    from spr_graph.render.orgview import CELL_H, CELL_W, org_view

    nodes, view = org_view(maker.graph)
    assert (nodes, view) == org_view(maker.graph)
    assert [b["label"] for b in view["bands"]] == [
        "National and international partners", "Regional", "Local partners", "",
        "Inside West Midlands Police"]
    placed = {n: tuple(v["o"]) for n, v in nodes.items() if "o" in v}
    assert {maker.graph.nodes[n]["kind"] for n in placed} <= {
        "force", "unit", "collaboration", "board", "agency"}
    assert len(set(placed.values())) == len(placed)
    for band in view["bands"]:
        inside = [xy for xy in placed.values() if band["top"] < xy[1] < band["bottom"]]
        assert len(inside) == band["count"]
        for a in inside:  # a grid of cells: no two boxes closer than a cell
            for b in inside:
                assert a == b or abs(a[0] - b[0]) >= CELL_W - 1 or abs(a[1] - b[1]) >= CELL_H - 1
    posts = [n for n, v in nodes.items() if maker.graph.nodes[n]["kind"] == "post"]
    assert posts and all("op" in nodes[n] and "o" not in nodes[n] for n in posts)
    assert any("home" in nodes[n] for n in posts)  # a hidden post counts for its organisation


def test_only_a_whole_force_map_answers_what_if(maker: MapMaker) -> None:
    import json
    import re

    def data(html: str) -> dict[str, object]:
        found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html,
                          re.DOTALL)
        assert found
        return dict(json.loads(found.group(1)))

    whole = data(maker.page()[0])
    assert "whatif" in whole
    assert "whatif" not in data(maker.page([TERRORISM])[0])
    whatif = whole["whatif"]
    assert isinstance(whatif, dict)
    assert [t["label"] for t in whatif["threats"]] == sorted(
        (t["label"] for t in whatif["threats"]), key=str.casefold)
    assert len(whatif["gaps"]["statements"]) == len(maker.made_of.statements)
