"""The strategist's map in headless Chromium: organisations first, evidence on every
link, threat and C filters, what-if equal to the command, the matrix, exports, print."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from map_support import clean, drawn, node_id, serious, view, visiting

from spr_graph.cli import main
from spr_graph.core.namespaces import shorten
from spr_graph.render.orgview import PEOPLE

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "data" / "map" / "hostile.trig"
ORGANISATIONS = {"force", "unit", "collaboration", "board", "agency"}
#: Removals whose answers the browser must give exactly as `spr-graph whatif` does.
REMOVALS = [["WMCTU"], ["WMCTU", "ACC Security"], ["ROCU"], ["NCA", "ROCU", "WMCTU"],
            ["Local Resilience Forum"]]


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path)``: the map opened offline, as :mod:`map_support` does it."""
    yield from visiting(browser)


@dataclass
class Strategist:
    bundled: Path
    national: Path
    national_data: Path
    hostile: Path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Strategist:
    folder = tmp_path_factory.mktemp("strategist")
    runner = CliRunner()
    trig = folder / "n43.trig"
    for args in (["map", "-o", str(folder / "map.html")],
                 ["synth", "--forces", "43", "--seed", "1", "-o", str(trig)],
                 ["map", "--data", str(trig), "-o", str(folder / "n43.html")],
                 ["map", "--data", str(HOSTILE), "-o", str(folder / "hostile.html")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    return Strategist(folder / "map.html", folder / "n43.html", trig, folder / "hostile.html")


def _boxes(page: Any) -> list[dict[str, Any]]:
    """Each drawn box, border included, in pixels of the map area (measured by the browser
    on the SVG), with the lines of its label."""
    return list(page.evaluate("""(() => { const s = window.sprMap;
        return s.boxes().map(b => Object.assign(b, {kind: s.data.nodes[b.id].kind,
            level: s.data.nodes[b.id].level || ''})); })()"""))


@pytest.mark.parametrize("which", ["bundled", "national"])
def test_default_view_shows_organisations_readable_and_apart(made: Strategist, visit: Any,
                                                             which: str) -> None:
    page, record = visit(getattr(made, which))
    assert page.evaluate("window.sprMap.view()") == "org"
    boxes = _boxes(page)
    assert boxes and {b["kind"] for b in boxes} <= ORGANISATIONS  # posts are optional
    width, height = page.evaluate("[document.getElementById('map').clientWidth,"
                                  " document.getElementById('map').clientHeight]")
    for i, a in enumerate(boxes):
        assert a["left"] >= 0 and a["top"] >= 0 and a["right"] <= width and a["bottom"] <= height
        for b in boxes[i + 1:]:
            apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                     or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])
            assert apart, (a, b)
    assert len(boxes) == page.evaluate("window.sprMap.nodes.length")
    assert max(b["lines"] for b in boxes) <= 2  # no label spills out of its box
    texts = page.evaluate("""Array.from(document.querySelectorAll('#org-map [data-node]'), g => {
        const r = g.querySelector('rect').getBBox(), t = g.querySelector('text').getBBox();
        return [t.x - r.x, r.x + r.width - (t.x + t.width)]; })""")
    assert min(min(pair) for pair in texts) >= 0  # every label inside its box
    # every label at 10 px or more on screen (13 px type at the default zoom)
    assert 13 * page.evaluate("window.sprMap.scale()") >= 10
    if len(boxes) <= 100:
        assert page.evaluate("window.sprMap.scale()") >= 1
    tier = {"national": 0, "international": 0, "regional": 1}
    force = page.evaluate("window.sprMap.data.org.force")
    own = set(page.evaluate("window.sprMap.data.org.own"))
    ys = {b["id"]: (b["top"] + b["bottom"]) / 2 for b in boxes}
    partners = [b for b in boxes if b["id"] not in own]
    for b in partners:  # national above regional above local, all above the force
        assert ys[b["id"]] < ys[force]
        for c in partners:
            if tier.get(b["level"], 2) < tier.get(c["level"], 2):
                assert ys[b["id"]] < ys[c["id"]]
    assert all(ys[b["id"]] > ys[force] for b in boxes if b["id"] in own and b["id"] != force)
    clean(record)


def _statement_pairs(page: Any, a: int, b: int) -> int:
    """Statements naming one of a, b as actor and the other as partner, counted here."""
    return int(page.evaluate("""([a, b]) => window.sprMap.data.statements.filter(s =>
        (s.actors.includes(a) && s.partners.includes(b)) ||
        (s.actors.includes(b) && s.partners.includes(a))).length""", [a, b]))


