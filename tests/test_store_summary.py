"""What is kept beside a ``--db`` store besides the search index and the analysis cache:
its papers, their paragraph numbers (citations) and the projection's node names. A
command answers the same bytes before they are kept, once they are, and from files; a
warm search or describe reads none of them from the store; a store changed after they
were kept is answered afresh, never from them; a broken or linked file is replaced,
never trusted or followed. Real stores, no mocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import spr_graph
from spr_graph.cli import main
from spr_graph.core.errors import UnknownNodeError
from spr_graph.core.namespaces import SKOS, SPR, expand
from spr_graph.graph.beside import SUMMARY_FILE, kept
from spr_graph.graph.names_kept import NAMES_FILE, KeptNames
from spr_graph.papers.synth import synth_trig
from spr_graph.store.db import load_into_db

KEPT = (SUMMARY_FILE.format(key="documents"), SUMMARY_FILE.format(key="citing"), NAMES_FILE)
COMMANDS = (["search", "police", "-n", "8", "-f", "json"], ["search", "CSE/A"],
            ["search", "counter terrorism", "--kind", "unit", "-n", "3", "-f", "csv"],
            ["describe", "Glenmere Police", "-f", "json"], ["describe", "ag:synth-002"],
            ["describe", "Glenmere Polise"])


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, list(args))
    assert result.exit_code in (0, 2), result.output
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def forget(db: Path) -> None:
    for name in KEPT:
        (db / name).unlink(missing_ok=True)


def refuse(query: str) -> Iterator[dict[str, str | None]]:
    raise AssertionError(f"read the store: {query[:60]}")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three synthetic forces (three papers, each citing its own paragraphs) in a file,
    and in a store."""
    folder = tmp_path_factory.mktemp("summary")
    trig = folder / "synth.trig"
    trig.write_text(synth_trig(3, seed=7), encoding="utf-8")
    load_into_db(folder / "db", [trig])
    return trig, folder / "db"


def test_the_same_bytes_before_and_after_they_are_kept_and_from_files(
        runner: CliRunner, synthetic: tuple[Path, Path]) -> None:
    trig, db = synthetic
    forget(db)
    from_files = [run(runner, *args, "--data", str(trig)) for args in COMMANDS]
    assert from_files[-1][0] == 2 and "did you mean Glenmere Police" in from_files[-1][1]
    assert len(json.loads(from_files[0][1])["papers"]) == 3  # citations name 3 papers
    assert [run(runner, *args, "--db", str(db)) for args in COMMANDS] == from_files
    assert all((db / name).is_file() for name in KEPT)
    assert [run(runner, *args, "--db", str(db)) for args in COMMANDS] == from_files


def test_a_warm_search_or_describe_reads_nothing_of_them_from_the_store(
        synthetic: tuple[Path, Path]) -> None:
    _trig, db = synthetic
    cold = spr_graph.open(db=db)
    expected = (cold.search("police").json(), cold.describe("Glenmere Police").json(),
                cold.documents)
    warm = spr_graph.open(db=db)
    warm.source.select = refuse  # the search index, the papers, citations and names: kept
    assert warm.search("police").json() == expected[0]
    assert warm.documents == expected[2]
    assert isinstance(warm._read.names, KeptNames)  # noqa: SLF001
    assert warm.node("Glenmere Police") == expand("ag:synth-001")
    assert "projection" not in warm._read.__dict__  # noqa: SLF001
    warm.source.select = cold.source.select  # describe reads the entity's own rows
    assert warm.describe("Glenmere Police").json() == expected[1]
    assert "projection" not in warm._read.__dict__  # noqa: SLF001


def _write(db: Path, trig: str) -> None:
    """Add ``trig`` to the store in ``db`` as another program would: in place."""
    store = ox.Store(str(db))
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store


