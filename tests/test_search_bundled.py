"""The prebuilt search index of the bundled data (spr_graph.graph.search_bundled): exactly
what the builder makes from today's bundled files, the same answers as an index built in
memory, never used stale, and a search on it loads no store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from scripts_support import load_script

import spr_graph
from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.core.errors import SprGraphError
from spr_graph.graph import search_bundled
from spr_graph.graph.search import SearchIndex, open_index
from spr_graph.graph.search_bundled import STAMP_PREFIX, bundled_digest, bundled_index

REPO = Path(__file__).resolve().parent.parent
#: Every table the index holds, with its rowids: the FTS5 tables by their content.
TABLES = ("meta", "entity", "entity_threat", "threat_name", "label_key", "doc", "vocabulary")


def _script() -> ModuleType:
    return load_script("make_search_index")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index the generator script makes now from the bundled files."""
    path = tmp_path_factory.mktemp("bundled-index") / "search-index.sqlite"
    _script().make(path)
    return path


@pytest.fixture(scope="module")
def shipped() -> SearchIndex:
    index = bundled_index()
    assert index is not None, "data/search-index.sqlite is missing or stale: run " \
                              "PYTHONPATH=. python3 scripts/make_search_index.py"
    return index


@pytest.fixture(scope="module")
def in_memory() -> SearchIndex:
    """The index built in memory from the bundled graph, as before there was a prebuilt one."""
    return open_index(spr_graph.open().source.select)


def _content(path: Path) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for table in TABLES:
            yield table, conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid"
                                      if table in ("doc", "vocabulary") else
                                      f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def test_the_shipped_index_is_what_the_builder_makes_from_the_bundled_files(
        fresh: Path, shipped: SearchIndex) -> None:
    assert shipped.path == resources.search_index_file()
    assert dict(_content(resources.search_index_file())) == dict(_content(fresh)), \
        "data/search-index.sqlite is stale: run PYTHONPATH=. python3 scripts/make_search_index.py"
    # The same bytes, when written by this SQLite version (its number is in the header).
    shipped_bytes, fresh_bytes = resources.search_index_file().read_bytes(), fresh.read_bytes()
    if shipped_bytes[96:100] == fresh_bytes[96:100]:
        assert shipped_bytes == fresh_bytes


def test_writing_is_deterministic(fresh: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    _script().make(again)
    assert again.read_bytes() == fresh.read_bytes()
    assert not [p for p in tmp_path.iterdir() if ".building" in p.name]


def _queries(index: SearchIndex) -> list[str]:
    """Many queries: every 15th word of the index, whole labels, typos, prefixes,
    punctuation, several words, common words."""
    vocabulary = [w for (w,) in index.conn.execute("SELECT word FROM vocabulary ORDER BY 1")]
    labels = [label for (label,) in index.conn.execute(
        "SELECT label FROM entity ORDER BY id")][::25]
    words = vocabulary[::15]
    typos = [w[:2] + w[3] + w[2] + w[4:] for w in words if len(w) > 5][:30]
    return [*words, *labels, *typos, *(w[:4] for w in words[::3]), "CSE/A", "cse-a",
            "ROCU funding", "airwaves rocu", "serious organised crime", "police", "the",
            "counter terrorism", "fundng", "zzzzqx"]


def _answer(index: SearchIndex, text: str, **options: object) -> object:
    try:
        return index.search(text, **options).as_dict()  # type: ignore[arg-type]
    except SprGraphError as exc:
        return str(exc)


def test_the_shipped_index_answers_as_one_built_in_memory(shipped: SearchIndex,
                                                          in_memory: SearchIndex) -> None:
    queries = _queries(shipped)
    assert len(queries) > 200
    for text in queries:
        assert _answer(shipped, text) == _answer(in_memory, text), text
    for kind in [*in_memory.kinds(), "units", "unitz"]:
        for text in ("police", "rocu", "paragraph", "funding", "fundng"):
            assert _answer(shipped, text, kind=kind) == _answer(in_memory, text, kind=kind)
    threats = [name for (name,) in in_memory.conn.execute(
        "SELECT DISTINCT spelling FROM threat_name ORDER BY 1")]
    for threat in [*threats, "terorism"]:
        for text in ("police", "rocu", "capability", "cyber"):
            assert _answer(shipped, text, threat=threat, limit=50) == \
                _answer(in_memory, text, threat=threat, limit=50), (text, threat)


def test_a_stale_or_foreign_index_is_not_used(fresh: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert bundled_index(fresh) is not None
    assert bundled_index(tmp_path / "missing.sqlite") is None
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database")
    assert bundled_index(broken) is None
    # A bundled file changed: another digest, so the index is not used.
    changed = tmp_path / "changed.trig"
    changed.write_bytes(resources.data_files()[0].read_bytes() + b"\n")
    assert bundled_digest([changed]) != bundled_digest(resources.data_files()[:1])
    monkeypatch.setattr(search_bundled, "bundled_digest", lambda: "0" * 64)
    assert bundled_index(fresh) is None and bundled_index() is None
    assert STAMP_PREFIX


@pytest.mark.parametrize("args", [["airwave"], ["rocu", "--kind", "unit", "-f", "json"],
                                  ["police", "--threat", "SOC", "-n", "50", "-f", "csv"],
                                  ["fundng", "-f", "markdown"]])
def test_the_command_answers_from_the_shipped_index_as_it_did_without(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    files = [a for path in resources.data_files() for a in ("--data", str(path))]
    before = runner.invoke(main, ["search", *args, *files])
    from spr_graph.cli import search as command

    def no_store(*_args: object) -> None:
        raise AssertionError("the bundled data was loaded")

    with monkeypatch.context() as patched:
        patched.setattr(command, "open_graph", no_store)
        fast = runner.invoke(main, ["search", *args])
    assert fast.exit_code == 0 == before.exit_code, fast.output
    assert fast.stdout == before.stdout
    # A stale index: the index is built in memory, with the same answer.
    monkeypatch.setattr(search_bundled, "bundled_digest", lambda: "0" * 64)
    slow = runner.invoke(main, ["search", *args])
    assert slow.exit_code == 0 and slow.stdout == before.stdout


def test_a_search_of_the_bundled_data_imports_no_store_and_no_analysis() -> None:
    code = ("import sys\nfrom spr_graph.cli import main\n"
            "try:\n    main(['search', 'airwave', '-f', 'json'], prog_name='spr-graph')\n"
            "except SystemExit:\n    pass\n"
            "heavy = [m for m in ('pyoxigraph', 'rdflib', 'networkx', 'numpy', "
            "'spr_graph.store') if m in sys.modules]\n"
            "heavy += [m for m in sys.modules if m.startswith('spr_graph.analysis.') "
            "and m != 'spr_graph.analysis.citing']  # the citations' formatter only\n"
            "sys.stderr.write(repr(heavy))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300, check=True)
    assert json.loads(done.stdout)["hits"][0]["label"] == "Airwaves"
    assert done.stderr == "[]"
