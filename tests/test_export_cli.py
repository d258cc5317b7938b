"""`spr-graph export`: one format at a time, to standard output or a file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core.namespaces import ONTOLOGY_GRAPH
from spr_graph.render import formats


@pytest.mark.parametrize(("fmt", "start"), [
    ("graphml", b"<?xml"), ("gexf", b"<?xml"), ("csv", b"id,label,kind"),
    ("jsonld", b"{"), ("trig", b"@prefix"), ("nquads", b"<")])
def test_each_format_goes_to_standard_output(runner: CliRunner, fmt: str, start: bytes) -> None:
    result = runner.invoke(main, ["export", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(start)


def test_csv_edges_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--format", "csv", "--table", "edges"])
    assert result.exit_code == 0
    assert result.stdout_bytes.split(b"\r\n", 1)[0].decode() == ",".join(formats.EDGE_COLUMNS)


def test_output_file_is_written_atomically_and_matches_stdout(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    result = runner.invoke(main, ["export", "--format", "graphml", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    graph = nx.read_graphml(io.BytesIO(target.read_bytes()), force_multigraph=True)
    assert graph.number_of_nodes() > 300
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]
    again = runner.invoke(main, ["export", "--format", "graphml"])
    assert again.stdout_bytes == target.read_bytes()


def test_jsonld_of_given_files(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "tiny.trig"
    data.write_text('<urn:g> { <urn:a> <urn:p> "x" . }\n', encoding="utf-8")
    result = runner.invoke(main, ["export", "--format", "jsonld", "--data", str(data)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout_bytes)
    graphs = {g["@id"]: g["@graph"] for g in document["@graph"]}
    assert graphs["urn:g"] == [{"@id": "urn:a", "urn:p": [{"@value": "x"}]}]
    # Given files are data: the bundled vocabulary comes along, as it does in a build.
    assert set(graphs) == {"urn:g", ONTOLOGY_GRAPH}


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--format", "xlsx"])
    assert result.exit_code == 2


def test_bad_input_and_unwritable_output_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["export", "--format", "trig", "--data", "nope.trig"])
    assert missing.exit_code == 2
    assert missing.output.startswith("spr-graph: error: nope.trig")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    blocked = runner.invoke(main, ["export", "--format", "trig", "-o",
                                   str(tmp_path / "file" / "out.trig")])
    assert blocked.exit_code == 2
    assert "cannot write" in blocked.output
