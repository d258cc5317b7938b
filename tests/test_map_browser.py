"""The map in headless Chromium: offline, error-free, interactive, safe and accessible."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from map_support import (
    CANVAS,
    clean,
    click_node,
    drawn,
    focus,
    node_id,
    node_point,
    serious,
    shown,
    table_drawn,
    view,
    visiting,
)

from spr_graph.core import resources
from spr_graph.render.maps import MapFile, write_all, write_map
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "data" / "map" / "hostile.trig"
WMCTU = "ag:wmctu"
ROCU = "ag:rocu"


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path)``: the map opened offline, as :mod:`map_support` does it."""
    yield from visiting(browser)


@dataclass
class Maps:
    whole: MapFile
    terrorism: MapFile
    hostile: MapFile
    index: Path


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory, bundled: Loaded) -> Maps:
    folder = tmp_path_factory.mktemp("maps")
    select = store_select(bundled.store)
    written = write_all(select, folder / "all")
    hostile = load([resources.ontology_file(), HOSTILE])
    return Maps(written[0], next(m for m in written if m.path.name == "threat-2015-terrorism.html"),
                write_map(store_select(hostile.store), folder / "hostile.html"),
                folder / "all" / "index.html")


def test_map_loads_offline_with_no_request_and_no_error(maps: Maps, visit: Any) -> None:
    for path in (maps.whole.path, maps.terrorism.path, maps.hostile.path):
        _, record = visit(path)
        clean(record)
    _, record = visit(maps.index, wait=False)
    clean(record)


def test_every_node_of_the_graph_is_on_the_canvas(maps: Maps, visit: Any) -> None:
    for item in (maps.whole, maps.terrorism):
        page, _ = visit(item.path)
        view(page, "detail")
        assert drawn(page) == item.nodes  # fitted: all in view
        assert shown(page) == {"nodes": item.nodes, "edges": item.edges}
        assert page.evaluate("window.sprMap.edges.length") == item.edges
        painted = page.evaluate("""(() => { const c = window.sprMap.canvas.canvas;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i + 3] && d[i] < 200) n++; }
            return n; })()""")
        assert painted > 1000


def test_threat_filter_shows_what_the_threat_map_holds(maps: Maps, visit: Any) -> None:
    page, record = visit(maps.whole.path)
    view(page, "detail")
    assert shown(page) == {"nodes": maps.whole.nodes, "edges": maps.whole.edges}
    page.select_option("#threat-filter", label="Terrorism")
    assert shown(page) == {"nodes": maps.terrorism.nodes, "edges": maps.terrorism.edges}
    assert drawn(page) == maps.terrorism.nodes
    status = page.text_content("#status") or ""
    assert f"Showing {maps.terrorism.nodes} of {maps.whole.nodes} nodes" in status
    page.uncheck("#kind-filter input[value='threat']")
    assert shown(page)["nodes"] < maps.terrorism.nodes
    page.click("#reset")
    assert shown(page) == {"nodes": maps.whole.nodes, "edges": maps.whole.edges}
    clean(record)


def test_search_by_abbreviation_narrows_the_map(maps: Maps, visit: Any) -> None:
    page, record = visit(maps.whole.path)
    page.fill("#search", "rocu")
    page.press("#search", "Enter")
    counts = shown(page)
    assert 0 < counts["nodes"] < maps.whole.nodes
    rocu = node_id(page, ROCU)
    assert rocu in page.evaluate("window.sprMap.selected()")
    assert "match the search" in page.text_content("#status")
    page.fill("#search", "no such name at all")
    page.press("#search", "Enter")
    assert shown(page) == {"nodes": 0, "edges": 0}
    clean(record)


def test_clicking_a_node_opens_its_evidence_and_highlights_its_neighbours(
        maps: Maps, visit: Any) -> None:
    page, record = visit(maps.whole.path)
    view(page, "detail")
    assert page.is_hidden("#panel")
    wmctu = node_id(page, WMCTU)
    focus(page, wmctu)
    before = page.evaluate(CANVAS)
    click_node(page, wmctu)
    assert page.is_visible("#panel")
    assert page.text_content("#panel-title") == "West Midlands Counter-Terrorism Unit (WMCTU)"
    panel = page.text_content("#panel-body") or ""
    assert "WMP 2020-01 \u00b67" in panel  # the citation names the paper
    assert "nationally funded, regional unit" in panel  # the quote and paragraph 7's text
    assert "Single point of failure" in panel
    colours = page.evaluate("""id => { const s = window.sprMap; const near = new Set([id]);
        s.data.edges.forEach(e => { if (e.from === id) near.add(e.to);
                                    if (e.to === id) near.add(e.from); });
        return s.data.nodes.map(n => [near.has(n.id),
                                      (s.nodes.get(n.id).color || {}).background]); }""", wmctu)
    assert {c for near, c in colours if not near} == {"#e6e6e6"}
    assert "#e6e6e6" not in {c for near, c in colours if near}
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)  # off every node
    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert page.evaluate(CANVAS) == before  # colours restored exactly
    clean(record)


