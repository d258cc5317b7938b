"""Pointer input on the map. Touch screens, in headless Chromium with real touch input
(CDP ``Input.dispatchTouchEvent``): in both views two fingers moving apart zoom in about
their centre (the point of the map under it stays under it), moving together zoom out, one
finger pans, a tap still opens a node's evidence, and the page itself is never zoomed. A
mouse finds an organisation link near its thin line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from map_support import clean, focus, node_point, view, visiting
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from spr_graph.render.maps import write_map
from spr_graph.store.load import Loaded
from spr_graph.store.select import store_select

pytestmark = pytest.mark.browser

FRAMES = {"org": "#org-map", "detail": "#detail-map"}


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path, touch=True)``: the map opened offline, as :mod:`map_support` does it."""
    yield from visiting(browser)


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory: pytest.TempPathFactory, bundled: Loaded) -> Path:
    return write_map(store_select(bundled.store),
                     tmp_path_factory.mktemp("touch") / "map.html").path


def _gesture(page: Any, tracks: list[tuple[tuple[float, float], tuple[float, float]]],
             steps: int = 8) -> None:
    """Fingers (touch points 0, 1, ...) put down at their tracks' starts, moved in ``steps``
    to their ends and lifted, as a touch screen reports them."""
    def at(step: int) -> list[dict[str, float]]:
        return [{"x": a[0] + (b[0] - a[0]) * step / steps,
                 "y": a[1] + (b[1] - a[1]) * step / steps, "id": i}
                for i, (a, b) in enumerate(tracks)]

    session = page.context.new_cdp_session(page)
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": at(0)})
    for step in range(1, steps + 1):
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": at(step)})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()
    # the browser hands moves to the page with the next frames: wait for two
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _tap(page: Any, point: tuple[float, float]) -> None:
    """Tap until the panel opens: on a loaded machine the browser can take a tap whose end
    comes late for a long press, which clicks nothing (three tries)."""
    panel = page.locator("#panel")
    for _ in range(3):
        page.touchscreen.tap(*point)
        try:
            panel.wait_for(state="visible", timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    panel.wait_for(state="visible")


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """From a point to a segment."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = 0.0
    if dx or dy:
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)


def _map_point(page: Any, frame: str, point: tuple[float, float]) -> tuple[float, float]:
    """The map's own coordinates of a page point, as the view is now."""
    box = page.locator(frame).bounding_box()
    at = page.evaluate("window.sprMap.at()")
    return (at["x"] + (point[0] - box["x"] - box["width"] / 2) / at["scale"],
            at["y"] + (point[1] - box["y"] - box["height"] / 2) / at["scale"])


@pytest.mark.parametrize("name", ["org", "detail"])
def test_two_fingers_zoom_about_their_centre(bundled_map: Path, visit: Any, name: str) -> None:
    page, record = visit(bundled_map, touch=True)
    view(page, name)
    frame = FRAMES[name]
    box = page.locator(frame).bounding_box()
    centre = (box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6)
    under = _map_point(page, frame, centre)
    fitted = page.evaluate("window.sprMap.scale()")
    _gesture(page, [((centre[0] - 40, centre[1]), (centre[0] - 120, centre[1])),
                    ((centre[0] + 40, centre[1]), (centre[0] + 120, centre[1]))])
    zoomed = page.evaluate("window.sprMap.scale()")
    assert zoomed == pytest.approx(fitted * 3, rel=0.02)  # the fingers spread 80 px to 240
    assert _map_point(page, frame, centre) == pytest.approx(under, abs=1.5 / zoomed)
    _gesture(page, [((centre[0], centre[1] - 100), (centre[0], centre[1] - 50)),
                    ((centre[0], centre[1] + 100), (centre[0], centre[1] + 50))])
    assert page.evaluate("window.sprMap.scale()") == pytest.approx(zoomed / 2, rel=0.02)
    assert _map_point(page, frame, centre) == pytest.approx(under, abs=3 / zoomed)
    # the page is not zoomed: the pinch was the map's
    assert page.evaluate("window.visualViewport.scale") == 1
    assert page.is_hidden("#panel")  # a pinch is not a tap
    clean(record)


@pytest.mark.parametrize("name", ["org", "detail"])
def test_one_finger_pans_and_a_tap_opens_evidence(bundled_map: Path, visit: Any,
                                                  name: str) -> None:
    page, record = visit(bundled_map, touch=True)
    view(page, name)
    frame = FRAMES[name]
    box = page.locator(frame).bounding_box()
    start = (box["x"] + 30, box["y"] + 30)
    before = page.evaluate("window.sprMap.at()")
    _gesture(page, [(start, (start[0] + 90, start[1] + 50))])
    after = page.evaluate("window.sprMap.at()")
    assert after["scale"] == before["scale"]
    assert after["x"] == pytest.approx(before["x"] - 90 / before["scale"], abs=0.5)
    assert after["y"] == pytest.approx(before["y"] - 50 / before["scale"], abs=0.5)
    assert page.is_hidden("#panel")  # a pan is not a tap
    force = page.evaluate("window.sprMap.data.org.force")
    if name == "org":
        boxes = {b["id"]: b for b in page.evaluate("window.sprMap.boxes()")}
        point = (box["x"] + (boxes[force]["left"] + boxes[force]["right"]) / 2,
                 box["y"] + (boxes[force]["top"] + boxes[force]["bottom"]) / 2)
    else:
        focus(page, force)
        point = node_point(page, force)
    _tap(page, point)
    label = page.evaluate("id => window.sprMap.data.nodes[id].label", force)
    assert (page.text_content("#panel-title") or "").startswith(label)
    clean(record)


def test_a_link_is_found_near_its_line(bundled_map: Path, visit: Any) -> None:
    """The organisation view draws a link as one thin line: the pointer a few pixels off
    it still finds it (its tooltip, its hover look, a click opens its statements, whose
    quotes are read from the evidence block only then)."""
    page, record = visit(bundled_map)
    area = page.locator("#org-map").bounding_box()
    boxes = {b["id"]: b for b in page.evaluate("window.sprMap.boxes()")}
    links = sorted(page.evaluate("window.sprMap.links()"),
                   key=lambda link: -len(link["statements"]))

    def centre(node: int) -> tuple[float, float]:
        box = boxes[node]
        return (area["x"] + (box["left"] + box["right"]) / 2,
                area["y"] + (box["top"] + box["bottom"]) / 2)

    def ends(link: dict[str, Any]) -> tuple[tuple[float, float], tuple[float, float]]:
        return centre(link["a"]), centre(link["b"])

    def apart(x: float, y: float, chosen: dict[str, Any]) -> bool:
        """Off every box and 10 px from every other link."""
        return not any(b["left"] - 12 < x - area["x"] < b["right"] + 12
                       and b["top"] - 12 < y - area["y"] < b["bottom"] + 12
                       for b in boxes.values()) and all(
            _distance((x, y), *ends(other)) >= 10 for other in links if other is not chosen)

    spot = None
    for link in links:
        (ax, ay), (bx, by) = ends(link)
        length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
        off = (-(by - ay) / length * 3, (bx - ax) / length * 3)  # 3 px to one side
        spots = [(ax + (bx - ax) * t / 20 + off[0], ay + (by - ay) * t / 20 + off[1])
                 for t in range(2, 19)]
        spot = next((s for s in spots if apart(*s, link)), None)
        if spot is not None:
            break
    assert spot is not None
    page.mouse.move(*spot)
    tip = page.locator("#map-tip")
    tip.wait_for(state="visible")
    a, b = (page.evaluate("id => window.sprMap.data.nodes[id]", n) for n in (link["a"], link["b"]))
    short = [n.get("abbr") or n["label"] for n in (a, b)]
    assert (tip.text_content() or "").startswith(f"{short[0]} \u2014 {short[1]}")
    key = f"{link['a']}-{link['b']}"
    assert page.evaluate("key => document.querySelector(`[data-link='${key}']`)"
                         ".classList.contains('hover')", key)
    assert not page.evaluate("window.sprMap.evidenceRead()")  # not before a panel needs it
    page.mouse.click(*spot)
    assert page.text_content("#panel-title") == f"{short[0]} and {short[1]}"
    assert page.evaluate("window.sprMap.evidenceRead()")
    assert page.locator("#panel-body blockquote").count() >= len(link["statements"])
    page.mouse.move(area["x"] + 2, area["y"] + 2)
    tip.wait_for(state="hidden")
    clean(record)
