"""Single points of failure: the block-cut pass against brute force, tiny graphs, the
fixture and the paper."""

from __future__ import annotations

import random

import jsonschema
import networkx as nx
from analysis_support import AG, CSA, POST, PUBLIC_ORDER, TERRORISM, analysed, node, tiny

from spr_graph.analysis.blockcut import impacts
from spr_graph.analysis.spof import (
    JSON_SCHEMA,
    articulation_nodes,
    key_persons,
    spof_report,
    threat_routes,
)
from spr_graph.analysis.views import agent_view


def _brute_force(graph: nx.Graph, anchor: str, important: set[str]
                 ) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], tuple[int, int]]]:
    """Copy-and-remove, one node or edge at a time: what the block-cut pass replaces."""
    def root(component: set[str]) -> str:
        return anchor if anchor in component else min(component,
                                                       key=lambda n: (-graph.degree(n), n))

    vertices = {}
    for v in nx.articulation_points(graph):
        component = nx.node_connected_component(graph, v)
        pieces = list(nx.connected_components(graph.subgraph(component - {v})))
        start = root(component)
        kept = max(pieces, key=len) if start == v else next(p for p in pieces if start in p)
        lost = set().union(*(p for p in pieces if p is not kept))
        vertices[v] = (len(lost), len(lost & important))
    edges = {}
    for u, v in nx.bridges(graph):
        component = nx.node_connected_component(graph, u)
        cut = graph.copy()
        cut.remove_edge(u, v)
        lost = component - nx.node_connected_component(cut, root(component))
        edges[tuple(sorted((u, v)))] = (len(lost), len(lost & important))
    return vertices, edges


def test_block_cut_pass_equals_removing_each_node_and_bridge() -> None:
    rng = random.Random(7)
    for trial in range(250):
        n = rng.randint(2, 24)
        graph = nx.relabel_nodes(nx.gnm_random_graph(n, rng.randint(1, 2 * n), seed=trial),
                                 lambda i: f"n{i:02d}")
        nx.set_node_attributes(graph, {v: v for v in graph}, "label")
        important = {v for v in graph if rng.random() < 0.3}
        anchor = f"n{rng.randrange(n):02d}"
        vertex_impact, bridge_impact = impacts(graph, anchor, important)
        vertices, edges = _brute_force(graph, anchor, important)
        assert set(vertex_impact) == set(vertices) == set(nx.articulation_points(graph))
        for v, expected in vertices.items():
            if vertex_impact[v].anchor != v:  # a root's loss is measured from its largest
                got = vertex_impact[v]          # piece, and ties between pieces may differ
                assert (got.cut_off, got.partners_cut_off) == expected, (trial, v)
        assert {k: (i.cut_off, i.partners_cut_off) for k, i in bridge_impact.items()} == edges


FORCE, UNIT, REGION, NATIONAL = f"{AG}f", f"{AG}u", f"{AG}r", f"{AG}n"


def test_a_chain_of_units_is_a_chain_of_chokepoints() -> None:
    """force - unit - regional body - national agency: two cut vertices in route order,
    then the agency itself, the only national partner on the threat."""
    graph = tiny({FORCE: node("force", "F"), UNIT: node("unit", "U"),
                  REGION: node("collaboration", "R", "regional"),
                  NATIONAL: node("agency", "N", "national", (TERRORISM,))},
                 [(UNIT, FORCE, "unitOf", (), (1,)),
                  (UNIT, REGION, "worksWith", (TERRORISM,), (2,)),
                  (REGION, NATIONAL, "worksWith", (TERRORISM,), (3,))], force=FORCE)
    view = agent_view(graph)
    routes = threat_routes(view, TERRORISM, FORCE, {FORCE, UNIT}, "Terrorism")
    assert routes.chokepoints == (UNIT, REGION, NATIONAL)
    assert routes.routes == 1 and len(routes.min_cut) == 1
    assert routes.paragraphs == (1, 2, 3)
    assert articulation_nodes(graph) == {UNIT, REGION}
    report = spof_report(graph, [TERRORISM])
    assert [c.node for c in report.articulation_points] == [UNIT, REGION]
    assert report.articulation_points[0].threats_lost == (TERRORISM,)
    assert report.articulation_points[0].impact.partners_cut_off == 1
    assert [(b.u, b.v, b.impact.cut_off) for b in report.bridges][0] == (FORCE, UNIT, 3)


