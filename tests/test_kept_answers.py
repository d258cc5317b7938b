"""The answers of the analysis commands, kept beside a ``--db`` store: the same command
again writes the same bytes, exit code and notes without analysing; any change of the
store, the code, the options, the format or the width answers afresh; a broken, linked
or unwritable answer is never trusted; old answers are removed. Real stores, no mocks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from kept_support import run

from spr_graph.api import reading
from spr_graph.graph.analysis_cache import CACHE_FILE
from spr_graph.store.db import load_into_db

COMMANDS = (["gaps"], ["spof", "--top", "0"], ["whatif", "--sweep", "--top", "3"],
            ["whatif", "--remove", "ROCU"], ["capacity"], ["funding", "--as-of", "2021"],
            ["brokers", "--top", "0"], ["compare"])


def answers(store: Path) -> list[Path]:
    return sorted(store.glob(".spr-graph-summary.answer-*.json"))


def mark(store: Path) -> None:
    """Every kept answer's text replaced by "kept": what a command then writes shows
    whether it read the answer or analysed again."""
    for path in answers(store):
        head, body = path.read_bytes().split(b"\n", 1)
        _, *rest = json.loads(body)
        path.write_bytes(head + b"\n" + json.dumps(["kept", *rest]).encode())


@pytest.fixture
def store(tmp_path: Path, three_forces: Path) -> Path:
    load_into_db(tmp_path / "db", [three_forces])
    return tmp_path / "db"


@pytest.mark.parametrize("fmt", ["json", "table", "csv", "markdown"])
def test_the_same_command_again_writes_the_same_bytes_without_analysing(
        runner: CliRunner, bundled_db: Path, fmt: str) -> None:
    for args in COMMANDS:
        files = run(runner, *args, "--fail-on-gap", "-f", fmt)
        first = run(runner, *args, "--fail-on-gap", "-f", fmt, "--db", str(bundled_db))
        again = run(runner, *args, "--fail-on-gap", "-f", fmt, "--db", str(bundled_db))
        assert first == again == files, args
    assert len(answers(bundled_db)) == len(COMMANDS)
    (bundled_db / CACHE_FILE).unlink()  # nothing left to analyse from but the store
    mark(bundled_db)
    for args in COMMANDS:
        code, out, _ = run(runner, *args, "--fail-on-gap", "-f", fmt, "--db", str(bundled_db))
        assert (code, out) == (run(runner, *args, "--fail-on-gap", "-f", fmt)[0], "kept"), args
    assert not (bundled_db / CACHE_FILE).exists()


@pytest.fixture
def bundled_db(tmp_path: Path) -> Path:
    load_into_db(tmp_path / "bundled")
    return tmp_path / "bundled"


def test_the_notes_are_said_again_and_the_exit_code_kept(runner: CliRunner, store: Path,
                                                         three_forces: Path) -> None:
    args = ["spof", "--fail-on-gap", "-f", "json"]
    files = run(runner, *args, "--data", str(three_forces))
    assert files[0] == 1 and "3 forces" in files[2]
    assert run(runner, *args, "--db", str(store)) == files
    mark(store)
    assert run(runner, *args, "--db", str(store)) == (1, "kept", files[2])
    assert run(runner, "spof", "-f", "json", "--db", str(store)) == (0, "kept", files[2])


def test_other_options_formats_or_widths_answer_afresh(runner: CliRunner, store: Path) -> None:
    db = ["--db", str(store)]
    for args in (["spof", "--top", "1"], ["gaps", "-f", "json"], ["gaps", "--wide"]):
        run(runner, *args, *db)
    mark(store)
    for args in (["spof", "--top", "2"], ["gaps", "-f", "csv"], ["gaps"],
                 ["gaps", "--force", "Ashport Police", "-f", "json"]):
        code, out, _ = run(runner, *args, *db)
        assert code == 0 and out not in ("kept", ""), args
    for args in (["spof", "--top", "1"], ["gaps", "-f", "json", "-o", "-"], ["gaps", "--wide"]):
        assert run(runner, *args, *db)[1] == "kept", args


def test_a_changed_store_or_code_answers_afresh(runner: CliRunner, store: Path) -> None:
    args = ["gaps", "-f", "json", "--db", str(store)]
    expected = run(runner, *args)
    mark(store)
    sst = next(p for p in store.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    assert run(runner, *args) == expected  # the store changed
    assert len(answers(store)) == 1  # the stale answer replaced
    mark(store)
    path = answers(store)[0]
    head, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(json.dumps({**json.loads(head), "code": "0" * 16}).encode() + b"\n" + body)
    assert run(runner, *args) == expected  # another spr-graph's answer


@pytest.mark.parametrize("body", [
    b"garbage", b"[1, 2, 3]", b'["t", "json", 1, [], []]', b'["t", "json", true, [1], []]',
    b'["t", "json", true, [], [], 5]', b'["t", true, [], []]', b"[" * 100_000, b""])
def test_a_broken_answer_is_answered_afresh(runner: CliRunner, store: Path, body: bytes) -> None:
    args = ["capacity", "-f", "json", "--db", str(store)]
    expected = run(runner, *args)
    path = answers(store)[0]
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n" + body)
    assert run(runner, *args) == expected
    assert json.loads(path.read_bytes().split(b"\n", 1)[1])[0] == expected[1]  # rewritten


def test_a_linked_answer_is_replaced_never_followed(runner: CliRunner, store: Path,
                                                    tmp_path: Path) -> None:
    args = ["funding", "-f", "json", "--db", str(store)]
    expected = run(runner, *args)
    path = answers(store)[0]
    outside = tmp_path / "outside.json"
    outside.write_bytes(path.read_bytes().replace(expected[1][:20].encode(), b"planted"))
    path.unlink()
    path.symlink_to(outside)
    before = outside.read_bytes()
    assert run(runner, *args) == expected
    assert not path.is_symlink() and outside.read_bytes() == before


def test_bad_input_keeps_nothing(runner: CliRunner, store: Path) -> None:
    code, _, err = run(runner, "gaps", "--force", "Nowhere Police", "--db", str(store))
    assert code == 2 and err.count("\n") == 1
    assert answers(store) == []


def test_an_answer_that_cannot_be_written_is_still_given(runner: CliRunner,
                                                          store: Path) -> None:
    args = ["gaps", "-f", "json", "--db", str(store)]
    expected = run(runner, *args)
    path = answers(store)[0]
    path.unlink()
    path.mkdir()  # nothing can be renamed over a folder
    assert run(runner, *args) == expected == run(runner, *args)
    assert path.is_dir() and not [p for p in store.iterdir() if p.name.endswith(".building")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_store_answers_without_keeping(runner: CliRunner, store: Path) -> None:
    store.chmod(0o555)
    try:
        first = run(runner, "gaps", "-f", "json", "--db", str(store))
        assert first[0] == 0 and first == run(runner, "gaps", "-f", "json", "--db", str(store))
        assert answers(store) == []
    finally:
        store.chmod(0o755)


def test_old_answers_are_removed(runner: CliRunner, store: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "KEPT_ANSWERS", 3)
    for top in range(1, 6):
        assert run(runner, "spof", "--top", str(top), "--db", str(store))[0] == 0
        assert len(answers(store)) == min(top, 3)
    mark(store)
    assert run(runner, "spof", "--top", "5", "--db", str(store))[1] == "kept"  # the newest
    assert run(runner, "spof", "--top", "1", "--db", str(store))[1] != "kept"  # removed
    sst = next(p for p in store.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    run(runner, "capacity", "--db", str(store))
    assert len(answers(store)) == 1  # the answers for the old store are gone


def test_a_catalogue_query_is_kept_and_other_text_runs_again(runner: CliRunner,
                                                             store: Path) -> None:
    db = ["--db", str(store)]
    calls = [["query", "threat-partners"], ["query", "governance", "-f", "csv"],
             ["query", "threat-partners", "--limit", "1"]]
    expected = [run(runner, *call, *db) for call in calls]
    assert [code for code, _, _ in expected] == [0, 0, 0]
    assert expected[2][2].endswith("more exist\n")  # said after the text
    assert [run(runner, *call, *db) for call in calls] == expected
    assert len(answers(store)) == len(calls)
    mark(store)
    assert [run(runner, *call, *db)[1:] for call in calls] == \
        [("kept", "")] * 2 + [("kept", expected[2][2])]
    text = (Path(__file__).parents[1] / "spr_graph" / "queries" / "force-units.rq").read_text()
    for other in [text + "\n# not the catalogue's text", "ASK { ?s ?p ?o }"]:
        first = run(runner, "query", other, *db)
        assert first[0] == 0 and run(runner, "query", other, *db) == first
    now = "SELECT (STR(NOW()) AS ?t) {}"
    assert run(runner, "query", now, "-f", "csv", *db) != run(runner, "query", now, "-f", "csv",
                                                             *db)  # never a kept time
    assert run(runner, "query", "ASK { ?s a <urn:x:none> }", *db)[0] == 1
    assert len(answers(store)) == len(calls)


def test_no_catalogue_query_reads_anything_but_the_store() -> None:
    """What lets a catalogue query's answer be kept: none asks for the time, a random
    number or a new identifier."""
    import re

    from spr_graph.sparql.catalogue import load_catalogue

    for name, query in load_catalogue().items():
        assert not re.search(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", query.text, re.I), name


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
<urn:x:shape> a sh:NodeShape ; sh:targetClass spr:SourceDocument ;
    sh:property [ sh:path skos:note ; sh:minCount COUNT ] .
"""


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_stores_findings_are_kept_for_its_shapes(runner: CliRunner, store: Path,
                                                   tmp_path: Path, fmt: str) -> None:
    validate = ["validate", "--db", str(store), "-f", fmt]
    plain = run(runner, *validate)
    assert plain[0] == 0 and plain[1] and run(runner, *validate) == plain
    strict = run(runner, *validate, "--strict")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE.replace("COUNT", "1"), encoding="utf-8")
    failing = run(runner, *validate, str(shapes))
    assert failing[0] == 1 and run(runner, *validate, str(shapes)) == failing
    assert len(answers(store)) == 3
    mark(store)
    assert run(runner, *validate) == (0, "kept", "")
    assert run(runner, *validate, "--strict") == (strict[0], "kept", "")
    assert run(runner, *validate, str(shapes)) == (1, "kept", "")
    shapes.write_text(SHAPE.replace("COUNT", "0"), encoding="utf-8")  # the same file, changed
    passing = run(runner, *validate, str(shapes))
    assert passing[0] == 0 and passing[1] not in ("kept", failing[1])
    assert run(runner, *validate, "--no-info")[1] != "kept"
    shapes.unlink()
    gone = run(runner, *validate, str(shapes))
    assert gone[0] == 2 and gone[2].count("\n") == 1
