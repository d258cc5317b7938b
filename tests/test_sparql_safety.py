"""Every unsafe query form is refused before execution; harmless look-alikes are not;
rdflib's SPARQL grammar survives threads and forks."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from spr_graph.core.errors import QueryError, QueryRefused, QueryTimeout
from spr_graph.sparql import safety
from spr_graph.sparql.engine import RdflibRunner, execute
from spr_graph.sparql.safety import MAX_QUERY_CHARS, check
from spr_graph.store.rdflib_bridge import dataset

G061 = "https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/p061"


def graph_exists(iri: str) -> bool:
    return iri == G061


UPDATES = [
    "INSERT DATA { ag:x ag:y ag:z }",
    "DELETE DATA { ag:x ag:y ag:z }",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT { ?s a ag:x } WHERE { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP GRAPH <http://example.org/g>",
    "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "MOVE DEFAULT TO <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c } ; DROP ALL",
    "drop all",
]

SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?e a ?t . SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <file:///etc/passwd> { ?a ?b ?c } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://x.example/> { ?a ?b ?c } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://x.example/> { ?s ?b ?c } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x.example/> { ?s ?b ?c } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.example/> { ?s ?b ?c } } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <http://x.example/> { ?s ?b ?c } } }",
    "ASK { SERVICE <http://x.example/> { ?s ?b ?c } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }",
    "select * where { service <http://x.example/> { ?s ?p ?o } }",
    # A Unicode escape spelling the keyword: expanded before parsing, so still SERVICE.
    "SELECT * WHERE { \\u0053ERVICE <http://x.example/> { ?s ?p ?o } }",
]

DATASETS = [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/remote> WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"SELECT * FROM <{G061}> FROM <https://example.org/other> WHERE {{ ?s ?p ?o }}",
    "ASK FROM <file:///etc/shadow> { ?s ?p ?o }",
]

ALLOWED = [
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x.example/> { } and DROP ALL",
    "# INSERT DATA { <a:a> <a:b> <a:c> }\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> 'SERVICE FROM DROP' }",
    'SELECT * WHERE { ?s ?p """LOAD <file:///etc/passwd>\nSERVICE""" }',
    "SELECT ?service ?from WHERE { ?service ?from ?drop }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ex:load }",
    f"SELECT * FROM <{G061}> WHERE {{ ?s ?p ?o }}",
    f"SELECT * FROM NAMED <{G061}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * WHERE { GRAPH <http://example.org/not-loaded> { ?s ?p ?o } }",
    # The escape is expanded once into a comment; every engine then reads a comment.
    'SELECT * WHERE { ?s ?p "a\\u0022 # " SERVICE <http://x.example/> { ?s ?p ?o }\n}',
]


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="updates"):
        check(text, graph_exists)


@pytest.mark.parametrize("text", SERVICES)
def test_service_in_every_form_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(text, graph_exists)


@pytest.mark.parametrize("text", DATASETS)
def test_from_outside_the_dataset_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="names no graph of this dataset"):
        check(text, graph_exists)


def test_from_is_refused_when_the_graphs_are_unknown() -> None:
    with pytest.raises(QueryRefused):
        check(f"SELECT * FROM <{G061}> WHERE {{ ?s ?p ?o }}")


@pytest.mark.parametrize("text", ALLOWED)
def test_harmless_look_alikes_are_allowed(text: str) -> None:
    assert check(text, graph_exists).form == "SELECT"


def test_the_checked_text_is_what_runs() -> None:
    checked = check("SELECT ?x WHERE { ?x ?p \"caf\\u00e9\" }")
    assert "café" in checked.text and "\\u" not in checked.text


def test_an_escaped_escape_is_refused() -> None:
    # \u005C is a backslash: expanded once it leaves "\u000A", which another engine
    # would expand again into a newline that ends the comment and exposes SERVICE.
    text = "SELECT * WHERE { ?s ?p ?o # \\u005Cu000A SERVICE <http://x.example/> { }\n}"
    with pytest.raises(QueryRefused, match="escaped Unicode escape"):
        check(text)


@pytest.mark.parametrize(("text", "line", "column"), [
    ("SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }", 3, 3),
    ("SELECT ?x\nWHERE { ?x ?p }", 2, 9),
    ("SELEC ?x WHERE { ?x ?p ?o }", 1, 1),
])
def test_syntax_errors_give_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        check(text, source="my.rq")
    assert str(caught.value).startswith(f"my.rq:{line}:{column}: SPARQL syntax error")


def test_unknown_prefix_is_named() -> None:
    with pytest.raises(QueryError, match="unknown prefix nope"):
        check("SELECT * WHERE { ?s nope:p ?o }")


@pytest.mark.parametrize("text", ["", "   \n", "x" * (MAX_QUERY_CHARS + 1)])
def test_empty_and_oversized_queries_are_refused(text: str) -> None:
    with pytest.raises(QueryError):
        check(text)


def test_invalid_escape_is_located() -> None:
    with pytest.raises(QueryError, match="1:21: invalid Unicode escape"):
        check('SELECT * WHERE { ?s \\uD800 ?o }')


