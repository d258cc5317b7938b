"""Brokers: route shares and the partners reachable only through each broker, on small
hand-made graphs (a chain, a diamond, a hub, two threats), against one what-if per
broker, on the bundled paper (WMCTU brokers terrorism), and on the command line."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import networkx as nx
import pytest
from analysis_support import AG, ANALYSIS, TERRORISM, analysed, node, tiny
from click.testing import CliRunner

from spr_graph.analysis.brokers import JSON_SCHEMA, BrokersReport, brokers_report
from spr_graph.analysis.reach import partners_lost, route_losses, threat_graph
from spr_graph.analysis.views import agent_view, counts_for, national_partners
from spr_graph.analysis.whatif import what_if
from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.graph.projection import inside

T1, T2 = "urn:t:one", "urn:t:two"
ROUTES = ["--data", str(resources.ontology_file()), "--data", str(ANALYSIS / "routes.trig")]


def org(label: str, level: str = "local", kind: str = "agency",
        threats: tuple[str, ...] = ()) -> dict[str, object]:
    return node(kind, label, level, threats)


def partner(label: str, threats: tuple[str, ...] = (T1,)) -> dict[str, object]:
    return org(label, "national", threats=threats)


def works(u: str, v: str, paragraph: int, *threats: str
          ) -> tuple[str, str, str, tuple[str, ...], tuple[int, ...]]:
    return (u, v, "worksWith", threats or (T1,), (paragraph,))


def report(graph: nx.MultiDiGraph, threats: tuple[str, ...] = (T1,)) -> BrokersReport:
    result = brokers_report(graph, threats)
    jsonschema.validate(result.as_dict(), JSON_SCHEMA)
    return result


def by_node(result: BrokersReport, threat: str = T1) -> dict[str, tuple[float, tuple[str, ...]]]:
    """``{broker: (route share, partners only through it)}`` on ``threat``."""
    found = next(t for t in result.threats if t.threat == threat)
    return {b.node: (b.betweenness, b.only_through) for b in found.brokers}


def test_a_chain_carries_every_route_through_each_link() -> None:
    """f - a - b - P: a and b each carry the one route, and P is only through each."""
    graph = tiny({"f": org("Force", kind="force"), "a": org("A", kind="unit"), "b": org("B"),
                  "P": partner("P")},
                 [("a", "f", "unitOf", (), (1,)), works("a", "b", 2), works("b", "P", 3)],
                 force="f")
    result = report(graph)
    assert by_node(result) == {"a": (1.0, ("P",)), "b": (1.0, ("P",))}
    assert [b.paragraphs for b in result.threats[0].brokers] == [(1, 2), (2, 3)]
    assert result.has_findings
    assert [o.node for o in result.overall] == ["a", "b"]  # tie broken by label


def test_a_diamond_shares_the_routes_and_nobody_is_the_only_way() -> None:
    """f - a - P and f - b - P: half each; losing either leaves the other."""
    graph = tiny({"f": org("Force", kind="force"), "a": org("A"), "b": org("B"),
                  "P": partner("P")},
                 [works("f", "a", 1), works("a", "P", 2), works("f", "b", 3),
                  works("b", "P", 4)], force="f")
    result = report(graph)
    assert by_node(result) == {"a": (0.5, ()), "b": (0.5, ())}
    assert not result.has_findings
    assert result.as_dict()["counts"] == {"threats": 1, "brokers": 2, "sole_brokers": 0}


def test_a_hub_carries_most_routes_and_is_the_only_way_to_two() -> None:
    """f - h - {P1, P2, P3}, and f - x - P3 too: h carries 2.5 routes, alone to P1, P2."""
    graph = tiny({"f": org("Force", kind="force"), "h": org("Hub"), "x": org("X"),
                  "P1": partner("P1"), "P2": partner("P2"), "P3": partner("P3"),
                  "d": partner("Direct")},
                 [works("f", "h", 1), works("h", "P1", 2), works("h", "P2", 3),
                  works("h", "P3", 4), works("f", "x", 5), works("x", "P3", 6),
                  works("f", "d", 7)], force="f")
    result = report(graph)
    assert by_node(result) == {"h": (2.5, ("P1", "P2")), "x": (0.5, ())}
    hub = result.threats[0].brokers[0]
    assert (hub.lost, hub.paragraphs) == (2, (1, 2, 3, 4))
    assert result.threats[0].partners == ("P1", "P2", "P3", "d")


def test_a_partner_can_broker_another() -> None:
    """f - P1 - P2: the first partner is the only way to the second; losing it loses two."""
    graph = tiny({"f": org("Force", kind="force"), "P1": partner("P1"), "P2": partner("P2")},
                 [works("f", "P1", 1), works("P1", "P2", 2)], force="f")
    broker = report(graph).threats[0].brokers[0]
    assert (broker.node, broker.betweenness, broker.only_through) == ("P1", 1.0, ("P2",))
    assert broker.partner and broker.lost == 2


def test_each_threat_counts_only_its_own_edges_and_the_structure() -> None:
    """The unit hangs on the force by structure (every threat); c1 carries T1 only, c2 T2
    only (the T1 link to c1 is no second route to P2 on T2); overall, the unit ranks first
    (the only way to partners on both)."""
    graph = tiny({"f": org("Force", kind="force"), "u": org("Unit", kind="unit"),
                  "c1": org("C1"), "c2": org("C2"),
                  "P1": partner("P1", (T1,)), "P2": partner("P2", (T2,))},
                 [("u", "f", "unitOf", (), (1,)), works("u", "c1", 2, T1),
                  works("u", "c2", 3, T2), works("c1", "P1", 4, T1),
                  works("c2", "P2", 5, T2), works("c1", "P2", 6, T2)], force="f")
    result = report(graph, (T1, T2))
    assert by_node(result, T1) == {"u": (1.0, ("P1",)), "c1": (1.0, ("P1",))}
    assert by_node(result, T2) == {"u": (1.0, ("P2",)), "c2": (1.0, ("P2",))}
    first = result.overall[0]
    assert (first.node, first.threats, first.sole, first.betweenness) == ("u", (T1, T2), 2, 2.0)
    assert first.paragraphs == (1, 2, 3)


def test_no_partner_no_broker() -> None:
    graph = tiny({"f": org("Force", kind="force"), "P": partner("P")}, [], force="f")
    result = report(graph)
    assert result.threats[0].brokers == () and result.threats[0].unreachable == ("P",)
    assert "reaches no national partner" in result.why_threat(result.threats[0])
    assert not result.rows() and not result.has_findings


def test_the_route_share_is_networkx_betweenness_counted_once_per_pair() -> None:
    """On the directed view, with the force the one source: twice what NetworkX gives on
    the undirected graph, which halves every pair."""
    graph = nx.gnm_random_graph(40, 80, seed=3)
    view = nx.relabel_nodes(graph, str)
    targets = ["30", "31", "32", "33"]
    directed = nx.betweenness_centrality_subset(view.to_directed(), ["0"], targets)
    undirected = nx.betweenness_centrality_subset(view, ["0"], targets)
    assert all(directed[n] == pytest.approx(2 * undirected[n]) for n in view)


def test_route_losses_agree_with_removing_each_node() -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(40, 55, seed=7), str)
    force, targets = "0", {"30", "31", "32", "33", "34"}
    reach = nx.node_connected_component(graph, force)
    losses = route_losses(graph, force, sorted(targets & reach))
    for removed in set(graph) - {force}:
        after = nx.node_connected_component(nx.restricted_view(graph, [removed], []), force)
        lost = (targets & reach) - after
        assert losses.get(removed, set()) == lost, removed


@pytest.mark.parametrize("name", ["routes.trig", None])
def test_only_through_is_what_one_what_if_loses(name: str | None) -> None:
    """Each broker's loss, recomputed by what-if, costs exactly its partners (and itself)."""
    graph, facts = analysed(name)
    result = brokers_report(graph, facts.statements.threats)
    assert result.overall
    for t in result.threats:
        for b in t.brokers:
            change = next(c for c in what_if(graph, facts, [b.node]).threats
                          if c.threat == t.threat)
            lost = set(change.before) - set(change.after)
            assert lost == {*b.only_through, *([b.node] if b.partner else [])}, (t.label, b.node)


