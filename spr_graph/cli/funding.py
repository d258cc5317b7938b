"""``spr-graph funding``: funding streams ending by a date and what depends on them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spr_graph.cli._analysis import answer, open_graph, paper_option, report_options
from spr_graph.cli._options import WHEN

if TYPE_CHECKING:
    from spr_graph.graph.facts import Instant


@click.command()
@click.option("--as-of", metavar="YYYY-MM", type=WHEN,
              help="Streams ending by the end of this month (YYYY, YYYY-MM or YYYY-MM-DD); "
                   "default: every stream with an end date.")
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when something is left with no funding by that date.")
@report_options
@paper_option
@click.pass_context
def funding(ctx: click.Context, as_of: Instant | None, fail_on_gap: bool, fmt: str,
            output: str | None, data: tuple[Path, ...], db: Path | None,
            endpoint: str | None) -> None:
    """Show the funding timeline: streams ending by a date, what they pay for, cliffs.

    A year-only end date counts as the end of that year. For each stream the capabilities
    and units it pays for, who holds them, and whether another stream covers them after
    it ends; what nothing covers is a funding cliff.

    Example: spr-graph funding --as-of 2020-03
    """
    graph = open_graph(data, db, endpoint)
    answer(ctx, graph, "funding", {"as_of": as_of}, fmt, output, fail_on_gap)
