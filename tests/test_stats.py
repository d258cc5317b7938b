"""`spr-graph stats` on the bundled graph and on a tiny fixture."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core import resources

DATASET = Path(__file__).parent / "data" / "dataset"


def test_stats_prints_the_counts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    for heading in ("Entities per class", "Requirement statements, threat x C",
                    "Triples per section", "numbered paragraphs carry at least one fact"):
        assert heading in result.output
    assert "spr:PoliceForce" in result.output
    assert "Terrorism" in result.output


def test_stats_json_agrees_with_the_paper(runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["paragraphs"] == 135
    assert data["entities_per_class"]["spr:PoliceForce"] >= 5  # WMP, BTP and the region's forces
    assert set(data["threat_by_c"]) == {
        "Terrorism", "Serious and organised crime", "Public order", "Civil emergencies",
        "National cyber security incident", "Child sexual abuse"}
    assert sum(data["statements_per_c"].values()) >= sum(data["statements_per_threat"].values()) / 6
    assert data["paragraphs_with_facts"] + len(data["paragraphs_without_facts"]) == 135


def test_stats_lists_paragraphs_without_facts(runner: CliRunner) -> None:
    base = [str(resources.ontology_file()), str(DATASET / "base.trig")]
    result = runner.invoke(main, ["stats", "--format", "json", *base])
    data = json.loads(result.output)
    assert data["paragraphs"] == 1
    assert data["paragraphs_without_facts"] == []
    assert data["entities_per_class"] == {"spr:PoliceForce": 1}


def test_stats_bad_file_exits_2(runner: CliRunner) -> None:
    bad = Path(__file__).parent / "data" / "syntax" / "bom.ttl"
    result = runner.invoke(main, ["stats", str(bad)])
    assert result.exit_code == 2