def test_a_store_changed_after_they_were_kept_is_answered_afresh(
        runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    before = json.loads(run(runner, "search", "airwave", "-f", "json", "--db", str(db))[1])
    assert [p["short"] for p in before["papers"]] == ["WMP 2020-01"]
    assert run(runner, "describe", "Zebra Unit", "--db", str(db))[0] == 2
    assert all((db / name).is_file() for name in KEPT)
    # a second paper, of another force, and a new name for ROCU
    doc, para = "https://w3id.org/spr-graph/id/document/x-2021", "urn:x:para-58"
    _write(db, f"""<urn:x:prov> {{ <{doc}> a <{SPR}SourceDocument> ;
        <{SPR}force> <urn:x:force> ; <http://purl.org/dc/terms/date> "2021-03-01" .
        <urn:x:force> <{SKOS}prefLabel> "Xshire Police" ; <{SKOS}altLabel> "XSP" .
        <{para}> <http://purl.org/dc/terms/isPartOf> <{doc}> ; <{SPR}paragraphNumber> 58 . }}
        <urn:x:g> {{ <{expand('ag:rocu')}> <{SKOS}altLabel> "Zebra Unit" . }}""")
    after = json.loads(run(runner, "search", "airwave", "-f", "json", "--db", str(db))[1])
    assert [p["short"] for p in after["papers"]] == ["WMP 2020-01", "XSP 2021-03"]
    # the new paper has a paragraph 58 too; the hit is WMP's, and cites WMP's alone
    assert [c["short"] for c in after["hits"][0]["citations"]] == ["WMP 2020-01"]
    assert json.loads(run(runner, "describe", "Zebra Unit", "-f", "json", "--db",
                          str(db))[1])["iri"] == expand("ag:rocu")
    assert [d.date for d in spr_graph.open(db=db).documents] == ["2020-01-21", "2021-03-01"]


def test_a_broken_linked_or_misshapen_file_is_replaced_never_followed(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    expected = [run(runner, *args) for args in (["search", "airwave", "-f", "json"],
                                                ["describe", "ROCU", "-f", "json"])]
    outside = tmp_path / "outside"
    outside.write_bytes(b"someone else's file")
    for name in KEPT:
        (db / name).symlink_to(outside)
    assert [run(runner, *args, "--db", str(db)) for args in (
        ["search", "airwave", "-f", "json"], ["describe", "ROCU", "-f", "json"])] == expected
    assert outside.read_bytes() == b"someone else's file"
    for name in KEPT:
        assert not (db / name).is_symlink() and (db / name).is_file()
        (db / name).write_bytes(b'{"format": "spr-graph-summary/1"}\ngarbage')
    assert [run(runner, *args, "--db", str(db)) for args in (
        ["search", "airwave", "-f", "json"], ["describe", "ROCU", "-f", "json"])] == expected
    assert isinstance(spr_graph.open(db=db)._read.names, KeptNames)  # noqa: SLF001
    for name, body in zip(KEPT[:2], (b"[[1, 2]]", b'{"numbers": 1}'), strict=True):
        header = (db / name).read_bytes().split(b"\n")[0]  # current: only the body is wrong
        (db / name).write_bytes(header + b"\n" + body)
    assert [run(runner, *args, "--db", str(db)) for args in (
        ["search", "airwave", "-f", "json"], ["describe", "ROCU", "-f", "json"])] == expected
    assert not (db / KEPT[1]).read_bytes().endswith(b'{"numbers": 1}')  # written afresh


def test_kept_names_answer_as_the_index_they_were_written_from(tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    made, warm = spr_graph.open(db=db)._read.names, spr_graph.open(db=db)._read.names  # noqa: SLF001
    assert not isinstance(made, KeptNames) and isinstance(warm, KeptNames)
    for name in ("ROCU", "ag:rocu", " west midlands POLICE ", expand("ag:nca")):
        assert warm.resolve(name) == made.resolve(name)
    for name in ("RCOU", "Board"):  # unknown, and (perhaps) several nodes: the same hint
        with pytest.raises(UnknownNodeError) as expected:
            made.resolve(name)
        with pytest.raises(UnknownNodeError) as found:
            warm.resolve(name)
        assert str(found.value) == str(expected.value)


def test_only_a_key_names_a_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a key"):
        kept(tmp_path, "../elsewhere", lambda: 1)


def _recording(graph: spr_graph.Graph) -> list[str]:
    """The queries ``graph`` asks its store from now on."""
    asked: list[str] = []
    select = graph.source.select

    def record(query: str) -> Iterator[dict[str, str | None]]:
        asked.append(query)
        yield from select(query)

    graph.source.select = record
    return asked


def test_describe_reads_only_the_texts_the_search_index_says_may_name_it(
        runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    names = ("ROCU", "WMCTU", "ACC Security", "Airwaves", "thr15:child-sexual-abuse")
    expected = [run(runner, "describe", name, "-f", "json") for name in names]
    assert [run(runner, "describe", name, "-f", "json", "--db", str(db))
            for name in names] == expected  # no search index yet: every text is read
    graph = spr_graph.open(db=db)
    asked = _recording(graph)
    graph.describe("ROCU")
    assert any("spr:text ?text" in q and "VALUES ?paragraph" not in q for q in asked)
    run(runner, "search", "ROCU", "--db", str(db))  # builds the store's search index
    assert [run(runner, "describe", name, "-f", "json", "--db", str(db))
            for name in names] == expected
    graph = spr_graph.open(db=db)
    asked = _recording(graph)
    graph.describe("ROCU")
    texts = [q for q in asked if "spr:text ?text" in q]
    assert texts and all("VALUES ?paragraph" in q for q in texts)


def test_a_paragraph_the_index_does_not_hold_is_still_read(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    # a paragraph of no class the search index holds, whose text names ROCU
    _write(db, f"""<urn:x:g> {{ <urn:x:para> <{SPR}paragraphNumber> 999 ;
        <{SPR}text> "Nothing but the ROCU here." . }}""")
    run(runner, "search", "ROCU", "--db", str(db))  # the index: not every paragraph's text
    found = json.loads(run(runner, "describe", "ROCU", "-f", "json", "--db", str(db))[1])
    assert {"paragraph": 999, "in_text": True} in [
        {k: m[k] for k in ("paragraph", "in_text")} for m in found["paragraphs"]]