def test_two_independent_routes_have_no_chokepoint() -> None:
    other = f"{AG}u2"
    graph = tiny({FORCE: node("force", "F"), UNIT: node("unit", "U"), other: node("unit", "V"),
                  NATIONAL: node("agency", "N", "national", (TERRORISM,))},
                 [(UNIT, FORCE, "unitOf", (), ()), (other, FORCE, "unitOf", (), ()),
                  (UNIT, NATIONAL, "worksWith", (TERRORISM,), (1,)),
                  (other, NATIONAL, "worksWith", (TERRORISM,), (2,))], force=FORCE)
    routes = threat_routes(agent_view(graph), TERRORISM, FORCE, {FORCE, UNIT, other})
    assert routes.chokepoints == (NATIONAL,)  # the only partner is itself a chokepoint
    assert routes.routes == 1
    second = f"{AG}n2"
    graph.add_node(second, iri=second, **node("agency", "N2", "national", (TERRORISM,)))
    graph.remove_edge(other, NATIONAL, key="worksWith")
    graph.add_edge(other, second, key="worksWith", relation="worksWith", threats=[TERRORISM],
                   paragraphs=[2])
    routes = threat_routes(agent_view(graph), TERRORISM, FORCE, {FORCE, UNIT, other})
    assert (routes.routes, routes.chokepoints) == (2, ())


def test_edges_about_another_threat_are_not_routes() -> None:
    graph = tiny({FORCE: node("force", "F"), NATIONAL: node("agency", "N", "national")},
                 [(FORCE, NATIONAL, "worksWith", (CSA,), (1,))], force=FORCE)
    assert threat_routes(agent_view(graph), TERRORISM, FORCE, {FORCE}).routes == 0
    assert threat_routes(agent_view(graph), CSA, FORCE, {FORCE}).partners == (NATIONAL,)


def test_key_person_chairs_two_boards() -> None:
    post, other, b1, b2 = f"{POST}acc", f"{POST}cc", f"{AG}b1", f"{AG}b2"
    graph = tiny({post: node("post", "ACC"), other: node("post", "CC"),
                  b1: node("board", "B1"), b2: node("board", "B2")},
                 [(post, b1, "chairs", (), (40,)), (post, b2, "chairs", (), (61,)),
                  (other, b2, "chairs", (), (61,))])
    found = key_persons(graph)
    assert [k.node for k in found] == [post]
    assert [(r.target, r.sole) for r in found[0].roles] == [(b1, True), (b2, False)]
    assert found[0].paragraphs == [40, 61]


def test_fixture_report() -> None:
    graph, facts = analysed("routes.trig")
    report = spof_report(graph, facts.statements.threats)
    routes = {r.threat: r for r in report.threats}
    ctu = f"{AG}tf-ctu"
    assert routes[TERRORISM].chokepoints == (ctu,)
    assert routes[CSA].routes == 2 and routes[CSA].chokepoints == ()
    assert routes[PUBLIC_ORDER].routes == 0
    assert "no route" in report.why_threat(routes[PUBLIC_ORDER])
    point = next(c for c in report.articulation_points if c.node == ctu)
    assert point.threats_lost == (TERRORISM,) and point.impact.partners_cut_off == 2
    assert f"{AG}tf" in nx.articulation_points(agent_view(graph))  # but not a finding:
    assert f"{AG}tf" not in articulation_nodes(graph)
    assert f"{AG}tf" not in [c.node for c in report.articulation_points]
    people = {k.node: k for k in report.key_persons}
    assert set(people) == {f"{POST}tf-acc", "https://w3id.org/spr-graph/id/person/pat"}
    assert sum(r.sole for r in people[f"{POST}tf-acc"].roles) == 2
    assert {r.relation for r in people["https://w3id.org/spr-graph/id/person/pat"].roles} == {
        "chairs", "leads"}
    data = report.as_dict()
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["threats"][0]["routes"] == 0  # the most exposed threat comes first


def test_top_cuts_the_lists_but_not_the_counts() -> None:
    graph, facts = analysed("routes.trig")
    data = spof_report(graph, facts.statements.threats, top=1).as_dict()
    assert len(data["bridges"]) == 1
    assert data["counts"]["bridges"] > 1


def test_bundled_acc_security_chairs_more_than_one_board() -> None:
    """Paragraph 40: the CONTEST board is chaired by ACC Security; paragraph 61: so is the
    SOCEX Board."""
    graph, facts = analysed()
    report = spof_report(graph, facts.statements.threats)
    acc = next(k for k in report.key_persons if k.node == f"{POST}acc-security")
    assert len([r for r in acc.roles if r.relation == "chairs"]) >= 2
    assert {40, 61} <= set(acc.paragraphs)
    assert report.key_persons[0].node == acc.node


def test_bundled_wmctu_is_an_articulation_point() -> None:
    """WMCTU is the force's way into the national counter-terrorism network (paragraph 7)."""
    graph, _ = analysed()
    assert f"{AG}wmctu" in articulation_nodes(graph)
