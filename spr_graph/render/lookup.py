"""Search hits, descriptions and graph counts as tables (registered in :mod:`.reports`
too), and :func:`draw_with` and :func:`render_drawn`, the one choice among the formats
every report renders in.

Importing this module loads neither NetworkX nor an analysis (the result types are for
annotations only), so ``search``, ``describe`` and ``stats`` render here (:func:`draw`)
without paying for the analyses' renderers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from spr_graph.core.namespaces import shorten
from spr_graph.core.tables import (
    FORMATS,
    Table,
    numbers_text,
    paragraphs_text,
    render_csv,
    render_markdown,
    render_text,
)

if TYPE_CHECKING:
    from spr_graph.analysis.citing import Citing
    from spr_graph.graph.describe import Description, Fact
    from spr_graph.graph.search import SearchResult
    from spr_graph.graph.stats import Stats


def draw_with(report: Any, fmt: str, tables: Callable[[Any], list[Table]],
              csv_table: Callable[[Any], Table], citing: Citing | None = None) -> Any:
    """What ``fmt`` renders ``report`` from, each citation naming its paper with
    ``citing`` (:mod:`.citing`): for ``json`` its ``as_dict()`` (plain JSON data), for
    ``csv`` its one long table, for ``table`` and ``markdown`` its tables. Plain data
    all three: :func:`render_drawn` makes the text, whatever the width.

    >>> draw_with(Table("T", ["a"]), "markdown", lambda t: [t], lambda t: t)
    [Table(title='T', columns=['a'], rows=[], note='')]
    """
    from spr_graph.analysis.citing import Citing
    from spr_graph.render.citing import cite_json, cite_table

    citing = citing or Citing()
    if fmt == "json":
        return cite_json(report.as_dict(), citing)
    if fmt == "csv":
        return cite_table(csv_table(report), citing, csv=True)
    if fmt in ("table", "markdown"):
        return [cite_table(t, citing) for t in tables(report)]
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def render_drawn(drawn: Any, fmt: str, fit: int | None = None, wide: bool = False) -> str:
    """The text of what :func:`draw_with` drew for ``fmt``: aligned tables for a terminal
    (cells wrap at 48 characters, or so that lines fit ``fit`` characters; ``wide``:
    never), Markdown, CSV (one table, with a header) or JSON (2-space indent)."""
    if fmt == "json":
        return json.dumps(drawn, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(drawn)
    if fmt == "markdown":
        return render_markdown(drawn)
    return render_text(drawn, width=None if wide else 48, fit=None if wide else fit)


def render_with(report: Any, fmt: str, tables: Callable[[Any], list[Table]],
                csv_table: Callable[[Any], Table], fit: int | None = None,
                wide: bool = False, citing: Citing | None = None) -> str:
    """``report`` as text in ``fmt`` (:func:`draw_with`, then :func:`render_drawn`)."""
    return render_drawn(draw_with(report, fmt, tables, csv_table, citing), fmt, fit, wide)


def draw(report: Any, fmt: str, citing: Citing | None = None) -> Any | None:
    """``report`` drawn for ``fmt`` (:func:`draw_with`) when it is a search result, a
    description or counts; None for another result (:mod:`.reports` draws those).

    A result's class is looked up among the modules already imported: a search result
    exists only once :mod:`spr_graph.graph.search` is, so nothing more is imported here.
    """
    for module, name, tables, csv_table in _OWN:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(report, cls):
            return draw_with(report, fmt, tables, csv_table, citing)
    return None


# --- search and describe ----------------------------------------------------------------

def search_tables(r: SearchResult) -> list[Table]:
    where = "".join(f", {key} {value}" for key, value in (("kind", r.kind), ("threat", r.threat))
                    if value)
    notes = [f"{len(r.hits)} of {r.total} found"
             + (f" (-n {r.total} shows all)" if r.total > len(r.hits) else ""),
             *(f"'{word}' matched nothing" + (f"; searched for {', '.join(alts)}" if alts else "")
               for word, alts in r.searched)]
    if not r.every_word:
        notes.append("no text holds every word: those holding any are shown")
    return [Table(f"Search for '{r.query}'{where}",
                  ["rank", "kind", "label", "matched", "snippet", "paragraphs"],
                  [[str(i), h.kind, h.label, h.field, h.snippet, paragraphs_text(h.paragraphs)]
                   for i, h in enumerate(r.hits, 1)], "; ".join(notes))]


def search_csv(r: SearchResult) -> Table:
    """One row per hit, best first."""
    return Table("Search", ["rank", "iri", "kind", "label", "field", "snippet", "paragraphs",
                            "score"],
                 [[str(i), h.iri, h.kind, h.label, h.field, h.snippet, numbers_text(h.paragraphs),
                   f"{h.score:.3f}"] for i, h in enumerate(r.hits, 1)])


def _details(f: Fact) -> str:
    return ", ".join(f"{key} {value}" for key, value in f.details)


def describe_tables(d: Description) -> list[Table]:
    def facts(title: str, columns: list[str], found: Iterable[Fact], first: str) -> Table:
        return Table(title, columns, [[*((f.label, f.name) if first == "label" else
                                         (f.name, f.label)), _details(f) or f.kind,
                                       paragraphs_text(f.paragraphs)] for f in found])

    about = Table(f"{d.label} ({d.kind}, {shorten(d.iri)})", ["field", "value", "paragraphs"],
                  [[f.name, f.label, paragraphs_text(f.paragraphs)] for f in d.about])
    linked = [replace(f, name=f"{f.name} ->" if f.direction == "out" else f"<- {f.name}",
                      details=(), direction="out") for f in d.boards_and_posts]
    roles = Table("Requirement statements it is actor or partner of",
                  ["threat", "C", "role", "with", "status", "paragraphs"],
                  [[r.threat_label, r.five_c, r.role, ", ".join(n for _, n in r.others) or "-",
                    r.status or "-", paragraphs_text(r.paragraphs)] for r in d.statements])
    named = Table("Paragraphs that name it", ["paragraph", "section", "facts", "named in text"],
                  [[str(m.paragraph), m.section, str(m.facts), "yes" if m.in_text else "no"]
                   for m in d.paragraphs])
    return [about, facts("Relations out", ["relation", "to", "kind", "paragraphs"], d.out, ""),
            facts("Relations in", ["from", "relation", "kind", "paragraphs"], d.into, "label"),
            facts("Boards and posts", ["link", "board or post", "kind", "paragraphs"], linked, ""),
            roles,
            facts("Quantities", ["quantity", "relation", "details", "paragraphs"], d.quantities,
                  "label"),
            facts("Funding", ["stream", "relation", "details", "paragraphs"], d.funding, "label"),
            named]


def describe_csv(d: Description) -> Table:
    """One row per fact, statement role and naming paragraph."""
    table = Table(d.label, ["section", "relation", "value", "label", "kind", "threat", "five_c",
                            "details", "paragraphs"],
                  [[section, f.name, f.value, f.label, f.kind, "", "", _details(f),
                    numbers_text(f.paragraphs)] for section, f in d.facts()])
    table.rows.extend(["statement", r.role, " ".join(i for i, _ in r.others),
                       "; ".join(n for _, n in r.others), "", r.threat, r.five_c,
                       f"{r.statement} {r.status}".strip(), numbers_text(r.paragraphs)]
                      for r in d.statements)
    table.rows.extend(["paragraph", "names it in its text" if m.in_text else "states its facts",
                       str(m.paragraph), m.section, "", "", "", f"{m.facts} facts",
                       str(m.paragraph)] for m in d.paragraphs)
    return table


# --- stats ----------------------------------------------------------------------------

def stats_csv(s: Stats) -> Table:
    """Requirement statements per threat and C, with each threat's total."""
    from spr_graph.graph.facts import FIVE_CS

    return Table("Requirement statements, threat x C", ["threat", *FIVE_CS, "total"],
                 [[threat, *(str(row.get(c, 0)) for c in FIVE_CS),
                   str(s.statements_per_threat.get(threat, 0))]
                  for threat, row in s.matrix.items()])


