"""The catalogue's queries checked when spr-graph is made (:mod:`spr_graph.sparql.prechecked`):
the shipped file is what the checker says now; a catalogue query bound to IRIs and
literals, hostile ones included, is exactly what the full check of the bound text gives;
anything else is checked in full; and ``spr-graph query NAME`` never loads the SPARQL
grammar. Real stores and a real process, no mocks."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import pyoxigraph as ox
import pytest
from scripts_support import load_script

from spr_graph.core import resources
from spr_graph.core.errors import QueryError
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.engine import OxigraphRunner, execute, prepare
from spr_graph.sparql.lexer import variables
from spr_graph.sparql.params import bind, bindings
from spr_graph.sparql.prechecked import CHECKED_FILE, prechecked
from spr_graph.sparql.safety import check
from spr_graph.store.load import load

CATALOGUE = load_catalogue()
HOSTILE = ['"} } ; DROP ALL #', "x\n} SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
           "\\u0053ERVICE", "x' . FILTER(false) #", "a\\\\\" } INSERT DATA { <a> <b> <c> }"]


def _script() -> ModuleType:
    return load_script("make_checked_queries")


def test_the_shipped_file_is_what_the_checker_says_now() -> None:
    shipped = (resources.queries_dir() / CHECKED_FILE).read_text(encoding="utf-8")
    assert shipped == _script().text(), \
        "run: PYTHONPATH=. python3 scripts/make_checked_queries.py"
    assert {entry["name"] for entry in _script().table().values()} == set(CATALOGUE)


def _full(text: str, values: dict[str, ox.NamedNode | ox.Literal], source: str) -> object:
    return check(bind(text, values, variables(text)), source=source)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_catalogue_query_is_what_the_full_check_gives(name: str) -> None:
    query = CATALOGUE[name]
    for call in {query.example_call(required_only=True), query.example_call()}:
        values = bindings(call, query.params)
        known = prechecked(query.text, values, name)
        assert known is not None
        assert known == _full(query.text, values, name)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_literal_binds_as_the_full_check_reads_it(value: str) -> None:
    """A literal's escapes keep it one value: the full check of the bound text reads the
    same query (same form, variables, order; nothing refused), or the binding is refused
    and the full check says so."""
    query = CATALOGUE["quote-search"]
    values = {"text": ox.Literal(value)}
    known = prechecked(query.text, values, "quote-search")
    if known is None:
        with pytest.raises(QueryError):
            _full(query.text, values, "quote-search")
        return
    assert known == _full(query.text, values, "quote-search")


def test_anything_else_is_checked_in_full() -> None:
    query = CATALOGUE["partners-of"]
    assert prechecked(query.text + "\n# mine", {}, "mine") is None  # another text
    assert prechecked(query.text, {"org": ox.BlankNode("b")}, "partners-of") is None
    assert prechecked(query.text, {"nothing": ox.Literal("x")}, "partners-of") is None
    runner = OxigraphRunner(load().store, one_shot=True)
    with pytest.raises(QueryError, match="no variable"):
        prepare(runner, query.text, {"nothing": ox.Literal("x")}, "partners-of")
    with pytest.raises(QueryError):  # refused as ever: the file is not consulted
        execute(runner, "DROP ALL")


def test_results_are_those_of_the_full_check() -> None:
    runner = OxigraphRunner(load().store, one_shot=True)
    for name in ("who-chairs", "partners-of", "quote-search", "threat-partners"):
        query = CATALOGUE[name]
        values = bindings(query.example_call(), query.params)
        fast = execute(runner, query.text, values, source=name)
        full = execute(runner, query.text + "\n# checked in full", values, source=name)
        assert fast.rows == full.rows and fast.variables == full.variables
        assert fast.rows


def test_the_query_command_never_loads_the_sparql_grammar() -> None:
    code = ("import sys\nfrom spr_graph.cli import main\n"
            "try:\n    main(['query', 'who-chairs', '-f', 'csv'], standalone_mode=False)\n"
            "finally:\n    sys.stderr.write(str('rdflib.plugins.sparql.parser' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") > 1  # the chairs, one a line
    assert done.stderr.endswith("False"), done.stderr
