"""The threat x 5C gap matrix: tiny graphs, the fixtures, the 2023 re-baseline, the paper."""

from __future__ import annotations

import jsonschema
import pytest
from analysis_support import (
    AG,
    ANALYSIS,
    CIVIL,
    CSA,
    POST,
    PUBLIC_ORDER,
    SOC,
    TERRORISM,
    THR,
    THR23,
    analysed,
    node,
    tiny,
)

from spr_graph.analysis.gaps import JSON_SCHEMA, gap_matrix, threats_without_connectivity
from spr_graph.core import resources
from spr_graph.core.errors import InputError
from spr_graph.graph.facts import Statement, Statements
from spr_graph.render.reports import csv_table
from spr_graph.store.load import Loaded, load
from spr_graph.validation.validate import validate

CYBER = f"{THR}national-cyber-security-incident"
BASE_STMT = "https://w3id.org/spr-graph/id/statement/test/s"


def _shacl_threats_without_connectivity(loaded: Loaded) -> set[str]:
    return {f.focus or "" for f in validate(loaded).findings
            if f.severity == "warning" and "no named connectivity" in f.message}


def test_a_partner_inside_the_force_is_not_named_connectivity() -> None:
    force, unit, team, post, agency = (f"{AG}f", f"{AG}u", f"{AG}team", f"{POST}p", f"{AG}a")
    graph = tiny({force: node("force", "F"), unit: node("unit", "U"), team: node("unit", "T"),
                  post: node("post", "P"), agency: node("agency", "A", "national")},
                 [(unit, force, "unitOf", (), ()), (team, unit, "unitOf", (), ()),
                  (post, force, "postIn", (), ())], force=force)
    own = [Statement(f"{BASE_STMT}{i}", (TERRORISM,), "connectivity", "in-place", (force,), (p,),
                     paragraphs=(i,)) for i, p in enumerate((unit, team, post, force), 1)]
    statements = Statements(tuple(own), (TERRORISM, SOC))
    assert threats_without_connectivity(graph, statements) == {TERRORISM, SOC}
    outside = Statement(f"{BASE_STMT}9", (TERRORISM,), "connectivity", "planned", (unit,),
                        (agency,), paragraphs=(9,))
    with_agency = Statements((*own, outside), (TERRORISM, SOC))
    assert threats_without_connectivity(graph, with_agency) == {SOC}
    row = {r.threat: r for r in gap_matrix(graph, with_agency).rows}[TERRORISM]
    assert row.partners == (agency,)
    assert row.cells["connectivity"].count == 5
    assert (row.cells["connectivity"].best, row.cells["connectivity"].worst) == ("in-place",
                                                                                "planned")



def test_statements_of_another_force_do_not_count() -> None:
    mine, theirs, agency = f"{AG}mine", f"{AG}theirs", f"{AG}a"
    graph = tiny({mine: node("force", "Mine"), theirs: node("force", "Theirs"),
                  agency: node("agency", "A", "national")}, [], force=mine)
    other = Statement(f"{BASE_STMT}1", (TERRORISM,), "connectivity", "in-place", (theirs,),
                      (agency,), force=theirs)
    statements = Statements((other,), (TERRORISM,))
    assert threats_without_connectivity(graph, statements) == {TERRORISM}
    assert threats_without_connectivity(graph, statements, force=theirs) == set()


def test_fixture_matrix_counts_statuses_and_paragraphs() -> None:
    graph, facts = analysed("routes.trig")
    matrix = gap_matrix(graph, facts.statements, facts.vocabulary)
    rows = {r.threat: r for r in matrix.rows}
    assert len(rows) == 6
    connectivity = rows[TERRORISM].cells["connectivity"]
    assert (connectivity.count, connectivity.best, connectivity.worst) == (2, "in-place",
                                                                           "planned")
    assert connectivity.paragraphs == [2]
    assert rows[CSA].cells["consistency"].statuses == {"aspiration": 1}
    assert rows[CSA].partners == (f"{AG}ceop", f"{AG}nca")
    assert not rows[PUBLIC_ORDER].named_connectivity
    kinds = {(g.kind, g.threat, g.five_c) for g in matrix.gaps}
    assert ("no-connectivity", PUBLIC_ORDER, "connectivity") in kinds
    assert {c for k, t, c in kinds if t == CIVIL and k == "no-evidence"} == set(matrix.five_cs)
    assert ("no-connectivity", TERRORISM, "connectivity") not in kinds


