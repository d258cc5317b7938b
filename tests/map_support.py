"""What the browser tests of maps share: a page opened offline with every request to
another host blocked and recorded, and the ways a test looks at or works the map."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VIEWPORT = {"width": 1400, "height": 900}
#: The scale a test zooms to before it points at a node of the detailed view.
FOCUS = 1.6
#: The detailed view's canvas as an image, drawn afresh.
CANVAS = "(() => { const c = window.sprMap.canvas; c.draw(); return c.canvas.toDataURL(); })()"


@dataclass
class Record:
    """What a page did that a safe offline map must not do."""

    remote: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def block(record: Record, route: Any) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        record.remote.append(url)
        route.abort()


def opener(browser: Any, contexts: list[Any]) -> Callable[..., tuple[Any, Record]]:
    """``open_page(path, wait=True)``: a fresh context per page, offline (see :func:`block`);
    ``touch``: a touch screen too (``has_touch``), for the tests that pinch."""

    def open_page(path: Path, wait: bool = True, viewport: dict[str, int] | None = None,
                  touch: bool = False) -> tuple[Any, Record]:
        record = Record()
        context = browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True,
                                      has_touch=touch)
        contexts.append(context)
        context.route("**/*", lambda route: block(record, route))
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
                else record.remote.append(r.url))
        page.on("requestfailed", lambda r: record.failed.append(r.url))
        page.on("console", lambda m: record.console.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: record.errors.append(str(e)))
        page.on("dialog", lambda d: (record.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        if wait:  # a selector: polling a function evaluates a string, which the CSP refuses
            page.wait_for_selector("html[data-ready='true']", state="attached", timeout=30_000)
        return page, record

    return open_page


def visiting(browser: Any) -> Iterator[Callable[..., tuple[Any, Record]]]:
    """The body of a test module's ``visit`` fixture: :func:`opener`, contexts closed after.

    Each map test module declares ``visit`` itself (``yield from visiting(browser)``), so
    it stays the map's own whatever ``visit`` a conftest offers other tests."""
    contexts: list[Any] = []
    yield opener(browser, contexts)
    for context in contexts:
        context.close()


def clean(record: Record) -> None:
    assert record.remote == []
    assert record.failed == []
    assert record.console == []
    assert record.errors == []
    assert record.dialogs == []


def node_id(page: Any, iri: str) -> int:
    return int(page.evaluate("iri => window.sprMap.data.nodes.findIndex(n => n.iri === iri)", iri))


def focus(page: Any, node: int, scale: float = FOCUS) -> None:
    """Centre the detailed view on a node at ``scale``."""
    page.evaluate("([id, scale]) => window.sprMap.canvas.focus(id, scale)", [node, scale])


def node_point(page: Any, node: int) -> tuple[float, float]:
    """Where a node of the detailed view is on the page, in pixels."""
    point = page.evaluate("id => window.sprMap.canvas.toScreen(id)", node)
    box = page.locator("#detail-map").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_node(page: Any, node: int) -> None:
    """Zoom onto the node, then click it on the canvas like a user."""
    focus(page, node)
    page.mouse.click(*node_point(page, node))


def table_drawn(page: Any) -> None:
    """Wait for the table twin: it is drawn by the details element's toggle event, which
    the browser fires as a separate task after the element opens."""
    page.locator("#nodes-table tbody tr").first.wait_for(state="attached")


def drawn(page: Any) -> int:
    """How many nodes the view has drawn, once any drawing already asked for is done: the
    canvas draws at the next animation frame, so this waits for the frame after it (the
    page's own callbacks of a frame run in the order they were asked for)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))")
    return int(page.evaluate("window.sprMap.drawn()"))


def view(page: Any, name: str) -> None:
    """Switch to a view with its button, as a user does."""
    page.click(f"#views button[data-view='{name}']")
    assert page.evaluate("window.sprMap.view()") == name


def shown(page: Any) -> dict[str, int]:
    return dict(page.evaluate("window.sprMap.shown()"))


def serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]
