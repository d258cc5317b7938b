"""Names wherever an IRI is taken: ``query -p`` takes labels and abbreviations through the
one resolver (with its did-you-mean), a quoted text value loses its quotes with a warning,
and ``provenance --force`` takes a force's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import spr_graph
from spr_graph.cli import main

CHAIRS_SOCEX = ["ACC Security,SOCEX Board,61"]

#: A hand-made graph: two boards chaired by one post, a pillar that shares a label with a
#: unit, and the 5 Cs of the ontology.
TINY = """\
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix post: <https://w3id.org/spr-graph/id/post/> .
@prefix g: <https://w3id.org/spr-graph/id/graph/tiny/> .
g:p001 {
    ag:gold-board a spr:GovernanceBoard ; skos:prefLabel "Gold Board"@en ;
        skos:altLabel "GB"@en .
    ag:silver-board a spr:GovernanceBoard ; skos:prefLabel "Silver Board"@en .
    post:chief a spr:Post ; skos:prefLabel "Chief Officer"@en ;
        spr:chairs ag:gold-board, ag:silver-board .
}
"""


def csv_rows(output: str) -> list[str]:
    """CSV rows without the IRI columns: the labels and the literal cells."""
    rows = [line.split(",") for line in output.splitlines()]
    return [",".join(c for c in row if not c.startswith("https://")) for row in rows[1:]]


@pytest.mark.parametrize("board", ["ag:socex-board", "SOCEX Board", "socex board",
                                   "  SOCEX   BOARD ", "<https://w3id.org/spr-graph/"
                                   "id/organisation/socex-board>"])
def test_an_iri_parameter_takes_a_label_abbreviation_prefixed_name_or_iri(
        runner: CliRunner, board: str) -> None:
    result = runner.invoke(main, ["query", "who-chairs", "-p", f"board={board}", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout) == CHAIRS_SOCEX


def test_an_unknown_name_exits_2_with_the_resolvers_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "who-chairs", "-p", "board=SOCX Bord"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("spr-graph: error: parameter 'board': no node is called "
                                    "'SOCX Bord' (did you mean SOCEX Board")


def test_vocabulary_outside_the_projection_is_named_too(runner: CliRunner) -> None:
    # The 5 Cs, the CONTEST pillars and the evidence statuses are not projected nodes, and
    # "Terrorism" names a 2015 and a 2023 threat: the parameter's example picks 2015.
    by_name = runner.invoke(main, ["query", "evidence", "-p", "threat=Terrorism", "-p",
                                   "fiveC=Capability", "-f", "csv"])
    by_iri = runner.invoke(main, ["query", "evidence", "-p", "threat=thr15:terrorism", "-p",
                                  "fiveC=c5:capability", "-f", "csv"])
    assert by_name.exit_code == by_iri.exit_code == 0, by_name.output
    assert by_name.stdout == by_iri.stdout and by_name.stdout.count("\n") > 2
    pillar = runner.invoke(main, ["query", "units-per-pillar", "-p", "pillar=Prevent"])
    assert pillar.exit_code == 0, pillar.output
    assert {line.split()[0] for line in pillar.stdout.splitlines()[2:-1]} == {"Prevent"}


def test_names_on_a_hand_made_graph(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "tiny.trig"
    data.write_text(TINY, encoding="utf-8")
    query = tmp_path / "chaired.rq"
    query.write_text("#+ summary: Boards a post chairs\n"
                     "#+ param: chair iri required -- The chair, e.g. post:chief\n"
                     "SELECT ?board WHERE { ?chair spr:chairs ?board } ORDER BY ?board\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["query", str(query), "--data", str(data), "-p",
                                  "chair=chief officer", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout) == ["Gold Board", "Silver Board"]
    unknown = runner.invoke(main, ["query", str(query), "--data", str(data), "-p",
                                   "chair=Cheif Oficer"])
    assert unknown.exit_code == 2 and "did you mean Chief Officer" in unknown.output


def test_a_quoted_text_value_loses_its_quotes_with_a_warning(runner: CliRunner) -> None:
    plain = runner.invoke(main, ["query", "quote-search", "-p", "text=surge"])
    quoted = runner.invoke(main, ["query", "quote-search", "-p", 'text="surge"'])
    assert plain.exit_code == quoted.exit_code == 0
    assert quoted.stdout == plain.stdout and "(0 rows)" not in quoted.stdout
    assert quoted.stderr == ('spr-graph: parameter \'text\': the quotes around "surge" are not '
                             "part of the value; used surge\n")
    assert plain.stderr == ""
    single = runner.invoke(main, ["query", "quote-search", "-p", "text='surge'"])
    assert single.stdout == plain.stdout and "used surge" in single.stderr
    # A value that merely contains quotes is left alone.
    inner = runner.invoke(main, ["query", "quote-search", "-p", 'text=the "pursue"'])
    assert inner.exit_code == 0 and inner.stderr == ""


def test_the_api_resolves_names_and_keeps_the_notes() -> None:
    graph = spr_graph.open()
    result = graph.query("partners-of", {"actor": "WMCTU"})
    assert result.notes == []
    by_iri = graph.query("partners-of", {"actor": "ag:wmctu"})
    assert result.rows == by_iri.rows and result.rows
    quoted = graph.query("quote-search", ["text='surge'"])
    assert quoted.notes and "used surge" in quoted.notes[0]


@pytest.mark.parametrize("force", ["West Midlands Police", "WMP", "ag:wmp",
                                   "https://w3id.org/spr-graph/id/organisation/wmp"])
def test_provenance_takes_a_force_by_name(runner: CliRunner, force: str) -> None:
    default = runner.invoke(main, ["provenance"])
    named = runner.invoke(main, ["provenance", "--force", force])
    assert named.exit_code == 0, named.output
    assert named.stdout == default.stdout and "spr:force ag:wmp" in named.stdout