def threat_view(view: nx.Graph, threat: str) -> nx.Graph:
    """The reference: a read-only view of the edges of ``view`` that count for ``threat``."""
    return nx.subgraph_view(view, filter_edge=lambda u, v: counts_for(view.edges[u, v], threat))


@pytest.mark.parametrize("name", ["routes.trig", None])
def test_the_threat_graph_is_the_threat_view(name: str | None) -> None:
    """reach copies the edges that count for a threat into a graph of their own, for
    speed: the same edges as a filtered view, and the same national partners on either."""
    graph, facts = analysed(name)
    view, force = agent_view(graph), graph.graph["force"]
    own = inside(graph, force)
    for threat in facts.statements.threats:
        scoped = threat_view(view, threat)
        copied = threat_graph(view, threat)
        assert {frozenset(e) for e in copied.edges} == {frozenset(e) for e in scoped.edges}
        assert national_partners(view, own, threat) == national_partners(scoped, own, threat)


def test_partners_lost_indexes_every_node_at_once() -> None:
    graph, facts = analysed("routes.trig")
    force = graph.graph["force"]
    found = partners_lost(agent_view(graph), facts.statements.threats, force,
                          inside(graph, force))
    assert found[f"{AG}tf-ctu"] == [(TERRORISM, 2, (f"{AG}ctp", f"{AG}mi5"))]


