"""Output never hides data: tables wrap to the width instead of cutting cells (``--wide``:
one line), CSV and JSON carry a label beside each IRI, rows sort by label, ``capacity``
names things and lists one quantity per row, ``chairs-several-boards`` cites paragraphs
and ``funding`` lists undated streams in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core.tables import DEFAULT_WIDTH


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def csv_dicts(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


#: A hand-made paper: quantities scoped to a place and counting a threat category (neither
#: is a projected node), two requirements of one unit in one group, partners whose IRIs
#: sort otherwise than their labels, and a funding stream with no end date.
TINY = """\
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix cap: <https://w3id.org/spr-graph/id/capability/> .
@prefix cat: <https://w3id.org/spr-graph/id/threat-category/> .
@prefix qty: <https://w3id.org/spr-graph/id/quantity/> .
@prefix fund: <https://w3id.org/spr-graph/id/funding/> .
@prefix place: <https://w3id.org/spr-graph/id/place/> .
@prefix role: <https://w3id.org/spr-graph/id/quantity-role/> .
@prefix uom: <https://w3id.org/spr-graph/id/unit-of-measure/> .
@prefix para: <https://w3id.org/spr-graph/id/paragraph/tiny-out/> .
@prefix g: <https://w3id.org/spr-graph/id/graph/tiny-out/> .
@prefix doc: <https://w3id.org/spr-graph/id/document/> .
g:provenance {
    doc:tiny-out a spr:SourceDocument ; spr:force ag:zf .
    para:p007 a spr:Paragraph ; spr:paragraphNumber 7 ; dcterms:isPartOf doc:tiny-out .
    g:p007 prov:wasDerivedFrom para:p007 .
}
g:p007 {
    ag:zf a spr:PoliceForce ; skos:prefLabel "Zedshire Police"@en .
    ag:aaa-agency a spr:PartnerAgency ; skos:prefLabel "Zulu Agency"@en .
    ag:zzz-agency a spr:PartnerAgency ; skos:prefLabel "Alpha Agency"@en .
    place:zedshire-region a spr:Place ; skos:prefLabel "Zedshire region"@en .
    cat:phishing a spr:ThreatCategory ; skos:prefLabel "Phishing campaigns"@en .
    cap:zpo a spr:Capability ; skos:prefLabel "Public order"@en .
    qty:psu-hour a spr:CapabilityQuantity ; skos:prefLabel "PSUs within an hour"@en ;
        spr:quantityOf cap:zpo ; spr:value 2 ; spr:unitOfMeasure uom:psu ;
        spr:quantityRole role:required ; spr:scope ag:zf .
    qty:psu-aid a spr:CapabilityQuantity ; skos:prefLabel "PSUs for mutual aid"@en ;
        spr:quantityOf cap:zpo ; spr:value 21 ; spr:unitOfMeasure uom:psu ;
        spr:quantityRole role:required ; spr:scope ag:zf .
    qty:phish a spr:CapabilityQuantity ; skos:prefLabel "Phishing campaigns seen"@en ;
        spr:quantityOf cat:phishing ; spr:value 12 ; spr:quantityRole role:recorded ;
        spr:scope place:zedshire-region .
    fund:core a spr:FundingStream ; skos:prefLabel "Core grant"@en ; spr:funder ag:zzz-agency ;
        spr:pays cap:zpo .
}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "tiny.trig"
    path.write_text(TINY, encoding="utf-8")
    return path


# --- query tables: wrapped, never cut ------------------------------------------------------

def test_query_tables_wrap_to_the_width_and_wide_keeps_cells_whole(runner: CliRunner) -> None:
    args = ["query", "quote-search", "-p", "text=CBRN"]
    table = run(runner, *args)
    assert all(len(line) <= DEFAULT_WIDTH for line in table.splitlines())
    assert "…" not in table
    wide = run(runner, *args, "--wide")
    assert max(len(line) for line in wide.splitlines()) > DEFAULT_WIDTH  # quotes on one line
    assert len(wide.splitlines()) < len(table.splitlines())
    words = [w for line in table.splitlines()[2:-1] for w in line.split()]
    assert sorted(words) == sorted(w for line in wide.splitlines()[2:-1] for w in line.split())


def test_analysis_tables_fit_the_width_too(runner: CliRunner) -> None:
    capacity = run(runner, "capacity")
    assert max(len(line) for line in capacity.splitlines()) <= DEFAULT_WIDTH + 20
    assert max(len(line) for line in run(runner, "capacity", "--wide").splitlines()) > 150


# --- labels beside IRIs, rows by label ------------------------------------------------------

