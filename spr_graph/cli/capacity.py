"""``spr-graph capacity``: required vs held vs target vs forecast, shortfalls first."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import answer, open_graph, paper_option, report_options


@click.command()
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when a held quantity is below a required one.")
@report_options
@paper_option
@click.pass_context
def capacity(ctx: click.Context, fail_on_gap: bool, fmt: str, output: str | None,
             data: tuple[Path, ...], db: Path | None, endpoint: str | None) -> None:
    """List every quantity as required, held, target and forecast, flagging shortfalls.

    Quantities of the same thing, scope and unit are compared; the latest held value
    below a required one is a shortfall, with the latest forecast beside it.

    Example: spr-graph capacity --format csv -o capacity.csv
    """
    graph = open_graph(data, db, endpoint)
    answer(ctx, graph, "capacity", {}, fmt, output, fail_on_gap)
