"""Naming a node on the command line: IRI, prefixed name, label, abbreviation, any case."""

from __future__ import annotations

import pytest
from analysis_support import AG, analysed
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core.errors import UnknownNodeError
from spr_graph.graph.names import NameIndex, resolve, resolve_all

CTU = f"{AG}tf-ctu"


@pytest.mark.parametrize("name", [
    CTU, f"<{CTU}>", "ag:tf-ctu", "AG:TF-CTU", "Tinyshire Counter Terrorism Unit",
    "  tinyshire   counter terrorism UNIT ", "TCTU", "tctu", "Counter Terrorism Unit",
])
def test_every_way_of_naming_a_node(name: str) -> None:
    graph, _ = analysed("routes.trig")
    assert resolve(graph, name) == CTU


def test_an_exact_label_wins_over_a_looser_match() -> None:
    graph, _ = analysed("routes.trig")
    graph = graph.copy()
    graph.nodes[f"{AG}tf-ppu"]["alt_labels"] = ["PPU", "ACC"]  # ACC is also a post's label
    assert resolve(graph, "ACC") == "https://w3id.org/spr-graph/id/post/tf-acc"


def test_resolve_all_keeps_order_and_drops_repeats() -> None:
    graph, _ = analysed("routes.trig")
    assert resolve_all(graph, ["PPU", "TCTU", "ag:tf-ppu"]) == [f"{AG}tf-ppu", CTU]


def test_unknown_name_suggests_the_closest() -> None:
    graph, _ = analysed()
    with pytest.raises(UnknownNodeError) as caught:
        resolve(graph, "RCOU")
    assert "no node is called 'RCOU'" in str(caught.value)
    assert "did you mean ROCU" in str(caught.value)
    assert caught.value.exit_code == 2


def test_ambiguous_name_lists_the_candidates() -> None:
    graph, _ = analysed()
    with pytest.raises(UnknownNodeError) as caught:
        resolve(graph, "STRA")
    text = str(caught.value)
    assert "'STRA' names 2 nodes" in text
    assert "doc:public-order-stra" in text and "doc:national-public-order-stra" in text


def test_nothing_close_explains_what_a_name_can_be() -> None:
    graph, _ = analysed("routes.trig")
    with pytest.raises(UnknownNodeError, match="prefixed name"):
        NameIndex(graph).resolve("zzzzzzzzzzzz")


@pytest.mark.parametrize("command", [["whatif", "--remove"], ["gaps", "--force"],
                                     ["spof", "--force"]])
def test_the_cli_exits_2_with_suggestions(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "RCOU"])
    assert result.exit_code == 2
    assert "did you mean ROCU" in result.output
    assert "Traceback" not in result.output
