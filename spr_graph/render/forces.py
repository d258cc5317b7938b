"""Forces side by side (:mod:`spr_graph.analysis.forces`) for people: tables, one long
CSV table. Every row cites its paper and paragraphs ("WMP 2020-01 ¶93")."""

from __future__ import annotations

from spr_graph.analysis.forces import Comparison, ForceRow, by_paper
from spr_graph.core.tables import Table, numbers_text

__all__ = ["compare_csv", "compare_html", "compare_tables"]


def _connectivity(row: ForceRow) -> list[int]:
    return sorted({p for t in row.matrix.rows for p in t.cells["connectivity"].paragraphs}
                  if row.matrix.rows and "connectivity" in row.matrix.rows[0].cells else set())


def _matrix(c: Comparison) -> Table:
    threats = sorted(c.threats, key=lambda t: (c.labels.get(t) or t).casefold())
    rows = []
    for row in c.rows:
        by_threat = {t.threat: t for t in row.matrix.rows}
        cells = []
        for threat in threats:
            t = by_threat.get(threat)
            count = sum(cell.count for cell in t.cells.values()) if t else 0
            cells.append(f"{'named' if t and t.named_connectivity else 'NO'} ({count})")
        rows.append([row.paper.force_label, *cells, row.paper.cite(_connectivity(row))])
    return Table("Named connectivity, forces x threats",
                 ["force", *(c.labels.get(t, t) for t in threats), "cited"], rows,
                 "named: a connectivity statement names a partner outside the force; "
                 "(n): the paper's statements on the threat; cited: its connectivity "
                 "statements")


def _evidence(row: ForceRow, threat: str) -> list[int]:
    """The paragraphs of the force's connectivity statements on ``threat``, else of all
    its statements on it: what the paper says instead of naming a partner."""
    for t in row.matrix.rows:
        if t.threat == threat:
            return (t.cells["connectivity"].paragraphs if "connectivity" in t.cells
                    and t.cells["connectivity"].count else
                    sorted({p for cell in t.cells.values() for p in cell.paragraphs}))
    return []


def _lacking(c: Comparison) -> Table:
    rows = []
    for threat, forces in sorted(c.lacking().items(),
                                 key=lambda kv: (-len(kv[1]), c.labels.get(kv[0], kv[0]))):
        if forces:
            cited = "; ".join(f.paper.cite(_evidence(f, threat)) or f.paper.short
                              for f in forces)
            rows.append([c.labels.get(threat, threat), str(len(forces)), cited])
    return Table("Threats lacking named connectivity", ["threat", "forces", "cited"], rows,
                 f"of {len(c.rows)} force(s); cited: each force's connectivity statements "
                 "on the threat (none names a partner outside the force), or its other "
                 "statements on it when it has none")


def _partners(c: Comparison) -> Table:
    ranked = sorted(c.partners().items(), key=lambda kv: (
        -len(kv[1]), c.labels.get(kv[0], kv[0]).casefold(), kv[0]))
    shown = c.shown(ranked)
    return Table("Partners by the forces that name them", ["partner", "forces", "cited"],
                 [[c.labels.get(p, p), str(len(by)), "; ".join(
                     ref.cite(ps) or ref.short for ref, ps in by_paper(by))] for p, by in shown],
                 f"showing {len(shown)} of {len(ranked)}" if len(shown) < len(ranked) else "")


def _risks(c: Comparison) -> Table:
    rows = [[row.paper.force_label, kind, c.labels.get(n, n), row.paper.cite(ps)]
            for row in c.rows
            for kind, found in (("single point of failure", row.cut_vertices),
                                ("key person", row.key_persons))
            for n, ps in sorted(found.items(), key=lambda kv: c.labels.get(kv[0], kv[0]))]
    return Table("Single points of failure and key persons, per force",
                 ["force", "kind", "who", "cited"], rows)


def _cliffs(c: Comparison) -> Table:
    return Table("Funding cliffs by month", ["month", "force", "stream", "cited"],
                 [[f.month, f.paper.force_label, f.label, f.paper.cite(f.paragraphs)]
                  for f in c.cliffs])


def compare_tables(c: Comparison) -> list[Table]:
    """The matrix first, then what it means across forces."""
    return [_matrix(c), _lacking(c), _partners(c), _risks(c), _cliffs(c)]


def compare_csv(c: Comparison) -> Table:
    """One row per force and threat, partner, risk and cliff: IRIs beside labels."""
    rows = []
    for row in c.rows:
        for t in row.matrix.rows:
            rows.append(["threat", row.paper.short, row.paper.force, t.threat,
                         c.labels.get(t.threat, t.threat),
                         "named" if t.named_connectivity else "none",
                         str(sum(cell.count for cell in t.cells.values())),
                         numbers_text({p for cell in t.cells.values() for p in cell.paragraphs})])
        for kind, found in (("single point of failure", row.cut_vertices),
                            ("key person", row.key_persons)):
            rows += [[kind, row.paper.short, row.paper.force, n, c.labels.get(n, n), "", "",
                      numbers_text(ps)] for n, ps in sorted(found.items())]
    for p, by in sorted(c.partners().items()):
        rows += [["partner", ref.short, "", p, c.labels.get(p, p), "", str(len(by)),
                  numbers_text(ps)] for ref, ps in by_paper(by)]
    rows += [["funding cliff", f.paper.short, f.paper.force, f.stream, f.label, f.month, "",
              numbers_text(f.paragraphs)] for f in c.cliffs]
    return Table("", ["kind", "paper", "force", "iri", "label", "value", "count", "paragraphs"],
                 rows)


def compare_html(c: Comparison) -> str:
    """Forces side by side as one offline HTML page (the evidence pack's compare.html)."""
    from spr_graph.render.changes import tables_page

    return tables_page(f"{len(c.rows)} forces side by side",
                       "The latest paper of each force in the data. Every row cites its "
                       "paper and paragraphs (\"WMP 2020-01 ¶93\").", compare_tables(c))
