"""``spr-graph spof``: single points of failure, ranked, each with why and paragraphs."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import (
    answer,
    force_option,
    open_graph,
    paper_option,
    paused_for,
    report_options,
)


@click.command()
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Show the N highest-ranked of each list (0: all).")
@force_option
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when some threat has at most one route to a national partner.")
@report_options
@paper_option
@click.pass_context
def spof(ctx: click.Context, top: int, force_name: str | None, fail_on_gap: bool, fmt: str,
         output: str | None, data: tuple[Path, ...], db: Path | None,
         endpoint: str | None) -> None:
    """Find single points of failure: per-threat cuts, key people, cut vertices, bridges.

    Per threat: how many independent routes lead from the force to national partners,
    the smallest set of nodes whose loss cuts all of them, and each node whose loss
    alone does. Then posts or people that chair or lead several boards or units, and the
    articulation points and bridges of the partnership graph with what each cuts off.

    Example: spr-graph spof --top 5 --format json
    """
    with paused_for(db):
        graph = open_graph(data, db, endpoint)
        answer(ctx, graph, "spof", {"force": force_name, "top": top or None}, fmt, output,
               fail_on_gap)
