"""The analysis commands: every format parses, exit codes, files, and the same answers from
files, a persistent store (--db) and a real SPARQL server (--endpoint)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from analysis_support import ANALYSIS
from click.testing import CliRunner

from spr_graph.analysis import capacity, funding, gaps, spof, sweep, whatif
from spr_graph.cli import main
from spr_graph.core import resources

ROUTES = ["--data", str(resources.ontology_file()), "--data", str(ANALYSIS / "routes.trig")]
MONEY = ["--data", str(resources.ontology_file()), "--data", str(ANALYSIS / "money.trig")]
COMMANDS = {
    "gaps": (["gaps", *ROUTES], gaps.JSON_SCHEMA),
    "gaps-2023": (["gaps", "--edition", "2023", *ROUTES], gaps.JSON_SCHEMA),
    "spof": (["spof", *ROUTES], spof.JSON_SCHEMA),
    "whatif": (["whatif", "--remove", "TCTU", "--remove", "acc", *ROUTES], whatif.JSON_SCHEMA),
    "sweep": (["whatif", "--sweep", "--top", "0", *ROUTES], sweep.SWEEP_SCHEMA),
    "capacity": (["capacity", *MONEY], capacity.JSON_SCHEMA),
    "funding": (["funding", "--as-of", "2021-12", *MONEY], funding.JSON_SCHEMA),
}


def _run(runner: CliRunner, args: list[str], code: int = 0) -> str:
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    return result.output if code else result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_follows_the_documented_schema(runner: CliRunner, name: str) -> None:
    args, schema = COMMANDS[name]
    data = json.loads(_run(runner, [*args, "--format", "json"]))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_csv_has_a_header_and_rows(runner: CliRunner, name: str) -> None:
    args, _ = COMMANDS[name]
    rows = list(csv.reader(io.StringIO(_run(runner, [*args, "--format", "csv"]))))
    assert len(rows) >= 2
    assert all(len(row) == len(rows[0]) for row in rows)
    assert all(cell and cell == cell.strip() for cell in rows[0])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_markdown_and_table(runner: CliRunner, name: str) -> None:
    args, _ = COMMANDS[name]
    markdown = _run(runner, [*args, "--format", "markdown"])
    assert markdown.startswith("## ")
    assert "\n|---|" in markdown
    table = _run(runner, args)
    assert table.splitlines()[1].startswith("===")
    assert _run(runner, args) == table  # deterministic


@pytest.mark.parametrize(("args", "gap"), [
    (["gaps", *ROUTES], True),
    (["spof", *ROUTES], True),
    (["whatif", "--remove", "TCTU", *ROUTES], True),
    (["whatif", "--remove", "CEOP", *ROUTES], False),
    (["capacity", *MONEY], True),
    (["funding", "--as-of", "2021-12", *MONEY], True),
    (["funding", "--as-of", "2020-03", *MONEY], False),
])
def test_fail_on_gap_exits_1_only_with_findings(runner: CliRunner, args: list[str],
                                                gap: bool) -> None:
    _run(runner, args, 0)
    _run(runner, [*args, "--fail-on-gap"], 1 if gap else 0)


def test_output_file_matches_stdout(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "gaps.json"
    printed = _run(runner, ["gaps", *ROUTES, "--format", "json"])
    assert _run(runner, ["gaps", *ROUTES, "--format", "json", "-o", str(target)]) == ""
    assert target.read_text(encoding="utf-8") == printed
    assert [p.name for p in target.parent.iterdir()] == ["gaps.json"]


def test_unwritable_output_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    output = _run(runner, ["capacity", *MONEY, "-o", str(blocker / "out.csv")], 2)
    assert "cannot write" in output and "Traceback" not in output


@pytest.mark.parametrize("args", [
    ["whatif", *ROUTES],
    ["whatif", "--sweep", "--remove", "TCTU", *ROUTES],
    ["funding", "--as-of", "March", *MONEY],
    ["gaps", "--edition", "1999", *ROUTES],
    ["whatif", "--remove", "Tinyshire Police", *ROUTES],
])
def test_bad_usage_exits_2(runner: CliRunner, args: list[str]) -> None:
    assert "Traceback" not in _run(runner, args, 2)


def test_csv_neutralises_formulas(runner: CliRunner, tmp_path: Path) -> None:
    hostile = (ANALYSIS / "money.trig").read_text(encoding="utf-8").replace(
        '"CBRN grant"@en', '"=HYPERLINK(\\"http://x\\")"@en')
    path = tmp_path / "hostile.trig"
    path.write_text(hostile, encoding="utf-8")
    text = _run(runner, ["funding", "--data", str(resources.ontology_file()), "--data",
                         str(path), "--format", "csv"])
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c.startswith("=") for c in cells)


def test_bundled_gaps_table(runner: CliRunner) -> None:
    text = _run(runner, ["gaps"])
    assert "Public order" in text and "no-connectivity" in text


def _answers(runner: CliRunner, source: list[str]) -> list[dict[str, object]]:
    commands = [["gaps"], ["spof", "--top", "0"], ["capacity"], ["funding", "--as-of", "2021-03"],
                ["whatif", "--remove", "ACC Security"]]
    return [json.loads(_run(runner, [*c, *source, "--format", "json"])) for c in commands]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spr_graph.store.db import load_into_db

    path = tmp_path_factory.mktemp("db") / "store"
    load_into_db(path)
    return path


def test_db_gives_the_same_answers_as_files(runner: CliRunner, store: Path) -> None:
    assert _answers(runner, ["--db", str(store)]) == _answers(runner, [])


@pytest.mark.server
def test_endpoint_gives_the_same_answers_as_files(runner: CliRunner, store: Path,
                                                  tmp_path: Path) -> None:
    import shutil

    from sparql_support import oxigraph_server

    served = tmp_path / "served"
    shutil.copytree(store, served)
    with oxigraph_server(served) as base:
        assert _answers(runner, ["--endpoint", f"{base}/query"]) == _answers(runner, [])