def test_checked_query_describes_the_query() -> None:
    checked = check("PREFIX ex: <http://example.org/>\n"
                    "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ex:p ?b } GROUP BY ?a ORDER BY ?n")
    assert checked.form == "SELECT"
    assert checked.ordered
    assert {"a", "b", "n"} <= checked.variables
    assert checked.declared_prefixes == frozenset({"ex"})
    assert not check("SELECT * WHERE { ?s ?p ?o }").ordered
    assert check("ASK { ?s ?p ?o }").form == "ASK"
    assert check("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert check("DESCRIBE ag:wmp").form == "DESCRIBE"


#: Parses every catalogue query from several threads at once, on a grammar no thread has
#: used yet (a fresh interpreter), then once more alone; prints the failures.
COLD_GRAMMAR = """
import sys, threading
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.safety import check

texts = [q.text for q in load_catalogue().values()]
threads, errors = int(sys.argv[1]), []
barrier = threading.Barrier(threads)

def work(n):
    barrier.wait(60)
    for i, text in enumerate(texts):
        try:
            check(f"{text}\\n# {n} {i}")
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
for thread in pool:
    thread.start()
for thread in pool:
    thread.join(120)
for text in texts:
    try:
        check(text + "\\n# alone, afterwards")
    except Exception as exc:
        errors.append(f"afterwards: {type(exc).__name__}: {exc}")
print(len(errors), errors[:3])
"""


@pytest.mark.parametrize("threads", [2, 8])
def test_threads_parsing_at_once_on_a_cold_grammar(threads: int) -> None:
    # pyparsing learns each parse action's arity on its first calls; two threads
    # learning at once left it wrong for good (Param.postParse2() missing 1 required
    # positional argument), every later parse failing. subprocess.run kills on timeout.
    done = subprocess.run([sys.executable, "-c", COLD_GRAMMAR, str(threads)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0 []", done.stdout[:2000]


def test_a_fork_never_inherits_the_grammar_mid_parse() -> None:
    # rdflib's runner parses again in its forked worker. A child forked while another
    # thread held the grammar would wait for a lock nobody in it can release.
    runner = RdflibRunner(dataset([ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"),
                                           ox.Literal(1), ox.NamedNode("urn:x:g"))]))
    stop = threading.Event()

    def parse_all_the_time() -> None:
        n = 0
        while not stop.is_set():
            check(f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o != {n}) OPTIONAL {{ ?o ?q ?r }} }}")
            n += 1

    busy = threading.Thread(target=parse_all_the_time, daemon=True)
    busy.start()
    try:
        for n in range(25):
            result = execute(runner, f"SELECT ?o WHERE {{ ?s <urn:x:p> ?o }} # {n}",
                             timeout=60)
            assert [getattr(row[0], "value", None) for row in result.rows] == ["1"]
    finally:
        stop.set()
        busy.join(60)
    assert not busy.is_alive()


@pytest.mark.parametrize("use", [
    lambda: safety.parse_query("SELECT * WHERE { ?s ?p ?o }"),
    lambda: safety.parse_update("DROP ALL"),
    lambda: safety.translate_query("ASK { ?s ?p ?o }"),
    lambda: safety.prepare_query('SELECT ?x WHERE { ?x ?p "caf\\u00e9" }'),
    lambda: check("SELECT * WHERE { ?s ?p ?o } # fresh text, not cached"),
])
def test_every_use_of_the_grammar_holds_the_lock(use: Callable[[], object]) -> None:
    """While another thread holds the grammar, no use of it starts."""
    started = threading.Event()

    def using() -> None:
        use()
        started.set()

    worker = threading.Thread(target=using, daemon=True)
    with safety._GRAMMAR:
        worker.start()
        assert not started.wait(0.5)
    worker.join(60)
    assert started.is_set()


#: About 270 KB that rdflib's grammar takes minutes to parse (20000 comparisons joined by
#: ||; 2000 of them already took 20 s on a busy 2-core machine).
SLOW_TO_PARSE = ("SELECT * WHERE { ?s ?p ?o FILTER("
                 + " || ".join(f"?o = {i}" for i in range(20_000)) + ") }")


def children() -> set[int]:
    """The processes this one has forked and not reaped (Linux: /proc). A thread may end
    between listing the tasks and reading one: its file is then gone, and so skipped."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_slow_check_is_stopped_and_holds_up_no_other() -> None:
    # With a timeout a new text is parsed in a killable worker: stopped at the limit,
    # and not under this process's grammar lock, so another check goes on meanwhile.
    outcome: list[BaseException] = []

    def slow() -> None:
        try:
            check(SLOW_TO_PARSE, timeout=20)
        except BaseException as exc:
            outcome.append(exc)

    before = children()
    thread = threading.Thread(target=slow, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not children() - before:  # until the slow text is in its worker
            assert thread.is_alive() and time.monotonic() < deadline, outcome
            time.sleep(0.01)
        small = check("SELECT ?s WHERE { ?s ?p ?o } # while a slow check runs", timeout=60)
        assert small.form == "SELECT"
        assert thread.is_alive(), "the small check waited for the slow one"
    finally:
        thread.join(120)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], QueryTimeout), outcome
    assert "checking the query took more than 20 s" in str(outcome[0])


def test_checks_in_a_worker_agree_with_checks_here_and_are_kept() -> None:
    text = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a ORDER BY ?n # kept"
    there = check(text, timeout=60)
    assert there == safety._analyse(text, "query")
    assert check(text) is there  # from the cache, however it was made
    for refused in (UPDATES[0], SERVICES[0]):
        with pytest.raises(QueryRefused):
            check(refused + " # in a worker", timeout=60)
    with pytest.raises(QueryError, match="query:1:"):
        check("SELECT ?x WHERE { ?x ?p } # in a worker", timeout=60)
