"""Exact citations on a store of several papers read whole: two forces' papers number
their paragraphs alike (both have a paragraph 5), and a fact stated only in force A's
paragraph 5 cites A's paper alone, never B's paragraph 5 (issue 13).

The oracle: the same store with B's paragraphs renumbered (5 -> 505). There, no number
is shared, so a citation cannot go to the wrong paper; every command's JSON must cite
the same papers' paragraphs on both stores, B's numbers read back (505 -> 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hostile_support import invoke

SPR = "https://w3id.org/spr-graph/def/spr#"
IS_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
NUMBER = ox.NamedNode(f"{SPR}paragraphNumber")
SHIFT = 500

COMMANDS = [
    ["gaps"], ["spof", "--top", "0"], ["brokers", "--top", "0"],
    ["whatif", "--sweep", "--top", "0"], ["whatif", "--remove", "National Crime Agency"],
    ["capacity"], ["funding"], ["describe", "Elmby Police Firearms Unit"],
    ["describe", "National Crime Agency"], ["search", "firearms"],
]


def _papers(store: ox.Store) -> list[str]:
    return sorted(str(r["d"].value) for r in store.query(  # type: ignore[union-attr]
        f"SELECT ?d WHERE {{ ?d a <{SPR}SourceDocument> }}", use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """Two forces' papers sharing their paragraph numbers, and the same with the second
    paper's paragraphs renumbered; and the papers' IRIs."""
    folder = tmp_path_factory.mktemp("exact")
    shared = folder / "shared.trig"
    assert invoke(["synth", "--forces", "2", "--seed", "5", "-o", str(shared)]).exit_code == 0
    store = ox.Store()
    store.load(path=str(shared), format=ox.RdfFormat.TRIG)
    papers = _papers(store)
    second = ox.NamedNode(papers[1])
    for quad in list(store.quads_for_pattern(None, NUMBER, None, None)):
        if any(store.quads_for_pattern(quad.subject, IS_PART_OF, second, None)):
            store.remove(quad)
            store.add(ox.Quad(quad.subject, NUMBER, ox.Literal(
                str(int(quad.object.value) + SHIFT), datatype=quad.object.datatype),
                quad.graph_name))
    shifted = folder / "shifted.trig"
    store.dump(str(shifted), format=ox.RdfFormat.TRIG)
    return shared, shifted, papers


def _json(path: Path, args: list[str]) -> dict[str, Any]:
    result = invoke([*args, "--data", str(path), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _citations(value: Any, second: str, shift: int) -> Any:
    """The document with each citation's numbers of the second paper less ``shift``, and
    without what is made of the citations (``paragraphs``, ``paragraph``, ``cited``)."""
    if isinstance(value, list):
        return [_citations(v, second, shift) for v in value]
    if not isinstance(value, dict):
        return value
    if "citations" in value:
        value = {**value, "citations": [
            {**c, "paragraphs": [n - shift if c["paper"] == second else n
                                 for n in c["paragraphs"]]} for c in value["citations"]]}
        value = {k: v for k, v in value.items() if k not in ("paragraphs", "paragraph", "cited")}
    return {k: _citations(v, second, shift) for k, v in value.items()}


def _each_citation(value: Any) -> list[list[dict[str, Any]]]:
    if isinstance(value, list):
        return [c for v in value for c in _each_citation(v)]
    if not isinstance(value, dict):
        return []
    found = [value["citations"]] if "citations" in value else []
    return found + [c for k, v in value.items() if k != "citations" for c in _each_citation(v)]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_paragraph_number_both_papers_have_is_cited_in_the_paper_that_states_it(
        stores: tuple[Path, Path, list[str]], args: list[str]) -> None:
    shared_path, shifted_path, papers = stores
    shared, shifted = _json(shared_path, args), _json(shifted_path, args)
    assert [p["iri"] for p in shared["papers"]] == papers
    assert _citations(shared, papers[1], 0) == _citations(shifted, papers[1], SHIFT)
    # and some citation names one paper only, though both papers have its paragraphs
    citations = _each_citation(shared)
    assert citations and any(len(c) == 1 for c in citations)


def test_a_fact_of_one_force_only_cites_that_forces_paper(
        stores: tuple[Path, Path, list[str]]) -> None:
    """Elmby's firearms unit is stated in Elmby's paragraphs 1, 11 and 29; Ashton's
    paper has paragraphs 1, 11 and 29 too, and is cited for none of them."""
    shared, _, papers = stores
    document = _json(shared, ["describe", "Elmby Police Firearms Unit"])
    elmby = next(p["iri"] for p in document["papers"] if p["short"] == "Elmby Police 2020-01")
    citations = _each_citation(document)
    assert {c["paper"] for found in citations for c in found} == {elmby}
    assert {n for found in citations for c in found for n in c["paragraphs"]} == {1, 11, 29}
    assert "Ashton" not in json.dumps([v for k, v in document.items() if k != "papers"])


BAD_NUMBERS = ['"abc"^^<http://www.w3.org/2001/XMLSchema#integer>', "5000000", "-3"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_a_paragraph_number_a_key_cannot_hold_is_one_error_never_a_wrong_paper(
        tmp_path: Path, number: str) -> None:
    """A key is rank * 1,000,000 + number: a number past that (or not a number) would
    name another paper's paragraph, so it is refused with one line; validation still
    reads the store and reports it."""
    from hostile_support import assert_one_line_error

    from spr_graph.core import resources

    bad = tmp_path / "bad.trig"
    bad.write_text(f"""@prefix spr: <{SPR}> .
<urn:x:g> {{ <https://w3id.org/spr-graph/id/organisation/rocu>
    <http://www.w3.org/2004/02/skos/core#altLabel> "Hostile" . }}
<urn:x:prov> {{ <urn:x:g> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:x:para> .
    <urn:x:para> a spr:Paragraph ; spr:paragraphNumber {number} ; spr:text "x" . }}
""", encoding="utf-8")
    paper = str(resources.paper_dir())
    for args in (["gaps"], ["describe", "ROCU"], ["search", "hostile"], ["map", "-o",
                 str(tmp_path / "m.html")], ["export", "-f", "graphml"]):
        result = invoke([*args, "--data", paper, "--data", str(bad)])
        line = assert_one_line_error(result, 2, contains="paragraph number")
        assert "is out of range" in line or "is not a whole number" in line
    assert not (tmp_path / "m.html").exists()
    checked = invoke(["validate", paper, str(bad), "-f", "json"])
    assert checked.exit_code == 1 and "Traceback" not in checked.stderr


def test_the_build_summary_names_at_most_three_papers_a_finding(tmp_path: Path) -> None:
    """A national node is stated by every paper of a store: the terminal line names three
    and counts the rest (report.html and the analysis files cite them all)."""
    national = tmp_path / "national.trig"
    assert invoke(["synth", "--forces", "6", "--seed", "1", "-o", str(national)]).exit_code == 0
    result = invoke(["build", "--data", str(national), "-o", str(tmp_path / "pack"),
                     "--allow-invalid"])
    assert result.exit_code in (0, 1), result.stderr
    findings = result.stdout.split("\nFindings\n", 1)[1].splitlines()
    cited = [line for line in findings if line.startswith("  - ") and line.endswith("]")]
    assert cited and any("more paper" in line for line in cited)
    for line in cited:
        assert line.rsplit(" [", 1)[1].count(" Police ") <= 3, line
