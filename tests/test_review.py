"""``spr-graph review``: the review page, decisions applied, and decisions kept across a
re-draft. The round trip runs on a fictional paper of another force (Southdale), so
nothing here knows the bundled paper."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hostile_support import assert_one_line_error, assert_unchanged, invoke, snapshot
from papers_support import PAPERS

from spr_graph.core.namespaces import PREFIXES, SPR
from spr_graph.papers.draft.writer import DRAFTED_FILTER
from spr_graph.papers.drafted import Draft, read_draft
from spr_graph.store.load import load

SOUTHDALE = PAPERS / "southdale-spr-2022.raw.txt"
PAPER = ["--force", "Southdale Police", "--date", "2022-06-01"]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review") / "southdale"
    result = invoke(["ingest", str(SOUTHDALE), *PAPER, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(drafted: Path, tmp_path: Path) -> Path:
    """A fresh copy of the drafted folder for a test that changes it."""
    return Path(shutil.copytree(drafted, tmp_path / "southdale"))


def _pick(draft: Draft, kind: str, where: Any = lambda f: True) -> str:
    return next(f.key for f in draft.facts if f.kind == kind and where(f))


def _graph_quads(folder: Path, sparql: str) -> list[Any]:
    store = load([folder]).store
    return list(store.query(sparql, use_default_graph_as_union=True))  # type: ignore[arg-type]


def _decide(folder: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A decisions file: accept a statement, reject a mention, correct a quantity's role
    (or, in a paper with none, a statement's status)."""
    draft, _ = read_draft(folder)
    keys = {"accept": _pick(draft, "statement"), "reject": _pick(draft, "mention")}
    quantities = [f for f in draft.facts if f.kind == "quantity"]
    if quantities:
        keys["correct"] = quantities[0].key
        change = "spr:quantityRole=target"
    else:
        keys["correct"] = _pick(draft, "statement", lambda f: f.key != keys["accept"])
        change = "spr:evidenceStatus=status:planned"
    path = tmp_path / "decisions.tsv"
    path.write_text(f"# decided by a curator\naccept\t{keys['accept']}\n"
                    f"reject {keys['reject']}   # not this body\n"
                    f"correct {keys['correct']} {change}\n"
                    "accept mention:p999:a-fact-no-draft-has\n", encoding="utf-8")
    return path, keys