def test_links_aggregate_statements_and_open_their_evidence(made: Strategist, visit: Any) -> None:
    page, record = visit(made.bundled)
    wmctu, network = node_id(page, "ag:wmctu"), node_id(page, "ag:ctp-network")
    link = page.evaluate("id => window.sprMap.edges.get(id)",
                         f"{min(wmctu, network)}-{max(wmctu, network)}")
    count = _statement_pairs(page, wmctu, network)
    assert count > 1 and f"\n{count} statements\n" in link["title"]
    widths = page.evaluate("window.sprMap.edges.get().map(e => e.width)")
    assert link["width"] > min(widths)  # width grows with the statements
    page.click("#table-view summary")
    first = page.locator("#links-table tbody tr").first
    first.wait_for(state="attached")
    strongest = int(first.locator("td").nth(1).text_content() or "0")
    assert strongest == max(int(c) for c in page.locator(
        "#links-table tbody tr td:nth-child(3)").all_text_contents())
    first.locator("th button").click()
    assert page.is_visible("#panel")
    assert page.locator("#panel-body blockquote").count() >= 1  # the quotes
    assert "\u00b6" in (page.text_content("#panel-body") or "")  # and their paragraphs
    clean(record)


def test_threat_and_c_filters_reaggregate_the_links(made: Strategist, visit: Any) -> None:
    page, record = visit(made.bundled)
    before = page.evaluate("window.sprMap.shown()")
    page.select_option("#threat-filter", label="Terrorism")
    after = page.evaluate("window.sprMap.shown()")
    assert 0 < after["edges"] < before["edges"] and after["nodes"] < before["nodes"]
    terrorism = page.evaluate("window.sprMap.data.threats.findIndex(t => t.label === 'Terrorism')")
    colour = page.evaluate("i => window.sprMap.data.threats[i].colour", terrorism)
    lines = page.evaluate("window.sprMap.edges.get().map(e => [e.color.color, e.dashes])")
    assert {c for c, dashed in lines if not dashed} == {colour}
    page.select_option("#fivec-filter", label="Connectivity")
    narrower = page.evaluate("window.sprMap.shown()")
    assert 0 < narrower["edges"] <= after["edges"]
    counted = page.evaluate("""(() => { const s = window.sprMap;
        return s.links().flatMap(l => l.statements.map(i => s.data.statements[i])); })()""")
    assert counted and all(terrorism in st["threats"] and st["fiveC"] == "connectivity"
                           for st in counted)
    page.fill("#search", "rocu")
    page.press("#search", "Enter")
    assert node_id(page, "ag:rocu") in page.evaluate("window.sprMap.selected()")
    page.click("#reset")
    assert page.evaluate("window.sprMap.shown()") == before
    page.check("#posts")
    kinds = page.evaluate("window.sprMap.nodes.get().map(n => window.sprMap.data.nodes[n.id].kind)")
    assert set(kinds) & PEOPLE
    clean(record)


def _cli_rows(names: list[str], data: list[str] | None = None) -> list[list[str]]:
    args = ["whatif", *[a for n in names for a in ("--remove", n)], "-f", "csv"]
    result = CliRunner().invoke(main, [*args, *(data or [])])
    assert result.exit_code in (0, 1), result.output
    rows = list(csv.reader(io.StringIO(result.output)))[1:]
    return [[kind, label, detail, paras] for kind, _iri, label, detail, paras, _cited in rows]


def _panel_rows(page: Any) -> list[list[str]]:
    return list(page.evaluate("""Array.from(document.querySelectorAll('#panel-body li[data-kind]'),
        li => [li.dataset.kind, li.querySelector('.wi-node').textContent,
               (li.querySelector('.wi-detail') || {textContent: ''}).textContent,
               li.dataset.paragraphs])"""))


def test_what_if_in_the_browser_equals_the_command(made: Strategist, visit: Any) -> None:
    import spr_graph

    graph = spr_graph.open()
    page, record = visit(made.bundled)
    for names in REMOVALS:
        if page.is_enabled("#whatif-clear"):
            page.click("#whatif-clear")
        for iri in graph.nodes(names):
            page.select_option("#whatif-pick", str(node_id(page, shorten(iri))))
            page.click("#whatif-add")
        assert (page.text_content("#panel-title") or "").startswith("What if we lose")
        expected = _cli_rows(names)
        assert expected, names
        assert _panel_rows(page) == expected, names
        cut = [r[1] for r in expected if r[0] == "cut-off"]
        greyed = page.evaluate("""() => window.sprMap.nodes.get().filter(n => n.color
            && n.color.background === '#e6e6e6').map(n => window.sprMap.data.nodes[n.id].label)""")
        assert set(greyed) >= set(cut) & set(page.evaluate(
            "window.sprMap.nodes.get().map(n => window.sprMap.data.nodes[n.id].label)"))
    clean(record)