def test_fixture_agrees_with_the_shacl_warning() -> None:
    graph, facts = analysed("routes.trig")
    loaded = load([resources.ontology_file(), resources.shapes_file(), ANALYSIS / "routes.trig"])
    expected = {PUBLIC_ORDER, CIVIL, CYBER, SOC}
    assert threats_without_connectivity(graph, facts.statements) == expected
    assert _shacl_threats_without_connectivity(loaded) == expected


def test_edition_2023_maps_renamed_threats_and_flags_vawg() -> None:
    graph, facts = analysed("routes.trig")
    edition = facts.vocabulary.edition("2023")
    matrix = gap_matrix(graph, facts.statements, facts.vocabulary, edition)
    rows = {r.threat: r for r in matrix.rows}
    assert len(rows) == 7
    assert rows[f"{THR23}public-disorder"].mapped_from == ((PUBLIC_ORDER, "close"),)
    assert rows[f"{THR23}terrorism"].mapped_from == ((TERRORISM, "exact"),)
    assert rows[f"{THR23}terrorism"].cells["connectivity"].count == 2
    vawg = rows[f"{THR23}violence-against-women-and-girls"]
    assert vawg.uncovered and not vawg.mapped_from
    gaps = [g for g in matrix.gaps if g.threat == vawg.threat]
    assert [g.kind for g in gaps] == ["uncovered"]
    data = matrix.as_dict()
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["summary"]["uncovered"] == 1
    assert data["paper_edition"]["iri"].endswith("spr-2015")


def test_unknown_edition_names_the_known_ones() -> None:
    _, facts = analysed("routes.trig")
    with pytest.raises(InputError, match="known editions: 2015, 2023"):
        facts.vocabulary.edition("2019")
    assert facts.vocabulary.edition("scheme:spr-2023").endswith("spr-2023")


def test_json_and_csv_shapes() -> None:
    graph, facts = analysed("routes.trig")
    matrix = gap_matrix(graph, facts.statements, facts.vocabulary)
    jsonschema.validate(matrix.as_dict(), JSON_SCHEMA)
    table = csv_table(matrix)
    assert len(table.rows) == 6 * 5
    assert table.columns[:3] == ["threat", "threat_label", "five_c"]


def test_bundled_threats_without_connectivity_agree_with_the_paper(bundled: Loaded) -> None:
    """Public order (paragraphs 48-58) names no partner for its connectivity: paragraph 57
    speaks of unnamed "other agencies" and paragraph 58 of a national programme. Every
    other threat names a national or regional partner (e.g. the NCA, the ROCU, the LRF)."""
    graph, facts = analysed()
    assert threats_without_connectivity(graph, facts.statements) == {PUBLIC_ORDER}
    assert _shacl_threats_without_connectivity(bundled) == {PUBLIC_ORDER}


def test_bundled_rebaseline_against_2023() -> None:
    graph, facts = analysed()
    matrix = gap_matrix(graph, facts.statements, facts.vocabulary,
                        facts.vocabulary.edition("2023"))
    rows = {r.label: r for r in matrix.rows}
    assert rows["Violence against women and girls"].uncovered
    renamed = {label: r.mapped_from[0][1] for label, r in rows.items()
               if r.mapped_from and r.mapped_from[0][1] == "close"}
    assert set(renamed) == {"Public disorder", "National cyber event", "Child sexual abuse"}
    assert rows["Terrorism"].cells["connectivity"].count > 0
