"""The machine's draft of the bundled paper against the curated paper (issue 13): ``diff``
explains the curation. ``ingest`` drafts the raw source the curator started from; the
diff of that draft against the curated folder says what the curator added, rejected and
corrected, each change citing its paragraph and each paired statement saying why the
two were paired."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hostile_support import invoke
from papers_support import RAW

from spr_graph.core import resources


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("draft") / "wmp"
    result = invoke(["ingest", str(RAW), "--force", "West Midlands Police",
                     "--date", "2020-01-21", "-o", str(folder)])
    assert result.exit_code == 0, result.stderr
    return folder


def _diff(old: Path, new: Path) -> dict[str, Any]:
    result = invoke(["diff", str(old), str(new), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_diff_of_draft_and_curated_paper_explains_the_curation(draft: Path) -> None:
    curated = resources.paper_dir()
    changes = _diff(draft, curated)["changes"]
    kinds = Counter((c["area"], c["change"]) for c in changes)
    # the curator added and rejected statements, and corrected some of those drafted
    assert kinds["statement", "added"] and kinds["statement", "removed"]
    corrected = [c for c in changes if c["area"] == "statement" and c["change"] == "changed"]
    assert corrected
    for change in corrected:  # why the two were paired, and what changed between them
        assert change["why"].startswith("evidence status ") and "matched:" in change["why"]
        assert change["old_paragraphs"] and change["new_paragraphs"]
    # every change cites the paper it comes from
    assert all(c["cited"] and "WMP 2020-01 ¶" in c["cited"] for c in changes)


def test_organisations_and_partners_change_the_other_way_round(draft: Path) -> None:
    """Turned round, what the curator added is what the draft lacks: organisations and
    partners (matched by IRI) swap exactly; statements, paired best-first, nearly."""
    curated = resources.paper_dir()
    forward = Counter((c["area"], c["change"]) for c in _diff(draft, curated)["changes"])
    back = Counter((c["area"], c["change"]) for c in _diff(curated, draft)["changes"])
    assert forward["organisation", "added"] == back["organisation", "removed"] > 0
    assert forward["organisation", "removed"] == back["organisation", "added"]
    assert forward["partner", "gained"] == back["partner", "lost"] > 0
    assert forward["partner", "lost"] == back["partner", "gained"]
