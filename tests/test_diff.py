"""``spr-graph diff``: the bundled paper against itself is empty; a "next year" paper
made here from scripted edits of the bundled one gives exactly those edits; every row
cites paragraphs that exist in the paper it names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from diff_support import make_next_year
from hostile_support import invoke

from spr_graph.core import resources
from spr_graph.papers.sourcetext import read_source
from spr_graph.store.load import load

BUNDLED = resources.paper_dir()
@pytest.fixture(scope="module")
def next_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_next_year(tmp_path_factory.mktemp("next-year") / "wmp-2021.trig")


@pytest.fixture(scope="module")
def two_years(next_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store holding both papers: next year's paper, paragraph and statement IRIs
    renamed to a paper of its own, and the quantity and stream it restates too (as a
    curator writes a new paper's values), so the store validates."""
    text = next_year.read_text(encoding="utf-8")
    for old, new in (("wmp-spr-2020-01-21", "wmp-spr-2021-01-19"),
                     ("wmp-cbrn-responders-held-2019-10", "wmp-cbrn-responders-held-2021"),
                     ("funding/armed-uplift-programme>", "funding/armed-uplift-programme-2021>")):
        text = text.replace(old, new)
    store = load([*resources.data_files()], vocabulary=False).store
    store.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG)
    out = tmp_path_factory.mktemp("two-years") / "wmp-2020-2021.nq"
    store.dump(str(out), format=ox.RdfFormat.N_QUADS)
    return out


def _changes(data: dict[str, object]) -> list[tuple[str, ...]]:
    return sorted((c["area"], c["change"], c["what"], c["before"], c["after"])
                  for c in data["changes"])  # type: ignore[union-attr]


