"""The assurance report: every claim cites paragraphs that exist, every citation link lands
on the paragraph's anchor, and hostile labels stay text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spr_graph.analysis.findings import Findings, analyse
from spr_graph.core import resources
from spr_graph.render.report import (
    ReportModel,
    render_html,
    render_markdown,
    report_model,
    runs,
    slug,
)
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select
from spr_graph.validation.validate import validate

HOSTILE = "<img src=x onerror=alert(1)> *bold* [link](http://x) | ‮RTL ✓ Cymraeg: ŵ"
HOSTILE_TRIG = f"""@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix stmt: <https://w3id.org/spr-graph/id/statement/wmp-spr-2020-01-21/> .
@prefix g: <https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/> .
@prefix thr15: <https://w3id.org/spr-graph/id/threat/2015/> .
@prefix c5: <https://w3id.org/spr-graph/id/five-c/> .
@prefix level: <https://w3id.org/spr-graph/id/level/> .
g:p019 {{
  ag:hostile a spr:PartnerAgency ; skos:prefLabel "{HOSTILE}"@en ; spr:level level:national .
  stmt:hostile a spr:RequirementStatement ; spr:actor ag:wmp ; spr:partner ag:hostile ;
    spr:threat thr15:terrorism ; spr:fiveC c5:connectivity ;
    spr:quote "</blockquote><script>alert(2)</script>" .
}}
"""


class Page(HTMLParser):
    """Ids, links and claim elements of a rendered page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.claims: list[dict[str, object]] = []
        self.open: list[dict[str, object]] = []
        self.depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
            for claim in self.open:
                claim["links"].append(str(found["href"]))  # type: ignore[attr-defined]
        if found.get("class") == "claim":
            claim = {"tag": tag, "paragraphs": str(found.get("data-paragraphs") or ""),
                     "absence": found.get("data-absence") == "true", "links": [], "depth": 0}
            self.claims.append(claim)
            self.open.append(claim)
        for claim in self.open:
            if tag == claim["tag"]:
                claim["depth"] += 1  # type: ignore[operator]

    def handle_endtag(self, tag: str) -> None:
        for claim in list(self.open):
            if tag == claim["tag"]:
                claim["depth"] -= 1  # type: ignore[operator]
                if claim["depth"] == 0:
                    self.open.remove(claim)


@pytest.fixture(scope="module")
def findings(bundled: Loaded) -> Findings:
    return analyse(store_select(bundled.store))


@pytest.fixture(scope="module")
def model(bundled: Loaded, findings: Findings) -> ReportModel:
    return report_model(findings, validate(bundled, shacl=False))


@pytest.fixture(scope="module")
def page(model: ReportModel) -> Page:
    return Page(render_html(model))


def test_the_source_is_rendered_paragraph_by_paragraph_with_anchors(
        page: Page, findings: Findings) -> None:
    anchors = [i for i in page.ids if i.startswith("para-")]
    assert len(anchors) == len(set(anchors)) == len(findings.paragraphs) == 135
    assert {int(a.removeprefix("para-")) for a in anchors} == set(findings.paragraphs)
    assert len(page.ids) == len(set(page.ids)), "ids must be unique"


def test_every_link_in_the_report_resolves_to_an_anchor(page: Page) -> None:
    internal = [link for link in page.links if link.startswith("#")]
    assert internal, "the report links nothing"
    assert sorted({link for link in internal if link[1:] not in page.ids}) == []
    assert [link for link in page.links if not link.startswith("#")] == []


def test_every_claim_cites_paragraphs_that_exist(page: Page, findings: Findings) -> None:
    assert len(page.claims) > 300
    for claim in page.claims:
        numbers = [int(n) for n in str(claim["paragraphs"]).split()]
        assert set(numbers) <= set(findings.paragraphs), claim
        if not claim["absence"]:
            assert numbers, f"a claim without paragraphs must say it rests on an absence: {claim}"
        cited = {int(link.removeprefix("#para-")) for link in claim["links"]  # type: ignore[attr-defined]
                 if link.startswith("#para-")}
        assert cited == {n for run in runs(numbers) for n in run}, claim


def test_summary_claims_cite_existing_paragraphs(model: ReportModel, findings: Findings) -> None:
    assert model.claims
    for claim in model.claims:
        assert set(claim.paragraphs) <= set(findings.paragraphs), claim
        assert claim.paragraphs or claim.absence, claim


def test_every_matrix_cell_links_to_its_evidence(page: Page, findings: Findings) -> None:
    for row in findings.gaps.rows:
        for c, cell in row.cells.items():
            anchor = f"ev-{slug(row.threat)}-{c}"
            assert (f"#{anchor}" in page.links) == bool(cell.count), anchor
            assert (anchor in page.ids) == bool(cell.count), anchor


def test_markdown_links_resolve_too(model: ReportModel) -> None:
    text = render_markdown(model)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert {f"para-{n}" for n in range(1, 136)} <= anchors
    assert links - anchors <= {"source-paper"}
    assert any(link.startswith("ev-") for link in links)


def test_report_is_one_safe_offline_file(model: ReportModel) -> None:
    html = render_html(model)
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html[:200]
    found = re.search(r'Content-Security-Policy" content="([^"]+)"', html)
    assert found
    policy = unescape(found.group(1))
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@media print" in html


def test_hostile_labels_and_quotes_stay_text(tmp_path: Path) -> None:
    extra = tmp_path / "hostile.trig"
    extra.write_text(HOSTILE_TRIG, encoding="utf-8")
    loaded = load([*resources.default_files(), extra])
    model = report_model(analyse(store_select(loaded.store)))
    html = render_html(model)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "‮RTL ✓ Cymraeg: ŵ" in html
    text = render_markdown(model)
    assert not re.search(r"(?<!\\)<(img|script|/blockquote)", text), "unescaped HTML in Markdown"
    assert r"\<img src=x onerror=alert(1)\> \*bold\* \[link\](http://x) \|" in text
