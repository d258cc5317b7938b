"""The detailed view's canvas in headless Chromium: a click finds the right node or line,
hover shows a hostile title as text, the wheel, the keys and a drag move the view, and
PNG and SVG export what is shown."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from map_support import CANVAS, clean, click_node, drawn, focus, node_id, node_point, view, visiting

from spr_graph.core import resources
from spr_graph.render.maps import write_map
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "data" / "map" / "hostile.trig"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path)``: the map opened offline, as :mod:`map_support` does it."""
    yield from visiting(browser)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, bundled: Loaded) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("canvas")
    hostile = load([resources.ontology_file(), HOSTILE])
    return {"bundled": write_map(store_select(bundled.store), folder / "map.html").path,
            "hostile": write_map(store_select(hostile.store), folder / "hostile.html").path}


def _detail(visit: Any, path: Path) -> tuple[Any, Any]:
    page, record = visit(path)
    view(page, "detail")
    return page, record


def test_a_click_opens_the_evidence_of_the_node_under_it(files: dict[str, Path],
                                                         visit: Any) -> None:
    page, record = _detail(visit, files["bundled"])
    names = page.evaluate("window.sprMap.data.nodes.map(n => n.abbr && n.abbr !== n.label"
                          " ? n.label + ' (' + n.abbr + ')' : n.label)")
    for iri in ("ag:wmctu", "ag:rocu", "ag:wmp"):
        node = node_id(page, iri)
        click_node(page, node)
        assert page.text_content("#panel-title") == names[node], iri
        assert page.evaluate("window.sprMap.selected()") == [node]
    # a line's middle, far from any node, opens the relation's evidence
    edge = page.evaluate("""(() => { const s = window.sprMap, N = s.data.nodes;
        const mid = e => [(N[e.from].x + N[e.to].x) / 2, (N[e.from].y + N[e.to].y) / 2];
        const away = (x, y, f) => { const a = N[f.from], b = N[f.to], dx = b.x - a.x,
            dy = b.y - a.y, t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy)
                                                      / (dx * dx + dy * dy || 1)));
            return Math.hypot(x - a.x - t * dx, y - a.y - t * dy) > 10; };
        return s.data.edges.find(e => { const [x, y] = mid(e);
            return Math.hypot(N[e.from].x - N[e.to].x, N[e.from].y - N[e.to].y) > 120
                && N.every(n => Math.hypot(n.x - x, n.y - y) > 40)
                && s.data.edges.every(f => f === e || away(x, y, f)); }).id; })()""")
    point = page.evaluate("""id => { const s = window.sprMap, e = s.data.edges[id],
        a = s.data.nodes[e.from], b = s.data.nodes[e.to];
        s.canvas.moveTo((a.x + b.x) / 2, (a.y + b.y) / 2, 1.5); s.canvas.draw();
        return [s.canvas.size.w / 2, s.canvas.size.h / 2]; }""", edge)
    box = page.locator("#detail-map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    assert page.is_visible("#panel")
    relation = page.evaluate("id => window.sprMap.edges.get(id)", edge)
    assert relation is not None and relation["color"]["color"] == "#000000"  # chosen
    assert "\u00b6" in (page.text_content("#panel-body") or "")
    # empty canvas closes the panel
    page.evaluate("window.sprMap.canvas.moveTo(-1e6, -1e6, 1); window.sprMap.canvas.draw()")
    page.mouse.click(box["x"] + 20, box["y"] + 20)
    assert page.is_hidden("#panel")
    clean(record)


def test_hover_shows_a_hostile_title_as_text(files: dict[str, Path], visit: Any) -> None:
    page, record = _detail(visit, files["hostile"])
    force = node_id(page, "<https://example.org/force>")
    focus(page, force)
    page.mouse.move(*node_point(page, force))
    tip = page.locator("#map-tip")
    tip.wait_for(state="visible")
    assert (tip.text_content() or "").startswith("<img src=x onerror=alert(1)> (XSS&Co)")
    assert tip.evaluate("t => t.children.length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    box = page.locator("#detail-map").bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)  # off every node and line
    tip.wait_for(state="hidden")
    clean(record)


def test_wheel_keys_and_drag_move_the_view(files: dict[str, Path], visit: Any) -> None:
    page, record = _detail(visit, files["bundled"])
    box = page.locator("#detail-map").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    fitted = page.evaluate("window.sprMap.scale()")
    page.mouse.move(*middle)
    page.mouse.wheel(0, -300)
    zoomed = page.evaluate("window.sprMap.scale()")
    assert zoomed > fitted
    page.focus("#detail-map")
    page.keyboard.press("-")
    assert page.evaluate("window.sprMap.scale()") < zoomed
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert page.evaluate("window.sprMap.scale()") > zoomed
    at = page.evaluate("window.sprMap.canvas.at.x")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.sprMap.canvas.at.x") > at
    page.keyboard.press("0")
    assert page.evaluate("window.sprMap.scale()") == pytest.approx(fitted)
    before = page.evaluate("[window.sprMap.canvas.at.x, window.sprMap.canvas.at.y]")
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 110, box["y"] + 60, steps=5)
    page.mouse.up()
    after = page.evaluate("[window.sprMap.canvas.at.x, window.sprMap.canvas.at.y]")
    assert after[0] < before[0] and after[1] < before[1]  # the map follows the pointer
    assert page.is_hidden("#panel")  # a drag is not a click
    clean(record)


def test_export_png_and_svg_of_the_detailed_view(files: dict[str, Path], visit: Any,
                                                 tmp_path: Path) -> None:
    for name, text in (("bundled", "West Midlands Police"),
                       ("hostile", "<img src=x onerror=alert(1)>")):
        page, record = _detail(visit, files[name])
        with page.expect_download() as png:
            page.click("#export-png")
        image = tmp_path / f"{name}.png"
        png.value.save_as(image)
        assert png.value.suggested_filename == "map-detail.png"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 5_000
        with page.expect_download() as svg:
            page.click("#export-svg")
        drawing = tmp_path / f"{name}.svg"
        svg.value.save_as(drawing)
        root = ET.parse(drawing).getroot()
        assert root.tag == f"{SVG}svg" and not root.findall(f".//{SVG}script")
        assert text in "".join(root.itertext())
        shown = page.evaluate("window.sprMap.shown()")
        shapes = root.findall(f"{SVG}circle") + root.findall(f"{SVG}polygon")
        assert len(shapes) >= shown["nodes"]  # every node, and the arrows
        assert len(root.findall(f"{SVG}line")) == shown["edges"]
        clean(record)


def test_the_canvas_draws_the_same_picture_and_restores_it(files: dict[str, Path],
                                                            visit: Any) -> None:
    pictures = []
    for _ in range(2):
        page, record = _detail(visit, files["bundled"])
        pictures.append(page.evaluate(CANVAS))
        clean(record)
    assert pictures[0] == pictures[1]
    wmctu = node_id(page, "ag:wmctu")
    page.evaluate("window.sprMap.canvas.fit(); window.sprMap.canvas.draw()")
    click_node(page, wmctu)
    page.keyboard.press("Escape")
    page.evaluate("window.sprMap.canvas.hovered = null; window.sprMap.canvas.fit()")
    assert page.evaluate(CANVAS) == pictures[1]


def test_screenshot_of_the_detailed_view(files: dict[str, Path], visit: Any,
                                         artifacts: Path) -> None:
    page, _ = _detail(visit, files["bundled"])
    target = artifacts / "strategist-detail.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 30_000
    focus(page, node_id(page, "ag:wmctu"), 1.2)
    page.screenshot(path=str(artifacts / "strategist-detail-zoomed.png"))
    assert page.evaluate("window.sprMap.canvas.labels") > 0


def test_print_fits_the_detailed_view_to_the_page(files: dict[str, Path], visit: Any) -> None:
    page, record = _detail(visit, files["bundled"])
    screen = page.evaluate("window.sprMap.canvas.size")
    page.emulate_media(media="print")
    size = "[window.sprMap.canvas.size.w, window.sprMap.canvas.size.h]"
    frame = "[document.getElementById('detail-map').clientWidth," \
            " document.getElementById('detail-map').clientHeight]"
    for _ in range(100):  # the media change reaches the page as an event: bounded wait
        if page.evaluate(size) != [screen["w"], screen["h"]]:
            break
        page.wait_for_timeout(50)
    assert page.evaluate(size) == page.evaluate(frame)  # the canvas follows the printed area
    assert drawn(page) == page.evaluate("window.sprMap.shown()")["nodes"]
    painted = page.evaluate("""(() => { const c = window.sprMap.canvas.canvas;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] < 200) n++; }
        return n; })()""")
    assert painted > 1000
    clean(record)


def test_the_canvas_has_a_name_and_the_table_as_its_alternative(files: dict[str, Path],
                                                                 visit: Any) -> None:
    page, record = _detail(visit, files["bundled"])
    nodes = page.evaluate("window.sprMap.data.nodes.length")
    name = page.get_attribute("#map", "aria-label") or ""
    assert page.get_attribute("#map", "role") == "img"
    assert f"{nodes} nodes" in name and "table view" in name
    assert page.get_attribute("#detail-map canvas", "aria-hidden") == "true"
    assert page.get_attribute("#detail-map", "tabindex") == "0"  # keys pan and zoom
    page.click("#table-view summary")
    page.locator("#nodes-table tbody tr").first.wait_for(state="attached")
    assert page.locator("#nodes-table tbody tr").count() == nodes
    view(page, "org")
    assert "organisations" in (page.get_attribute("#map", "aria-label") or "")
    clean(record)
