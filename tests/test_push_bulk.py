"""``push --db`` checks every file as ``load`` does, then Oxigraph's bulk loader writes it
straight into the new store: the store holds what ``load`` reads, and bad files are
still refused with file:line:col, leaving no store behind."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.papers.synth import synth_trig
from spr_graph.store.db import load_into_db, open_db
from spr_graph.store.load import load


def _quads(store: ox.Store) -> set[ox.Quad]:
    """The store's quads, blank nodes relabelled canonically (each load names them anew)."""
    dataset = ox.Dataset(store.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("push") / "national.trig"
    path.write_text(synth_trig(12, seed=4, years=2, density=3), encoding="utf-8")
    return path


def test_push_of_a_national_graph_holds_what_load_reads(tmp_path: Path, national: Path,
                                                        runner: CliRunner) -> None:
    db = tmp_path / "graph.db"
    result = runner.invoke(main, ["push", "--db", str(db), str(national)])
    assert result.exit_code == 0, result.output
    expected = _quads(load([national]).store)
    assert len(expected) > 30_000
    store = open_db(db)
    try:
        assert _quads(store) == expected
        assert f"{len(expected)} quads in" in result.output
    finally:
        del store


def test_push_of_the_bundled_data_holds_what_load_reads(tmp_path: Path) -> None:
    report = load_into_db(tmp_path / "bundled.db")
    store = open_db(report.path)
    try:
        assert _quads(store) == _quads(load().store)
        assert report.quads == len(store)
    finally:
        del store


def test_shapes_and_ontology_files_are_checked_and_placed_as_load_places_them(
        tmp_path: Path) -> None:
    from spr_graph.core import resources

    files = [resources.ontology_file(), resources.shapes_file(), *resources.default_files()]
    report = load_into_db(tmp_path / "db", sorted(set(files)))
    store = open_db(report.path)
    try:
        assert _quads(store) == _quads(load(sorted(set(files))).store)
    finally:
        del store


@pytest.mark.parametrize(("text", "where"), [
    ('<urn:g> { <urn:a> <urn:p> "x" .\n  <urn:a> <urn:p> oops . }\n', ":2:"),
    ('<urn:g> { <urn:a> <urn:p> << <urn:a> <urn:p> <urn:b> >> . }\n', ":1:"),
    ('\ufeff<urn:g> { <urn:a> <urn:p> "x" . }\n', ":1:1"),
])
def test_bad_files_are_refused_with_line_and_column_and_leave_nothing(
        runner: CliRunner, tmp_path: Path, national: Path, text: str, where: str) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text(text, encoding="utf-8")
    db = tmp_path / "graph.db"
    result = runner.invoke(main, ["push", "--db", str(db), str(national), str(bad)])
    assert result.exit_code == 2, result.output
    assert f"{bad}{where}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig"]


def test_a_failed_push_keeps_the_old_store(runner: CliRunner, tmp_path: Path,
                                            national: Path) -> None:
    db = tmp_path / "graph.db"
    assert runner.invoke(main, ["push", "--db", str(db), str(national)]).exit_code == 0
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:p> .\n", encoding="utf-8")
    result = runner.invoke(main, ["push", "--db", str(db), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1:" in result.output
    store = open_db(db)
    try:
        assert len(store) > 30_000
    finally:
        del store
