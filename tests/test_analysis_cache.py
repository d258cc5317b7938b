"""The projection and the facts of a ``--db`` store, cached beside it: a cached read is
the read from the store, on the bundled paper and a synthetic national graph; a store
replaced by ``push`` gets a new cache; a broken, stale, linked or unwritable cache is
never trusted and never followed; files and endpoints read the same graph the same way.
Real stores, no mocks."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from sparql_support import oxigraph_server

import spr_graph
from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.graph import analysis_cache, cache_codec
from spr_graph.graph.analysis_cache import CACHE_FILE
from spr_graph.graph.search_store import store_stamp
from spr_graph.papers.synth import synth_trig
from spr_graph.store.db import load_into_db

ANALYSES = (["gaps"], ["spof", "--top", "0"], ["whatif", "--sweep", "--top", "0"],
            ["capacity"], ["funding"], ["brokers", "--top", "0"])


def same_projection(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Equal, and iterating in the same order: nodes, edges, each node's neighbours."""
    assert a.graph == b.graph
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert all(list(a.pred[n]) == list(b.pred[n]) and list(a.succ[n]) == list(b.succ[n])
               for n in a)


def no_reads(graph: spr_graph.Graph) -> None:
    """From now on, reading the store fails the test."""
    def refuse(query: str) -> Iterator[dict[str, str | None]]:
        raise AssertionError(f"read the store: {query[:60]}")

    graph.source.select = refuse
    graph._read.shared.select = refuse  # noqa: SLF001


