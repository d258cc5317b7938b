"""``spr-graph search``: one ranked search over labels, abbreviations, quotes, notes and
paragraph text, tolerant of case, plurals, punctuation and typos, filtered by kind and
threat; the index in memory for files and built once beside a persistent store.

The expectations come from the paper (data/papers/wmp-spr-2020-01-21/paper.txt), paragraph cited."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import spr_graph
from spr_graph.cli import main
from spr_graph.core.namespaces import expand
from spr_graph.graph import kinds, search_index
from spr_graph.graph.search import index_for, open_index
from spr_graph.graph.search_store import INDEX_FILE, store_stamp
from spr_graph.store.db import load_into_db

AIRWAVES = expand("sys:airwaves")
CSA = expand("thr15:child-sexual-abuse")


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.output


def hits(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(run(runner, "search", *args, "-f", "json"))["hits"]
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real persistent store of the bundled data."""
    path = tmp_path_factory.mktemp("search") / "db"
    load_into_db(path)
    return path


def test_airwave_finds_airwaves_and_esmcp_at_paragraph_58(runner: CliRunner) -> None:
    # 58: "WMP will connect to the national Emergency Services Mobile Communications
    # Programme (ESMCP) in 2023/24, replacing the existing Airwaves system."
    found = hits(runner, "airwave")
    assert found[0]["iri"] == AIRWAVES and found[0]["paragraphs"] == [58]
    assert found[0]["kind"] == "system" and found[0]["field"] == "label"
    esmcp = [h for h in found if "ESMCP" in f"{h['label']} {h['snippet']}"]
    assert esmcp and all(h["paragraphs"] == [58] for h in esmcp)
    assert "statement" in {h["kind"] for h in esmcp}
    assert {"iri": expand("para:p058"), "paragraphs": [58]}.items() <= found[-1].items()
    table = run(runner, "search", "airwave")
    assert "[Airwaves]" in table and "ESMCP" in table and "58" in table


@pytest.mark.parametrize("query", ["Airwave", "airwaves", "AIRWAVES", "Airwaves!", "airwvaes",
                                   "airwves"])
def test_case_plurals_punctuation_and_typos(runner: CliRunner, query: str) -> None:
    assert hits(runner, query)[0]["iri"] == AIRWAVES


@pytest.mark.parametrize("query", ["CSE/A", "CSEA", "csea", "cse-a", "CSE A"])
def test_abbreviations_with_and_without_punctuation(runner: CliRunner, query: str) -> None:
    # The threat's abbreviations are CSE/A and CSEA (the section heading of 103-130 reads
    # "Child Sexual Exploitation and Abuse (CSE/A)"; 108 writes "CSEA demand").
    found = hits(runner, query, "-n", "50")
    assert CSA in [h["iri"] for h in found[:2]]
    assert any(h["paragraphs"] == [108] for h in found)


def test_a_typo_says_what_was_searched_instead(runner: CliRunner) -> None:
    data = json.loads(run(runner, "search", "airwvaes", "-f", "json"))
    assert data["searched"] == [{"word": "airwvaes", "as": ["airwaves"]}]
    assert "'airwvaes' matched nothing; searched for airwaves" in run(runner, "search", "airwvaes")


def test_every_word_in_one_text_before_any_word(runner: CliRunner) -> None:
    # 62: "WMP contribute 57% of the regional funding contribution to the ... (ROCU)".
    data = json.loads(run(runner, "search", "ROCU", "funding", "-f", "json"))
    assert data["every_word"] and 62 in data["hits"][0]["paragraphs"]
    loose = json.loads(run(runner, "search", "airwaves", "rocu", "-f", "json"))
    assert not loose["every_word"] and loose["hits"]


def test_a_whole_label_comes_first(runner: CliRunner) -> None:
    assert hits(runner, "ROCU")[0]["iri"] == expand("ag:rocu")
    assert hits(runner, "west midlands police")[0]["iri"] == expand("ag:wmp")


def test_kind_and_threat_filters(runner: CliRunner) -> None:
    units = hits(runner, "rocu", "--kind", "units", "-n", "100")
    assert units and {h["kind"] for h in units} == {"unit"}
    # 63: the ROCU's Serious Organised Crime Unit takes SOC investigations.
    assert expand("ag:rocu-socu") in [h["iri"] for h in units]
    soc = hits(runner, "rocu", "--threat", "SOC", "-n", "100")
    everything = hits(runner, "rocu", "-n", "100")
    assert soc and len(soc) < len(everything)
    # 87: the ROCU hosts the regional cybercrime unit, for a national cyber incident.
    ncsi = {h["iri"] for h in hits(runner, "rocu", "--threat", "NCSI", "-n", "100")}
    assert expand("ag:rccu") in ncsi and expand("ag:rocu") in ncsi
    assert hits(runner, "airwave", "--threat", "Terrorism") == []
    assert hits(runner, "airwave", "--threat", "thr15:public-order")[0]["iri"] == AIRWAVES


