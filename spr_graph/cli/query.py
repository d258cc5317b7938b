"""``spr-graph query``: run a SPARQL query, safely, and print or write its results."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._options import MAX_ROWS, SECONDS, memory_option, output_option, source_options

FORMATS = ("table", "csv", "tsv", "json", "markdown", "xml", "turtle", "ntriples", "trig")


@click.command()
@click.argument("query")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE as a typed RDF term: ag:wmp, <https://...>, 42, "
                   "2020-03-31, \"text\"@en...; a parameter that takes an IRI takes a "
                   "label or abbreviation too (board=\"SOCEX Board\") (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Output format [default: table, or turtle for CONSTRUCT/DESCRIBE].")
@click.option("--iris", is_flag=True, help="Show IRIs beside the labels in table and markdown.")
@click.option("--wide", is_flag=True,
              help="Table: every cell on one line (default: long cells wrap to fit the "
                   "terminal).")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS), default=10_000,
              show_default=True,
              help="Return at most N rows or triples (0: no limit); a cut is reported.")
@click.option("--timeout", type=SECONDS, default=30.0,
              show_default=True, help="Stop the query after this many seconds.")
@memory_option
@output_option
@source_options
@click.pass_context
def query(ctx: click.Context, query: str, params: tuple[str, ...], fmt: str | None,
          iris: bool, wide: bool, limit: int, timeout: float, max_memory: int | None,
          output: str | None, data: tuple[Path, ...], db: Path | None,
          endpoint: str | None) -> None:
    """Run a read-only SPARQL query on the graph.

    QUERY is SPARQL text, a file (.rq), '-' for standard input, or the name of a
    catalogue query (see 'spr-graph queries'). Queries see the union of the paragraph
    graphs; ask GRAPH ?g for the paragraph a fact comes from. spr-graph's prefixes
    (ag:, thr15:, spr:, ...) need no PREFIX lines.

    Updates, SERVICE and FROM outside the dataset are refused before anything runs.
    ASK exits 0 when true and 1 when false; errors and timeouts exit 2 and write nothing.

    Example: spr-graph query who-chairs --param board=ag:socex-board
    """
    from spr_graph.api import open as open_graph
    from spr_graph.api.reading import Answer, kept_answer
    from spr_graph.cli._analysis import say
    from spr_graph.cli._options import table_width
    from spr_graph.core.textfile import decode_utf8
    from spr_graph.sparql import catalogue, prechecked
    from spr_graph.sparql.results import render

    if query == "-":
        with click.open_file("-", "rb") as stdin:
            named = catalogue.parse(decode_utf8(stdin.read(), "<stdin>"), "<stdin>")
    else:
        named = catalogue.named_query(query)
    graph = open_graph(*data, db=db, endpoint=endpoint, timeout=timeout)
    width = table_width(wide, output)

    def make() -> Answer:
        # One query, then this process ends: it runs in a thread here, not a forked worker.
        result = graph.query(named, params, limit or None, timeout, one_shot=True,
                             max_memory=max_memory)
        chosen = fmt or ("turtle" if result.is_graph else "table")
        return Answer(render(result, chosen, show_iris=iris, width=width), chosen,
                      result.form == "ASK" and not result.boolean,
                      tuple(f"spr-graph: {note}" for note in result.notes),
                      (f"spr-graph: results cut at --limit {limit}; more exist",)
                      if result.truncated else ())

    # A catalogue query's answer is kept beside a store (prechecked.catalogued: it reads
    # nothing but the store); any other text may not, so it runs again.
    found = kept_answer(graph.source, ["query", named.text, params, fmt, iris, limit, width],
                        make) if prechecked.catalogued(named.text) else make()
    say(found, output)
    if found.findings:
        ctx.exit(1)