def test_table_twin_lists_sorts_filters_and_opens_evidence(maps: Maps, visit: Any) -> None:
    page, record = visit(maps.whole.path)
    view(page, "detail")
    page.keyboard.press("Shift+Tab")
    while page.evaluate("document.activeElement.className") != "skip":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('table-view').open")
    table_drawn(page)
    rows = page.locator("#nodes-table tbody tr")
    assert rows.count() == maps.whole.nodes
    assert page.locator("#edges-table tbody tr").count() == maps.whole.edges
    first = rows.first.text_content()
    page.click("#nodes-table th button[data-key='label']")
    assert page.get_attribute("#nodes-table th:first-child", "aria-sort") == "descending"
    assert rows.first.text_content() != first
    page.select_option("#threat-filter", label="Terrorism")
    assert rows.count() == maps.terrorism.nodes
    button = page.locator("#edges-table tbody tr th button").first
    button.focus()
    page.keyboard.press("Enter")
    assert page.is_visible("#panel")
    assert page.evaluate("document.activeElement.id") == "panel"
    assert "\u00b6" in (page.text_content("#panel-body") or "")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.closest('table').id") == "edges-table"
    clean(record)


def test_hostile_labels_are_shown_as_text_and_run_nothing(maps: Maps, visit: Any) -> None:
    page, record = visit(maps.hostile.path)
    view(page, "detail")
    force = node_id(page, "<https://example.org/force>")
    unit = node_id(page, "<https://example.org/unit>")
    focus(page, unit)
    page.mouse.move(*node_point(page, unit))
    tooltip = page.locator("#map-tip")
    tooltip.wait_for(state="visible")  # the canvas's tooltip: the title as text, no markup
    assert "</script><script>alert(2)</script>" in (tooltip.text_content() or "")
    assert tooltip.evaluate("t => t.children.length") == 0
    click_node(page, force)
    assert page.text_content("#panel-title") == "<img src=x onerror=alert(1)> (XSS&Co)"
    panel = page.text_content("#panel-body") or ""
    assert "The <img src=x onerror=alert(1)> force" in panel
    page.click("#table-view summary")
    table_drawn(page)
    table = page.text_content("#table-view") or ""
    assert 'Agency with href="javascript:alert(3)" \u202eevil\u202c title' in table
    assert "gwasanaeth \u0175 \u0177 \U0001f693" in table
    page.fill("#search", "\u0175")
    page.press("#search", "Enter")
    assert shown(page)["nodes"] >= 1
    injected = page.evaluate("""(() => ({
        img: document.querySelectorAll('img, iframe, object, embed').length,
        handlers: Array.from(document.querySelectorAll('*')).filter(e =>
            Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
        scripts: Array.from(document.scripts, s => s.id || s.type || s.text.slice(0, 40)) }))()""")
    # the data, the page's own script and the evidence texts: nothing else
    assert injected == {"img": 0, "handlers": 0,
                        "scripts": ["map-data", page.evaluate(
                            "document.scripts[1].text.slice(0, 40)"), "map-evidence"]}
    assert injected["scripts"][1].startswith("(function () {")
    clean(record)


def test_axe_finds_no_serious_or_critical_violation(maps: Maps, visit: Any) -> None:
    page, _ = visit(maps.whole.path)
    assert serious(page) == []
    page.click("#table-view summary")
    page.locator("#orgs-table tbody tr th button").first.click()
    assert page.is_visible("#panel")
    assert serious(page) == []
    view(page, "detail")
    page.locator("#nodes-table tbody tr th button").first.click()
    assert page.is_visible("#panel")
    assert serious(page) == []
    page, _ = visit(maps.hostile.path)
    assert serious(page) == []
    page, _ = visit(maps.index, wait=False)
    assert serious(page) == []
