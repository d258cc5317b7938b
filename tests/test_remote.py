"""Remote SPARQL servers: a real Oxigraph server (the `oxigraph` PyPI package) started
here, loaded with `push`, queried with `--endpoint`; and small local servers that hang,
fail, or answer with HTML or malformed JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from sparql_support import (
    CHAIRS,
    canned_server,
    free_port,
    hanging_server,
    oxigraph_server,
)

from spr_graph.cli import main
from spr_graph.core.errors import EndpointError, InputError
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.engine import OxigraphRunner, execute
from spr_graph.sparql.params import bindings
from spr_graph.sparql.remote import RemoteRunner
from spr_graph.store.endpoint import check_url, push, remote_select
from spr_graph.store.load import Loaded

pytestmark = pytest.mark.server
CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding the bundled dataset, pushed by `spr-graph push`."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store"])
        assert result.exit_code == 0, result.output
        assert "graphs sent to" in result.output
        yield base


def test_push_preserves_every_named_graph(server: str, bundled: Loaded) -> None:
    count = ("SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) "
             "WHERE { GRAPH ?g { ?s ?p ?o } }")
    remote = execute(RemoteRunner(f"{server}/query"), count)
    local = execute(OxigraphRunner(bundled.store), count)
    assert remote.rows == local.rows
    assert int(remote.rows[0][0].value) == len(list(bundled.store.named_graphs()))


def test_pushing_again_replaces_rather_than_duplicates(server: str, bundled: Loaded,
                                                      bundled_quads: list[ox.Quad]) -> None:
    sent = push(f"{server}/store", bundled_quads)
    assert sum(sent.values()) == len(bundled.store)
    count = execute(RemoteRunner(f"{server}/query"),
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count.rows[0][0].value) == len(bundled.store)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_the_catalogue_answers_the_same_remotely(server: str, bundled: Loaded,
                                                 name: str) -> None:
    query = CATALOGUE[name]
    values = bindings(query.example_call(required_only=True), query.params)
    remote = execute(RemoteRunner(f"{server}/query"), query.text, values, source=query.source)
    local = execute(OxigraphRunner(bundled.store), query.text, values, source=query.source)
    assert (remote.variables, remote.rows) == (local.variables, local.rows)


def test_query_command_on_an_endpoint(runner: CliRunner, server: str) -> None:
    local = runner.invoke(main, ["query", "who-chairs"])
    remote = runner.invoke(main, ["query", "who-chairs", "--endpoint", f"{server}/query"])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output and "ACC Security" in remote.output
    ask = runner.invoke(main, ["query", "ASK { ag:wmp spr:chairs ?b }", "--endpoint",
                               f"{server}/query"])
    assert (ask.exit_code, ask.output) == (1, "false\n")
    graph = runner.invoke(main, ["query", "CONSTRUCT WHERE { ag:rocu skos:altLabel ?l }",
                                 "-f", "ntriples", "--endpoint", f"{server}/query"])
    assert graph.exit_code == 0 and '"ROCU"@en' in graph.output
    refused = runner.invoke(main, ["query", "SELECT * FROM <http://x.example/> WHERE { ?s ?p ?o }",
                                   "--endpoint", f"{server}/query"])
    assert refused.exit_code == 2 and "names no graph" in refused.output


def test_analysis_commands_run_on_an_endpoint(runner: CliRunner, server: str) -> None:
    local = runner.invoke(main, ["funding", "--format", "json"])
    remote = runner.invoke(main, ["funding", "--format", "json", "--endpoint", f"{server}/query"])
    assert remote.exit_code == local.exit_code, remote.output
    assert json.loads(remote.output) == json.loads(local.output)


def test_remote_select_reads_rows(server: str) -> None:
    rows = list(remote_select(f"{server}/query")(
        "SELECT ?l WHERE { ag:socex-board skos:prefLabel ?l }"))
    assert rows == [{"l": "SOCEX Board"}]


def test_a_server_without_a_union_default_graph_is_explained(
        tmp_path: Path, bundled_quads: list[ox.Quad]) -> None:
    with oxigraph_server(tmp_path, union=False) as base:
        push(f"{base}/store", bundled_quads)
        with pytest.raises(EndpointError, match="--union-default-graph"):
            execute(RemoteRunner(f"{base}/query"), CHAIRS)


def run_remote(runner: CliRunner, url: str, *extra: str) -> tuple[int, str, float]:
    started = time.monotonic()
    result = runner.invoke(main, ["query", "ASK { ?s ?p ?o }", "--endpoint", url, *extra])
    return result.exit_code, result.output, time.monotonic() - started


def test_a_hanging_server_times_out(runner: CliRunner) -> None:
    with hanging_server() as url:
        code, output, elapsed = run_remote(runner, url, "--timeout", "1")
    assert code == 2 and f"{url} did not answer within 1 s" in output
    assert elapsed < 15


@pytest.mark.parametrize(("status", "body", "kind", "message"), [
    (500, b"java.lang.OutOfMemoryError", "text/plain", "answered HTTP 500 Internal Server "
                                                      "Error: java.lang.OutOfMemoryError"),
    (503, b"", "text/plain", "answered HTTP 503 Service Unavailable: (no body)"),
    (200, b"<html><body>Login</body></html>", "text/html", "answered HTTP 200 with an HTML page"),
    (200, b'{"head": {"vars": ["s"]}, "results": ', "application/sparql-results+json",
     "answered HTTP 200 with malformed SPARQL JSON results"),
    (200, b"s\n<a>\n", "text/tab-separated-values", "answered HTTP 200 with "
                                                    "'text/tab-separated-values'"),
])
def test_bad_answers_name_the_endpoint_and_status(runner: CliRunner, status: int, body: bytes,
                                                  kind: str, message: str) -> None:
    with canned_server(status, body, kind) as url:
        code, output, _ = run_remote(runner, url)
    assert code == 2 and f"{url} {message}" in output and "Traceback" not in output


def test_nothing_listening_is_a_clear_error(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, output, _ = run_remote(runner, url)
    assert code == 2 and f"cannot reach {url}" in output


def test_push_errors_name_the_server(runner: CliRunner) -> None:
    with canned_server(500, b"disk full", "text/plain") as url:
        result = runner.invoke(main, ["push", "--endpoint", url])
    assert result.exit_code == 2 and "answered HTTP 500" in result.output and url in result.output


def test_only_http_urls_are_accepted(runner: CliRunner) -> None:
    for url in ("file:///etc/passwd", "ftp://x/", "localhost:7878"):
        with pytest.raises(InputError):
            check_url(url)
    result = runner.invoke(main, ["query", "ASK {}", "--endpoint", "file:///etc/passwd"])
    assert result.exit_code == 2 and "is not an http(s) URL" in result.output
