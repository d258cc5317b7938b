"""``spr-graph search``: find anything without writing SPARQL."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import emit, open_graph, paper_option, report_options


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
    graph = open_graph(data, db, endpoint)
    emit(ctx, graph.search(" ".join(text), kind, threat, limit), fmt, output)
