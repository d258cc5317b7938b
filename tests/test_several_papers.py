"""A store holding several papers: each paper's paragraph 5 stays its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from spr_graph.core import resources
from spr_graph.core.namespaces import TURTLE_PREFIXES
from spr_graph.core.paragraph_keys import paragraph_key
from spr_graph.core.rows import Select
from spr_graph.graph.evidence import read_evidence
from spr_graph.graph.projection import project
from spr_graph.papers.sourcetext import read_source
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select


def paper(key: str, threat: str, unit: str) -> str:
    """A one-paragraph paper: its paragraph 5 sits in ``threat``'s section and says
    ``unit`` is a unit of the shared national agency."""
    return f"""
<https://w3id.org/spr-graph/id/graph/{key}/provenance> {{
    <https://w3id.org/spr-graph/id/graph/{key}/p005> prov:wasDerivedFrom
        <https://w3id.org/spr-graph/id/paragraph/{key}/p005> .
    <https://w3id.org/spr-graph/id/paragraph/{key}/p005> a spr:Paragraph ;
        spr:paragraphNumber 5 ; spr:sectionThreat thr15:{threat} ;
        spr:section "{threat}" ; spr:text "Paper {key} says {unit} is part of the NCA." ;
        dcterms:isPartOf <https://w3id.org/spr-graph/id/document/{key}> .
    <https://w3id.org/spr-graph/id/document/{key}> a spr:SourceDocument ;
        skos:prefLabel "Paper {key}"@en .
}}
<https://w3id.org/spr-graph/id/graph/{key}/p005> {{
    ag:{unit} a spr:PoliceUnit ; skos:prefLabel "{unit}"@en ; org:unitOf ag:nca .
    ag:nca a spr:PartnerAgency ; skos:prefLabel "National Crime Agency"@en .
}}
"""


@pytest.fixture
def two_papers(tmp_path: Path) -> Select:
    path = tmp_path / "two-papers.trig"
    path.write_text(TURTLE_PREFIXES + paper("a", "terrorism", "a-unit")
                    + paper("b", "cyber-security", "b-unit"), encoding="utf-8")
    return store_select(load([path]).store)


def test_paragraphs_with_the_same_number_in_two_papers_keep_their_own_section(
        two_papers: Select) -> None:
    graph = project(two_papers)
    thr = "https://w3id.org/spr-graph/id/threat/2015/"
    ag = "https://w3id.org/spr-graph/id/organisation/"
    unit_a = graph.get_edge_data(f"{ag}a-unit", f"{ag}nca")
    unit_b = graph.get_edge_data(f"{ag}b-unit", f"{ag}nca")
    assert [e["threats"] for e in unit_a.values()] == [[f"{thr}terrorism"]]
    assert [e["threats"] for e in unit_b.values()] == [[f"{thr}cyber-security"]]


def test_the_evidence_keeps_each_papers_paragraph_5_its_own(two_papers: Select) -> None:
    paragraphs = read_evidence(two_papers).paragraphs  # by key: paper a's 5, paper b's 5
    assert sorted(paragraphs) == [paragraph_key(0, 5), paragraph_key(1, 5)]
    first, second = (paragraphs[k] for k in sorted(paragraphs))
    assert (first.number, first.section, first.text) == (
        5, "terrorism", "Paper a says a-unit is part of the NCA.")
    assert (second.number, second.section, second.text) == (
        5, "cyber-security", "Paper b says b-unit is part of the NCA.")


def test_each_edge_cites_the_paragraph_of_its_own_paper(two_papers: Select) -> None:
    graph = project(two_papers)
    ag = "https://w3id.org/spr-graph/id/organisation/"
    assert graph.edges[f"{ag}a-unit", f"{ag}nca", "unitOf"]["paragraphs"] == [5]
    assert graph.edges[f"{ag}b-unit", f"{ag}nca", "unitOf"]["paragraphs"] == [
        paragraph_key(1, 5)]
    assert graph.nodes[f"{ag}nca"]["paragraphs"] == [5, paragraph_key(1, 5)]
    doc = "https://w3id.org/spr-graph/id/document/"
    assert graph.graph["papers"] == [f"{doc}a", f"{doc}b"]  # the ranks of the keys


def test_one_paper_shows_its_text_as_written(bundled: Loaded) -> None:
    source = read_source(resources.source_text())
    paragraphs = read_evidence(store_select(bundled.store)).paragraphs
    assert {n: p.text for n, p in paragraphs.items()} == {
        n: p.text for n, p in source.paragraphs.items()}
