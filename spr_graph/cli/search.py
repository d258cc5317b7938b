"""``spr-graph search``: find anything without writing SPARQL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spr_graph.cli._analysis import emit, open_graph, paper_option, report_options

if TYPE_CHECKING:
    from spr_graph.analysis.citing import Citing
    from spr_graph.api.report import Report
    from spr_graph.graph.search import SearchIndex, SearchResult


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--kind", metavar="KIND",
              help="Only entities of this kind: unit, agency, board, post, capability, "
                   "statement, paragraph...")
@click.option("--threat", metavar="THREAT",
              help="Only entities about this threat (label, abbreviation or IRI, e.g. SOC).")
@click.option("-n", "--limit", type=click.IntRange(min=1, max=100_000), default=20,
              show_default=True, help="At most this many hits.")
@report_options
@paper_option
@click.pass_context
def search(ctx: click.Context, text: tuple[str, ...], kind: str | None, threat: str | None,
           limit: int, fmt: str, output: str | None, data: tuple[Path, ...], db: Path | None,
           endpoint: str | None) -> None:
    """Search labels, abbreviations, quotes, curator notes and paragraph text, ranked.

    Tolerant of case, plurals, punctuation and small typos: "airwave" finds Airwaves,
    "CSEA" finds CSE/A. Each hit gives its kind, label, what matched (the field and a
    snippet) and the paragraphs citing it. With --db the index is built once, beside
    the store, and rebuilt only when the store changes.

    Example: spr-graph search airwave
    """
    query = " ".join(text)
    if not (data or db or endpoint or ctx.meta.get("spr_graph.paper")):
        # the bundled data: its prebuilt index, when current, answers alone (no store)
        from spr_graph.graph.search_bundled import bundled_index

        index = bundled_index()
        if index is not None:
            emit(ctx, bundled_report(index, query, kind, threat, limit), fmt, output)
            return
    graph = open_graph(data, db, endpoint)
    emit(ctx, graph.search(query, kind, threat, limit), fmt, output)


class _Cited:
    """The papers a prebuilt index's hits cite (what a Report asks of its graph)."""

    def __init__(self, citing: Citing) -> None:
        self.citing = citing


def bundled_report(index: SearchIndex, query: str, kind: str | None, threat: str | None,
                   limit: int) -> Report[SearchResult]:
    """A search of the bundled data's prebuilt index, its hits citing their paper as
    they would from the store (the index keeps the papers beside its stamp)."""
    import json

    from spr_graph.analysis.citing import Citing
    from spr_graph.api.report import Report
    from spr_graph.graph.search_bundled import bundled_meta

    stored = bundled_meta(index, "citing")
    cited = _Cited(Citing.from_json(json.loads(stored))) if stored else None
    return Report(index.search(query, kind, threat, limit), False, cited)
