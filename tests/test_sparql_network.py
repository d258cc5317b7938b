"""No query reaches the network: an audit hook sees every Python socket connection, and a
canary listener on 127.0.0.1 sees any connection at all (Oxigraph's Rust HTTP client
included). Every SERVICE, FROM and LOAD below points at the canary. SPARQL that comes
from data (shapes, rules, targets, owl:imports) is tested the same way in
``test_data_sparql_network.py``."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from sparql_support import SERVICE_PATTERNS, Canary, uvicorn_server

from spr_graph.cli import main
from spr_graph.core.errors import QueryError, QueryRefused
from spr_graph.sparql.engine import OxigraphRunner, RdflibRunner, execute
from spr_graph.sparql.serve import create_app
from spr_graph.store.load import Loaded
from spr_graph.store.rdflib_bridge import dataset

_CONNECTS: list[tuple[Any, ...]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        _CONNECTS.append(args[1] if len(args) > 1 else args)


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one only records


@pytest.fixture
def canary() -> Iterator[Canary]:
    watcher = Canary()
    _CONNECTS.clear()
    yield watcher
    watcher.close()


def connects_to(port: int) -> list[Any]:
    return [a for a in _CONNECTS if isinstance(a, tuple) and len(a) >= 2 and a[1] == port]


BACKSLASH = "\\"


def service_queries(url: str, *, nested: bool = False) -> list[str]:
    """A query around each of sparql_support's SERVICE_PATTERNS (SERVICE within SERVICE,
    which overflows rdflib's parser and is refused as too deep, only when ``nested``)."""
    origin = url.rsplit("/", 1)[0]
    return [f"PREFIX canary: <{origin}/> SELECT * WHERE {{ "
            f"{pattern.replace('@URL@', url).replace(BACKSLASH * 2, BACKSLASH)} }}"
            for name, pattern in SERVICE_PATTERNS.items() if (name == "nested") == nested]


def unsafe_queries(url: str) -> list[str]:
    return [
        *service_queries(url),
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_canary_and_the_hook_do_see_connections(canary: Canary) -> None:
    # Positive controls: Oxigraph left unchecked does call SERVICE, from Rust, where the
    # audit hook cannot see it; a Python connection is seen by both.
    with pytest.raises(Exception):  # noqa: B017 - the canary answers nothing
        list(ox.Store().query(  # type: ignore[arg-type]
            f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"))
    socket.create_connection(("127.0.0.1", canary.port), 2).close()
    canary.close()
    assert len(canary.contacts) == 2
    assert len(connects_to(canary.port)) == 1


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_library_queries_never_connect(bundled: Loaded, bundled_quads: list[ox.Quad],
                                       canary: Canary, engine: str) -> None:
    runner = OxigraphRunner(bundled.store) if engine == "oxigraph" else RdflibRunner(
        dataset(bundled_quads))
    for text in unsafe_queries(canary.url):
        with pytest.raises(QueryRefused):
            execute(runner, text, timeout=5)
    canary.close()
    assert canary.contacts == [] and connects_to(canary.port) == []


def test_command_line_queries_never_connect(runner: CliRunner, canary: Canary) -> None:
    for text in unsafe_queries(canary.url):
        result = runner.invoke(main, ["query", text, "--timeout", "5"])
        assert result.exit_code == 2, result.output
    canary.close()
    assert canary.contacts == [] and connects_to(canary.port) == []


def test_the_endpoint_never_connects(bundled: Loaded, canary: Canary) -> None:
    with uvicorn_server(create_app(OxigraphRunner(bundled.store), timeout=5)) as base:
        for text in unsafe_queries(canary.url):
            response = httpx.post(f"{base}/sparql", data={"query": text}, trust_env=False)
            assert response.status_code == 403, response.text
    canary.close()
    assert canary.contacts == [] and connects_to(canary.port) == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_within_service_is_never_run(bundled: Loaded, bundled_quads: list[ox.Quad],
                                             canary: Canary, engine: str) -> None:
    runner = OxigraphRunner(bundled.store) if engine == "oxigraph" else RdflibRunner(
        dataset(bundled_quads))
    for text in service_queries(canary.url, nested=True):
        with pytest.raises(QueryError):
            execute(runner, text, timeout=5)
    canary.close()
    assert canary.contacts == [] and connects_to(canary.port) == []
