"""Exports for other tools: each format read back equals what was written, and is stable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import graph_diff, isomorphic

from spr_graph.graph.projection import project
from spr_graph.render import formats
from spr_graph.store.dump import dump
from spr_graph.store.load import Loaded, load
from spr_graph.store.rdflib_bridge import dataset
from spr_graph.store.select import store_select


@pytest.fixture(scope="module")
def graph(bundled: Loaded) -> nx.MultiDiGraph:
    return project(store_select(bundled.store))


def _exported(store: ox.Store, fmt: str) -> bytes:
    """The dataset as ``spr-graph export --format FMT`` writes it."""
    out = io.BytesIO()
    dump(store, out, fmt)
    return out.getvalue()


def assert_same_graph(expected: nx.MultiDiGraph, actual: nx.MultiDiGraph) -> None:
    """Same nodes, edges (with keys) and attributes; ``None`` attributes may be absent."""
    assert set(actual) == set(expected)
    for node, attrs in expected.nodes(data=True):
        assert actual.nodes[node] == {k: v for k, v in attrs.items() if v is not None}, node
    want = {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)}
    got = {(u, v, k): d for u, v, k, d in actual.edges(keys=True, data=True)}
    assert got == want


def test_graphml_reads_back_as_the_projection(graph: nx.MultiDiGraph) -> None:
    data = formats.graphml(graph)
    back = formats.unflatten(nx.read_graphml(io.BytesIO(data), force_multigraph=True))
    assert_same_graph(graph, back)
    assert back.graph == {k: v for k, v in graph.graph.items() if v is not None}


def test_gexf_reads_back_as_the_projection(graph: nx.MultiDiGraph) -> None:
    data = formats.gexf(graph)
    assert b"lastmodifieddate" not in data, "GEXF must carry no date"
    assert_same_graph(graph, formats.unflatten(nx.read_gexf(io.BytesIO(data))))


def _split(cell: str) -> list[str]:
    return cell.split(formats.CSV_SEPARATOR) if cell else []


def _rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _plain(cell: str) -> str:
    """Undo the documented formula neutralisation."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def test_nodes_csv_has_the_documented_columns_and_every_node(graph: nx.MultiDiGraph) -> None:
    columns, rows = _rows(formats.nodes_csv(graph))
    assert tuple(columns) == formats.NODE_COLUMNS
    assert [r["id"] for r in rows] == sorted(graph)
    for row in rows:
        attrs = graph.nodes[row["id"]]
        assert _plain(row["label"]) == attrs["label"]
        assert row["kind"] == attrs["kind"]
        assert row["abbreviation"] == (attrs["abbreviation"] or "")
        assert [_plain(a) for a in _split(row["alt_labels"])] == attrs["alt_labels"]
        assert row["level"] == (attrs["level"] or "")
        assert [int(p) for p in _split(row["paragraphs"])] == attrs["paragraphs"]
        assert _split(row["threats"]) == attrs["threats"]


def test_edges_csv_has_the_documented_columns_and_every_edge(graph: nx.MultiDiGraph) -> None:
    columns, rows = _rows(formats.edges_csv(graph))
    assert tuple(columns) == formats.EDGE_COLUMNS
    assert len(rows) == graph.number_of_edges()
    for row in rows:
        attrs = graph.edges[row["source"], row["target"], row["relation"]]
        assert _plain(row["source_label"]) == graph.nodes[row["source"]]["label"]
        assert [int(p) for p in _split(row["paragraphs"])] == attrs["paragraphs"]
        assert _split(row["threats"]) == attrs["threats"]
        assert _split(row["pillars"]) == attrs["pillars"]
        assert _split(row["five_c"]) == attrs["fiveC"]
        assert _split(row["status"]) == attrs["status"]


def test_csv_neutralises_spreadsheet_formulas() -> None:
    hostile = nx.MultiDiGraph()
    labels = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn",
              "-12", "+3.5", "Plain, with comma", "<img src=x onerror=alert(1)>"]
    for i, text in enumerate(labels):
        hostile.add_node(f"urn:n{i}", label=text, kind="agency", alt_labels=[text])
    hostile.add_edge("urn:n0", "urn:n1", key="worksWith", relation="worksWith",
                     paragraphs=[1], threats=[], pillars=[], fiveC=[], status=[])
    _, rows = _rows(formats.nodes_csv(hostile))
    shown = {r["id"]: r["label"] for r in rows}
    for i, text in enumerate(labels):
        cell = shown[f"urn:n{i}"]
        if text[0] in "=+-@\t\r" and text not in ("-12", "+3.5"):
            assert cell == "'" + text
        else:
            assert cell == text
    _, edges = _rows(formats.edges_csv(hostile))
    assert edges[0]["source_label"] == "'=HYPERLINK(\"http://x\")"