def test_what_if_on_a_national_graph_equals_the_api(made: Strategist, visit: Any) -> None:
    import spr_graph
    from spr_graph.analysis.views import label

    graph = spr_graph.open(str(made.national_data))
    projection = graph.projection
    order = sorted(projection.nodes)
    force = projection.graph["force"]
    agents = [n for n in order if projection.nodes[n]["kind"] in ORGANISATIONS | PEOPLE
              and n != force]
    page, record = visit(made.national)
    for chosen in (agents[:1], agents[5:7], agents[::40], agents[3::9]):
        answer = graph.whatif(*chosen).data
        expected = [[k, answer.before.labels.get(n, label(projection, n)), d, list(p)]
                    for k, n, d, p in answer.consequence_rows()]
        assert page.evaluate("ids => window.sprMap.whatif(ids)",
                             [order.index(n) for n in chosen]) == expected
    clean(record)


def test_matrix_of_organisations_and_threats(made: Strategist, visit: Any) -> None:
    page, record = visit(made.bundled)
    view(page, "matrix")
    assert page.is_hidden("#map-area") and page.is_visible("#matrix-table")
    rows = page.locator("#matrix-table tbody tr")
    assert rows.count() > 50
    wmp = node_id(page, "ag:wmp")
    total = int(page.evaluate("""id => window.sprMap.data.statements.filter(s =>
        s.actors.includes(id) || s.partners.includes(id)).length""", wmp))
    assert rows.first.locator("th").text_content() == "West Midlands Police (WMP)"  # most first
    assert int(rows.first.locator("td").nth(2).text_content() or "0") >= total
    assert "\u25c6" in (page.text_content("#matrix-table tbody") or "")  # named connectivity
    page.click("#matrix-table th button[data-key='name']")
    assert page.get_attribute("#matrix-table th:first-child", "aria-sort") == "ascending"
    names = rows.locator("th").all_text_contents()
    assert names == sorted(names, key=str.casefold)
    button = page.locator("#matrix-table tbody td button").first
    button.focus()
    page.keyboard.press("Enter")
    assert page.is_visible("#panel") and page.evaluate("document.activeElement.id") == "panel"
    assert " on " in (page.text_content("#panel-title") or "")
    before = rows.count()
    page.select_option("#fivec-filter", label="Connectivity")
    assert 0 < rows.count() < before
    assert serious(page) == []
    clean(record)


def test_export_png_and_svg_offline(made: Strategist, visit: Any, tmp_path: Path) -> None:
    for path, text in ((made.bundled, "West Midlands Police"),
                       (made.hostile, "<img src=x onerror=alert(1)>")):
        page, record = visit(path)
        with page.expect_download() as png:
            page.click("#export-png")
        image = tmp_path / "map.png"
        png.value.save_as(image)
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 5_000
        with page.expect_download() as svg:
            page.click("#export-svg")
        drawing = tmp_path / "map.svg"
        svg.value.save_as(drawing)
        root = ET.parse(drawing).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not root.findall(".//{http://www.w3.org/2000/svg}script")
        written = "".join(root.itertext())
        assert text in written
        boxes = root.findall("{http://www.w3.org/2000/svg}rect")
        assert len(boxes) > page.evaluate("window.sprMap.nodes.length")
        clean(record)


def test_print_stylesheet_keeps_the_map_and_drops_the_controls(made: Strategist,
                                                                visit: Any) -> None:
    page, record = visit(made.bundled)
    page.emulate_media(media="print")
    shown = page.evaluate("""['.controls', '.toolbar', '.tables', '#map-area'].map(s =>
        getComputedStyle(document.querySelector(s)).display)""")
    assert shown[:3] == ["none", "none", "none"] and shown[3] != "none"
    width, height = page.evaluate("[document.getElementById('org-map').clientWidth,"
                                  " document.getElementById('org-map').clientHeight]")
    assert width > 500 and height > 300  # the map area keeps its printed size
    boxes = page.evaluate("window.sprMap.boxes()")  # the map fitted to the printed area
    assert boxes and all(b["left"] >= 0 and b["top"] >= 0 and b["right"] <= width
                         and b["bottom"] <= height for b in boxes)
    clean(record)


