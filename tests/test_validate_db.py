"""`validate --db` finds what `validate` finds from the same files, in every format,
whether the store is copied into memory first or read where it is (issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.papers.synth import synth_trig
from spr_graph.store.db import open_db
from spr_graph.store.load import load
from spr_graph.validation.validate import fits_in_memory, validate, validate_store

DATASET = Path(__file__).parent / "data" / "dataset"


def _planted(tmp_path: Path) -> list[str]:
    """Five synthetic forces and every dataset fixture's planted violation."""
    synth = tmp_path / "synth.trig"
    synth.write_text(synth_trig(5, seed=2), encoding="utf-8")
    return [str(synth), *(str(p) for p in sorted(DATASET.iterdir()))]


def _same(runner: CliRunner, files: list[str], store: Path) -> None:
    pushed = runner.invoke(main, ["push", "--db", str(store), *files])
    assert pushed.exit_code == 0, pushed.output
    for fmt in ("table", "json"):
        from_files = runner.invoke(main, ["validate", "--format", fmt, *files])
        from_store = runner.invoke(main, ["validate", "--format", fmt, "--db", str(store)])
        assert from_store.exit_code == from_files.exit_code, from_store.output
        if fmt == "json":
            a, b = json.loads(from_files.output), json.loads(from_store.output)
            assert b.pop("files")[0] == str(store)
            a.pop("files")
            assert a == b
        else:  # the summary line counts the files given, which differ
            *a_lines, a_summary = from_files.output.splitlines()
            *b_lines, b_summary = from_store.output.splitlines()
            assert a_lines == b_lines
            assert a_summary.split(",", 1)[1] == b_summary.split(",", 1)[1]


def test_the_bundled_paper_from_files_and_from_its_store(tmp_path: Path) -> None:
    _same(CliRunner(), [], tmp_path / "store")


def test_planted_violations_from_files_and_from_their_store(tmp_path: Path) -> None:
    files = _planted(tmp_path)
    runner = CliRunner()
    _same(runner, files, tmp_path / "store")
    found = runner.invoke(main, ["validate", "--db", str(tmp_path / "store")]).output
    for path in DATASET.glob("*.*"):
        expected = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
        assert expected is None or expected.group(1) in found, path.name


@pytest.mark.parametrize("in_memory", [True, False])
def test_copied_into_memory_or_read_where_it_is(tmp_path: Path, in_memory: bool) -> None:
    files = _planted(tmp_path)
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["push", "--db", str(store), *files]).exit_code == 0
    expected = validate(load(files)).as_dict()
    found = validate_store(open_db(store), str(store), in_memory=in_memory).as_dict()
    assert found.pop("files") == [str(store), expected.pop("files")[-1]]
    assert found == expected
    assert found["counts"]["violation"] >= 7  # type: ignore[index]


def test_a_store_fits_in_memory_by_its_quads() -> None:
    assert fits_in_memory(1000)
    assert not fits_in_memory(10**15)
