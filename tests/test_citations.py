"""Every citation names its paper ("WMP 2020-01 ¶93"), and resolves: each paragraph a
command's JSON cites is a paragraph of the paper it names, on the bundled paper and on
stores holding two papers. A paper's provenance records the SHA-256 of its text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from analysis_support import paper_paragraphs
from hostile_support import invoke
from papers_support import RAW

from spr_graph.core import resources
from spr_graph.store.load import load

#: Every command whose JSON cites paragraphs, with arguments that make it cite some.
COMMANDS = [
    ["gaps"], ["gaps", "--edition", "2023"], ["spof", "--top", "0"], ["brokers", "--top", "0"],
    ["whatif", "--sweep", "--top", "0"], ["capacity"], ["funding"],
]
ON_THE_BUNDLED_PAPER = [*COMMANDS, ["whatif", "--remove", "ROCU"], ["describe", "WMCTU"],
                        ["search", "counter terrorism"]]
CITE = re.compile(r"^(?P<short>.+?) ¶(?P<numbers>[\d, -]+)$")


def _cited(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON document that carries paragraph numbers."""
    if isinstance(value, list):
        for item in value:
            yield from _cited(item)
    elif isinstance(value, dict):
        if isinstance(value.get("paragraphs"), list) or isinstance(value.get("paragraph"), int):
            yield value
        for key, item in value.items():
            if key != "citations":  # what a citation is made of
                yield from _cited(item)


def _numbers(text: str) -> set[int]:
    found: set[int] = set()
    for part in text.split(", "):
        first, _, last = part.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return found


def assert_citations_resolve(document: dict[str, Any], paragraphs: dict[str, set[int]]
                             ) -> int:
    """Each cited paragraph is a paragraph of the paper it names, and the ``cited`` text
    says the same as ``citations``; returns how many objects cite."""
    papers = {p["iri"]: p["short"] for p in document["papers"]}
    assert set(papers) <= set(paragraphs)
    count = 0
    for item in _cited(document):
        numbers = item.get("paragraphs", [item.get("paragraph")])
        if not numbers or not all(isinstance(n, int) for n in numbers):
            continue
        count += 1
        assert {n for c in item["citations"] for n in c["paragraphs"]} == set(numbers), item
        texts = item["cited"].split("; ")
        assert len(texts) == len(item["citations"]), item
        for citation, text in zip(item["citations"], texts, strict=True):
            assert set(citation["paragraphs"]) <= paragraphs[citation["paper"]], item
            assert citation["short"] == papers[citation["paper"]]
            match = CITE.match(text)
            assert match and match["short"] == citation["short"], text
            assert _numbers(match["numbers"]) == set(citation["paragraphs"]), text
    return count


def _json(*args: str) -> dict[str, Any]:
    result = invoke([*args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("args", ON_THE_BUNDLED_PAPER, ids=" ".join)
def test_every_citation_on_the_bundled_paper_resolves(args: list[str]) -> None:
    document = _json(*args)
    assert [p["short"] for p in document["papers"]] == ["WMP 2020-01"]
    assert assert_citations_resolve(document, paper_paragraphs(*resources.data_files())) > 0


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two-forces") / "two.trig"
    assert invoke(["synth", "--forces", "2", "--seed", "5", "-o", str(out)]).exit_code == 0
    return out


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_citation_on_a_store_of_two_forces_papers_resolves(two_forces: Path,
                                                                  args: list[str]) -> None:
    document = _json(*args, "--data", str(two_forces))
    assert len(document["papers"]) == 2
    assert assert_citations_resolve(document, paper_paragraphs(two_forces)) > 0


def test_a_paper_chosen_from_two_is_the_one_cited(two_forces: Path) -> None:
    papers = sorted(paper_paragraphs(two_forces))
    document = _json("gaps", "--data", str(two_forces), "--paper", papers[1])
    assert [p["iri"] for p in document["papers"]] == [papers[1]]
    assert assert_citations_resolve(document, paper_paragraphs(two_forces)) > 0


@pytest.mark.parametrize("args", [["gaps"], ["spof"], ["capacity"], ["funding"],
                                  ["brokers"], ["describe", "ROCU"]], ids=" ".join)
def test_tables_markdown_and_csv_name_the_paper(args: list[str]) -> None:
    for fmt in ("table", "markdown"):
        text = invoke([*args, "-f", fmt, "--wide"]).stdout
        assert "WMP 2020-01 ¶" in text and " paragraphs " not in text.split("\n", 3)[2]
    rows = list(csv.DictReader(io.StringIO(invoke([*args, "-f", "csv"]).stdout)))
    cited = [r for r in rows if r["paragraphs"]]
    assert cited and all(r["cited"].startswith("WMP 2020-01 ¶") for r in cited)
    assert all(_numbers(CITE.match(r["cited"])["numbers"])  # type: ignore[index]
               == set(map(int, r["paragraphs"].split())) for r in cited)


def _digests(*paths: Path) -> dict[str, str]:
    return {row["d"].value: row["h"].value for row in load(list(paths)).store.query(  # type: ignore
        """PREFIX spr: <https://w3id.org/spr-graph/def/spr#>
           SELECT ?d ?h WHERE { ?d a spr:SourceDocument ; spr:sourceDigest ?h }""",
        use_default_graph_as_union=True)}


def test_the_bundled_provenance_records_the_sha256_of_the_papers_text() -> None:
    text = resources.source_text().read_bytes()
    assert _digests(*resources.data_files()) == {
        "https://w3id.org/spr-graph/id/document/wmp-spr-2020-01-21":
            hashlib.sha256(text).hexdigest()}


def test_an_ingested_paper_records_the_sha256_of_its_text(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    result = invoke(["ingest", str(RAW), "--force", "West Midlands Police", "--date",
                     "2020-01-21", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256((folder / "paper.txt").read_bytes()).hexdigest()
    assert list(_digests(folder / "provenance.trig").values()) == [digest]


def test_papers_are_listed_with_their_digest_and_every_json_names_them() -> None:
    import spr_graph

    graph = spr_graph.open()
    digest = hashlib.sha256(resources.source_text().read_bytes()).hexdigest()
    assert [d.sha256 for d in graph.facts.documents] == [digest]
    assert graph.gaps().as_dict()["papers"] == [{  # type: ignore[comparison-overlap]
        "iri": "https://w3id.org/spr-graph/id/document/wmp-spr-2020-01-21",
        "short": "WMP 2020-01", "force": "https://w3id.org/spr-graph/id/organisation/wmp",
        "date": "2020-01-21", "sha256": digest}]
