"""Parameters become typed RDF terms bound with VALUES, never text spliced into a query."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from spr_graph.core.errors import InputError, QueryError, SprGraphError
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.engine import OxigraphRunner, execute, prepare
from spr_graph.sparql.params import ParamSpec, Term, bind, bindings, convert
from spr_graph.sparql.safety import CheckedQuery, check
from spr_graph.store.load import Loaded

XSD = "http://www.w3.org/2001/XMLSchema#"
AG = "https://w3id.org/spr-graph/id/organisation/"


@pytest.mark.parametrize(("text", "type_", "expected"), [
    ("ag:wmp", "iri", ox.NamedNode(f"{AG}wmp")),
    ("<https://example.org/a>", "iri", ox.NamedNode("https://example.org/a")),
    ("https://example.org/a", "iri", ox.NamedNode("https://example.org/a")),
    ("x y", "string", ox.Literal("x y")),
    ("007", "integer", ox.Literal("7", datatype=ox.NamedNode(f"{XSD}integer"))),
    ("-2.50", "decimal", ox.Literal("-2.50", datatype=ox.NamedNode(f"{XSD}decimal"))),
    ("TRUE", "boolean", ox.Literal("true", datatype=ox.NamedNode(f"{XSD}boolean"))),
    ("2021-03-31", "date", ox.Literal("2021-03-31", datatype=ox.NamedNode(f"{XSD}date"))),
    ("2020", "gYear", ox.Literal("2020", datatype=ox.NamedNode(f"{XSD}gYear"))),
    ("2020-03", "gYearMonth", ox.Literal("2020-03", datatype=ox.NamedNode(f"{XSD}gYearMonth"))),
    ("ag:rocu", "term", ox.NamedNode(f"{AG}rocu")),
    ("42", "term", ox.Literal("42", datatype=ox.NamedNode(f"{XSD}integer"))),
    ("4.5", "term", ox.Literal("4.5", datatype=ox.NamedNode(f"{XSD}decimal"))),
    ("2020-03-31", "term", ox.Literal("2020-03-31", datatype=ox.NamedNode(f"{XSD}date"))),
    ('"Dinas Powys"@cy', "term", ox.Literal("Dinas Powys", language="cy")),
    ('"a \\"quoted\\" word"', "term", ox.Literal('a "quoted" word')),
    ('"12"^^xsd:integer', "term", ox.Literal("12", datatype=ox.NamedNode(f"{XSD}integer"))),
    ("just words", "term", ox.Literal("just words")),
    ("10:30", "term", ox.Literal("10:30")),
])
def test_values_become_typed_terms(text: str, type_: str, expected: ox.NamedNode) -> None:
    assert convert(text, type_) == expected


@pytest.mark.parametrize(("text", "type_"), [
    ("not an iri", "iri"), ("nope:thing", "iri"), ("<http://a b>", "iri"), ("1.5", "integer"),
    ("x", "decimal"), ("NaN", "decimal"), ("maybe", "boolean"), ("2021-02-30", "date"),
    ("20", "gYear"), ("2020-13", "gYearMonth"), ("x", "colour"),
])
def test_values_of_the_wrong_type_are_refused(text: str, type_: str) -> None:
    with pytest.raises(ValueError):
        convert(text, type_)


SPECS = (ParamSpec("board", "iri"), ParamSpec("by", "date", default="2021-03-31"),
         ParamSpec("paragraph", "integer", required=True))


def test_bindings_apply_types_defaults_and_requirements() -> None:
    values = bindings(["paragraph=61", "board=ag:socex-board"], SPECS)
    assert values == {"paragraph": convert("61", "integer"),
                      "board": ox.NamedNode(f"{AG}socex-board"),
                      "by": convert("2021-03-31", "date")}
    with pytest.raises(InputError, match="parameter 'paragraph' is required"):
        bindings([], SPECS)
    with pytest.raises(InputError, match="unknown parameter 'bored'"):
        bindings(["paragraph=1", "bored=ag:x"], SPECS)
    with pytest.raises(InputError, match="parameter 'paragraph': not a whole number"):
        bindings(["paragraph=sixty"], SPECS)
    with pytest.raises(InputError, match="is not NAME=VALUE"):
        bindings(["paragraph"], SPECS)


def test_undeclared_parameters_are_inferred() -> None:
    assert bindings(["?x=ag:wmp", "n=3"]) == {"x": ox.NamedNode(f"{AG}wmp"),
                                              "n": convert("3", "integer")}


@pytest.mark.parametrize("hostile", [
    '"} ; DROP ALL #',
    "} ; DROP ALL #",
    '" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #',
    '"""\n} INSERT DATA { <a:a> <a:b> <a:c> } #',
    "C:\\users\\x } ; CLEAR ALL",
    "</script><img src=x onerror=alert(1)>",
])
def test_a_hostile_value_stays_one_literal(bundled: Loaded, hostile: str) -> None:
    runner = OxigraphRunner(bundled.store)
    before = len(bundled.store)
    result = execute(runner, "SELECT ?x WHERE { }", bindings([f"x={hostile}"]))
    assert result.rows == [(ox.Literal(hostile),)]
    assert len(bundled.store) == before


