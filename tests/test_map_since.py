"""The maps' "Since <paper>" marks: a "next year" paper made from scripted edits of the
bundled one (:mod:`diff_support`) gives a map whose added, removed and changed marks
are exactly the organisations and links ``spr-graph diff`` lists for those edits, each
citing its own paper; in Chromium the toggle shows them, and axe stays clean."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from diff_support import make_next_year
from hostile_support import invoke
from map_support import clean, serious, table_drawn, view, visiting

from spr_graph.core import resources
from spr_graph.core.paragraph_keys import paragraph_key
from spr_graph.render.maps import MapMaker
from spr_graph.render.since import read_since
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select

#: The organisations and links of the scripted edits, as the map marks them.
MARKED = {
    ("added", "Head of SOC"),
    ("removed", "ACC Security chairs SOCEX Board"),
    ("added", "Head of SOC chairs SOCEX Board"),
    ("added", "Head of SOC post in West Midlands Police"),
    ("changed", "National counter-terrorism policing network works with Government departments"),
    ("removed", "West Midlands Police works with Midland Regional Public Order Unit"),
    ("changed", "West Midlands Police works with National Crime Agency"),
}
MRPOU = "West Midlands Police works with Midland Regional Public Order Unit"


@pytest.fixture(scope="module")
def next_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_next_year(tmp_path_factory.mktemp("since") / "wmp-2021.trig")


def _data(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html,
                      re.S)
    assert found
    return json.loads(found[1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def since_map(next_year: Path, bundled: Loaded, tmp_path_factory: pytest.TempPathFactory
              ) -> Path:
    new = store_select(load([next_year]).store)
    html, _ = MapMaker(new, since=read_since(store_select(bundled.store), new)).page()
    path = tmp_path_factory.mktemp("since-map") / "map.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_marks_are_exactly_the_edits_as_diff_lists_them(since_map: Path,
                                                             next_year: Path) -> None:
    data = _data(since_map.read_text(encoding="utf-8"))
    assert data["papers"] == ["WMP 2021-01", "WMP 2020-01"] and data["since"]["paper"] == (
        "WMP 2020-01")
    changes = data["since"]["changes"]
    assert {(c["change"], c["what"]) for c in changes} == MARKED
    listed = json.loads(invoke(["diff", str(resources.paper_dir()), str(next_year), "-f",
                                "json"]).stdout)["changes"]
    assert {(c["change"], c["what"]) for c in listed if "subject" in c} == MARKED
    nodes = {n["label"]: changes[n["since"]]["change"] for n in data["nodes"] if "since" in n}
    assert nodes == {"Head of SOC": "added"}
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[e["from"]], e["relation"], label[e["to"]]): changes[e["since"]]
             for e in data["edges"] if "since" in e}
    assert {(c["change"], c["what"]) for c in edges.values()} == MARKED - {
        ("added", "Head of SOC")}
    # what was removed is drawn from the old paper, and cites it: WMP 2020-01 is the
    # map's second paper, so its paragraph 49 has the key 1000049
    removed = edges["West Midlands Police", "worksWith", "Midland Regional Public Order Unit"]
    old_49 = paragraph_key(1, 49)
    assert removed["old"] == [old_49] and removed["new"] == []
    ghost = next(e for e in data["edges"] if "since" in e and changes[e["since"]] is removed)
    assert ghost["paragraphs"] == [old_49] and str(old_49) in data["paragraphs"]
    assert "Midland Regional Public Order Unit" in data["paragraphs"][str(old_49)]["text"]
    changed = next(c for c in changes if c["what"].endswith("National Crime Agency"))
    assert (changed["old"], changed["new"]) == ([paragraph_key(1, 87)], [57, 87])


def test_a_map_with_no_earlier_paper_has_no_marks(bundled: Loaded) -> None:
    html, _ = MapMaker(store_select(bundled.store)).page()
    assert "since" not in _data(html) and 'id="since-toggle"' not in html


def test_the_same_input_gives_the_same_bytes(next_year: Path, bundled: Loaded,
                                             since_map: Path) -> None:
    new = store_select(load([next_year]).store)
    html, _ = MapMaker(new, since=read_since(store_select(bundled.store), new)).page()
    assert html == since_map.read_text(encoding="utf-8")


def test_map_marks_the_force_paper_before_by_default(next_year: Path, tmp_path: Path) -> None:
    """A store of both years: the map is of the latest paper, since the one before."""
    text = next_year.read_text(encoding="utf-8").replace("wmp-spr-2020-01-21",
                                                         "wmp-spr-2021-01-19")
    both = tmp_path / "both.trig"
    both.write_text(text, encoding="utf-8")
    out = tmp_path / "map.html"
    result = invoke(["map", "--data", str(resources.paper_dir()), "--data", str(both),
                     "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert data["since"]["paper"] == "WMP 2020-01"
    assert ("removed", MRPOU) in {(c["change"], c["what"]) for c in data["since"]["changes"]}


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    yield from visiting(browser)


def _status(page: Any) -> str:
    return str(page.text_content("#status"))


@pytest.mark.browser
def test_the_toggle_shows_the_marks_and_axe_stays_clean(since_map: Path, visit: Any) -> None:
    page, record = visit(since_map)
    assert page.text_content("label[for='since-toggle'], #since label").strip() == (
        "Since WMP 2020-01")
    links = len(page.evaluate("window.sprMap.links()"))
    assert "Since" not in _status(page)
    page.check("#since-toggle")
    assert "Since WMP 2020-01: 3 added (+), 2 removed (\u2212), 2 changed (\u00b1)." in (
        _status(page))
    assert len(page.evaluate("window.sprMap.links()")) > links  # the removed link, drawn
    page.check("#posts")
    assert "+ Head of" in page.text_content("#org-map")
    assert serious(page) == []
    page.click("#table-view summary")
    page.locator("#links-table tbody tr").first.wait_for(state="attached")
    row = page.locator("#links-table tbody tr", has_text="Midland Regional Public Order Unit")
    assert row.count() == 1 and "\u2212 " in row.text_content()
    row.locator("th button").click()
    panel = page.text_content("#panel")
    assert f"\u2212 Removed since WMP 2020-01: {MRPOU}" in panel
    assert "WMP 2020-01 \u00b649" in panel
    assert serious(page) == []
    view(page, "detail")
    table_drawn(page)
    assert page.locator("#nodes-table tbody tr", has_text="+ Head of SOC").count() == 1
    assert serious(page) == []
    page.uncheck("#since-toggle")
    assert "Since" not in _status(page)
    assert page.locator("#nodes-table tbody tr", has_text="+ Head of SOC").count() == 0
    clean(record)