def test_query_csv_and_json_carry_a_label_beside_each_iri_column(runner: CliRunner) -> None:
    rows = csv_dicts(run(runner, "query", "partners-of", "-f", "csv"))
    assert list(rows[0]) == ["partner", "partner_label", "threat", "threat_label", "fiveC",
                             "fiveC_label", "paragraph"]
    btp = next(r for r in rows if r["partner"].endswith("/btp"))
    assert btp["partner_label"] == "British Transport Police"
    data = json.loads(run(runner, "query", "partners-of", "-f", "json"))
    assert data["head"]["vars"][:2] == ["partner", "partner_label"]
    first = data["results"]["bindings"][0]
    assert first["partner"]["type"] == "uri" and first["partner_label"]["type"] == "literal"
    # Machine formats without labels stay plain SPARQL results.
    assert run(runner, "query", "partners-of", "-f", "tsv").startswith("?partner\t?threat\t")


def test_partners_of_sorts_by_label_not_iri(runner: CliRunner) -> None:
    labels = [r["partner_label"] for r in csv_dicts(run(runner, "query", "partners-of", "-f",
                                                         "csv"))]
    assert labels == sorted(labels, key=str.casefold) and len(set(labels)) > 10
    table = run(runner, "query", "partners-of", "--wide").splitlines()[2:-1]
    shown = [line.split("  ")[0] for line in table]
    assert shown == sorted(shown, key=str.casefold)


def test_a_hand_made_graph_sorts_by_label(runner: CliRunner, tiny: Path) -> None:
    query = "SELECT ?agency WHERE { ?agency a spr:PartnerAgency } ORDER BY ?agency"
    rows = csv_dicts(run(runner, "query", query, "--data", str(tiny), "-f", "csv"))
    assert [r["agency_label"] for r in rows] == ["Alpha Agency", "Zulu Agency"]
    descending = query.replace("ORDER BY ?agency", "ORDER BY DESC(?agency)")
    rows = csv_dicts(run(runner, "query", descending, "--data", str(tiny), "-f", "csv"))
    assert [r["agency_label"] for r in rows] == ["Zulu Agency", "Alpha Agency"]


# --- capacity ----------------------------------------------------------------------------

def test_capacity_names_every_scope_and_thing_on_a_hand_made_graph(runner: CliRunner,
                                                                  tiny: Path) -> None:
    table = run(runner, "capacity", "--data", str(tiny), "--wide")
    assert "Zedshire region" in table and "Phishing campaigns" in table
    assert "zedshire-region" not in table and "phishing " not in table.replace(
        "Phishing campaigns", "")
    lines = [line for line in table.splitlines() if line.startswith("Public order")]
    assert len(lines) == 2 and ";" not in "".join(lines)
    assert [" 2 " in line or " 21 " in line for line in lines] == [True, True]
    rows = csv_dicts(run(runner, "capacity", "--data", str(tiny), "-f", "csv"))
    assert {r["scope_label"] for r in rows} == {"Zedshire Police", "Zedshire region"}
    assert {r["unit_label"] for r in rows} >= {"police support units"}


def test_bundled_capacity_shows_no_slug(runner: CliRunner) -> None:
    data = json.loads(run(runner, "capacity", "-f", "json"))
    refs = [ref for g in data["groups"] for ref in (*g["of"], g["scope"]) if ref]
    assert all(ref["label"] != ref["iri"].rsplit("/", 1)[-1] for ref in refs)
    table = run(runner, "capacity", "--wide")
    for slug in ("west-midlands-region", "category-1-cyber-incident", "islamist-terrorism"):
        assert slug not in table
    # Paragraph 49: two PSU requirements (2 and 21), one row each.
    psus = [line for line in table.splitlines() if "police support units" in line
            and " required " in line]
    assert len(psus) == 2 and ";" not in "".join(psus)


# --- chairs-several-boards, funding --------------------------------------------------------

def test_chairs_several_boards_cites_paragraphs(runner: CliRunner) -> None:
    rows = csv_dicts(run(runner, "query", "chairs-several-boards", "-f", "csv"))
    # 40: ACC Security chairs the CONTEST board; 61: and the SOCEX board.
    assert {(r["chair_label"], r["board_label"], r["paragraph"]) for r in rows} == {
        ("ACC Security", "SOCEX Board", "61"),
        ("ACC Security", "West Midlands Police CONTEST Strategic Governance Board", "40")}


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_funding_lists_undated_streams_in_every_format(runner: CliRunner, fmt: str,
                                                        tiny: Path) -> None:
    bundled = run(runner, "funding", "-f", fmt, "--wide")
    # 7: "national funding" of WMCTU, with no end date.
    assert "National funding of WMCTU" in bundled
    made = run(runner, "funding", "--data", str(tiny), "-f", fmt, "--wide")
    assert "Core grant" in made
    if fmt == "csv":
        row = next(r for r in csv_dicts(made) if r["stream_label"] == "Core grant")
        assert (row["end"], row["funders"], row["dependent_label"]) == ("", "Alpha Agency",
                                                                          "Public order")