def _reparsed(data: bytes, fmt: ox.RdfFormat) -> Dataset:
    return dataset(ox.parse(data, format=fmt))


def assert_isomorphic_datasets(expected: Dataset, actual: Dataset) -> None:
    names = sorted(str(g.identifier) for g in expected.graphs())
    assert sorted(str(g.identifier) for g in actual.graphs()) == names
    for g in expected.graphs():
        other = actual.graph(g.identifier)
        if not isomorphic(g, other):
            _, only_expected, only_actual = graph_diff(g, other)
            pytest.fail(f"{g.identifier}: lost {len(only_expected)} triple(s), gained "
                        f"{len(only_actual)}: {sorted(only_expected)[:3]} "
                        f"{sorted(only_actual)[:3]}")


@pytest.fixture(scope="module")
def expected(bundled: Loaded) -> Dataset:
    """The bundled dataset as rdflib reads it, to compare every RDF export with."""
    return dataset(bundled.store)


@pytest.mark.parametrize(("name", "fmt"), [
    ("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS),
    ("jsonld", ox.RdfFormat.JSON_LD)])
def test_rdf_exports_reparse_isomorphic_to_the_dataset(
        expected: Dataset, bundled: Loaded, name: str, fmt: ox.RdfFormat) -> None:
    assert_isomorphic_datasets(expected, _reparsed(_exported(bundled.store, name), fmt))


def test_rdflib_reads_the_jsonld_and_trig_too(expected: Dataset, bundled: Loaded) -> None:
    for data, fmt in ((_exported(bundled.store, "jsonld"), "json-ld"),
                      (_exported(bundled.store, "trig"), "trig")):
        parsed = Dataset()
        parsed.parse(data=data.decode("utf-8"), format=fmt)
        assert_isomorphic_datasets(expected, parsed)


def test_jsonld_carries_its_context_inline(bundled: Loaded) -> None:
    document = json.loads(_exported(bundled.store, "jsonld"))
    context = document["@context"]
    assert isinstance(context, dict), "the @context must be inline, never a URL"
    assert context["spr"] == "https://w3id.org/spr-graph/def/spr#"
    text = json.dumps(document, ensure_ascii=False)
    assert '"@id": "para:p001"' in text and '"spr:paragraphNumber"' in text  # compacted


def test_exports_are_identical_across_loads() -> None:
    """Blank node labels differ on every load; the exports must not."""
    first, second = load(), load()
    for fmt in ("trig", "nquads", "jsonld"):
        assert _exported(first.store, fmt) == _exported(second.store, fmt)
    g1, g2 = project(store_select(first.store)), project(store_select(second.store))
    for graph_writer in (formats.graphml, formats.gexf, formats.nodes_csv, formats.edges_csv):
        assert graph_writer(g1) == graph_writer(g2)


@pytest.mark.server
def test_trig_loads_into_a_real_oxigraph_server(tmp_path: Path, bundled: Loaded) -> None:
    import httpx
    from sparql_support import oxigraph_server

    with oxigraph_server(tmp_path / "store", union=False) as base:
        answer = httpx.post(f"{base}/store", content=_exported(bundled.store, "trig"), timeout=60,
                            headers={"Content-Type": "application/trig"}, trust_env=False)
        assert answer.status_code in (200, 201, 204), answer.text
        every = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        counted = httpx.get(f"{base}/query", timeout=30, trust_env=False,
                            params={"query": every},
                            headers={"Accept": "application/sparql-results+json"})
        assert counted.status_code == 200, counted.text
        n = int(counted.json()["results"]["bindings"][0]["n"]["value"])
        graphs = httpx.get(f"{base}/query", timeout=30, trust_env=False, params={
            "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"})
    assert n == len(bundled.store)
    assert int(graphs.json()["results"]["bindings"][0]["n"]["value"]) == \
        sum(1 for _ in bundled.store.named_graphs())
