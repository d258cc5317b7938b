"""The pack in a real browser: offline, no console errors, axe-core clean, printable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def folder(built: tuple[Path, str]) -> Path:
    return built[0]


def test_report_loads_offline_without_errors_and_is_axe_clean(
        folder: Path, visit: Any, artifacts: Path) -> None:
    report = visit(folder / "report.html")
    report.page.screenshot(path=str(artifacts / "report.png"))
    assert report.refused == []
    assert report.errors == []
    assert report.axe() == []
    assert report.page.locator("h1").inner_text().endswith("assurance report")


def _follow(page: Any, link: Any, prefix: str) -> str:
    """Click an in-page link whose target starts with ``prefix``; the page lands on it."""
    target = link.get_attribute("href")
    assert target and target.startswith(prefix)
    link.click()
    assert page.evaluate("location.hash") == target
    return str(target)


def test_a_citation_jumps_to_its_paragraph(folder: Path, visit: Any) -> None:
    report = visit(folder / "report.html")
    target = _follow(report.page, report.page.locator("#summary .claim .cite a").first,
                     "#para-")
    paragraph = report.page.locator(target)
    assert paragraph.evaluate("el => el.matches(':target')")
    assert paragraph.is_visible()
    box = paragraph.bounding_box()
    assert box is not None and -2 <= box["y"] < 900


def test_a_matrix_cell_jumps_to_its_evidence(folder: Path, visit: Any) -> None:
    report = visit(folder / "report.html")
    cell = report.page.locator("table.heat td a").first
    target = _follow(report.page, cell, "#ev-")
    assert report.page.locator(f"{target} + ol li").count() == int(cell.inner_text())


def test_the_report_prints_without_navigation(folder: Path, visit: Any) -> None:
    report = visit(folder / "report.html")
    report.page.emulate_media(media="print")
    assert not report.page.locator("nav.toc").is_visible()
    assert report.page.locator("#matrix table").is_visible()
    assert len(report.page.pdf(format="A4")) > 10_000


@pytest.mark.parametrize("name", ["index.html", "ontology.html"])
def test_index_and_ontology_pages_are_offline_and_axe_clean(folder: Path, visit: Any,
                                                            name: str) -> None:
    shown = visit(folder / name)
    assert shown.refused == []
    assert shown.errors == []
    assert shown.axe() == []


def test_a_pack_map_links_each_paragraph_into_the_report(folder: Path, visit: Any) -> None:
    shown = visit(folder / "maps" / "map.html")
    page = shown.page
    page.wait_for_function("() => window.sprMap && window.sprMap.readyAt !== null")
    page.click("#table-view summary")
    row = page.locator("#orgs-table tbody tr th button",
                       has_text="West Midlands Counter-Terrorism Unit (WMCTU)")
    row.first.click()
    link = page.locator("#panel-body a.report-link").first
    assert link.inner_text().startswith("Read WMP 2020-01 \u00b6")
    href = link.get_attribute("href") or ""
    assert href.startswith("../report.html#para-")
    assert shown.axe() == []  # the map with its evidence panel open
    link.click()
    page.wait_for_url("**/report.html#para-*")
    assert page.evaluate("document.querySelector(location.hash) !== null")
    assert page.evaluate("location.hash") == href[len("../report.html"):]
    assert shown.refused == [] and shown.errors == []
