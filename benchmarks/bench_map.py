"""Benchmark the offline HTML map: generation time, file size and time to interactive.

    python3 benchmarks/bench_map.py [--runs 5] [--nodes 1000 5000] [--no-browser]

For the bundled paper and for synthetic national graphs of about ``--nodes`` nodes
(:func:`spr_graph.papers.synth.synth_trig`, sized by the number of forces), it measures in one
process: loading the files, reading what a map needs (projection, statements, quotes,
paragraphs, legend, gap analysis), the layout alone, and the whole page (layout, single
points of failure, data, rendering); then the file size, and the time until the map is
interactive in headless Chromium: from navigation start to the view's first drawing, all
its nodes drawn and every handler bound (``window.sprMap.readyAt``), for the default view
(the organisations) and for the detailed view of every node (the page opened at
``#detail``). The page draws both views itself (the organisations as SVG, the detailed
view on a canvas), so the first drawing is the first frame painted after the view was
built: a ``requestAnimationFrame`` callback, then a task after it, which runs once that
frame is painted. For the detailed view it also reports when the page began building its
data and drawing the canvas. Each browser run uses a fresh context with every non-file
request blocked; a request would be reported.
"bare SVG" draws the same nodes and edges as SVG elements alone (a circle per node, a line
per edge; no label, title, style or page), to the same mark: what drawing the detailed
view as SVG DOM would cost at least; "bare canvas" draws them on a canvas the same way (one
path of lines, one of circles): the floor of the detailed view's drawing.
Times are medians of ``--runs`` runs. Targets on a 2-core machine: the bundled map's
default view interactive in under 0.3 s, the detailed view of 5,000 nodes in under 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_support import CHROMIUM_ARGS, chromium_path  # noqa: E402

from spr_graph.core import resources
from spr_graph.core.atomic import write_text
from spr_graph.papers.synth import synth_trig
from spr_graph.render.layout import layout
from spr_graph.render.mapdata import map_view
from spr_graph.render.maps import MapMaker
from spr_graph.store.load import load
from spr_graph.store.select import store_select

#: Nodes the projection of one synthetic force adds, measured on synth_trig (about 17).
NODES_PER_FORCE = 16.8


def median_seconds(func: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def generate(files: list[Path] | None, out: Path, runs: int) -> dict[str, Any]:
    """Seconds per stage, the map's size in nodes and edges, and the file written."""
    load_s, loaded = median_seconds(lambda: load(files), runs)
    select = store_select(loaded.store)
    read_s, maker = median_seconds(lambda: MapMaker(select), runs)
    view = map_view(maker.graph, keep_threats=maker.edition_threats)
    layout_s, _ = median_seconds(lambda: layout(view), runs)
    page_s, (html, summary) = median_seconds(maker.page, runs)
    write_text(out, html)
    return {"nodes": summary.nodes, "edges": summary.edges, "load": load_s, "read": read_s,
            "layout": layout_s, "page": page_s, "bytes": len(html.encode("utf-8")),
            "path": out}


def _ends(path: Path) -> tuple[str, str]:
    """The map's node positions and edge ends, as JSON arrays."""
    import json
    import re

    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html,
                      re.DOTALL)
    data = json.loads(found.group(1)) if found else {"nodes": [], "edges": []}
    return (json.dumps([[n["x"], n["y"]] for n in data["nodes"]]),
            json.dumps([[e["from"], e["to"]] for e in data["edges"]]))


#: Marks the page ready once the frame after its drawing is painted, as the map does.
READY = ("requestAnimationFrame(function () { setTimeout(function () {"
         " window.sprMap.readyAt = performance.now();"
         " document.documentElement.dataset.ready = 'true'; }, 0); });")


