"""A diff of two papers (:mod:`spr_graph.analysis.diff`) for people: a table per area,
one long CSV table, and an offline HTML page. Every row cites the paragraphs of the old
paper, the new one or both, by the papers' short names ("WMP 2020-01 ¶93").
"""

from __future__ import annotations

from spr_graph.analysis.diff import AREAS, Change, Diff
from spr_graph.core.tables import Table, numbers_text

__all__ = ["diff_csv", "diff_html", "diff_tables", "tables_page"]

_HEADINGS = {"statement": "Requirement statements", "partner": "Partners per threat",
             "quantity": "Quantities", "funding": "Funding streams",
             "gap": "Gaps (threat x 5C)", "single point of failure": "Single points of failure",
             "key person": "Key persons", "chair": "Board chairs",
             "organisation": "Organisations, posts and people", "link": "Links between them"}


def _cited(d: Diff, c: Change) -> str:
    return "; ".join(filter(None, (d.old.cite(c.old), d.new.cite(c.new))))


def _row(d: Diff, c: Change) -> list[str]:
    change = f"{c.change} (regression)" if c.regression else c.change
    return [change, d.labels.get(c.threat, c.threat) if c.threat else "", c.five_c or "",
            c.what, c.before, c.after, _cited(d, c), c.why]


def diff_tables(d: Diff) -> list[Table]:
    """One table per area with a change, regressions first; a line when nothing changed."""
    title = f"Changes from {d.old.short} to {d.new.short}"
    if not d.changes:
        return [Table(title, ["change"], [], "no change: the papers state the same")]
    out = []
    regressions = d.regressions
    if regressions:
        out.append(Table(f"{title}: regressions", ["area", "change", "threat", "what", "cited"],
                         [[c.area, c.change, d.labels.get(c.threat or "", c.threat or ""),
                           c.what, _cited(d, c)] for c in regressions],
                         f"{len(regressions)} regression(s): a gap opened"))
    for area in AREAS:
        rows = [_row(d, c) for c in d.changes if c.area == area]
        if rows:
            out.append(Table(_HEADINGS[area], ["change", "threat", "C", "what", "before",
                                               "after", "cited", "why"], rows))
    return out


def diff_csv(d: Diff) -> Table:
    """Every change in one table: IRIs beside labels, paragraph numbers per paper."""
    return Table("", ["area", "change", "threat", "threat_label", "five_c", "what", "before",
                      "after", "old_paper", "old_paragraphs", "new_paper", "new_paragraphs",
                      "why", "regression"],
                 [[c.area, c.change, c.threat or "", d.labels.get(c.threat or "", ""),
                   c.five_c or "", c.what, c.before, c.after, d.old.short,
                   numbers_text(c.old), d.new.short, numbers_text(c.new), c.why,
                   "true" if c.regression else "false"] for c in d.changes])


def tables_page(title: str, intro: str, tables: list[Table]) -> str:
    """``tables`` as one offline HTML page in the evidence report's style: no script, a
    Content-Security-Policy, every cell escaped."""
    from markupsafe import Markup

    from spr_graph.render.html_map import csp, environment, report_css

    css = report_css()
    return environment().get_template("tables_page.html").render(
        title=title, intro=intro, tables=tables, css=Markup(css), csp=csp(styles=(css,)))


def diff_html(d: Diff) -> str:
    """The diff as one offline HTML page."""
    return tables_page(
        f"Changes from {d.old.short} to {d.new.short}",
        f"Old: {d.old.force_label}, paper of {d.old.date}. New: {d.new.force_label}, paper "
        f"of {d.new.date}. Every change cites the paragraphs of the paper it rests on "
        f"(\"{d.old.short} ¶N\" in the old paper, \"{d.new.short} ¶N\" in the new). "
        f"{len(d.changes)} change(s), {len(d.regressions)} regression(s).", diff_tables(d))
