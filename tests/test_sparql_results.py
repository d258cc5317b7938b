"""Result formats: standard where a standard exists, safe for spreadsheets and Markdown,
labels for people, and byte-identical from run to run."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from spr_graph.core.errors import InputError
from spr_graph.core.namespaces import TURTLE_PREFIXES
from spr_graph.sparql.results import Result, render

XSD = "http://www.w3.org/2001/XMLSchema#"
WMP = ox.NamedNode("https://w3id.org/spr-graph/id/organisation/wmp")
ROCU = ox.NamedNode("https://w3id.org/spr-graph/id/organisation/rocu")
HOSTILE = '=HYPERLINK("http://x.example","click") | <img src=x onerror=alert(1)> *bold*'


def solutions() -> Result:
    return Result("SELECT", variables=["org", "label", "n", "note"], rows=[
        (WMP, ox.Literal("West Midlands Police", language="en"),
         ox.Literal("-3", datatype=ox.NamedNode(f"{XSD}integer")), ox.Literal(HOSTILE)),
        (ROCU, None, ox.Literal("57", datatype=ox.NamedNode(f"{XSD}integer")),
         ox.Literal("+tab\tand\nnewline")),
        (ox.BlankNode("b0"), ox.Literal("@home"), None, ox.Literal("-x")),
    ])


def test_json_is_sparql_results_json() -> None:
    text = render(solutions(), "json")
    parsed = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.JSON)
    assert [v.value for v in parsed.variables] == ["org", "label", "n", "note"]
    assert [tuple(s) for s in parsed] == solutions().rows


def test_xml_is_sparql_results_xml() -> None:
    text = render(solutions(), "xml")
    parsed = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.XML)
    assert [tuple(s) for s in parsed] == solutions().rows


def test_tsv_is_sparql_results_tsv() -> None:
    text = render(solutions(), "tsv")
    parsed = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.TSV)
    assert [tuple(s) for s in parsed] == solutions().rows


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    text = render(solutions(), "csv")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["org", "label", "n", "note"]
    assert rows[1] == [WMP.value, "West Midlands Police", "-3", "'" + HOSTILE]
    assert rows[2][3] == "'+tab\tand\nnewline"
    assert rows[3] == ["_:b0", "'@home", "", "'-x"]


def test_table_shows_labels_and_iris_on_request() -> None:
    labels = {WMP.value: "West Midlands Police", ROCU.value: "Regional Organised Crime Unit"}
    plain = render(solutions(), "table", labels)
    assert "West Midlands Police" in plain and "ag:wmp" not in plain
    assert "https://" not in plain
    assert plain.rstrip().endswith("(3 rows)")
    with_iris = render(solutions(), "table", labels, show_iris=True)
    assert "West Midlands Police (ag:wmp)" in with_iris
    assert "ag:rocu" in render(solutions(), "table", {})
    assert "newline" in plain and "\tand" not in plain


def test_table_wraps_long_cells_to_the_width_and_hides_nothing() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    result = Result("SELECT", variables=["n", "x"],
                    rows=[(ox.Literal("1"), ox.Literal(words)), (ox.Literal("2"),
                                                                  ox.Literal("y" * 200))],
                    truncated=True, limit=2)
    text = render(result, "table", width=50)
    assert all(len(line) <= 50 for line in text.splitlines()[:-1])
    assert " ".join(text.split()).count("word59") == 1 and "…" not in text
    assert "".join(line[3:].strip() for line in text.splitlines() if "yyy" in line) == "y" * 200
    assert "truncated at --limit 2, more rows exist" in text
    wide = render(result, "table", width=None)
    assert words in wide and "y" * 200 in wide


def test_markdown_escapes_what_would_render() -> None:
    text = render(solutions(), "markdown", {WMP.value: "A|B <b>"})
    lines = text.splitlines()
    assert lines[0] == "| org | label | n | note |"
    assert "A\\|B \\<b\\>" in lines[2]  # one CommonMark escaper for every table
    assert "<img" not in text.replace("\\<img", "") and "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\*bold\\*" in text


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "true\n"), ("csv", "true\n"), ("json", '{\n  "head": {},\n  "boolean": true\n}\n')])
def test_ask_results(fmt: str, expected: str) -> None:
    assert render(Result("ASK", boolean=True), fmt) == expected
    xml = render(Result("ASK", boolean=False), "xml")
    assert bool(ox.parse_query_results(xml.encode(), ox.QueryResultsFormat.XML)) is False


def graph_result() -> Result:
    name = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    return Result("CONSTRUCT", triples=[
        ox.Triple(ROCU, name, ox.Literal("ROCU", language="en")),
        ox.Triple(WMP, name, ox.Literal('West "Midlands"\nPolice', language="en")),
    ]).sorted()


@pytest.mark.parametrize(("fmt", "rdf_format"), [("turtle", "turtle"), ("ntriples", "nt"),
                                                 ("trig", "trig")])
def test_graphs_serialise_to_parseable_rdf(fmt: str, rdf_format: str) -> None:
    text = render(graph_result(), fmt)
    parsed = Graph()
    if rdf_format == "trig":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=text, format="trig")
        parsed = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            parsed.add((s, p, o))
    else:
        parsed.parse(data=text, format=rdf_format)
    expected = Graph().parse(data=render(graph_result(), "ntriples"), format="nt")
    assert len(parsed) == 2 and isomorphic(parsed, expected)


def test_turtle_uses_our_prefixes_in_our_order() -> None:
    text = render(graph_result(), "turtle")
    assert text.startswith(TURTLE_PREFIXES)
    assert "ag:rocu skos:prefLabel" in text
    assert render(graph_result(), "turtle") == text


@pytest.mark.parametrize(("result", "fmt"), [(graph_result(), "csv"), (solutions(), "turtle")])
def test_formats_that_do_not_fit_the_result_are_refused(result: Result, fmt: str) -> None:
    with pytest.raises(InputError, match="does not apply"):
        render(result, fmt)


def test_unordered_results_are_sorted() -> None:
    result = Result("SELECT", variables=["x"], rows=[(ox.Literal("b"),), (None,), (WMP,),
                                                     (ox.Literal("a"),), (ox.BlankNode("z"),)])
    assert [r[0] for r in result.sorted().rows] == [None, ox.BlankNode("z"), WMP,
                                                    ox.Literal("a"), ox.Literal("b")]


ODD_TERMS = [
    ox.Literal("tab\there, newline\nthere, \"quoted\" \\ back\u2028slash\u0000"),
    ox.Literal("Caerdydd", language="cy"),
    ox.Literal("\u0645\u0631\u062d\u0628\u0627", language="ar", direction=ox.BaseDirection.RTL),
    ox.Literal("0042", datatype=ox.NamedNode(f"{XSD}integer")),
    ox.Literal(" 1.50 ", datatype=ox.NamedNode(f"{XSD}decimal")),
    ox.Literal("not a date", datatype=ox.NamedNode(f"{XSD}date")),
    ox.Literal(""),
    ox.BlankNode("b0"),
    ox.NamedNode("https://example.org/\u00e9?q=1#frag"),
    None,
]


def test_a_result_crosses_a_process_boundary_unchanged() -> None:
    # The worker pickles results in the engine's own syntax (TSV, N-Triples); every kind
    # of term, odd literal and unbound value must come back exactly.
    import pickle

    rows = [tuple(ODD_TERMS[i:] + ODD_TERMS[:i])[:4] for i in range(len(ODD_TERMS))]
    rows.append((None, None, None, None))
    result = Result("SELECT", variables=["a", "b", "c", "d"], rows=rows, truncated=True,
                    limit=11)
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    subjects = [t for t in ODD_TERMS if isinstance(t, ox.NamedNode | ox.BlankNode)]
    triples = [ox.Triple(s, ox.NamedNode("https://example.org/p"), o)
               for s in subjects for o in ODD_TERMS if o is not None]
    graph = Result("CONSTRUCT", triples=triples)
    assert pickle.loads(pickle.dumps(graph)) == graph
    for empty in (Result("ASK", boolean=False), Result("SELECT", variables=[], rows=[()]),
                  Result("SELECT", variables=["x"], rows=[])):
        assert pickle.loads(pickle.dumps(empty)) == empty
