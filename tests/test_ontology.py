"""Quality of ontology/spr.ttl: header, terms, schemes, crosswalk, OWL RL consistency."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import owlrl
import pyoxigraph as ox
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from spr_graph.core import resources
from spr_graph.core.namespaces import PREFIXES
from spr_graph.store.rdflib_bridge import graph as to_graph

SPR, SCHEME = Namespace(PREFIXES["spr"]), Namespace(PREFIXES["scheme"])
THR15, THR23 = Namespace(PREFIXES["thr15"]), Namespace(PREFIXES["thr23"])
ONTOLOGY = URIRef("https://w3id.org/spr-graph/def/spr")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(resources.ontology_file())


def _terms(onto: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in onto.subjects(RDF.type, k)
                   if isinstance(s, URIRef) and str(s).startswith(str(SPR))})


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.license, OWL.versionIRI, DCTERMS.description):
        assert onto.value(ONTOLOGY, prop) is not None, prop
    assert onto.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("spr")
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(SPR)


def test_every_term_is_labelled_defined_and_declared_once(onto: Graph) -> None:
    terms = _terms(onto)
    assert len(terms) > 80
    for term in terms:
        assert len(list(onto.objects(term, RDFS.label))) == 1, term
        assert len(list(onto.objects(term, SKOS.definition))) == 1, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in onto, term
        assert len(list(onto.objects(term, RDF.type))) == 1, term


def test_naming_conventions_and_domains(onto: Graph) -> None:
    for term in _terms(onto):
        local = str(term)[len(str(SPR)):]
        if (term, RDF.type, OWL.Class) in onto:
            assert re.fullmatch(r"[A-Z][A-Za-z]+", local), term
        else:
            assert re.fullmatch(r"[a-z][A-Za-z]+", local), term
            assert onto.value(term, RDFS.domain) is not None, f"{term} has no domain"
            assert onto.value(term, RDFS.range) is not None, f"{term} has no range"


def test_no_subclass_or_broader_cycles(onto: Graph) -> None:
    for prop in (RDFS.subClassOf, SKOS.broader, RDFS.subPropertyOf):
        graph = nx.DiGraph((str(s), str(o)) for s, o in onto.subject_objects(prop))
        assert nx.is_directed_acyclic_graph(graph), prop


def _scheme(onto: Graph, name: str) -> set[URIRef]:
    return {s for s in onto.subjects(SKOS.inScheme, SCHEME[name]) if isinstance(s, URIRef)}


def test_concept_schemes(onto: Graph) -> None:
    assert len(_scheme(onto, "spr-2015")) == 6
    assert len(_scheme(onto, "spr-2023")) == 7
    assert len(_scheme(onto, "five-cs")) == 5
    assert len(_scheme(onto, "contest-pillars")) == 4
    levels = {str(c).rsplit("/", 1)[-1] for c in _scheme(onto, "levels")}
    assert levels >= {"local", "regional", "national"}
    statuses = {str(c).rsplit("/", 1)[-1] for c in _scheme(onto, "evidence-statuses")}
    assert statuses >= {"in-place", "planned", "piloted", "aspiration", "ended"}


def test_crosswalk_2015_to_2023(onto: Graph) -> None:
    def mapped(new: str) -> set[URIRef]:
        return {o for p in (SKOS.exactMatch, SKOS.closeMatch) for o in onto.objects(THR23[new], p)}

    assert mapped("public-disorder") == {THR15["public-order"]}
    assert mapped("national-cyber-event") == {THR15["national-cyber-security-incident"]}
    assert mapped("child-sexual-abuse") == {THR15["child-sexual-abuse"]}
    assert mapped("terrorism") == {THR15["terrorism"]}
    assert mapped("violence-against-women-and-girls") == set()
    covered = {t for c in _scheme(onto, "spr-2023") for t in mapped(str(c).rsplit("/", 1)[-1])}
    assert covered == _scheme(onto, "spr-2015"), "every 2015 threat maps onto a 2023 threat"


def _owl_rl_errors(graph: Graph) -> list[str]:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    return sorted(str(graph.value(m, RDFS.comment) or m)
                  for m in graph.subjects(RDF.type, ERRNS.ErrorMessage))


def test_ontology_and_data_are_consistent_under_owl_rl(bundled_quads: list[ox.Quad]) -> None:
    graph = to_graph(bundled_quads)
    assert _owl_rl_errors(graph) == []


def test_owl_rl_check_catches_a_disjointness_violation(onto: Graph) -> None:
    graph = Graph()
    for triple in onto:
        graph.add(triple)
    graph.parse(Path(__file__).parent / "data" / "ontology" / "disjoint-violation.ttl")
    assert _owl_rl_errors(graph), "a post that is also a capability must be reported"
