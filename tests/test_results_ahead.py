"""The catalogue queries ``push --db`` runs ahead (:mod:`spr_graph.api.results_ahead`):
``query NAME --db`` with no parameter and the default limit answers from the result kept
beside the store, the same bytes, notes and exit code in every format as the files;
parameters, another limit, other text, a changed store and a broken result run the
query. Real stores, no mocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from kept_support import kept, run
from kept_support import plant as plant_kept

import spr_graph
from spr_graph.api.pushing import push_db
from spr_graph.sparql.catalogue import load_catalogue

#: The catalogue queries that need no parameter: those run ahead.
UNBOUND = sorted(name for name, named in load_catalogue().items()
                 if not any(p.required for p in named.params))
PLANTED: dict[str, object] = {"variables": ["x"], "rows": "?x\n<urn:planted>\n", "labels": {},
                              "order": None}


def results(store: Path) -> list[Path]:
    return kept(store, "result")


def plant(store: Path, change: dict[str, object]) -> None:
    plant_kept(store, "result", change)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, three_forces: Path) -> Path:
    folder = tmp_path_factory.mktemp("results") / "db"
    assert push_db(folder, [three_forces]).kept
    return folder


@pytest.fixture
def planted(tmp_path: Path, three_forces: Path) -> Path:
    push_db(tmp_path / "db", [three_forces])
    plant(tmp_path / "db", PLANTED)
    return tmp_path / "db"


def test_every_unbound_catalogue_query_is_run_ahead(store: Path) -> None:
    assert len(UNBOUND) > 20 and len(results(store)) == len(UNBOUND)


@pytest.mark.parametrize("fmt", ["csv", "json", "table", "xml"])
def test_the_results_give_the_files_bytes(runner: CliRunner, store: Path, three_forces: Path,
                                          fmt: str) -> None:
    for name in UNBOUND:
        expected = run(runner, "query", name, "-f", fmt, "--data", str(three_forces))
        assert expected[0] == 0, name
        assert run(runner, "query", name, "-f", fmt, "--db", str(store)) == expected, name


def test_the_query_command_reads_the_result(runner: CliRunner, planted: Path) -> None:
    for name in UNBOUND:
        assert run(runner, "query", name, "-f", "csv", "--db", str(planted))[1] == \
            "x\nurn:planted\n", name
    graph = spr_graph.open(db=planted)
    assert [str(row[0]) for row in graph.query(UNBOUND[0]).rows] == ["<urn:planted>"]


@pytest.mark.parametrize("args", [["--param", "fiveC=c5:capacity"], ["--limit", "5"],
                                  ["--limit", "0"]])
def test_other_calls_run_the_query(runner: CliRunner, planted: Path, three_forces: Path,
                                   args: list[str]) -> None:
    query = ["query", "threats-without-connectivity", "-f", "csv", *args]
    expected = run(runner, *query, "--data", str(three_forces))
    assert "planted" not in expected[1]
    assert run(runner, *query, "--db", str(planted)) == expected


def test_other_text_runs_the_query(runner: CliRunner, planted: Path, three_forces: Path,
                                   tmp_path: Path) -> None:
    text = load_catalogue()["threat-levels"].text + "\n# edited\n"
    (tmp_path / "edited.rq").write_text(text, encoding="utf-8")
    query = ["query", str(tmp_path / "edited.rq"), "-f", "csv"]
    expected = run(runner, *query, "--data", str(three_forces))
    assert expected[0] == 0 and "planted" not in expected[1]
    assert run(runner, *query, "--db", str(planted)) == expected


def test_a_changed_store_runs_the_query(runner: CliRunner, planted: Path,
                                        three_forces: Path) -> None:
    sst = next(p for p in planted.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    expected = run(runner, "query", "governance", "-f", "csv", "--data", str(three_forces))
    assert run(runner, "query", "governance", "-f", "csv", "--db", str(planted)) == expected


@pytest.mark.parametrize("change", [
    {"rows": 5}, {"rows": "not a table"}, {"variables": [1]}, {"labels": {"a": 1}},
    {"order": [["x", "up"]]}, {"boolean": True}, {"triples": "<a> <b> <c> ."},
    {"limit": "10"}, {"extra": 1}, {"truncated": None}, {"notes": "n"}])
def test_a_result_not_of_its_shape_runs_the_query(runner: CliRunner, tmp_path: Path,
                                                  three_forces: Path,
                                                  change: dict[str, object]) -> None:
    push_db(tmp_path / "db", [three_forces])
    plant(tmp_path / "db", change)
    for name in ("governance", "threat-levels"):
        expected = run(runner, "query", name, "-f", "csv", "--data", str(three_forces))
        assert run(runner, "query", name, "-f", "csv", "--db", str(tmp_path / "db")) == \
            expected, name


def test_a_query_stopped_at_its_limit_is_left_out() -> None:
    from spr_graph.api.results_ahead import run_ahead

    graph = spr_graph.open()
    assert run_ahead(lambda named, limit: graph.query(named, (), limit, timeout=1e-9,
                                                      one_shot=True)) == {}