def bare_canvas(path: Path) -> Path:
    """The same nodes and edges on a bare canvas (one path of lines, one of circles; no
    label, title, style or page), marked ready like the map: the floor of a canvas."""
    nodes, edges = _ends(path)
    script = (
        "window.sprMap = {startedAt: performance.now()};"
        f"var N = {nodes}, E = {edges}; var c = document.createElement('canvas');"
        " c.width = 1100; c.height = 820; document.getElementById('map').appendChild(c);"
        " var ctx = c.getContext('2d'), xs = N.map(n => n[0]), ys = N.map(n => n[1]);"
        " var l = Math.min(...xs), t = Math.min(...ys), s = Math.min(1100 / (Math.max(...xs)"
        " - l + 40), 820 / (Math.max(...ys) - t + 40)); ctx.scale(s, s);"
        " ctx.translate(20 - l, 20 - t); ctx.beginPath();"
        " E.forEach(e => { ctx.moveTo(N[e[0]][0], N[e[0]][1]); ctx.lineTo(N[e[1]][0],"
        " N[e[1]][1]); }); ctx.strokeStyle = '#a0a0a0'; ctx.lineWidth = 1; ctx.stroke();"
        " ctx.beginPath(); N.forEach(n => { ctx.moveTo(n[0] + 10, n[1]);"
        " ctx.arc(n[0], n[1], 10, 0, 2 * Math.PI); }); ctx.fillStyle = '#4a90d9'; ctx.fill();"
        " ctx.strokeStyle = '#333'; ctx.stroke(); window.sprMap.builtAt = performance.now();"
        " window.sprMap.drawn = function () { return N.length; };" + READY)
    page = path.with_suffix(".canvas.html")
    write_text(page, "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                     f"<div id='map'></div><script>{script}</script></body></html>")
    return page


def bare(path: Path) -> Path:
    """The same nodes and edges as bare SVG elements (ids, positions, ends; no label, title,
    style or page around them), marked ready like the map: the cost of SVG DOM at this size."""
    nodes, edges = _ends(path)
    script = (
        "window.sprMap = {startedAt: performance.now()};"
        f"var N = {nodes}, E = {edges}, NS = 'http://www.w3.org/2000/svg';"
        "var svg = document.createElementNS(NS, 'svg'); svg.setAttribute('width', '1100');"
        " svg.setAttribute('height', '820'); var xs = N.map(n => n[0]), ys = N.map(n => n[1]);"
        " var l = Math.min(...xs), t = Math.min(...ys);"
        " svg.setAttribute('viewBox', [l - 20, t - 20, Math.max(...xs) - l + 40,"
        " Math.max(...ys) - t + 40].join(' ')); var g = document.createElementNS(NS, 'g');"
        "E.forEach(e => { var line = document.createElementNS(NS, 'line');"
        " line.setAttribute('x1', N[e[0]][0]); line.setAttribute('y1', N[e[0]][1]);"
        " line.setAttribute('x2', N[e[1]][0]); line.setAttribute('y2', N[e[1]][1]);"
        " line.setAttribute('stroke', '#a0a0a0'); g.appendChild(line); });"
        "N.forEach(n => { var c = document.createElementNS(NS, 'circle');"
        " c.setAttribute('cx', n[0]); c.setAttribute('cy', n[1]); c.setAttribute('r', 10);"
        " c.setAttribute('fill', '#4a90d9'); c.setAttribute('stroke', '#333');"
        " g.appendChild(c); });"
        "svg.appendChild(g); document.getElementById('map').appendChild(svg);"
        "window.sprMap.builtAt = performance.now();"
        "window.sprMap.drawn = function () { return document.querySelectorAll('circle').length; };"
        + READY)
    page = path.with_suffix(".bare.html")
    write_text(page, "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                     f"<div id='map'></div><script>{script}</script></body></html>")
    return page


def interactive(path: Path, runs: int, nodes: int | None,
                fragment: str = "") -> dict[str, float]:
    """Median milliseconds from navigation to script start, network built and first draw;
    ``nodes``: how many the view must draw (None: any); ``fragment``: ``#detail`` opens
    the detailed view."""
    from playwright.sync_api import sync_playwright

    marks: dict[str, list[float]] = {"script": [], "built": [], "ready": []}
    stages: dict[str, list[float]] = {"data": [], "draw": []}
    remote: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), headless=True,
                                     args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("file:")
                          else (remote.append(route.request.url), route.abort()))
            page = context.new_page()
            page.goto(path.as_uri() + fragment)
            # a selector, not a function: polling a function evaluates a string, which
            # the map's CSP refuses
            page.wait_for_selector("html[data-ready='true']", state="attached",
                                   timeout=120_000)
            found = page.evaluate("[window.sprMap.startedAt, window.sprMap.builtAt,"
                                  " window.sprMap.readyAt, window.sprMap.drawn(),"
                                  " (window.sprMap.marks || {}).data || 0,"
                                  " (window.sprMap.marks || {}).draw || 0]")
            if nodes is not None and found[3] != nodes:
                raise SystemExit(f"{path}: {found[3]} nodes drawn, {nodes} in the graph")
            for key, value in zip(marks, found[:3], strict=True):
                marks[key].append(value)
            for key, value in zip(stages, found[4:], strict=True):
                stages[key].append(value)
            context.close()
        browser.close()
    if remote:
        raise SystemExit(f"the map asked for {remote}")
    return {key: statistics.median(values) for key, values in {**marks, **stages}.items()}


