"""The analyses ``push --db`` draws ahead (:mod:`spr_graph.api.drawing`): the commands
with their default options render the drawing kept beside the store, the same bytes,
notes and exit code as analysing the files; every other call, a changed store, other
code and a broken drawing are analysed afresh. Real stores, no mocks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from kept_support import kept, run
from kept_support import plant as plant_kept

from spr_graph.api import drawing
from spr_graph.api.pushing import push_db
from spr_graph.graph.analysis_cache import CACHE_FILE
from spr_graph.papers.synth import synth_trig

#: The commands whose defaults are drawn ahead (:data:`spr_graph.api.drawing.AHEAD`).
AHEAD = (["gaps"], ["spof"], ["whatif", "--sweep"], ["capacity"], ["funding"], ["brokers"],
         ["compare"])
FORMATS = ("json", "table", "csv", "markdown")


def drawings(store: Path) -> list[Path]:
    return kept(store, "drawn")


def plant(store: Path, change: dict[str, object]) -> None:
    """Every drawing kept beside ``store`` with ``change`` made to it."""
    plant_kept(store, "drawn", change)


def forget_answers(store: Path) -> None:
    for path in store.glob(".spr-graph-summary.answer-*.json"):
        path.unlink()


@pytest.fixture
def store(tmp_path: Path, three_forces: Path) -> Path:
    pushed = push_db(tmp_path / "db", [three_forces])
    assert pushed.kept
    return tmp_path / "db"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_defaults_are_drawn_ahead_and_give_the_files_bytes(
        runner: CliRunner, three_forces: Path, store: Path, fmt: str) -> None:
    assert len(drawings(store)) == len(drawing.AHEAD) == len(AHEAD)
    (store / CACHE_FILE).unlink()  # nothing to analyse from but the store itself
    for args in AHEAD:
        files = run(runner, *args, "--fail-on-gap", "-f", fmt, "--data", str(three_forces))
        from_store = run(runner, *args, "--fail-on-gap", "-f", fmt, "--db", str(store))
        assert from_store == files, args
        assert ("holds the papers of 3 forces" in from_store[2]) == (
            args[0] not in ("capacity", "funding", "compare")), args
    assert not (store / CACHE_FILE).exists()  # the drawings were rendered: nothing read


def test_the_commands_defaults_read_the_drawing(runner: CliRunner, store: Path) -> None:
    plant(store, {"json": {"planted": True}, "findings": True, "notes": ["a planted note"]})
    for args in AHEAD:
        code, out, err = run(runner, *args, "--fail-on-gap", "-f", "json", "--db", str(store))
        assert (code, json.loads(out), err) == (1, {"planted": True}, "a planted note\n"), args


@pytest.mark.parametrize("args", [["gaps", "--edition", "2023"], ["spof", "--top", "3"],
                                  ["whatif", "--sweep", "--top", "0"],
                                  ["gaps", "--force", "ag:synth-002"],
                                  ["whatif", "--remove", "ag:synth-nca"],
                                  ["funding", "--as-of", "2021"], ["brokers", "--top", "3"],
                                  ["compare", "--top", "0"]])
def test_other_calls_are_analysed(runner: CliRunner, three_forces: Path, store: Path,
                                  args: list[str]) -> None:
    plant(store, {"json": {"planted": True}})
    files = run(runner, *args, "-f", "json", "--data", str(three_forces))
    assert files[0] == 0 and "planted" not in files[1]
    assert run(runner, *args, "-f", "json", "--db", str(store)) == files


def test_a_changed_store_or_other_code_is_analysed(runner: CliRunner, three_forces: Path,
                                                   store: Path) -> None:
    args = ["spof", "-f", "json"]
    expected = run(runner, *args, "--data", str(three_forces))
    plant(store, {"json": {"planted": True}})
    sst = next(p for p in store.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    assert run(runner, *args, "--db", str(store)) == expected  # the store changed
    for path in drawings(store):  # as pushed by another spr-graph
        head, body = path.read_bytes().split(b"\n", 1)
        path.write_bytes(json.dumps({**json.loads(head), "code": "0" * 16}).encode() + b"\n"
                         + body)
    forget_answers(store)
    assert run(runner, *args, "--db", str(store)) == expected


@pytest.mark.parametrize("change", [
    {"findings": 1}, {"notes": [1]}, {"notes": "note"}, {"csv": ["t", [], [], 1]},
    {"csv": ["t", ["a"], [[1]], ""]}, {"table": [["t", ["a"], [["x"]]]]}, {"table": {}},
    {"extra": 1}, {"csv": None}])
def test_a_drawing_not_of_its_shape_is_analysed(runner: CliRunner, three_forces: Path,
                                                store: Path, change: dict[str, object]) -> None:
    plant(store, change)
    for args in AHEAD:
        for fmt in ("csv", "table"):
            expected = run(runner, *args, "-f", fmt, "--data", str(three_forces))
            assert run(runner, *args, "-f", fmt, "--db", str(store)) == expected, args


@pytest.mark.parametrize("body", [b"garbage", b"[]", b"[" * 100_000, b""])
def test_a_broken_drawing_is_analysed(runner: CliRunner, three_forces: Path, store: Path,
                                      body: bytes) -> None:
    for path in drawings(store):
        path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n" + body)
    expected = run(runner, "gaps", "-f", "csv", "--data", str(three_forces))
    assert run(runner, "gaps", "-f", "csv", "--db", str(store)) == expected


def test_the_push_command_draws_ahead_and_a_one_force_store_does_not(
        runner: CliRunner, tmp_path: Path, three_forces: Path) -> None:
    code, _, _ = run(runner, "push", "--db", str(tmp_path / "db"), str(three_forces))
    assert code == 0 and len(drawings(tmp_path / "db")) == len(AHEAD)
    years = tmp_path / "years.trig"  # one force, two years: a command reads the latest
    years.write_text(synth_trig(1, seed=3, years=2), encoding="utf-8")
    assert push_db(tmp_path / "years", [years]).kept
    assert drawings(tmp_path / "years") == []
    expected = run(runner, "spof", "-f", "json", "--data", str(years))
    assert run(runner, "spof", "-f", "json", "--db", str(tmp_path / "years")) == expected


def test_an_analysis_is_named_with_its_options() -> None:
    import spr_graph

    graph = spr_graph.open()
    with pytest.raises(ValueError, match="not an analysis"):
        drawing.analysed(graph, "query", {})
    with pytest.raises(TypeError, match="takes no option colour"):
        drawing.analysed(graph, "gaps", {"colour": "red"})
    removed = drawing.analysed(graph, "whatif", {"remove": ("ROCU",)})
    assert removed.render("json") == graph.whatif("ROCU").render("json")