def outputs(runner: CliRunner, *source: str) -> list[str]:
    found = []
    for args in ANALYSES:
        result = runner.invoke(main, [*args, "-f", "json", *source])
        assert result.exit_code in (0, 1), result.output
        found.append(result.stdout)
    return found


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three synthetic forces in a file, and in a store."""
    folder = tmp_path_factory.mktemp("synth")
    trig = folder / "synth.trig"
    trig.write_text(synth_trig(3, seed=7), encoding="utf-8")
    load_into_db(folder / "db", [trig])
    return trig, folder / "db"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    load_into_db(tmp_path / "db")
    return tmp_path / "db"


def test_a_cached_read_is_the_read_from_the_store(db: Path) -> None:
    files = spr_graph.open()
    cold = spr_graph.open(db=db)
    assert cold.documents == files.documents  # (kept beside the store: graph.beside)
    assert cold.citing == files.citing
    same_projection(cold.projection, files.projection)
    assert cold.facts == files.facts
    assert (db / CACHE_FILE).is_file()
    written = (db / CACHE_FILE).stat()
    warm = spr_graph.open(db=db)
    no_reads(warm)  # not even the papers' names or documents: they are cached too
    assert warm.documents == files.documents
    same_projection(warm.projection, cold.projection)
    assert warm.facts == cold.facts
    assert warm.citing == cold.citing == files.citing
    assert warm.gaps().json() == cold.gaps().json() == files.gaps().json()
    assert warm.sweep(top=None).json() == files.sweep(top=None).json()
    assert (db / CACHE_FILE).stat().st_mtime_ns == written.st_mtime_ns


def test_a_cached_projection_is_a_graph_of_its_own(db: Path) -> None:
    spr_graph.open(db=db).projection  # noqa: B018 (writes the cache)
    first, second = spr_graph.open(db=db).projection, spr_graph.open(db=db).projection
    node = next(n for n, a in first.nodes(data=True) if a["paragraphs"])
    first.nodes[node]["paragraphs"].append(-1)
    assert -1 not in second.nodes[node]["paragraphs"]


def test_the_command_line_gives_the_same_bytes_cold_warm_and_from_files(
        runner: CliRunner, synthetic: tuple[Path, Path]) -> None:
    trig, store = synthetic
    for kept in [store / CACHE_FILE, *store.glob(".spr-graph-summary.answer-*")]:
        kept.unlink(missing_ok=True)
    from_files = outputs(runner, "--data", str(trig))
    assert outputs(runner, "--db", str(store)) == from_files  # cold: builds the cache
    assert (store / CACHE_FILE).is_file()
    assert outputs(runner, "--db", str(store)) == from_files  # warm: the answers kept
    (store / CACHE_FILE).unlink()
    assert outputs(runner, "--db", str(store)) == from_files  # read from the answers
    assert not (store / CACHE_FILE).exists()


def test_a_synthetic_graph_reads_the_same_from_files_and_the_store(
        synthetic: tuple[Path, Path]) -> None:
    trig, store = synthetic
    (store / CACHE_FILE).unlink(missing_ok=True)
    files, cold = spr_graph.open(trig), spr_graph.open(db=store)
    same_projection(cold.projection, files.projection)
    assert cold.facts == files.facts
    assert cold.citing == files.citing and len(cold.citing.papers) == 3
    assert cold.documents == files.documents
    warm = spr_graph.open(db=store)
    no_reads(warm)
    same_projection(warm.projection, files.projection)
    assert warm.facts == files.facts
    assert warm.citing == files.citing and warm.documents == files.documents


def test_push_replacing_the_store_changes_its_stamp(runner: CliRunner, db: Path) -> None:
    stamp = store_stamp(db)
    spr_graph.open(db=db).facts  # noqa: B018 (writes the cache)
    assert (db / CACHE_FILE).is_file()
    assert store_stamp(db) == stamp  # not part of the stamp: the search index stays current
    result = runner.invoke(main, ["push", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert store_stamp(db) != stamp
    # the old store's cache went with it; push keeps the new store's, stamped with it
    assert analysis_cache.read(db, store_stamp(db)) is not None
    assert spr_graph.open(db=db).facts == spr_graph.open().facts


def test_push_makes_the_first_command_warm(runner: CliRunner, tmp_path: Path,
                                           synthetic: tuple[Path, Path]) -> None:
    """push reads the analyses' start from the data in memory while the store is written:
    the first command on the new store reads nothing from it, and what push kept is,
    byte for byte, what the first command on a store without it keeps."""
    trig, cold_store = synthetic
    store = tmp_path / "db"
    result = runner.invoke(main, ["push", "--db", str(store), str(trig)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    first = spr_graph.open(db=store)
    no_reads(first)
    files = spr_graph.open(trig)
    same_projection(first.projection, files.projection)
    assert first.facts == files.facts and first.citing == files.citing
    assert first.documents == files.documents
    assert first.node("Glenmere Police") == files.node("Glenmere Police")  # the names kept too
    cold = tmp_path / "cold"
    load_into_db(cold, [trig])  # no cache: the first command reads the store and keeps it
    assert outputs(runner, "--db", str(cold)) == outputs(runner, "--db", str(store))
    for name in [CACHE_FILE, *(f".spr-graph-summary.{key}.json"
                               for key in ("citing", "documents"))]:
        assert (cold / name).read_bytes().split(b"\n", 1)[1] == \
            (store / name).read_bytes().split(b"\n", 1)[1], name


def test_a_command_in_a_longer_process_leaves_the_collector_on(runner: CliRunner,
                                                               db: Path) -> None:
    """A ``--db`` command pauses the garbage collector; only the ``spr-graph`` program,
    whose process ends with the command, leaves it paused (``ENDS_WITH_COMMAND``)."""
    import gc

    assert gc.isenabled()
    for args in ANALYSES[:3]:
        result = runner.invoke(main, [*args, "--db", str(db), "-f", "json"])
        assert result.exit_code in (0, 1), result.output
        assert gc.isenabled(), args


def test_push_no_analyse_keeps_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["push", "--db", str(tmp_path / "db"), "--no-analyse"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "db" / CACHE_FILE).exists()
    assert spr_graph.open(db=tmp_path / "db").facts == spr_graph.open().facts
    refused = runner.invoke(main, ["push", "--endpoint", "http://127.0.0.1:9/store",
                                   "--analyse"])
    assert refused.exit_code == 2 and "--analyse" in refused.output


def test_push_stores_data_no_analysis_can_read(runner: CliRunner, tmp_path: Path) -> None:
    """A paragraph number no citation can hold stops every analysis (one line, exit 2),
    not the push: the store is built for querying, with one note and nothing kept."""
    bad = tmp_path / "bad.trig"
    bad.write_text("""<urn:x:g> { <https://w3id.org/spr-graph/id/organisation/rocu>
    <http://www.w3.org/2004/02/skos/core#altLabel> "Hostile" . }
<urn:x:prov> { <urn:x:g> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:x:p> .
    <urn:x:p> a <https://w3id.org/spr-graph/def/spr#Paragraph> ;
        <https://w3id.org/spr-graph/def/spr#paragraphNumber> 5000000 . }
""", encoding="utf-8")
    store = tmp_path / "db"
    paper = str(resources.paper_dir())
    result = runner.invoke(main, ["push", "--db", str(store), paper, str(bad)])
    assert result.exit_code == 0, result.output
    assert "stored in" in result.stdout
    note = result.stderr.strip()
    assert note.count("\n") == 0 and "paragraph number" in note, note
    assert not (store / CACHE_FILE).exists()
    analysed = runner.invoke(main, ["gaps", "--db", str(store)])
    assert analysed.exit_code == 2 and "paragraph number" in analysed.stderr


def test_a_written_store_is_read_again(db: Path) -> None:
    spr_graph.open(db=db).facts  # noqa: B018
    sst = next(p for p in db.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    assert analysis_cache.read(db, store_stamp(db)) is None
    stale = spr_graph.open(db=db)
    assert stale.facts == spr_graph.open().facts
    assert analysis_cache.read(db, store_stamp(db)) is not None  # rewritten


def _header(db: Path, **changes: str) -> None:
    path = db / CACHE_FILE
    head, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(json.dumps({**json.loads(head), **changes}).encode() + b"\n" + body)


BREAKAGES = {
    "truncated": lambda db: (db / CACHE_FILE).write_bytes((db / CACHE_FILE).read_bytes()[:5000]),
    "garbage": lambda db: (db / CACHE_FILE).write_bytes(os.urandom(4096)),
    "empty": lambda db: (db / CACHE_FILE).write_bytes(b""),
    "another version": lambda db: _header(db, version="0.0.1"),
    "another format": lambda db: _header(db, format="spr-graph-analysis/0"),
    "other code": lambda db: _header(db, code="0" * 16),
    "another store": lambda db: _header(db, stamp="0" * 64),
    "a body of the wrong shape": lambda db: (db / CACHE_FILE).write_bytes(
        (db / CACHE_FILE).read_bytes().split(b"\n")[0] + b'\n{"projection": [], "facts": 1}'),
    "indices out of range": lambda db: (db / CACHE_FILE).write_bytes(
        (db / CACHE_FILE).read_bytes().replace(b'"strings":[', b'"strings":[],"x":[')),
    # Python's json reads NaN, and a body nested past any stack, differently from msgspec
    "a NaN": lambda db: (db / CACHE_FILE).write_bytes(
        (db / CACHE_FILE).read_bytes().replace(b'"strings":[', b'"x":NaN,"strings":[', 1)),
    "nested deep": lambda db: (db / CACHE_FILE).write_bytes(
        (db / CACHE_FILE).read_bytes().split(b"\n")[0] + b"\n" + b"[" * 100_000),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_or_stale_cache_is_rebuilt(db: Path, breakage: str) -> None:
    expected = spr_graph.open(db=db).gaps().json()
    BREAKAGES[breakage](db)
    assert analysis_cache.read(db, store_stamp(db)) is None
    graph = spr_graph.open(db=db)
    assert graph.gaps().json() == expected
    assert graph.facts == spr_graph.open().facts
    assert analysis_cache.read(db, store_stamp(db)) is not None


def test_a_linked_cache_is_replaced_never_followed(db: Path, tmp_path: Path) -> None:
    spr_graph.open(db=db).facts  # noqa: B018
    outside = tmp_path / "outside.json"
    outside.write_bytes((db / CACHE_FILE).read_bytes())  # even a valid cache
    (db / CACHE_FILE).unlink()
    (db / CACHE_FILE).symlink_to(outside)
    before = outside.read_bytes()
    assert analysis_cache.read(db, store_stamp(db)) is None
    assert spr_graph.open(db=db).facts == spr_graph.open().facts
    assert outside.read_bytes() == before
    assert not (db / CACHE_FILE).is_symlink() and (db / CACHE_FILE).is_file()


def test_a_folder_that_cannot_be_written_keeps_the_analysis_in_memory(db: Path) -> None:
    (db / CACHE_FILE).mkdir()  # nothing can be renamed over a folder
    graph = spr_graph.open(db=db)
    assert graph.facts == spr_graph.open().facts
    assert graph.gaps().json() == spr_graph.open().gaps().json()
    assert (db / CACHE_FILE).is_dir() and not any((db / CACHE_FILE).iterdir())
    assert not [p for p in db.iterdir() if p.name.endswith(".building")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_store_folder_is_read_without_a_cache(db: Path) -> None:
    db.chmod(0o555)
    try:
        assert spr_graph.open(db=db).facts == spr_graph.open().facts
        assert not (db / CACHE_FILE).exists()
    finally:
        db.chmod(0o755)


@pytest.mark.server
def test_an_endpoint_reads_the_graph_as_files_do(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "oxigraph") as base:
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store"])
        assert result.exit_code == 0, result.output
        remote = spr_graph.open(endpoint=f"{base}/query")
        files = spr_graph.open()
        same_projection(remote.projection, files.projection)
        assert remote.facts == files.facts
        assert remote.gaps().json() == files.gaps().json()


@dataclasses.dataclass(frozen=True)
class _Later:
    """A dataclass with every kind of field the codec reads, as someone might add."""

    name: str
    amount: Decimal | None
    tags: tuple[str, ...] = ()
    pairs: tuple[tuple[str, int], ...] = ()
    by_key: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    flag: bool = False
    ratio: float = 0.5
    inner: tuple[_Later, ...] = ()


def test_the_codec_keeps_every_field_of_a_dataclass() -> None:
    value = _Later("a", Decimal("1.50"), ("x", "y"), (("p", 1),), {"k": ("v",), "e": ()},
                   True, 0.25, (_Later("b", None), _Later("c", Decimal(2), ("x",))))
    data = json.loads(json.dumps(cache_codec.encode(_Later, value)))
    assert cache_codec.decode(_Later, data) == value
    after = dataclasses.make_dataclass("Fact", [("iri", str), ("paper", str | None, None)])
    kept = cache_codec.encode(after, after("a", "p"))
    assert cache_codec.decode(after, json.loads(json.dumps(kept))) == after("a", "p")


@pytest.mark.parametrize("data", [
    None, [], {"strings": ["a"], "value": [[5], [None]]}, {"strings": [1], "value": []},
    {"strings": ["a"], "value": [[-1], [[0], [[]]], [[0], []], [[0], [], []], [False], [0.5],
                                 [[0], []]]},
])
def test_the_codec_refuses_data_of_the_wrong_shape(data: Any) -> None:
    with pytest.raises((ValueError, TypeError, IndexError, KeyError)):
        cache_codec.decode(_Later, data)