def test_the_page_shows_every_paragraph_and_fact_and_is_deterministic(
        drafted: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        result = invoke(["review", str(drafted), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    html = first.read_text(encoding="utf-8")
    draft, _ = read_draft(drafted)
    assert all(f'data-key="{f.key}"' in html for f in draft.facts)
    assert "Content-Security-Policy" in html and "http://" not in html.split("<body>")[1]


def test_decisions_applied_move_facts_from_drafted_to_reviewed(
        folder: Path, tmp_path: Path) -> None:
    decisions, keys = _decide(folder, tmp_path)
    before, _ = read_draft(folder)
    result = invoke(["review", str(folder), "--apply", str(decisions)])
    assert result.exit_code == 0, result.output
    assert "1 accepted, 1 corrected, 1 rejected" in result.output
    assert "decisions.tsv:5: no drafted fact mention:p999:a-fact-no-draft-has" in result.stderr
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == ["SHA256SUMS", "draft.trig", "machine/draft.trig", "manifest.json",
                     "paper.txt", "provenance.trig", "review.tsv", "reviewed.trig"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review"] == {"accept": 1, "correct": 1, "reject": 1,
                                  "undecided": len(before.facts) - 3,
                                  "stale": ["mention:p999:a-fact-no-draft-has"]}
    reviewed = {row["g"].value.rsplit("/", 1)[-1] for row in _graph_quads(folder, f"""
        SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
            ?g <{PREFIXES['prov']}wasDerivedFrom> ?para . {DRAFTED_FILTER} }}""")}
    as_graph = {verb: key.replace(":", "-", 2) for verb, key in keys.items()}
    assert as_graph["accept"] in reviewed and as_graph["correct"] in reviewed
    assert as_graph["reject"] not in reviewed
    after, _ = read_draft(folder)  # the machine draft is kept whole
    assert [f.key for f in after.facts] == [f.key for f in before.facts]
    validate = invoke(["validate", str(folder)])
    assert validate.exit_code == 0, validate.output  # reviewed facts are as valid as drafted


def test_a_correction_changes_only_the_value_named(folder: Path, tmp_path: Path) -> None:
    draft, _ = read_draft(folder)
    fact = next(f for f in draft.facts if f.kind == "statement")
    status = next(q.object.value for q in fact.quads if q.predicate.value == SPR.evidenceStatus)
    wanted = "aspiration" if not status.endswith("/aspiration") else "planned"
    decisions = tmp_path / "d.tsv"
    decisions.write_text(f"correct {fact.key} spr:evidenceStatus={wanted}\n", encoding="utf-8")
    assert invoke(["review", str(folder), "--apply", str(decisions)]).exit_code == 0
    quads = list(ox.parse((folder / "reviewed.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    mine = {(q.predicate.value, str(q.object)) for q in quads
            if q.graph_name.value.endswith(fact.graph.rsplit("/", 1)[-1])}
    original = {(q.predicate.value, str(q.object)) for q in fact.quads}
    changed = original ^ mine
    assert changed == {(SPR.evidenceStatus, f"<{status}>"),
                       (SPR.evidenceStatus, f"<{status.rsplit('/', 1)[0]}/{wanted}>")}


def test_rejecting_the_mention_that_declared_a_body_keeps_its_name(
        folder: Path, tmp_path: Path) -> None:
    draft, _ = read_draft(folder)
    label = f"{PREFIXES['skos']}prefLabel"
    declaring = [f for f in draft.facts if f.kind == "mention"
                 and any(q.predicate.value == label for q in f.quads)]
    body = {f.key: next(q.subject.value for q in f.quads if q.predicate.value == label)
            for f in declaring}
    fact = next(f for f in declaring if sum(
        1 for g in draft.facts if g.kind == "mention" and body[f.key] in {
            q.subject.value for q in g.quads}) > 1)
    decisions = tmp_path / "d.tsv"
    decisions.write_text(f"reject {fact.key}\n", encoding="utf-8")
    assert invoke(["review", str(folder), "--apply", str(decisions)]).exit_code == 0
    rows = _graph_quads(folder, f"SELECT ?l WHERE {{ <{body[fact.key]}> <{label}> ?l }}")
    assert len(rows) == 1


def test_applying_again_and_redrafting_keep_every_decision(
        folder: Path, tmp_path: Path) -> None:
    decisions, _ = _decide(folder, tmp_path)
    assert invoke(["review", str(folder), "--apply", str(decisions)]).exit_code == 0
    once = {p.name: p.read_bytes() for p in folder.glob("*.trig")}
    assert invoke(["review", str(folder), "--apply", str(folder / "review.tsv")]).exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.glob("*.trig")} == once
    redraft = invoke(["ingest", str(SOUTHDALE), *PAPER, "-o", str(folder), "--overwrite"])
    assert redraft.exit_code == 0, redraft.output
    assert "re-applied 3 review decision(s)" in redraft.output
    assert {p.name: p.read_bytes() for p in folder.glob("*.trig")} == once
    assert (folder / "review.tsv").read_text(encoding="utf-8") == decisions.read_text(
        encoding="utf-8")


@pytest.mark.parametrize(("line", "where", "message"), [
    ("approve {key}", ":1:1:", "unknown decision 'approve'"),
    ("accept", ":1:1:", "needs the fact's key"),
    ("accept {key} spr:value=3", ":1:", "'accept' takes a key only"),
    ("correct {key}", ":1:1:", "needs at least one PROPERTY=VALUE"),
    ("correct {key} value=3", ":1:", "not PROPERTY=VALUE"),
    ("correct {key} spr:quote=other", ":1:", "never corrected"),
    ("correct {key} spr:budget=3", ":1:", "has no https://w3id.org/spr-graph/def/spr#budget"),
    ("correct {key} 'spr:value=3", ":1:", "cannot split the line"),
    ("accept {key}\nreject {key}", ":2:1:", "decided twice (first on line 1)"),
])
def test_a_bad_decisions_file_changes_nothing(
        folder: Path, tmp_path: Path, line: str, where: str, message: str) -> None:
    draft, _ = read_draft(folder)
    decisions = tmp_path / "bad.tsv"
    decisions.write_text(line.format(key=_pick(draft, "statement")) + "\n", encoding="utf-8")
    before = snapshot(folder)
    result = invoke(["review", str(folder), "--apply", str(decisions)])
    error = assert_one_line_error(result, 2, contains=message)
    assert f"bad.tsv{where}" in error
    assert_unchanged(before, folder)


def test_a_correction_that_is_not_a_number_is_refused(folder: Path, tmp_path: Path) -> None:
    draft, _ = read_draft(folder)
    key = _pick(draft, "quantity")
    decisions = tmp_path / "bad.tsv"
    decisions.write_text(f"correct {key} spr:value=lots\n", encoding="utf-8")
    result = invoke(["review", str(folder), "--apply", str(decisions)])
    assert_one_line_error(result, 2, contains="not a number: 'lots'")


def test_a_folder_that_is_not_a_paper_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    result = invoke(["review", str(tmp_path / "x")])
    assert_one_line_error(result, 2, contains="manifest.json")


@pytest.mark.browser
def test_the_page_works_offline_writes_decisions_and_is_axe_clean(
        drafted: Path, tmp_path: Path, visit: Any, artifacts: Path) -> None:
    page_file = tmp_path / "review.html"
    assert invoke(["review", str(drafted), "-o", str(page_file)]).exit_code == 0
    draft, _ = read_draft(drafted)
    statement, quantity = _pick(draft, "statement"), _pick(draft, "quantity")
    opened = visit(page_file)
    page = opened.page
    page.locator(f'li[data-key="{statement}"] input[value=accept]').check()
    page.locator(f'li[data-key="{quantity}"] input.correction').fill("spr:quantityRole=held")
    page.locator(f'li[data-key="{quantity}"] input.correction').dispatch_event("change")
    lines = page.locator("#decisions").input_value().splitlines()
    assert f"accept\t{statement}" in lines
    assert f"correct\t{quantity}\tspr:quantityRole=held" in lines
    page.select_option("#filter-kind", "quantity")
    shown = page.locator("ol.facts > li:visible").count()
    assert shown == sum(1 for f in draft.facts if f.kind == "quantity")
    assert page.locator("#shown").inner_text().startswith(f"{shown} of {len(draft.facts)}")
    page.screenshot(path=str(artifacts / "review.png"))
    assert opened.refused == [] and opened.errors == []
    assert opened.axe() == []
    # the decisions the page wrote are what --apply reads
    decisions = tmp_path / "review.tsv"
    decisions.write_text(page.locator("#decisions").input_value(), encoding="utf-8")
    folder = Path(shutil.copytree(drafted, tmp_path / "copy"))
    applied = invoke(["review", str(folder), "--apply", str(decisions)])
    assert applied.exit_code == 0 and "1 accepted, 1 corrected" in applied.output


def test_stats_and_a_reviewed_only_reading_tell_drafted_from_reviewed(
        folder: Path, tmp_path: Path) -> None:
    decisions, _ = _decide(folder, tmp_path)
    draft, _ = read_draft(folder)
    assert invoke(["review", str(folder), "--apply", str(decisions)]).exit_code == 0
    stats = invoke(["stats", str(folder), "-f", "json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["facts_by_review"] == {
        "curated": 0, "drafted": len(draft.facts) - 3, "reviewed": 2}
    validated = invoke(["validate", str(folder)])
    assert f"; {len(draft.facts) - 3} machine-drafted fact(s) not yet reviewed, 2 reviewed" \
        in validated.output
    # the reviewed facts alone: the folder's provenance and reviewed.trig, not draft.trig
    alone = invoke(["stats", str(folder / "provenance.trig"), str(folder / "reviewed.trig"),
                    "-f", "json"])
    assert json.loads(alone.output)["facts_by_review"] == {
        "curated": 0, "drafted": 0, "reviewed": 2}


def test_the_map_marks_statements_still_drafted(folder: Path, tmp_path: Path) -> None:
    import html as html_lib
    import re

    def statements() -> dict[str, bool]:
        page = tmp_path / "map.html"
        assert invoke(["map", "--data", str(folder), "-o", str(page)]).exit_code == 0
        found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>',
                          page.read_text(encoding="utf-8"), re.S)
        assert found
        return {s["iri"].rsplit("/", 1)[-1].rstrip(">"): s.get("drafted", False)
                for s in json.loads(html_lib.unescape(found.group(1)))["statements"]}

    before = statements()
    assert before and all(before.values())
    chosen = sorted(before)[0]  # p003-words: the statement key is statement:p003:words
    decisions = tmp_path / "d.tsv"
    decisions.write_text(f"accept statement:{chosen.replace('-', ':', 1)}\n", encoding="utf-8")
    assert invoke(["review", str(folder), "--apply", str(decisions)]).exit_code == 0
    after = statements()
    assert after.pop(chosen) is False and all(after.values())


def test_a_curated_paper_folder_has_nothing_to_review(tmp_path: Path) -> None:
    from spr_graph.core import resources

    result = invoke(["review", str(resources.paper_dir()), "-o", str(tmp_path / "r.html")])
    assert_one_line_error(result, 2, contains="holds no machine draft")
    assert not (tmp_path / "r.html").exists()


def test_the_page_escapes_what_the_paper_says(tmp_path: Path) -> None:
    paper = tmp_path / "hostile.txt"
    paper.write_text("Strategic Policing Requirement\n\n1. Terrorism\n\n"
                     "1.1 The <script>alert(1)</script> Unit (TSU) works with the National "
                     "Crime Agency (NCA) on \"x\" & 'y'.\n", encoding="utf-8")
    folder = tmp_path / "hostile"
    made = invoke(["ingest", str(paper), "--force", "Southdale Police", "--date",
                   "2022-06-01", "-o", str(folder)])
    assert made.exit_code == 0, made.output
    page = tmp_path / "review.html"
    assert invoke(["review", str(folder), "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