def _diff(*args: str) -> dict[str, object]:
    result = invoke(["diff", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_bundled_paper_against_itself_changes_nothing() -> None:
    result = invoke(["diff", str(BUNDLED), str(BUNDLED), "--fail-on-regression"])
    assert result.exit_code == 0, result.output
    assert "no change" in result.output
    assert _diff(str(BUNDLED), str(BUNDLED))["changes"] == []


def test_scripted_edits_give_exactly_those_changes(next_year: Path) -> None:
    data = _diff(str(BUNDLED), str(next_year))
    assert data["old"]["short"] == "WMP 2020-01" and data["new"]["short"] == "WMP 2021-01"
    found = sorted((c["area"], c["change"], c["what"], c["before"], c["after"])
                   for c in data["changes"])  # type: ignore[union-attr]
    assert found == sorted([
        ("partner", "lost", "Midland Regional Public Order Unit", "", ""),
        ("quantity", "changed", "CBRN responders (held)", "224", "307"),
        ("funding", "extended", "Armed Uplift Programme Funding", "2021-03", "2022-03"),
        ("statement", "added", "This will provide a multi-agency environment", "",
         "in-place"),
        ("partner", "gained", "National Crime Agency", "", ""),
        ("gap", "closed", "no connectivity statement names a partner outside West "
         "Midlands Police", "", ""),
        ("statement", "changed", "which will be rolled out during the course of 2020/21",
         "planned", "in-place"),
        ("chair", "changed", "SOCEX Board", "ACC Security", "Head of SOC"),
        ("key person", "went", "ACC Security", "", ""),
        # what a map draws: the organisations and links of those edits
        ("organisation", "added", "Head of SOC", "", "post"),
        ("link", "removed", "ACC Security chairs SOCEX Board", "Serious and organised crime",
         ""),
        ("link", "added", "Head of SOC chairs SOCEX Board", "", "Serious and organised crime"),
        ("link", "added", "Head of SOC post in West Midlands Police", "",
         "Serious and organised crime"),
        ("link", "changed", "National counter-terrorism policing network works with "
         "Government departments", "Terrorism; status planned", "Terrorism; status in-place"),
        ("link", "removed", "West Midlands Police works with Midland Regional Public Order Unit",
         "Public order; status in-place", ""),
        ("link", "changed", "West Midlands Police works with National Crime Agency",
         "National cyber security incident; status in-place",
         "National cyber security incident, Public order; status in-place"),
    ])


def test_a_status_change_explains_how_the_statements_were_paired(next_year: Path) -> None:
    data = _diff(str(BUNDLED), str(next_year))
    changed = next(c for c in data["changes"] if c["area"] == "statement"  # type: ignore
                   and c["change"] == "changed")
    assert changed["why"].startswith("evidence status planned -> in-place; matched: same "
                                     "actors (National counter-terrorism policing network), "
                                     "same partners (Government departments)")
    assert "quotes 100% alike" in changed["why"]


def test_every_citation_names_a_paragraph_of_its_paper(next_year: Path) -> None:
    data = _diff(str(BUNDLED), str(next_year))
    paragraphs = set(read_source(resources.source_text()).paragraphs)
    for change in data["changes"]:  # type: ignore[union-attr]
        cited = change["old_paragraphs"] + change["new_paragraphs"]
        assert cited, change
        assert set(cited) <= paragraphs, change
        for side in ("old", "new"):
            if change[f"{side}_paragraphs"]:
                assert data[side]["short"] in change["cited"]  # type: ignore[index]


def test_a_regression_fails_the_run_when_asked(next_year: Path, tmp_path: Path) -> None:
    backwards = invoke(["diff", str(next_year), str(BUNDLED), "--fail-on-regression"])
    assert backwards.exit_code == 1
    assert "regressions" in backwards.output and "gap   opened" in backwards.output
    forwards = invoke(["diff", str(BUNDLED), str(next_year), "--fail-on-regression"])
    assert forwards.exit_code == 0


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_every_format_carries_every_change(next_year: Path, fmt: str) -> None:
    result = invoke(["diff", str(BUNDLED), str(next_year), "-f", fmt])
    assert result.exit_code == 0, result.output
    cited = "WMP 2021-01,57" if fmt == "csv" else "WMP 2021-01 ¶57"
    for text in ("Midland Regional Public Order Unit", "307", "2022-03", "Head of SOC", cited):
        assert text in result.output, (fmt, text)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == 16 and {r["old_paper"] for r in rows} == {"WMP 2020-01"}
    if fmt == "html":
        assert "Content-Security-Policy" in result.output and "<script" not in result.output


def test_two_identical_runs_give_the_same_bytes(next_year: Path) -> None:
    first = invoke(["diff", str(BUNDLED), str(next_year), "-f", "json"]).output
    assert invoke(["diff", str(BUNDLED), str(next_year), "-f", "json"]).output == first


def test_a_missing_paper_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(["diff", str(BUNDLED), str(tmp_path / "nothing")])
    assert result.exit_code == 2


def test_two_papers_of_one_store_diff_as_two_files_do(next_year: Path,
                                                      two_years: Path) -> None:
    as_files = _diff(str(BUNDLED), str(next_year))
    in_store = _diff("wmp-spr-2020-01-21", "2021-01-19", "--data", str(two_years))
    assert _changes(in_store) == _changes(as_files)
    assert in_store["new"]["short"] == "WMP 2021-01"  # type: ignore[index]


def test_a_paper_the_store_lacks_is_named(two_years: Path) -> None:
    from hostile_support import assert_one_line_error

    result = invoke(["diff", "wmp-spr-2020-01-21", "2019", "--data", str(two_years)])
    assert_one_line_error(result, 2, contains="no paper '2019'")


@pytest.mark.server
def test_diff_and_compare_through_a_real_sparql_server(two_years: Path,
                                                       tmp_path: Path) -> None:
    from sparql_support import oxigraph_server

    local = _diff("wmp-spr-2020-01-21", "wmp-spr-2021-01-19", "--data", str(two_years))
    with oxigraph_server(tmp_path / "oxigraph") as base:
        pushed = invoke(["push", str(two_years), "--endpoint", f"{base}/store"])
        assert pushed.exit_code == 0, pushed.output
        remote = _diff("wmp-spr-2020-01-21", "wmp-spr-2021-01-19", "--endpoint",
                       f"{base}/query")
        compared = invoke(["compare", "--endpoint", f"{base}/query", "-f", "json"])
    assert _changes(remote) == _changes(local)
    assert compared.exit_code == 0, compared.output
    assert [f["short"] for f in json.loads(compared.output)["forces"]] == ["WMP 2021-01"]


def test_every_analysis_reads_one_paper_of_a_store_holding_several(two_years: Path) -> None:
    """By default the latest paper of the only force, said on stderr; --paper another."""
    def held(*args: str) -> set[str]:
        result = invoke(["capacity", "--data", str(two_years), "-f", "csv", *args])
        assert result.exit_code in (0, 1), result.output
        return {row["value"] for row in csv.DictReader(io.StringIO(result.stdout))
                if "cbrn-responders-held" in row["quantity"]}, result.stderr  # type: ignore

    latest, note = held()
    assert latest == {"307"}
    assert "holds 2 papers of one force; this is the latest, wmp-spr-2021-01-19" in note
    older, quiet = held("--paper", "wmp-spr-2020-01-21")
    assert older == {"224"} and quiet == ""
    for command in ("gaps", "spof", "brokers", "funding", "whatif --sweep", "describe WMCTU",
                    "search airwave"):
        result = invoke([*command.split(), "--data", str(two_years), "--paper", "2020-01"])
        assert result.exit_code in (0, 1), (command, result.output)


def test_the_pack_of_a_store_with_last_years_paper_says_what_changed(
        two_years: Path, tmp_path: Path) -> None:
    built = invoke(["build", "--data", str(two_years), "-o", str(tmp_path / "pack")])
    assert built.exit_code == 0, built.output
    report = (tmp_path / "pack" / "report.md").read_text(encoding="utf-8")
    section = report.split("## Since the last paper (WMP 2020-01)", 1)[1].split("\n## ", 1)[0]
    for text in ("Midland Regional Public Order Unit", "| 224 | 307 |", "Head of SOC",
                 "WMP 2021-01 ¶57", "16 change(s)"):
        assert text in section, text
    html = (tmp_path / "pack" / "report.html").read_text(encoding="utf-8")
    assert 'href="#since"' in html and "Since the last paper (WMP 2020-01)" in html
    # the maps mark the same changes, behind a "Since WMP 2020-01" toggle
    whole_map = (tmp_path / "pack" / "maps" / "map.html").read_text(encoding="utf-8")
    assert 'id="since-toggle"> Since WMP 2020-01</label>' in whole_map
    assert "West Midlands Police works with Midland Regional Public Order Unit" in whole_map
    assert invoke(["build", "-o", str(tmp_path / "bundled")]).exit_code == 0
    assert "Since the last paper" not in (tmp_path / "bundled" / "report.md").read_text()
    assert 'id="since-toggle"' not in (tmp_path / "bundled" / "maps" / "map.html").read_text()
