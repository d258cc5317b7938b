"""The assurance report: ``report.html`` (one offline file) and ``report.md``, for reviewers.

Sections: executive summary; the threat x 5C heat table whose cells link to their
evidence; threats lacking named connectivity; single points of failure and key-person
risk; capacity held vs required; the funding timeline; the re-baseline against the
newest SPR edition; data quality (validation); the evidence behind every cell; and the
source paper paragraph by paragraph, each with the anchor ``para-N`` that every citation
links to.

The model is built from the documented JSON of the analysis reports
(:class:`~spr_graph.analysis.findings.Findings`), so the report shows what ``spr-graph
gaps``, ``spof``, ``capacity`` and ``funding`` compute. A **claim** is one finding about
the paper; it cites the paragraphs it rests on, or says it rests on an absence (a threat
the paper never mentions) when no paragraph can carry it.

HTML: autoescaped Jinja2, no script, a Content-Security-Policy allowing only the page's
own stylesheet (by hash), landmarks, headings in order, tables with captions and
``th``/``scope``, a print stylesheet, UTF-8 declared first. Same input, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from spr_graph.core.tables import runs
from spr_graph.core.version import __version__
from spr_graph.graph.facts import local
from spr_graph.render.citing import cited_runs

if TYPE_CHECKING:
    from spr_graph.analysis.findings import Findings
    from spr_graph.validation.validate import Validation

#: A cell of the heat table is at level i when it holds at least HEAT[i] statements.
HEAT = (0, 1, 3, 6, 11)
#: Rows shown for long rankings (articulation points, bridges); the JSON holds them all.
TOP = 10
#: Findings shown per group in the executive summary; the sections hold them all.
SUMMARY_TOP = 5


@dataclass(frozen=True)
class Claim:
    """One finding about the paper and the paragraphs it rests on."""

    text: str
    paragraphs: tuple[int, ...] = ()
    section: str = ""
    absence: bool = False


@dataclass(frozen=True)
class InputFile:
    """A file the pack was built from: its name and SHA-256."""

    name: str
    sha256: str


@dataclass
class ReportModel:
    """What both renderings show; built by :func:`report_model`."""

    title: str
    findings: Findings
    validation: Validation | None
    inputs: list[InputFile] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def version(self) -> str:
        return __version__


def heat(count: int) -> int:
    """The heat level (0-4) of a cell holding ``count`` statements."""
    return max(i for i, low in enumerate(HEAT) if count >= low)


def slug(iri: str) -> str:
    """An anchor-safe name: ``.../threat/2015/public-order`` -> ``2015-public-order``."""
    tail = iri.split("/id/", 1)[-1]
    tail = tail.split("/", 1)[-1] if "/" in tail else tail
    return re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-") or "item"


def summary_claims(findings: Findings) -> list[Claim]:
    """The executive summary: gaps, re-baseline, single points of failure, key people,
    shortfalls and funding cliffs, each with its paragraphs."""
    claims = [Claim(f"{g.threat_label}: {g.message}.", g.paragraphs, "connectivity"
                    if g.kind == "no-connectivity" else "matrix", not g.paragraphs)
              for g in findings.gaps.gaps]
    if findings.rebaseline is not None:
        edition = findings.rebaseline.labels.get(findings.rebaseline.edition, "")
        claims += [Claim(f"{edition}: {g.message}.", (), "rebaseline", True)
                   for g in findings.rebaseline.gaps if g.kind == "uncovered"]
    spof = findings.spof
    claims += [Claim(f"{t.label}: {spof.why_threat(t)}.", t.paragraphs, "spof",
                     not t.paragraphs) for t in spof.at_risk]
    claims += [Claim(f"{spof.labels.get(c.node, local(c.node))}: "
                     f"{spof.why_cut_vertex(c)}.", c.paragraphs, "spof")
               for c in spof.articulation_points[:3]]
    claims += [Claim(f"Key-person risk, {spof.labels.get(k.node, local(k.node))}: "
                     f"{spof.why_key_person(k)}.", tuple(k.paragraphs), "spof")
               for k in spof.key_persons]
    capacity = findings.capacity.as_dict()
    for group in capacity["groups"]:  # type: ignore[attr-defined]
        what = ", ".join(o["label"] for o in group["of"])
        for s in group["shortfalls"]:
            forecast = "" if s["forecast_value"] is None else (
                f"; forecast {s['forecast_value']} "
                f"{'meets' if s['forecast_meets'] else 'does not meet'} the requirement")
            claims.append(Claim(
                f"Capacity shortfall, {what}: {s['held_value']} held against "
                f"{s['required_value']} required {group['unit_label'] or ''}, short by "
                f"{s['short_by']}{forecast}.".replace("  ", " "), tuple(s["paragraphs"]),
                "capacity"))
    funding = findings.funding.as_dict()
    for cliff in funding["cliffs"]:  # type: ignore[attr-defined]
        held = ", ".join(h["label"] for h in cliff["held_by"])
        streams = ", ".join(s["label"] for s in cliff["streams"])
        claims.append(Claim(
            f"Funding cliff, {cliff['label']}{f' ({held})' if held else ''}: funded until "
            f"{cliff['funded_until']} by {streams}; nothing pays after.",
            tuple(cliff["paragraphs"]), "funding"))
    return claims


def report_model(findings: Findings, validation: Validation | None = None,
                 inputs: Sequence[InputFile] = ()) -> ReportModel:
    title = f"{findings.force_label}: Strategic Policing Requirement assurance report"
    return ReportModel(title, findings, validation, list(inputs), summary_claims(findings))


def _context(model: ReportModel) -> dict[str, Any]:
    f = model.findings
    statements = {s.iri: s for s in f.facts.statements}
    return {
        "m": model, "f": f, "gaps": f.gaps.as_dict(), "spof": f.spof.as_dict(),
        "capacity": f.capacity.as_dict(), "funding": f.funding.as_dict(),
        "rebaseline": f.rebaseline.as_dict() if f.rebaseline is not None else None,
        "since": _since(f),
        "statements": statements, "top": TOP, "summary_top": SUMMARY_TOP,
        "c_labels": {c: f.facts.vocabulary.labels.get(c, c) for c in f.gaps.five_cs},
        "sections": _sections(f),
        "label": lambda iri: _label(f, iri),
        "cited": partial(cited_runs, f.citing, f.papers[0].iri if f.papers else ""),
    }


def _since(findings: Findings) -> dict[str, Any] | None:
    """What changed since the force's previous paper: its short name and the diff's
    tables (:mod:`spr_graph.render.changes`), for the report's section."""
    if findings.since is None:
        return None
    from markupsafe import Markup

    from spr_graph.core.tables import render_markdown
    from spr_graph.render.changes import diff_tables

    d = findings.since
    tables = diff_tables(d)
    return {"old": d.old, "new": d.new, "count": len(d.changes),
            "regressions": len(d.regressions), "tables": tables,
            "markdown": Markup(render_markdown(tables).replace("## ", "### "))}