@pytest.mark.parametrize(("args", "says"), [
    (["search", "rocu", "--kind", "unitz"], "no kind 'unitz' (did you mean unit"),
    (["search", "rocu", "--threat", "terorism"], "no SPR threat is called 'terorism' (did you "
                                                 "mean Terrorism?)"),
    (["search", "!!"], "nothing to search for"),
    (["search", "rocu", "-n", "0"], "-n"),
    (["search"], "TEXT"),
])
def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, args: list[str], says: str) -> None:
    output = run(runner, *args, code=2)
    assert says in output
    assert "Traceback" not in output


def test_every_format(runner: CliRunner, tmp_path: Path) -> None:
    table = run(runner, "search", "ESMCP")
    assert table.startswith("Search for 'ESMCP'")
    markdown = run(runner, "search", "ESMCP", "-f", "markdown")
    assert markdown.startswith("## Search for 'ESMCP'") and "| rank |" in markdown
    rows = list(csv.DictReader(io.StringIO(run(runner, "search", "ESMCP", "-f", "csv"))))
    assert rows[0]["iri"] == expand("ini:esmcp") and rows[0]["paragraphs"] == "58"
    data = json.loads(run(runner, "search", "ESMCP", "-n", "1", "-f", "json"))
    assert data["schema"] == "spr-graph/search/1" and len(data["hits"]) == 1
    assert data["total"] > 1
    out = tmp_path / "hits.csv"
    assert run(runner, "search", "ESMCP", "-f", "csv", "-o", str(out)) == ""
    assert out.read_text(encoding="utf-8").startswith("rank,iri,kind")


def test_the_api_and_the_index_kinds() -> None:
    graph = spr_graph.open()
    result = graph.search("airwave").data
    assert result.hits[0].iri == AIRWAVES and result.hits[0].paragraphs == (58,)
    assert graph.search("Airwaves").data.hits == result.hits
    assert graph.search("esmcp", kind="programme").data.hits[0].iri == expand("ini:esmcp")
    # The projection's kinds (graph.kinds), then the others the index knows.
    assert search_index.KINDS[:len(kinds.KINDS)] == kinds.KINDS


def test_a_store_builds_its_index_once_and_inside_its_folder(runner: CliRunner,
                                                             store: Path) -> None:
    index = store / INDEX_FILE
    index.unlink(missing_ok=True)
    before = sorted(p.name for p in store.parent.iterdir())
    first = hits(runner, "airwave", "--db", str(store))
    assert first[0]["iri"] == AIRWAVES and first == hits(runner, "airwave")
    assert index.is_file() and sorted(p.name for p in store.parent.iterdir()) == before
    assert not [p for p in store.iterdir() if ".building" in p.name]
    built = index.stat()
    assert hits(runner, "airwave", "--db", str(store)) == first
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == (built.st_ino, built.st_mtime_ns)
    # the store still opens and answers, and push may still replace it
    assert "ACC Security" in run(runner, "query", "who-chairs", "--db", str(store))
    with sqlite3.connect(index) as conn:
        stamp = dict(conn.execute("SELECT key, value FROM meta"))["stamp"]
    assert stamp == store_stamp(store)


def test_a_changed_store_gets_a_new_index(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    hits(runner, "airwave", "--db", str(db))
    first = (db / INDEX_FILE).stat().st_ino
    sst = next(p for p in db.iterdir() if p.suffix == ".sst")
    os.utime(sst, ns=(sst.stat().st_atime_ns, sst.stat().st_mtime_ns + 10**9))
    assert hits(runner, "airwave", "--db", str(db))[0]["iri"] == AIRWAVES
    assert (db / INDEX_FILE).stat().st_ino != first
    run(runner, "push", "--db", str(db))  # a new store: the old index went with the old one
    assert not (db / INDEX_FILE).exists()
    assert hits(runner, "airwave", "--db", str(db))[0]["iri"] == AIRWAVES


def test_a_broken_or_linked_index_is_replaced_never_followed(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    (db / INDEX_FILE).write_bytes(b"not an index")
    assert hits(runner, "airwave", "--db", str(db))[0]["iri"] == AIRWAVES
    outside = tmp_path / "outside.sqlite"
    outside.write_bytes(b"someone else's file")
    (db / INDEX_FILE).unlink()
    (db / INDEX_FILE).symlink_to(outside)
    assert hits(runner, "airwave", "--db", str(db))[0]["iri"] == AIRWAVES
    assert outside.read_bytes() == b"someone else's file"
    assert not (db / INDEX_FILE).is_symlink() and (db / INDEX_FILE).is_file()


def test_an_index_in_a_folder_that_cannot_be_written_is_in_memory(tmp_path: Path) -> None:
    db = tmp_path / "db"
    load_into_db(db)
    (db / INDEX_FILE).mkdir()  # nothing can be renamed over a folder
    graph = spr_graph.open(db=db)
    assert graph.search("airwave").data.hits[0].iri == AIRWAVES
    assert index_for(graph.source.select).path is None
    assert open_index(graph.source.select, db).path is None
