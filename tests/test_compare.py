"""``spr-graph compare``: forces side by side in one store, every row citing a paragraph
of the paper it names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from analysis_support import paper_paragraphs
from hostile_support import assert_one_line_error, invoke


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national") / "n12.trig"
    assert invoke(["synth", "--forces", "12", "--seed", "3", "-o", str(out)]).exit_code == 0
    return out


def test_every_force_and_threat_is_compared_and_cited(national: Path) -> None:
    result = invoke(["compare", "--data", str(national), "-f", "json", "--top", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "spr-graph/compare/1" and len(data["forces"]) == 12
    paragraphs = paper_paragraphs(national)
    for force in data["forces"]:
        assert len(force["threats"]) == 6
        for threat in force["threats"]:
            assert set(threat["paragraphs"]) <= paragraphs[force["paper"]], threat
        for risk in force["single_points_of_failure"] + force["key_persons"]:
            assert set(risk["paragraphs"]) <= paragraphs[force["paper"]]
    short = {f["short"]: f["paper"] for f in data["forces"]}
    for partner in data["partners"]:
        assert partner["forces"] == len(partner["named_by"]) >= 1
        for named in partner["named_by"]:
            assert named["paragraphs"] and set(named["paragraphs"]) <= paragraphs[
                short[named["paper"]]]


def test_threats_lacking_connectivity_count_the_forces_the_matrix_marks(
        national: Path) -> None:
    data = json.loads(invoke(["compare", "--data", str(national), "-f", "json"]).output)
    for lacking in data["threats_lacking_connectivity"]:
        marked = [f["short"] for f in data["forces"] for t in f["threats"]
                  if t["threat"]["iri"] == lacking["threat"]["iri"]
                  and not t["named_connectivity"]]
        assert lacking["forces"] == marked


def test_the_bundled_paper_alone_and_fail_on_gap() -> None:
    result = invoke(["compare", "--fail-on-gap"])
    assert result.exit_code == 1
    assert "Public order  1       WMP 2020-01 ¶57, 58" in result.output


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_format_names_every_force(national: Path, fmt: str) -> None:
    result = invoke(["compare", "--data", str(national), "-f", fmt])
    assert result.exit_code == 0, result.output
    data = json.loads(invoke(["compare", "--data", str(national), "-f", "json"]).output)
    for force in data["forces"]:
        assert force["force"]["label"] in result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert {r["kind"] for r in rows} >= {"threat", "partner", "funding cliff"}


def test_papers_are_chosen_by_force_or_id(national: Path) -> None:
    data = json.loads(invoke(["compare", "--data", str(national), "-f", "json"]).output)
    first, second = data["forces"][0], data["forces"][1]
    chosen = invoke(["compare", first["force"]["label"], second["paper"].rsplit("/", 1)[-1],
                     "--data", str(national), "-f", "json"])
    assert chosen.exit_code == 0, chosen.output
    assert [f["short"] for f in json.loads(chosen.output)["forces"]] == [
        first["short"], second["short"]]
    unknown = invoke(["compare", "Nowhere Police", "--data", str(national)])
    assert_one_line_error(unknown, 2, contains="no paper 'Nowhere Police'")


def test_the_same_store_gives_the_same_bytes(national: Path) -> None:
    args = ["compare", "--data", str(national), "-f", "csv"]
    assert invoke(args).output == invoke(args).output


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("years") / "n4x3.trig"
    made = invoke(["synth", "--forces", "4", "--years", "3", "--seed", "5", "-o", str(out)])
    assert made.exit_code == 0 and "4 synthetic forces, 3 papers each" in made.output
    return out


def test_several_years_a_force_validate_and_compare_the_latest(years: Path) -> None:
    assert invoke(["validate", str(years)]).exit_code == 0
    data = json.loads(invoke(["compare", "--data", str(years), "-f", "json"]).output)
    assert len(data["forces"]) == 4
    assert {f["date"] for f in data["forces"]} == {"2022-01-21"}
    older = json.loads(invoke(["compare", "2020-01-21", "--data", str(years), "-f",
                               "json"]).output)
    assert [f["date"] for f in older["forces"]] == ["2020-01-21"]


def test_two_years_of_one_force_diff_with_citations_to_each(years: Path) -> None:
    result = invoke(["diff", "synth-001-spr", "synth-001-spr-2022", "--data", str(years),
                     "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert data["old"]["date"] == "2020-01-21" and data["new"]["date"] == "2022-01-21"
    assert data["changes"]
    paragraphs = paper_paragraphs(years)
    for change in data["changes"]:
        assert set(change["old_paragraphs"]) <= paragraphs[data["old"]["iri"]]
        assert set(change["new_paragraphs"]) <= paragraphs[data["new"]["iri"]]


@pytest.fixture(scope="module")
def national_pack(national: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("national-pack") / "pack"
    built = invoke(["build", "--data", str(national), "-o", str(folder)])
    assert built.exit_code == 0, built.output
    return folder


def test_the_pack_of_several_forces_puts_them_side_by_side(national_pack: Path) -> None:
    data = json.loads((national_pack / "analysis" / "compare.json").read_text())
    assert len(data["forces"]) == 12
    page = (national_pack / "compare.html").read_text(encoding="utf-8")
    for force in data["forces"]:
        assert force["force"]["label"] in page
    from spr_graph.pack.build import SEVERAL_FORCES

    index = (national_pack / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in SEVERAL_FORCES)


@pytest.mark.browser
def test_the_compare_and_diff_pages_are_offline_and_axe_clean(
        national_pack: Path, tmp_path: Path, visit: object) -> None:
    diff = tmp_path / "diff.html"
    made = invoke(["diff", "synth-001-spr", "synth-002-spr", "--data",
                   str(national_pack / "dataset.trig"), "-f", "html", "-o", str(diff)])
    assert made.exit_code in (0, 1), made.output
    for page in (national_pack / "compare.html", diff):
        opened = visit(page)  # type: ignore[operator]
        assert opened.refused == [] and opened.errors == []
        assert opened.axe() == [], page.name
