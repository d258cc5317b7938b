"""``spr-graph ingest --compare-with``: the draft of each paper against its hand-curated truth.

Four papers, in four styles: the bundled West Midlands paper's raw extraction (against
``data/papers/wmp-spr-2020-01-21``) and the three fictional papers of other forces
(against ``tests/data/curated/<paper-id>/``, curated by hand from the source text alone,
never from the draft). The cleaned text of every paper is right, so paragraphs and
section threats must score 1.000 both ways; every other kind has a floor, what the draft
reaches today rounded down to 2 decimals, so a regression fails here.

Today's figures (precision found/drafted, recall found/curated):

=====================  ===============  ===============  ===============  ===============
kind                   West Midlands    Southdale        Eastmoor         Northshire
=====================  ===============  ===============  ===============  ===============
abbreviations          75/76  75/75     6/6  6/6         1/1  1/1         8/8  8/8
organisations          261/290 261/367  20/23 20/29      14/15 14/21      23/23 23/35
organisations named    241/290 241/279  17/23 17/21      13/15 13/16      20/23 20/27
quantities             42/44  42/42     5/6  5/5         3/4  3/3         5/6  5/5
money                  3/3  3/3         1/1  1/1         0/0  0/0         0/0  0/0
funding end dates      3/3  3/3         0/0  0/0         1/1  1/1         1/1  1/1
board chairs           2/2  2/2         1/1  1/1         1/1  1/1         3/3  3/3
=====================  ===============  ===============  ===============  ===============

Where the fictional papers fall short: units and boards the paper names only with "the
force" or "its" before them (Southdale's force cyber team and force tasking board, the
regional units' Special Branch hub, Prevent and dark web teams), forces and bodies not in
the national register (Eastmoor Police in Northshire's paragraph 3), and "the four forces
of the region" (three, in Eastmoor) drafted as a quantity. A local resilience forum is a
collaboration, not a board: Southdale's chief constable, who chairs its LRF (paragraph
12), is curated as leading it, and no chair is drafted for it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hostile_support import invoke
from papers_support import PAPERS, RAW, make_papers

from spr_graph.core import resources
from spr_graph.papers.draft.compare import TARGETS

CURATED = Path(__file__).parent / "data" / "curated"
EXACT = {"paragraphs": (1.0, 1.0), "section threat": (1.0, 1.0)}


def floors(**counts: tuple[int, int, int]) -> dict[str, tuple[float, float]]:
    """(found, drafted, curated) per kind -> its (precision, recall) rounded down to 2
    decimals; a kind with nothing drafted or curated scores 1.0 that way (as Score)."""
    def down(num: int, den: int) -> float:
        return math.floor(num / den * 100) / 100 if den else 1.0
    return {kind.replace("_", " "): (down(found, drafted), down(found, curated))
            for kind, (found, drafted, curated) in counts.items()}


#: paper -> (ingest options, curated folder, floors per kind).
CASES = {
    "west-midlands": (
        ["--force", "West Midlands Police", "--date", "2020-01-21"],
        resources.paper_dir(),
        floors(abbreviations=(75, 76, 75), organisations=(261, 290, 367),
               organisations_named=(241, 290, 279), quantities=(42, 44, 42),
               money=(3, 3, 3), funding_end_dates=(3, 3, 3), board_chairs=(2, 2, 2))),
    "southdale": (
        ["--force", "Southdale Police", "--date", "2022-11-09"],
        CURATED / "southdale-police-spr-2022-11-09",
        floors(abbreviations=(6, 6, 6), organisations=(20, 23, 29),
               organisations_named=(17, 23, 21), quantities=(5, 6, 5),
               money=(1, 1, 1), funding_end_dates=(0, 0, 0), board_chairs=(1, 1, 1))),
    "eastmoor": (
        ["--force", "Eastmoor Police", "--date", "2021-10-02"],
        CURATED / "eastmoor-police-spr-2021-10-02",
        floors(abbreviations=(1, 1, 1), organisations=(14, 15, 21),
               organisations_named=(13, 15, 16), quantities=(3, 4, 3),
               money=(0, 0, 0), funding_end_dates=(1, 1, 1), board_chairs=(1, 1, 1))),
    "northshire": (
        ["--force", "Northshire Constabulary", "--date", "2024-03-14"],
        CURATED / "northshire-constabulary-spr-2024-03-14",
        floors(abbreviations=(8, 8, 8), organisations=(23, 23, 35),
               organisations_named=(20, 23, 27), quantities=(5, 6, 5),
               money=(0, 0, 0), funding_end_dates=(1, 1, 1), board_chairs=(3, 3, 3))),
}


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = make_papers(tmp_path_factory.mktemp("papers"))
    return {"west-midlands": RAW, "southdale": PAPERS / "southdale-spr-2022.raw.txt",
            "eastmoor": built["eastmoor"], "northshire": built["northshire"]}


def table(output: str) -> dict[str, tuple[float, float]]:
    """The printed table: kind -> (precision, recall)."""
    rows = {}
    for line in output.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] in TARGETS and len(cells) == 8:
            rows[cells[0]] = (float(cells[4]), float(cells[5]))
    return rows


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_draft_scores_at_least_todays_figures_against_the_curated_truth(
        name: str, sources: dict[str, Path], tmp_path: Path) -> None:
    options, curated, floor = CASES[name]
    result = invoke(["ingest", str(sources[name]), *options, "-o", str(tmp_path / "draft"),
                     "--compare-with", str(curated)])
    assert result.exit_code == 0, (result.output, result.stderr)
    scores = table(result.stdout)
    assert sorted(scores) == sorted(TARGETS), result.stdout
    expected = EXACT | floor
    assert sorted(expected) == sorted(TARGETS)
    for kind, (precision, recall) in scores.items():
        least_p, least_r = expected[kind]
        assert precision >= least_p and recall >= least_r, (
            f"{name}, {kind}: precision {precision:.3f} (floor {least_p:.2f}), "
            f"recall {recall:.3f} (floor {least_r:.2f})\n{result.stdout}")


@pytest.mark.parametrize("name", ["southdale", "eastmoor", "northshire"])
def test_each_curated_truth_validates(name: str) -> None:
    result = invoke(["validate", str(CASES[name][1])])
    assert result.exit_code == 0, result.output