def test_a_value_holding_an_escape_sequence_is_refused() -> None:
    with pytest.raises(QueryError, match="holds a \\\\u escape"):
        bind("SELECT ?x WHERE { }", bindings(["x=\\u0022 } ; CLEAR ALL"]), {"x"})


def test_a_hostile_iri_is_refused() -> None:
    with pytest.raises(InputError, match="not an IRI"):
        bindings(["x=<http://a> } ; DROP ALL #"], (ParamSpec("x", "iri"),))


def test_bind_opens_the_where_group() -> None:
    wmp = {"s": ox.NamedNode(f"{AG}wmp")}
    expected = f"VALUES (?s) {{ (<{AG}wmp>) }}"
    for text in ("SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) WHERE { ?s ?p ?o }",
                 "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                 "CONSTRUCT WHERE { ?s ?p ?o }", "ASK { ?s ?p ?o }",
                 "# a { comment\nSELECT * WHERE { ?s ?p '{' }"):
        bound = bind(text, wmp, {"s", "p", "o"})
        assert expected in bound
        assert bound.index(expected) > bound.index("{", bound.upper().index("WHERE")
                                                   if "WHERE" in bound.upper() else 0) - 1


def test_bind_refuses_unknown_variables_and_missing_where() -> None:
    with pytest.raises(QueryError, match="no variable \\?board"):
        bind("SELECT ?s WHERE { ?s ?p ?o }", {"board": ox.NamedNode(f"{AG}x")}, {"s", "p", "o"})
    with pytest.raises(QueryError, match="WHERE clause"):
        bind("DESCRIBE ag:wmp", {"s": ox.NamedNode(f"{AG}x")})


def test_bound_parameter_filters_the_answer(bundled: Loaded) -> None:
    runner = OxigraphRunner(bundled.store)
    query = "SELECT ?label WHERE { ?org skos:prefLabel ?label }"
    result = execute(runner, query, bindings(["org=ag:rocu"]))
    assert [row[0].value for row in result.rows] == ["West Midlands Regional Organised Crime Unit"]


def _checked_then_bound(runner: OxigraphRunner, text: str, values: dict[str, Term],
                        source: str) -> CheckedQuery:
    """What prepare() did before it checked once: check, bind, check again."""
    unbound = check(text, runner.graph_exists, source)
    return check(bind(unbound.text, values, unbound.variables), runner.graph_exists, source)


@pytest.mark.parametrize("required_only", [True, False])
def test_one_check_of_the_bound_text_equals_checking_twice(bundled: Loaded,
                                                           required_only: bool) -> None:
    runner = OxigraphRunner(bundled.store)
    for name, query in load_catalogue().items():
        values = bindings(query.example_call(required_only=required_only), query.params)
        if values:
            assert prepare(runner, query.text, values, name) == _checked_then_bound(
                runner, query.text, values, name), name


def _outcome(prepare_: Callable[[], CheckedQuery]) -> object:
    try:
        return prepare_()
    except SprGraphError as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize(("text", "fails"), [
    ("SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = ) }", True),  # a syntax error after the brace
    ("SELECT ?s WHERE { ?s ?p ?o \\u007D", False),          # an escaped brace: fine
    ("SELECT ?s WHERE \\u007B ?s ?p ?o }", False),
    ("SELECT ?s WHERE { ?s ?p '\\u005Cu0041' }", True),     # an escape left after expansion
    ("SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT ?t WHERE { ?t ?p ?o }", True),                  # ?s is not in the query
    ("DESCRIBE ag:wmp", True),                               # nowhere to bind
])
def test_a_parameterised_query_is_checked_as_if_checked_alone_first(
        bundled: Loaded, text: str, fails: bool) -> None:
    runner = OxigraphRunner(bundled.store)
    values: dict[str, Term] = {"s": ox.NamedNode(f"{AG}wmp")}
    fast = _outcome(lambda: prepare(runner, text, values))
    assert fast == _outcome(lambda: _checked_then_bound(runner, text, values, "query"))
    assert isinstance(fast, tuple) == fails
