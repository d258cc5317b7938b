"""Analysis reports as tables for people: what ``--format table|markdown|csv`` shows.

The analysis modules return data (:mod:`spr_graph.analysis`); this module alone decides
how it reads. :func:`tables` gives the tables a person reads, most urgent first;
:func:`csv_table` gives the one long table a spreadsheet wants (IRIs, plain numbers,
paragraph numbers separated by spaces). Both dispatch on the report's type, so a new
analysis adds its renderers here and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch

from spr_graph.analysis.brokers import BrokersReport
from spr_graph.analysis.capacity import CapacityReport
from spr_graph.analysis.citing import Citing
from spr_graph.analysis.diff import Diff
from spr_graph.analysis.forces import Comparison
from spr_graph.analysis.funding import Dependent, FundingReport
from spr_graph.analysis.gaps import GapMatrix
from spr_graph.analysis.spof import SpofReport
from spr_graph.analysis.sweep import Sweep
from spr_graph.analysis.views import label
from spr_graph.analysis.whatif import WhatIf
from spr_graph.core.tables import Table, number_text, numbers_text, paragraphs_text
from spr_graph.graph.describe import Description
from spr_graph.graph.facts import Quantity
from spr_graph.graph.search import SearchResult
from spr_graph.graph.stats import Stats
from spr_graph.render import changes, forces, lookup

Reportable = (GapMatrix | SpofReport | WhatIf | Sweep | CapacityReport | FundingReport | Stats
              | BrokersReport | SearchResult | Description | Diff | Comparison)
"""Every analysis result these renderers know (each also has ``as_dict()`` for JSON)."""


def draw(report: Reportable, fmt: str = "table", citing: Citing | None = None) -> object:
    """What ``fmt`` renders ``report`` from (:func:`.lookup.draw_with`; the text:
    :func:`.lookup.render_drawn`)."""
    return lookup.draw_with(report, fmt, tables, csv_table, citing)


@singledispatch
def tables(report: object) -> list[Table]:
    """The tables a person reads for ``report``, most urgent first."""
    raise TypeError(f"no tables for {type(report).__name__}")


@singledispatch
def csv_table(report: object) -> Table:
    """``report`` as one long table for a spreadsheet."""
    raise TypeError(f"no CSV table for {type(report).__name__}")


def _more(top: int | None, total: int, what: str = "") -> str:
    """The note under a table cut to the top N."""
    what = f" {what}" if what else ""
    return f"showing {top} of {total}{what} (--top 0 shows all)" if top and total > top else ""


# --- gaps ---------------------------------------------------------------------------

@tables.register
def _gap_tables(m: GapMatrix) -> list[Table]:
    rebased = m.paper_edition is not None and m.edition != m.paper_edition
    matrix = Table(f"Threat x 5C evidence, {m.force_label}, against "
                   f"{m.labels.get(m.edition, m.edition)}",
                   ["threat", *(["paper's threat"] if rebased else []), *m.five_cs,
                    "named connectivity"])
    for r in m.rows:
        cells = [f"{r.cells[c].count} {r.cells[c].best or ''}".strip()
                 if r.cells[c].count else "-" for c in m.five_cs]
        named = "uncovered" if r.uncovered else ("yes" if r.named_connectivity else "NO")
        source = ", ".join(f"{m.labels.get(t, t)} ({kind})" for t, kind in r.mapped_from)
        matrix.rows.append([r.label, *([source or "none"] if rebased else []), *cells, named])
    matrix.note = "Each cell: statements, best evidence status. Paragraphs below."
    per_cell = Table("Evidence per cell", ["threat", "C", "statements", "best", "worst",
                                           "paragraphs"])
    for r in m.rows:
        per_cell.rows.extend([r.label, c, str(r.cells[c].count), r.cells[c].best or "",
                           r.cells[c].worst or "", paragraphs_text(r.cells[c].paragraphs)]
                             for c in m.five_cs if r.cells[c].count)
    gaps = Table("Gaps", ["kind", "threat", "C", "what", "paragraphs"],
                 [[g.kind, g.threat_label, g.five_c or "", g.message,
                   paragraphs_text(g.paragraphs)] for g in m.gaps])
    return [matrix, per_cell, gaps]


@csv_table.register
def _gap_csv(m: GapMatrix) -> Table:
    """One row per threat and C (long format)."""
    table = Table("Threat x 5C cells", ["threat", "threat_label", "five_c", "count", "best",
                                        "worst", "paragraphs", "named_connectivity", "gap"])
    gaps = {(g.threat, g.five_c) for g in m.gaps}
    for r in m.rows:
        for c in m.five_cs:
            cell, gap = r.cells[c], r.uncovered or (r.threat, c) in gaps
            table.rows.append([r.threat, r.label, c, str(cell.count), cell.best or "",
                               cell.worst or "", numbers_text(cell.paragraphs),
                               "true" if r.named_connectivity else "false",
                               "true" if gap else "false"])
    return table


# --- single points of failure ---------------------------------------------------------

@tables.register
def _spof_tables(s: SpofReport) -> list[Table]:
    def names(nodes: Iterable[str]) -> str:
        return s.names(nodes) or "-"

    threats = Table("Routes to national partners, per threat",
                    ["threat", "routes", "chokepoints", "minimum cut", "why", "paragraphs"],
                    [[t.label, str(t.routes), names(t.chokepoints), names(t.min_cut),
                      s.why_threat(t), paragraphs_text(t.paragraphs)] for t in s.threats])
    points = Table("Articulation points", ["rank", "node", "kind", "cut off", "threats lost",
                                           "why", "paragraphs"],
                   [[str(i), s.names([c.node]), c.kind, str(c.impact.cut_off),
                     names(c.threats_lost), s.why_cut_vertex(c), paragraphs_text(c.paragraphs)]
                    for i, c in enumerate(s.shown(s.articulation_points), 1)],
                   _more(s.top, len(s.articulation_points), "articulation points"))
    bridges = Table("Bridges", ["rank", "link", "relations", "cut off", "why", "paragraphs"],
                    [[str(i), s.names([b.u]) + " - " + s.names([b.v]), ", ".join(b.relations),
                      str(b.impact.cut_off), s.why_impact(b.impact, "losing this link"),
                      paragraphs_text(b.paragraphs)]
                     for i, b in enumerate(s.shown(s.bridges), 1)],
                    _more(s.top, len(s.bridges), "bridges"))
    people = Table("Key-person risk", ["rank", "post or person", "roles", "paragraphs"],
                   [[str(i), s.names([k.node]), s.why_key_person(k),
                     paragraphs_text(k.paragraphs)]
                    for i, k in enumerate(s.shown(s.key_persons), 1)],
                   _more(s.top, len(s.key_persons), "key people"))
    return [threats, people, points, bridges]


@csv_table.register
def _spof_csv(s: SpofReport) -> Table:
    """Every finding in one table: kind, rank, nodes, threat, score, why, paragraphs."""
    table = Table("Single points of failure", ["kind", "rank", "iri", "label", "threat",
                                               "score", "why", "paragraphs"])

    def add(kind: str, rank: int, nodes: Iterable[str], threat: str, score: int, why: str,
            paragraphs: Iterable[int]) -> None:
        nodes = list(nodes)
        table.rows.append([kind, str(rank), " ".join(nodes),
                           "; ".join(s.ref(n)["label"] for n in nodes), threat, str(score),
                           why, numbers_text(paragraphs)])

    for i, t in enumerate(s.threats, 1):
        add("threat", i, t.chokepoints or t.min_cut, t.label, t.routes, s.why_threat(t),
            t.paragraphs)
    for i, c in enumerate(s.shown(s.articulation_points), 1):
        add("articulation-point", i, [c.node], s.names(c.threats_lost), c.impact.cut_off,
            s.why_cut_vertex(c), c.paragraphs)
    for i, b in enumerate(s.shown(s.bridges), 1):
        add("bridge", i, [b.u, b.v], "", b.impact.cut_off,
            s.why_impact(b.impact, "losing this link"), b.paragraphs)
    for i, k in enumerate(s.shown(s.key_persons), 1):
        add("key-person", i, [k.node], "", len(k.roles), s.why_key_person(k), k.paragraphs)
    return table


# --- what if --------------------------------------------------------------------------

@tables.register
def _whatif_tables(w: WhatIf) -> list[Table]:
    removed = ", ".join(label(w.graph, n) for n in w.removed)
    threats = Table(f"Routes to national partners without {removed}",
                    ["threat", "partners before", "after", "lost", "paragraphs"],
                    [[t.label, str(len(t.before)), str(len(t.after)),
                      "LOST" if t.lost else "-", paragraphs_text(t.paragraphs)]
                     for t in w.threats])
    consequences = Table("Consequences", ["kind", "node", "detail", "paragraphs"],
                         [[kind, w.before.labels.get(node, label(w.graph, node)), detail,
                           paragraphs_text(paras)]
                          for kind, node, detail, paras in w.consequence_rows()])
    before, after = tables(w.before)[0], tables(w.after)[0]
    before.title, after.title = f"Before: {before.title}", f"After: {after.title}"
    return [threats, consequences, before, after]


@csv_table.register
def _whatif_csv(w: WhatIf) -> Table:
    """One row per consequence: kind, iri, label, detail, paragraphs."""
    return Table("What if", ["kind", "iri", "label", "detail", "paragraphs"],
                 [[kind, node, w.before.labels.get(node, label(w.graph, node)), detail,
                   numbers_text(paras)] for kind, node, detail, paras in w.consequence_rows()])


def _sweep_rows(s: Sweep) -> list[tuple[dict[str, str], list[int]]]:
    """The shown removals: each cell as text (labels joined by ``; ``), and paragraphs."""
    found = []
    for r in s.as_dict()["removals"]:  # type: ignore[attr-defined]
        found.append(({
            "rank": str(r["rank"]), "iri": r["iri"], "label": r["label"], "kind": r["kind"],
            "cut_off": str(r["cut_off"]), "partners_cut_off": str(r["partners_cut_off"]),
            "threats_lost": "; ".join(t["label"] for t in r["threats_lost"]),
            "boards_without_chair": "; ".join(b["label"] for b in r["boards_without_chair"]),
            "unfunded": "; ".join(u["label"] for u in r["unfunded"]),
            "new_gaps": "; ".join(f"{n['kind']} {n['threat_label']} {n['five_c'] or ''}"
                                  .strip() for n in r["new_gaps"]),
            "national_partners_lost": "; ".join(
                f"{t['threat']['label']} {t['before']} -> {t['after']}"
                for t in r["national_partners_lost"])}, r["paragraphs"]))
    return found


@csv_table.register
def _sweep_csv(s: Sweep) -> Table:
    columns = ["rank", "iri", "label", "kind", "cut_off", "partners_cut_off", "threats_lost",
               "boards_without_chair", "unfunded", "new_gaps"]
    return Table("What if each single point of failure is lost",
                 [*columns, "paragraphs", "national_partners_lost"],
                 [[*(row[c] for c in columns), numbers_text(paragraphs),
                   row["national_partners_lost"]] for row, paragraphs in _sweep_rows(s)])


@tables.register
def _sweep_tables(s: Sweep) -> list[Table]:
    shown = ["threats_lost", "national_partners_lost", "boards_without_chair", "unfunded",
             "new_gaps"]
    table = Table("What if each single point of failure is lost",
                  ["rank", "node", "kind", "cut off", "threats lost", "national partners lost",
                   "boards without chair", "unfunded", "new gaps", "paragraphs"],
                  [[row["rank"], row["label"], row["kind"], row["cut_off"],
                    *(row[c] or "-" for c in shown), paragraphs_text(paragraphs)]
                   for row, paragraphs in _sweep_rows(s)],
                  _more(s.top, len(s.rows)))
    return [table]


# --- brokers --------------------------------------------------------------------------

@tables.register
def _brokers_tables(b: BrokersReport) -> list[Table]:
    rows = b.rows()
    overall = Table("Brokers of national connectivity, all threats",
                    ["rank", "broker", "kind", "only way to", "route share", "why", "paragraphs"],
                    [[str(r.rank), r.label, r.kind, str(r.only_through), f"{r.betweenness:g}",
                      r.why, paragraphs_text(r.paragraphs)] for r in rows if not r.threat],
                    _more(b.top, len(b.overall), "brokers"))
    per = Table("Brokers per threat", ["threat", "rank", "broker", "kind", "only way to",
                                       "route share", "why", "paragraphs"],
                [[r.threat_label, str(r.rank), r.label, r.kind,
                  f"{r.only_through} of {r.partners}", f"{r.betweenness:g}", r.why,
                  paragraphs_text(r.paragraphs)] for r in rows if r.threat],
                "; ".join(b.why_threat(t) for t in b.threats if not t.brokers))
    return [overall, per]


@csv_table.register
def _brokers_csv(b: BrokersReport) -> Table:
    """One row per broker over every threat (``threat`` empty), then per threat."""
    return Table("Brokers", ["threat", "threat_label", "rank", "iri", "label", "kind",
                             "only_through", "partners", "betweenness", "why", "paragraphs"],
                 [[r.threat, r.threat_label, str(r.rank), r.node, r.label, r.kind,
                   str(r.only_through), "" if r.partners is None else str(r.partners),
                   f"{r.betweenness:g}", r.why, numbers_text(r.paragraphs)] for r in b.rows()])


# --- capacity -------------------------------------------------------------------------

def value_text(q: Quantity) -> str:
    """A quantity as a person reads it: ``about 40 (at 2019-10-10)``."""
    text = f"{q.approximation} " if q.approximation else ""
    text += number_text(q.value)
    return text + (f" (at {q.as_at})" if q.as_at else "")


@tables.register
def _capacity_tables(c: CapacityReport) -> list[Table]:
    overview = Table("Capacity: every quantity, required, held, target and forecast first",
                     ["what", "scope", "role", "value", "unit", "quantity", "shortfall",
                      "paragraphs"])
    for g in c.groups:
        short = {s.held.iri: s.short_by for s in g.shortfalls}
        unit = c.labels.get(g.unit or "", g.unit or "")
        overview.rows.extend([c.of_text(g), c.name(g.scope), q.role or "-", value_text(q), unit,
                              q.label, f"SHORT by {number_text(short[q.iri])}"
                              if q.iri in short else "-", paragraphs_text(q.paragraphs)]
                             for q in g.quantities)
    shortfalls = Table("Shortfalls (held below required)",
                       ["what", "scope", "held", "required", "short by", "forecast",
                        "forecast meets requirement", "paragraphs"])
    for g, s in c.shortfalls:
        meets = {None: "-", True: "yes", False: "no"}[s.forecast_meets]
        shortfalls.rows.append([c.of_text(g), c.name(g.scope), value_text(s.held),
                                value_text(s.required), number_text(s.short_by),
                                value_text(s.forecast) if s.forecast else "-", meets,
                                paragraphs_text(s.paragraphs)])
    return [shortfalls, overview]


@csv_table.register
def _capacity_csv(c: CapacityReport) -> Table:
    """Every quantity, one row each, with its group and any shortfall it is in."""
    table = Table("Quantities", ["group", "of", "of_label", "scope", "scope_label", "unit",
                                 "unit_label", "role", "value", "approximation", "as_at",
                                 "quantity", "quantity_label", "status", "paragraphs",
                                 "short_by"])
    for i, g in enumerate(c.groups, 1):
        short = {s.held.iri: s.short_by for s in g.shortfalls}
        table.rows.extend([str(i), " ".join(g.of), c.of_text(g), g.scope or "", c.name(g.scope),
                           g.unit or "", c.labels.get(g.unit or "", g.unit or ""), q.role or "",
                           number_text(q.value),
                           q.approximation or "", str(q.as_at or ""), q.iri, q.label,
                           q.status or "", numbers_text(q.paragraphs),
                           number_text(short.get(q.iri))] for q in g.quantities)
    return table


# --- funding --------------------------------------------------------------------------

def _after(d: Dependent) -> str:
    """What pays for a dependent once the stream ends: ``UNFUNDED`` or the streams."""
    if d.unfunded_after:
        return "UNFUNDED"
    return "; ".join(f"{s.label} until {s.end or 'no end date'}" for s in d.covered_by)


@csv_table.register
def _funding_csv(f: FundingReport) -> Table:
    """One row per stream and dependent, in end-date order."""
    table = Table("Funding timeline", ["end", "stream", "stream_label", "funders", "value",
                                       "unit", "dependent", "dependent_label", "held_by",
                                       "after_end", "paragraphs"])
    for e in f.timeline:
        s = e.stream
        for d in e.dependents or (None,):
            table.rows.append([str(s.end), s.iri, s.label, f.names(s.funders),
                               number_text(s.value), s.unit or "", d.node if d else "",
                               label(f.graph, d.node) if d else "",
                               f.names(d.held_by) if d else "", _after(d) if d else "",
                               numbers_text(s.paragraphs)])
    for s in f.undated:
        table.rows.extend(["", s.iri, s.label, f.names(s.funders), number_text(s.value),
                           s.unit or "", node or "", label(f.graph, node) if node else "",
                           f.names(f.holders(node)) if node else "", "no end date",
                           numbers_text(s.paragraphs)] for node in s.dependents or (None,))
    return table


def _undated_table(f: FundingReport) -> Table:
    """The streams with no end date: what they pay for, and who holds it."""
    table = Table("Funding streams with no end date",
                  ["stream", "funder", "pays for", "held by / part of", "paragraphs"])
    for s in f.undated:
        table.rows.extend([s.label if i == 0 else "",
                           (f.names(s.funders) or "not named") if i == 0 else "",
                           label(f.graph, node) if node else "-",
                           f.names(f.holders(node)) if node else "",
                           paragraphs_text(s.paragraphs) if i == 0 else ""]
                          for i, node in enumerate(s.dependents or (None,)))
    return table


@tables.register
def _funding_tables(f: FundingReport) -> list[Table]:
    until = f" by {f.as_of}" if f.as_of else ""
    timeline = Table(f"Funding streams ending{until}",
                     ["end", "stream", "funder", "pays for", "held by / part of",
                      "after it ends", "paragraphs"])
    for e in f.timeline:
        s = e.stream
        for i, d in enumerate(e.dependents or (None,)):
            first = i == 0
            timeline.rows.append([
                str(s.end) if first else "", s.label if first else "",
                (f.names(s.funders) or "not named") if first else "",
                label(f.graph, d.node) if d else "-", f.names(d.held_by) if d else "",
                _after(d) if d else "", paragraphs_text(s.paragraphs) if first else ""])
    cliffs = Table(f"Funding cliffs{until}: nothing pays after",
                   ["what", "held by / part of", "funded until", "streams", "paragraphs"],
                   [[label(f.graph, c.node), f.names(c.held_by), str(c.funded_until),
                     ", ".join(s.label for s in c.streams), paragraphs_text(c.paragraphs)]
                    for c in f.cliffs])
    return [cliffs, timeline, _undated_table(f)]


# --- search, describe and stats (spr_graph.render.lookup) -----------------------------

tables.register(SearchResult)(lookup.search_tables)
csv_table.register(SearchResult)(lookup.search_csv)
tables.register(Description)(lookup.describe_tables)
csv_table.register(Description)(lookup.describe_csv)
tables.register(Stats)(lookup.stats_tables)
csv_table.register(Stats)(lookup.stats_csv)
tables.register(Diff)(changes.diff_tables)
csv_table.register(Diff)(changes.diff_csv)
tables.register(Comparison)(forces.compare_tables)
csv_table.register(Comparison)(forces.compare_csv)
