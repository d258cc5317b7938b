"""The projection keeps each paper's paragraphs apart when a store holds several papers."""

from __future__ import annotations

from pathlib import Path

from spr_graph.load import load
from spr_graph.model import project
from spr_graph.sparql_rows import store_select

PREFIXES = """\
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix thr15: <https://w3id.org/spr-graph/id/threat/2015/> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def paper(key: str, threat: str, unit: str) -> str:
    """A one-paragraph paper: its paragraph 5 sits in ``threat``'s section and says
    ``unit`` is a unit of the shared national agency."""
    return f"""
<https://w3id.org/spr-graph/id/graph/{key}/provenance> {{
    <https://w3id.org/spr-graph/id/graph/{key}/p005> prov:wasDerivedFrom
        <https://w3id.org/spr-graph/id/paragraph/{key}/p005> .
    <https://w3id.org/spr-graph/id/paragraph/{key}/p005> a spr:Paragraph ;
        spr:paragraphNumber 5 ; spr:sectionThreat thr15:{threat} .
}}
<https://w3id.org/spr-graph/id/graph/{key}/p005> {{
    ag:{unit} a spr:PoliceUnit ; skos:prefLabel "{unit}"@en ; org:unitOf ag:nca .
    ag:nca a spr:PartnerAgency ; skos:prefLabel "National Crime Agency"@en .
}}
"""


def test_paragraphs_with_the_same_number_in_two_papers_keep_their_own_section(
        tmp_path: Path) -> None:
    path = tmp_path / "two-papers.trig"
    path.write_text(PREFIXES + paper("a", "terrorism", "a-unit")
                    + paper("b", "cyber-security", "b-unit"), encoding="utf-8")
    graph = project(store_select(load([path]).store))
    thr = "https://w3id.org/spr-graph/id/threat/2015/"
    ag = "https://w3id.org/spr-graph/id/organisation/"
    unit_a = graph.get_edge_data(f"{ag}a-unit", f"{ag}nca")
    unit_b = graph.get_edge_data(f"{ag}b-unit", f"{ag}nca")
    assert [e["threats"] for e in unit_a.values()] == [[f"{thr}terrorism"]]
    assert [e["threats"] for e in unit_b.values()] == [[f"{thr}cyber-security"]]
