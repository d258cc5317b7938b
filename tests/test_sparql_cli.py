"""`spr-graph query`, `queries` and `push --db` through the command line (CliRunner)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hostile_support import (
    assert_no_temp_files,
    assert_one_line_error,
    assert_unchanged,
    snapshot,
    spawn,
)
from sparql_support import CHAIRS, CROSS, GREEDY, RUNAWAY, cross_quads

from spr_graph.cli import main
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.store.db import load_into_db


def test_inline_query_shows_labels_not_iris(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", CHAIRS])
    assert result.exit_code == 0, result.output
    assert "ACC Security" in result.output and "SOCEX Board" in result.output
    assert "https://" not in result.output and "post:acc-security" not in result.output
    with_iris = runner.invoke(main, ["query", CHAIRS, "--iris"])
    assert "ACC Security (post:acc-security)" in with_iris.output


def test_query_from_a_file_stdin_and_the_catalogue(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chairs.rq"
    path.write_text(CHAIRS, encoding="utf-8")
    by_file = runner.invoke(main, ["query", str(path), "-f", "csv"])
    by_stdin = runner.invoke(main, ["query", "-", "-f", "csv"], input=CHAIRS)
    assert by_file.exit_code == by_stdin.exit_code == 0
    assert by_file.output == by_stdin.output
    assert by_file.stdout_bytes.startswith(b"chair,chair_label,board,board_label\r\n")
    by_name = runner.invoke(main, ["query", "who-chairs", "-p", "board=ag:socex-board", "-f",
                                   "csv"])
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output.splitlines()[1:] == [
        "https://w3id.org/spr-graph/id/post/acc-security,ACC Security,"
        "https://w3id.org/spr-graph/id/organisation/socex-board,SOCEX Board,61"]


def test_a_query_file_may_declare_parameters(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "label.rq"
    path.write_text("#+ summary: a label\n#+ param: thing iri required -- what\n"
                    "SELECT ?label WHERE { ?thing skos:prefLabel ?label }\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(path), "-p", "thing=ag:rocu", "-f", "tsv"])
    assert result.output.splitlines()[1] == '"West Midlands Regional Organised Crime Unit"@en'
    missing = runner.invoke(main, ["query", str(path)])
    assert missing.exit_code == 2 and "parameter 'thing' is required" in missing.output


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "csv", "markdown", "table"])
def test_every_solution_format(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(main, ["query", CHAIRS, "-f", fmt])
    assert result.exit_code == 0, result.output
    if fmt in ("json", "xml", "tsv"):
        kind = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                "tsv": ox.QueryResultsFormat.TSV}[fmt]
        assert len(list(ox.parse_query_results(result.output.encode(), kind))) == 2


def test_construct_gives_turtle_by_default(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "CONSTRUCT WHERE { ag:rocu skos:altLabel ?l }"])
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(result.output.encode(), format=ox.RdfFormat.TURTLE))
    assert {q.object.value for q in quads} >= {"ROCU"}
    wrong = runner.invoke(main, ["query", "CONSTRUCT WHERE { ag:rocu skos:altLabel ?l }", "-f",
                                 "csv"])
    assert wrong.exit_code == 2 and "gives a graph" in wrong.output


def test_ask_sets_the_exit_code(runner: CliRunner) -> None:
    yes = runner.invoke(main, ["query", "ASK { post:acc-security spr:chairs ag:socex-board }"])
    no = runner.invoke(main, ["query", "ASK { ag:wmp spr:chairs ag:socex-board }"])
    assert (yes.exit_code, yes.output) == (0, "true\n")
    assert (no.exit_code, no.output) == (1, "false\n")


@pytest.mark.parametrize(("text", "message"), [
    ("DROP ALL", "updates"),
    ("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "names no graph"),
    ("SELECT ?s WHERE {\n  ?s ?p\n}", "query:2:3: SPARQL syntax error"),
])
def test_refusals_and_errors_exit_2_without_output(runner: CliRunner, text: str,
                                                   message: str) -> None:
    result = runner.invoke(main, ["query", text])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_syntax_errors_in_files_name_file_line_and_column(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# a comment\nSELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:9: SPARQL syntax error" in result.output


def test_unknown_catalogue_name_suggests_close_ones(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "who-chair"])
    assert result.exit_code == 2 and "did you mean who-chairs" in result.output


def test_timeout_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "cross.nq"
    data.write_bytes(ox.serialize(cross_quads(), format=ox.RdfFormat.N_QUADS))
    out = tmp_path / "out.csv"
    out.write_text("previous results\n", encoding="utf-8")
    # `query` evaluates in a thread of its own process, which the real command then ends;
    # under CliRunner that thread finishes CROSS (about 1 s) in the background.
    result = runner.invoke(main, ["query", CROSS, "--data", str(data), "--timeout", "0.1",
                                  "-o", str(out)])
    assert result.exit_code == 2
    assert "stopped after 0.1 s" in result.output
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cross.nq", "out.csv"]


LIMITS = {"timeout": (RUNAWAY, ["--timeout", "1"], "stopped after 1 s (--timeout)"),
          "memory": (GREEDY, ["--max-memory", "200", "--timeout", "600"],
                     "used more than 200 MB of memory")}


@pytest.mark.parametrize("limit", sorted(LIMITS))
@pytest.mark.parametrize("store", ["memory", "db"])
def test_the_real_command_stops_a_runaway_query_at_its_limit(tmp_path: Path, store: str,
                                                             limit: str) -> None:
    """A query that would run for hours, or take all the memory, ends at the time limit
    or the memory cap: exit 2, one line, the previous output untouched."""
    query, options, says = LIMITS[limit]
    out = tmp_path / "out.csv"
    out.write_text("previous results\n", encoding="utf-8")
    source: list[str] = []
    if store == "db":
        load_into_db(tmp_path / "graph.db")
        source = ["--db", str(tmp_path / "graph.db")]
    before = snapshot(tmp_path)
    with spawn(["query", query, *source, *options, "-f", "csv", "-o", str(out)]) as running:
        done = running.finish(timeout=300)
    assert_one_line_error(done, 2, contains=says)
    assert_unchanged(before, tmp_path)
    assert_no_temp_files(tmp_path)


def test_output_file_is_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "chairs.json"
    result = runner.invoke(main, ["query", CHAIRS, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.output == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["results"]["bindings"]) == 2
    again = runner.invoke(main, ["query", CHAIRS, "-f", "json", "-o", str(out)])
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == json.dumps(
        json.loads(out.read_text(encoding="utf-8")), indent=2, ensure_ascii=False) + "\n"


def test_limit_is_reported(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "SELECT ?s WHERE { ?s a spr:PoliceUnit }",
                                  "--limit", "2"])
    assert result.exit_code == 0
    assert "truncated at --limit 2" in result.output
    assert "results cut at --limit 2; more exist" in result.output


def test_query_on_given_files(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "tiny.trig"
    data.write_text("<https://example.org/g> { <https://example.org/a> "
                    "<http://www.w3.org/2004/02/skos/core#prefLabel> \"A <b>\" . }\n",
                    encoding="utf-8")
    result = runner.invoke(main, ["query", "SELECT ?s WHERE { ?s skos:prefLabel ?l }",
                                  "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "A <b>" in result.output
    both = runner.invoke(main, ["query", "ASK {}", "--data", str(data), "--db", str(tmp_path)])
    assert both.exit_code == 2 and "give only one" in both.output


def test_push_db_then_query_db(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    pushed = runner.invoke(main, ["push", "--db", str(db)])
    assert pushed.exit_code == 0, pushed.output
    assert "named graphs stored in" in pushed.output
    local = runner.invoke(main, ["query", "who-chairs", "-f", "csv"])
    stored = runner.invoke(main, ["query", "who-chairs", "-f", "csv", "--db", str(db)])
    assert stored.exit_code == 0 and stored.output == local.output
    missing = runner.invoke(main, ["query", "who-chairs", "--db", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "spr-graph push --db" in missing.output


def test_push_needs_one_destination(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["push"]).exit_code == 2
    both = runner.invoke(main, ["push", "--db", str(tmp_path), "--endpoint", "http://x/"])
    assert both.exit_code == 2


def test_queries_lists_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(main, ["queries"])
    assert result.exit_code == 0
    for name, query in load_catalogue().items():
        assert f"{name}  " in result.output and query.summary in result.output
    assert "--param by=<date>  (default 2021-03-31)" in result.output
    listed = json.loads(runner.invoke(main, ["queries", "--format", "json"]).output)
    assert [q["name"] for q in listed] == sorted(load_catalogue())
    assert listed[0]["params"] is not None


def test_queries_show_prints_the_file(runner: CliRunner) -> None:
    result = runner.invoke(main, ["queries", "show", "funding-ending"])
    assert result.exit_code == 0
    assert result.output == load_catalogue()["funding-ending"].text
    assert runner.invoke(main, ["queries", "show", "nope"]).exit_code == 2
    assert "Example:" in runner.invoke(main, ["queries", "show", "--help"]).output


@pytest.mark.parametrize("cpu", [0.0, 0.5, 1.5])
def test_ctrl_c_ends_a_query_with_one_line_and_exit_130(tmp_path: Path, cpu: float) -> None:
    """At start-up (imports, loading) and while the query runs. The query thread may take
    the signal, not the main thread: the main thread must still notice it at once (it
    waits in short steps, not in one long wait that a signal on another thread cannot
    interrupt)."""
    out = tmp_path / "out.csv"
    with spawn(["query", RUNAWAY, "--timeout", "600", "-o", str(out)]) as running:
        if cpu:
            running.wait_busy(cpu)
        running.process.send_signal(signal.SIGINT)
        done = running.finish(timeout=60)
    if done.returncode == -signal.SIGINT:  # before Python set up its handler: fine
        assert done.stderr == ""
    else:
        assert done.returncode == 130, done.stderr
        assert (done.stdout, done.stderr) == ("", "spr-graph: interrupted\n")
    assert not out.exists()