def test_bundled_wmctu_brokers_terrorism() -> None:
    """Paragraphs 16-19 and 29: the force reaches the national counter-terrorism partners
    through West Midlands Counter-Terrorism Unit; British Transport Police is the other
    route, to itself only. Removing WMCTU loses 5 of the 6."""
    graph, facts = analysed()
    result = brokers_report(graph, facts.statements.threats)
    jsonschema.validate(result.as_dict(), JSON_SCHEMA)
    terrorism = next(t for t in result.threats if t.threat == TERRORISM)
    first = terrorism.brokers[0]
    assert first.node == f"{AG}wmctu" and first.betweenness == 5.0
    assert (len(first.only_through), len(terrorism.partners)) == (5, 6)
    assert result.overall[0].node == f"{AG}wmctu"
    assert result.threats[0] is terrorism  # the threat most dependent on one broker first
    assert {16, 29} <= set(first.paragraphs)
    assert all(b.paragraphs for t in result.threats for b in t.brokers)  # every one cited
    change = next(c for c in what_if(graph, facts, [f"{AG}wmctu"]).threats
                  if c.threat == TERRORISM)
    assert (len(change.before), len(change.after)) == (6, 1)


def test_top_cuts_the_lists_and_keeps_the_counts() -> None:
    graph, facts = analysed()
    whole = brokers_report(graph, facts.statements.threats).as_dict()
    cut = brokers_report(graph, facts.statements.threats, top=1).as_dict()
    assert len(cut["overall"]) == 1 and all(len(t["brokers"]) <= 1 for t in cut["threats"])
    assert cut["counts"] == whole["counts"]
    assert cut["overall"][0] == whole["overall"][0]


def _run(runner: CliRunner, args: list[str], code: int = 0) -> str:
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    return result.output if code else result.stdout


def test_cli_formats(runner: CliRunner) -> None:
    data = json.loads(_run(runner, ["brokers", *ROUTES, "--format", "json"]))
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["overall"][0]["label"] == "Tinyshire Counter Terrorism Unit"
    rows = list(csv.reader(io.StringIO(_run(runner, ["brokers", *ROUTES, "-f", "csv"]))))
    assert rows[0][:4] == ["threat", "threat_label", "rank", "iri"]
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)
    markdown = _run(runner, ["brokers", *ROUTES, "-f", "markdown"])
    assert markdown.startswith("## Brokers of national connectivity") and "\n|---|" in markdown
    table = _run(runner, ["brokers", *ROUTES])
    assert table.splitlines()[1].startswith("===") and _run(runner, ["brokers", *ROUTES]) == table


def test_cli_threat_top_and_exit_codes(runner: CliRunner) -> None:
    one = json.loads(_run(runner, ["brokers", "--threat", "terrorism", *ROUTES, "-f", "json"]))
    assert [t["label"] for t in one["threats"]] == ["Terrorism"]
    _run(runner, ["brokers", *ROUTES, "--fail-on-gap"], 1)  # the CT unit alone reaches MI5
    _run(runner, ["brokers", "--threat", "public order", *ROUTES, "--fail-on-gap"], 0)
    assert "did you mean" in _run(runner, ["brokers", "--threat", "terorism", *ROUTES], 2)
    bundled = json.loads(_run(runner, ["brokers", "--top", "2", "-f", "json"]))
    assert [o["iri"] for o in bundled["overall"]][0] == f"{AG}wmctu"
    assert len(bundled["overall"]) == 2
