"""The engines: time limits that really stop a query, row limits, provenance through
GRAPH ?g, the persistent store, and the killable worker itself."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_support import CROSS, RUNAWAY, cross_quads

from spr_graph.core.errors import InputError, ParseError, QueryError, QueryTimeout
from spr_graph.sparql import worker
from spr_graph.sparql.engine import OxigraphRunner, RdflibRunner, execute, open_runner
from spr_graph.sparql.results import rows_as_text
from spr_graph.store.db import load_into_db, open_db
from spr_graph.store.load import Loaded
from spr_graph.store.rdflib_bridge import dataset

CHAIRS = """SELECT ?chair ?board ?n WHERE {
  GRAPH ?g { ?chair spr:chairs ?board }
  ?g prov:wasDerivedFrom/spr:paragraphNumber ?n }"""
SOCEX = ("https://w3id.org/spr-graph/id/post/acc-security",
         "https://w3id.org/spr-graph/id/organisation/socex-board", "61")


@pytest.fixture(scope="module")
def rdflib_runner(bundled_quads: list[ox.Quad]) -> RdflibRunner:
    return RdflibRunner(dataset(bundled_quads))


def test_graph_g_gives_the_paragraph_of_each_fact(bundled: Loaded,
                                                  rdflib_runner: RdflibRunner) -> None:
    for runner in (OxigraphRunner(bundled.store), rdflib_runner):
        assert SOCEX in rows_as_text(execute(runner, CHAIRS))


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_runaway_query_is_stopped_at_the_timeout(bundled: Loaded, rdflib_runner: RdflibRunner,
                                                   engine: str) -> None:
    runner = OxigraphRunner(bundled.store) if engine == "oxigraph" else rdflib_runner
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        execute(runner, RUNAWAY, timeout=1)
    assert time.monotonic() - started < 15  # stopped, not run to completion


def test_a_one_shot_runner_stops_waiting_at_the_timeout_and_answers_in_this_process() -> None:
    store = ox.Store()
    store.extend(cross_quads())
    one_shot = OxigraphRunner(store, one_shot=True)
    with pytest.raises(QueryTimeout, match="stopped after 0.1 s"):
        execute(one_shot, CROSS, timeout=0.1)  # about 1 s of work
    # The evaluation goes on in a thread of this process (`spr-graph query` then exits).
    left = [t for t in threading.enumerate() if t.name == "spr-graph-query"]
    assert left and all(t.is_alive() for t in left)
    answer = execute(one_shot, "SELECT ?s WHERE { ?s ?p 7 }", timeout=5)
    assert rows_as_text(answer) == [("urn:x:s7",)]
    for thread in left:
        thread.join(60)  # CROSS ends by itself
    assert not any(t.is_alive() for t in left)


def test_limit_cuts_visibly_and_zero_rows_is_fine(bundled: Loaded) -> None:
    runner = OxigraphRunner(bundled.store)
    result = execute(runner, "SELECT ?s WHERE { ?s a spr:PoliceUnit }", limit=3)
    assert len(result.rows) == 3 and result.truncated and result.limit == 3
    whole = execute(runner, "SELECT ?s WHERE { ?s a spr:PoliceUnit }", limit=None)
    assert not whole.truncated and len(whole.rows) > 3
    assert execute(runner, "SELECT ?s WHERE { ?s a spr:Nothing }").rows == []


def test_unordered_answers_come_in_a_stable_order(bundled: Loaded) -> None:
    runner = OxigraphRunner(bundled.store)
    rows = rows_as_text(execute(runner, "SELECT ?s WHERE { ?s a spr:PoliceUnit }"))
    assert rows == sorted(rows)


def test_construct_and_ask(bundled: Loaded) -> None:
    runner = OxigraphRunner(bundled.store)
    graph = execute(runner, "CONSTRUCT WHERE { ag:rocu skos:prefLabel ?l }")
    assert graph.is_graph and len(graph.triples) == 1
    assert execute(runner, "ASK { ag:wmp a spr:PoliceForce }").boolean is True
    assert execute(runner, "ASK { ag:wmp a spr:Threat }").boolean is False


def test_from_a_paragraph_graph_restricts_the_default_graph(bundled: Loaded,
                                                           rdflib_runner: RdflibRunner) -> None:
    g061 = "https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/p061"
    query = f"SELECT DISTINCT ?board WHERE {{ GRAPH <{g061}> {{ ?c spr:chairs ?board }} }}"
    from_query = f"SELECT DISTINCT ?board FROM <{g061}> WHERE {{ ?c spr:chairs ?board }}"
    for runner in (OxigraphRunner(bundled.store), rdflib_runner):
        assert rows_as_text(execute(runner, from_query)) == rows_as_text(execute(runner, query))
        assert rows_as_text(execute(runner, query)) == [(SOCEX[1],)]


def test_labels_prefer_english_preferred_labels(bundled: Loaded,
                                                rdflib_runner: RdflibRunner) -> None:
    iris = [SOCEX[0], "https://w3id.org/spr-graph/id/threat/2015/terrorism",
            "https://example.org/unlabelled"]
    for runner in (OxigraphRunner(bundled.store), rdflib_runner):
        assert runner.labels(iris, 5) == {SOCEX[0]: "ACC Security", iris[1]: "Terrorism"}


def test_persistent_store_answers_like_the_memory_store(bundled: Loaded, tmp_path: Path) -> None:
    report = load_into_db(tmp_path / "db")
    assert report.quads == len(bundled.store) and report.graphs > 100
    from_db = OxigraphRunner(open_db(tmp_path / "db"))
    assert rows_as_text(execute(from_db, CHAIRS)) == rows_as_text(
        execute(OxigraphRunner(bundled.store), CHAIRS))
    assert open_runner(db=tmp_path / "db").graph_exists(
        "https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/p061")


def test_a_failed_load_keeps_the_old_store(tmp_path: Path) -> None:
    load_into_db(tmp_path / "db")
    before = sorted(p.name for p in (tmp_path / "db").iterdir())
    bad = tmp_path / "bad.trig"
    bad.write_text("<a:a> <a:b> .", encoding="utf-8")
    with pytest.raises(ParseError):
        load_into_db(tmp_path / "db", [bad])
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig", "db"]
    assert len(open_db(tmp_path / "db")) > 1000


def test_a_folder_of_other_files_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not an Oxigraph store"):
        load_into_db(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(InputError, match="not an Oxigraph store"):
        open_db(tmp_path)
    with pytest.raises(InputError, match="no Oxigraph store here"):
        open_db(tmp_path / "missing")


def test_worker_returns_values_and_errors() -> None:
    assert worker.call(lambda: {"rows": [1, 2]}, 5) == {"rows": [1, 2]}

    def refuse() -> None:
        raise InputError("bad input")

    def crash() -> None:
        raise ValueError("boom")

    with pytest.raises(InputError, match="bad input"):
        worker.call(refuse, 5)
    with pytest.raises(QueryError, match="the query failed: boom"):
        worker.call(crash, 5)
    with pytest.raises(QueryError, match="ended unexpectedly \\(exit code 3\\)"):
        worker.call(lambda: os._exit(3), 5)



def test_a_timed_out_worker_is_killed_and_reaped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"

    def linger() -> None:
        pid_file.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)

    with pytest.raises(QueryTimeout):
        worker.call(linger, 1)
    pid = int(pid_file.read_text(encoding="utf-8"))
    assert pid != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_thread_fallback_keeps_the_time_limit() -> None:
    assert worker.call_in_thread(lambda: 42, 5) == 42
    with pytest.raises(QueryTimeout):
        worker.call_in_thread(lambda: time.sleep(5), 0.2)
    with pytest.raises(QueryError, match="the query failed: boom"):
        worker.call_in_thread(lambda: (_ for _ in ()).throw(ValueError("boom")), 5)


def test_an_engine_error_becomes_a_query_error() -> None:
    store = ox.Store()
    runner = OxigraphRunner(store)
    # rdflib accepts a BIND of an already bound variable; Oxigraph refuses it.
    with pytest.raises(QueryError):
        execute(runner, "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) }")