def test_axe_in_every_view_with_a_panel_open(made: Strategist, visit: Any) -> None:
    page, _ = visit(made.bundled)
    page.select_option("#whatif-pick", str(node_id(page, "ag:rocu")))
    page.click("#whatif-add")
    assert page.is_visible("#panel")
    assert serious(page) == []
    view(page, "detail")
    assert serious(page) == []
    page, _ = visit(made.hostile)
    view(page, "matrix")
    assert serious(page) == []


def test_hostile_labels_stay_text_in_the_organisation_view(made: Strategist, visit: Any) -> None:
    page, record = visit(made.hostile)
    titles = page.evaluate("window.sprMap.nodes.get().map(n => n.title)")
    assert any("<img src=x onerror=alert(1)>" in title for title in titles)
    force = node_id(page, "<https://example.org/force>")
    box = next(b for b in page.evaluate("window.sprMap.boxes()") if b["id"] == force)
    area = page.locator("#org-map").bounding_box()
    middle = (area["x"] + (box["left"] + box["right"]) / 2,
              area["y"] + (box["top"] + box["bottom"]) / 2)
    page.mouse.move(*middle)
    tip = page.locator("#map-tip")
    tip.wait_for(state="visible")  # the SVG's own tooltip: the title as text, no markup
    assert "<img src=x onerror=alert(1)>" in (tip.text_content() or "")
    assert tip.evaluate("t => t.children.length") == 0
    page.mouse.click(*middle)  # a click on the box opens its evidence
    assert page.text_content("#panel-title") == "<img src=x onerror=alert(1)> (XSS&Co)"
    page.keyboard.press("Escape")
    page.click("#table-view summary")
    page.locator("#orgs-table tbody tr").first.wait_for(state="attached")
    assert "<img src=x onerror=alert(1)>" in (page.text_content("#orgs-table") or "")
    injected = page.evaluate("document.querySelectorAll('img, iframe, object, embed').length")
    assert injected == 0
    clean(record)


def test_screenshots_of_the_default_view(made: Strategist, visit: Any, artifacts: Path) -> None:
    """The pictures a strategist briefs from, kept in tests/artifacts/."""
    for path, name in ((made.bundled, "strategist-bundled.png"),
                       (made.national, "strategist-n43.png")):
        page, _ = visit(path)
        target = artifacts / name
        page.screenshot(path=str(target))
        assert target.stat().st_size > 30_000
    page, _ = visit(made.bundled)
    page.select_option("#whatif-pick", str(node_id(page, "ag:wmctu")))
    page.click("#whatif-add")
    page.screenshot(path=str(artifacts / "strategist-whatif.png"))
    assert page.evaluate("window.sprMap.shown()")["nodes"] > 100


def test_the_detailed_view_is_one_toggle_or_one_address_away(made: Strategist,
                                                              visit: Any) -> None:
    page, record = visit(made.bundled)
    organisations = page.evaluate("window.sprMap.shown()")
    view(page, "detail")
    every = page.evaluate("window.sprMap.shown()")
    assert every["nodes"] > organisations["nodes"] and every["edges"] > organisations["edges"]
    view(page, "org")
    assert page.evaluate("window.sprMap.shown()") == organisations
    page.goto(made.bundled.as_uri() + "#detail")
    page.reload()
    page.wait_for_selector("html[data-ready='true']", state="attached")
    assert page.evaluate("window.sprMap.view()") == "detail"
    assert page.evaluate("window.sprMap.shown()") == every
    assert page.get_attribute("#views button[data-view='detail']", "aria-pressed") == "true"
    clean(record)


def test_a_big_detailed_view_labels_only_the_nodes_in_view(visit: Any, tmp_path: Path) -> None:
    """Over 1,000 nodes, the canvas draws a label only for a node in view, once the zoom
    makes it large enough to read; the rest of the view is the same."""
    trig, path = tmp_path / "n60.trig", tmp_path / "n60.html"
    for args in (["synth", "--forces", "60", "--seed", "1", "-o", str(trig)],
                 ["map", "--data", str(trig), "-o", str(path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    page, record = visit(path)
    view(page, "detail")
    total = page.evaluate("window.sprMap.data.nodes.length")
    assert total > 1000 and drawn(page) == total
    labelled = "window.sprMap.canvas.labels"
    assert page.evaluate(labelled) == 0  # the whole map at once: no label is legible
    force = page.evaluate("window.sprMap.data.org.force")
    page.evaluate("id => window.sprMap.canvas.focus(id, 1.2)", force)  # draws at once
    assert 0 < page.evaluate(labelled) < total / 4
    assert 0 < drawn(page) < total  # only what is in view
    assert page.evaluate("id => window.sprMap.nodes.get(id).label", force)
    clean(record)