def stats_tables(s: Stats) -> list[Table]:
    missing = s.paragraphs_without_facts
    entities = Table("Entities per class", ["class", "entities"],
                     [[cls, str(n)] for cls, n in s.entities_per_class.items()],
                     f"{s.quads} quads in paragraph and provenance graphs")
    sections = Table("Triples per section", ["section", "triples"],
                     [[section, str(n)] for section, n in s.triples_per_section.items()],
                     f"{len(s.paragraphs_with_facts)} of {len(s.paragraphs)} numbered "
                     f"paragraphs carry at least one fact; with no fact: "
                     f"{paragraphs_text(missing) if missing else 'none'}")
    review = Table("Facts by review state", ["state", "facts"],
                   [[state, str(n)] for state, n in s.review.items()],
                   "a fact is a named graph derived from a paragraph; drafted facts are "
                   "machine-drafted by spr-graph ingest and not yet reviewed")
    return [entities, stats_csv(s), sections, review]


#: (module, class, tables, csv_table) of the results :func:`render` renders.
_OWN: tuple[tuple[str, str, Callable[[Any], list[Table]], Callable[[Any], Table]], ...] = (
    ("spr_graph.graph.search", "SearchResult", search_tables, search_csv),
    ("spr_graph.graph.describe", "Description", describe_tables, describe_csv),
    ("spr_graph.graph.stats", "Stats", stats_tables, stats_csv),
)