def _label(findings: Findings, iri: str) -> str:
    from spr_graph.analysis.views import label

    return label(findings.graph, iri)


def _sections(findings: Findings) -> list[dict[str, Any]]:
    """The paper's paragraphs grouped by section and heading, in number order."""
    sections: list[dict[str, Any]] = []
    for number, p in sorted(findings.paragraphs.items()):
        if not sections or sections[-1]["title"] != p.section:
            sections.append({"title": p.section, "groups": []})
        groups = sections[-1]["groups"]
        if not groups or groups[-1]["heading"] != p.heading:
            groups.append({"heading": p.heading, "paragraphs": []})
        groups[-1]["paragraphs"].append({"number": number, "blocks": _blocks(p.text),
                                         "footnotes": p.footnotes})
    return sections


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Text lines as ``("p", [line])`` and runs of ``- item`` lines as ``("ul", items)``."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("ul", [line[2:]]))
        elif line.strip():
            blocks.append(("p", [line]))
    return blocks


def _environment_globals() -> dict[str, Any]:
    return {"heat": heat, "slug": slug, "runs": runs, "local": local}


def render_html(model: ReportModel) -> str:
    """``report.html``: one offline file (see the module doc)."""
    from markupsafe import Markup

    from spr_graph.render.html_map import csp, environment, report_css

    css = report_css()
    template = environment().get_template("report.html")
    return template.render(css=Markup(css), csp=csp(styles=(css,)), **_environment_globals(),
                           **_context(model))


def render_markdown(model: ReportModel) -> str:
    """``report.md``: the same report as GitHub-flavoured Markdown."""
    from spr_graph.render.markdown import cite, environment

    context = _context(model)
    return environment().get_template("report.md").render(
        **_environment_globals(), **context, cite=partial(cite, cited=context["cited"]))
