"""Helpers for the analysis tests: the tiny fixtures and the bundled data, projected once,
and a builder for hand-made graphs in the projection's shape (no RDF needed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import networkx as nx

from spr_graph.core import resources
from spr_graph.graph.facts import Facts, read_facts
from spr_graph.graph.projection import project
from spr_graph.store.load import load
from spr_graph.store.select import store_select

ANALYSIS = Path(__file__).parent / "data" / "analysis"
BASE = "https://w3id.org/spr-graph/id/"
AG = f"{BASE}organisation/"
POST = f"{BASE}post/"
THR = f"{BASE}threat/2015/"
THR23 = f"{BASE}threat/2023/"
CAP, FUND, QTY = f"{BASE}capability/", f"{BASE}funding/", f"{BASE}quantity/"
TERRORISM, SOC, CSA = f"{THR}terrorism", f"{THR}serious-organised-crime", f"{THR}child-sexual-abuse"
PUBLIC_ORDER, CIVIL = f"{THR}public-order", f"{THR}civil-emergencies"


@cache
def analysed(name: str | None = None) -> tuple[nx.MultiDiGraph, Facts]:
    """The projection and facts of a fixture (with the ontology), or of the bundled data."""
    files = None if name is None else [resources.ontology_file(), ANALYSIS / name]
    select = store_select(load(files).store)
    return project(select), read_facts(select)


def node(kind: str, label: str, level: str | None = None, threats: tuple[str, ...] = (),
         abbreviation: str | None = None) -> dict[str, object]:
    return {"kind": kind, "label": label, "abbreviation": abbreviation, "alt_labels": [],
            "level": level, "status": None, "paragraphs": [], "threats": list(threats)}


def tiny(nodes: dict[str, dict[str, object]],
         edges: list[tuple[str, str, str, tuple[str, ...], tuple[int, ...]]],
         force: str | None = None) -> nx.MultiDiGraph:
    """A graph shaped like :func:`spr_graph.graph.projection.project` builds: ``edges`` are
    ``(u, v, relation, threats, paragraphs)``."""
    graph = nx.MultiDiGraph(force=force, forces=[force] if force else [], threat_labels={})
    for iri, attrs in nodes.items():
        graph.add_node(iri, iri=iri, **attrs)
    for u, v, relation, threats, paragraphs in edges:
        graph.add_edge(u, v, key=relation, relation=relation, threats=list(threats),
                       paragraphs=list(paragraphs), pillars=[], fiveC=[], status=[])
    return graph


def paper_paragraphs(*paths: Path) -> dict[str, set[int]]:
    """Paper IRI -> its paragraph numbers, read from the files ``paths``."""
    found: dict[str, set[int]] = {}
    for row in load(list(paths)).store.query("""PREFIX spr: <https://w3id.org/spr-graph/def/spr#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?d ?n WHERE { ?p a spr:Paragraph ; dcterms:isPartOf ?d ;
                                    spr:paragraphNumber ?n }""",
                                              use_default_graph_as_union=True):
        found.setdefault(row["d"].value, set()).add(int(row["n"].value))  # type: ignore
    return found
