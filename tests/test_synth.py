"""The synthetic national graph: deterministic, shape-valid, realistic enough to analyse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analysis_support import AG, TERRORISM
from click.testing import CliRunner

from spr_graph.analysis.spof import spof_report
from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.graph.facts import read_facts
from spr_graph.graph.projection import project
from spr_graph.papers.synth import synth_trig
from spr_graph.store.load import load
from spr_graph.store.select import store_select
from spr_graph.validation.validate import validate


@pytest.fixture(scope="module")
def nine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "nine.trig"
    path.write_text(synth_trig(9, seed=3), encoding="utf-8")
    return path


def test_same_seed_same_bytes_other_seed_other_graph() -> None:
    assert synth_trig(5, seed=1) == synth_trig(5, seed=1)
    assert synth_trig(5, seed=1) != synth_trig(5, seed=2)


def test_passes_validate_with_the_bundled_ontology_and_shapes(nine: Path) -> None:
    report = validate(load([resources.ontology_file(), resources.shapes_file(), nine]))
    assert report.violations == [], [f.describe() for f in report.violations[:5]]
    assert report.conforms()


def test_regions_share_rocus_and_ct_units(nine: Path) -> None:
    select = store_select(load([resources.ontology_file(), nine]).store)
    graph, facts = project(select), read_facts(select)
    assert len(graph.graph["forces"]) == 9
    assert len(facts.documents) == 9
    kinds = {k: [n for n, a in graph.nodes(data=True) if a["kind"] == k]
             for k in ("force", "collaboration", "agency", "board", "post", "funding")}
    assert len(kinds["force"]) == 9
    rocus = [n for n in kinds["collaboration"] if n.endswith("-rocu")]
    assert len(rocus) == 2  # 9 forces, about one region per 4.3 forces
    for rocu in rocus:
        members = [u for u, _, rel in graph.in_edges(rocu, keys=True) if rel == "memberOf"]
        assert len(members) >= 4
    ctu = f"{AG}synth-r01-ctu"
    users = {s.force for s in facts.statements if ctu in s.partners}
    assert len(users) >= 2  # a regional CT unit shared by several forces
    assert {f"{AG}synth-nca", f"{AG}synth-security-service"} <= set(kinds["agency"])
    assert all(s.funders for s in facts.funding)
    assert any(s.end is not None for s in facts.funding)
    assert {q.role for q in facts.quantities} == {"required", "held", "forecast"}


def test_the_shared_ct_unit_is_a_force_s_single_point_of_failure(nine: Path) -> None:
    graph = project(store_select(load([resources.ontology_file(), nine]).store))
    found = []
    for force in graph.graph["forces"][1:]:
        report = spof_report(graph, [TERRORISM], force)
        found.extend(c for r in report.threats for c in r.chokepoints if c.endswith("-ctu"))
    assert found


def test_cli_writes_the_file_atomically_and_identically(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    for path in (first, second):
        result = runner.invoke(main, ["synth", "--forces", "3", "--seed", "7", "-o", str(path)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.trig", "b.trig"]
    result = runner.invoke(main, ["synth", "--forces", "3", "--seed", "7", "-o", "-"])
    assert result.output == first.read_text(encoding="utf-8")


def test_cli_refuses_zero_forces(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["synth", "--forces", "0", "-o", str(tmp_path / "x.trig")])
    assert result.exit_code == 2


def test_a_national_file_alone_is_analysed_with_the_bundled_vocabulary(
        runner: CliRunner, nine: Path) -> None:
    checked = runner.invoke(main, ["validate", str(nine), "--format", "json"])
    assert checked.exit_code == 0, checked.output  # was 1: every spr: term "not declared"
    assert f"{resources.ontology_file()}" in checked.output
    result = runner.invoke(main, ["gaps", "--data", str(nine), "--format", "json"])
    assert result.exit_code == 0, result.output
    threats = {row["iri"] for row in json.loads(result.stdout)["threats"]}
    assert TERRORISM in threats and len(threats) == 6  # was an empty matrix


def test_a_national_graph_says_which_force_is_analysed(runner: CliRunner, nine: Path) -> None:
    result = runner.invoke(main, ["gaps", "--data", str(nine)])
    assert result.exit_code == 0, result.output
    note = result.stderr.strip()
    assert note.startswith("spr-graph: the data holds the papers of 9 forces; this is ")
    assert note.endswith("(choose another with --force)")
    force = note.split("this is ")[1].split(" (")[0]
    assert force in result.stdout.splitlines()[0]
    chosen = runner.invoke(main, ["gaps", "--data", str(nine), "--force", force])
    assert chosen.exit_code == 0 and chosen.stderr == ""
    assert chosen.stdout == result.stdout


def test_density_is_deterministic_and_one_is_the_graph_as_it_was() -> None:
    assert synth_trig(4, seed=1, density=1) == synth_trig(4, seed=1)
    assert synth_trig(3, seed=1, years=2, density=3) == synth_trig(3, seed=1, years=2,
                                                                 density=3)
    with pytest.raises(ValueError, match="density"):
        synth_trig(3, density=0)


def test_a_dense_paper_is_shape_valid_and_scales_its_facts(tmp_path: Path) -> None:
    import pyoxigraph as ox

    path = tmp_path / "dense.trig"
    path.write_text(synth_trig(3, seed=2, years=2, density=4), encoding="utf-8")
    report = validate(load([resources.ontology_file(), resources.shapes_file(), path]))
    assert report.violations == [], [f.describe() for f in report.violations[:5]]
    sizes = {d: len(list(ox.parse(synth_trig(2, seed=2, density=d).encode(),
                                  format=ox.RdfFormat.TRIG))) for d in (1, 3, 5)}
    per_area = (sizes[5] - sizes[3]) / 2 / 2  # two more areas in each of two papers
    assert 400 < per_area < 550  # 43 forces x 5 years at density 50: about 5M quads
    assert sizes[3] - sizes[1] == pytest.approx(4 * per_area, rel=0.05)


def test_synth_density_on_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "dense.trig"
    result = runner.invoke(main, ["synth", "--forces", "3", "--years", "2", "--density", "2",
                                  "--seed", "5", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == synth_trig(3, seed=5, years=2, density=2)
    assert runner.invoke(main, ["synth", "--density", "0", "-o", "-"]).exit_code == 2