def chromium() -> str:
    found = chromium_path()
    if found is None:
        raise SystemExit("needs Debian's chromium (scripts/install-test-deps.sh)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nodes", type=int, nargs="*", default=[1000, 5000],
                        help="sizes of the synthetic maps (about; a force adds ~17 nodes)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, list[Path] | None]] = [("bundled", None)]
        for target in [NODES_PER_FORCE, *args.nodes]:
            forces = max(1, round(target / NODES_PER_FORCE))
            trig = folder / f"synth-{forces}.trig"
            write_text(trig, synth_trig(forces, seed=1))
            name = f"synthetic, {forces} force{'s' if forces > 1 else ''}"
            cases.append((name, [resources.ontology_file(), trig]))
        for name, files in cases:
            print(f"{name} ...", file=sys.stderr, flush=True)
            row = generate(files, folder / f"{len(rows)}.html", args.runs)
            row["name"] = name
            if not args.no_browser:
                row.update(interactive(row["path"], args.runs, None))
                detailed = interactive(row["path"], args.runs, row["nodes"], "#detail")
                row["detail"] = detailed["ready"]
                row["stages"] = detailed
                row["bare"] = interactive(bare(row["path"]), args.runs, row["nodes"])["ready"]
                row["canvas"] = interactive(bare_canvas(row["path"]), args.runs,
                                            row["nodes"])["ready"]
            rows.append(row)

    print(f"Medians of {args.runs} runs. Seconds in Python; milliseconds in Chromium from "
          "navigation start.\n")
    head = ("| map | nodes | edges | load s | read s | layout s | page s | size KiB |"
            " script ms | built ms | interactive ms | detailed view ms | bare SVG ms |"
            " bare canvas ms |")
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for row in rows:
        browser = (f" {row['script']:.0f} | {row['built']:.0f} | {row['ready']:.0f} |"
                   f" {row['detail']:.0f} | {row['bare']:.0f} | {row['canvas']:.0f} |"
                   if "ready" in row else " - | - | - | - | - | - |")
        print(f"| {row['name']} | {row['nodes']} | {row['edges']} | {row['load']:.2f} |"
              f" {row['read']:.2f} | {row['layout']:.2f} | {row['page']:.2f} |"
              f" {row['bytes'] / 1024:,.0f} |{browser}")
    print("\nThe detailed view (#detail), ms from navigation: script starts, builds its data,"
          " draws the canvas, drawn, first frame painted.\n")
    print("| map | script | data | draw | built | painted |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        if "stages" in row:
            d = row["stages"]
            print(f"| {row['name']} | {d['script']:.0f} | {d['data']:.0f} | {d['draw']:.0f} |"
                  f" {d['built']:.0f} | {d['ready']:.0f} |")


if __name__ == "__main__":
    main()
