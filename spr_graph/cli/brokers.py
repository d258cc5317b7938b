"""``spr-graph brokers``: who carries the force's routes to its national partners."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import (
    answer,
    force_option,
    open_graph,
    paper_option,
    report_options,
)


@click.command()
@click.option("--threat", metavar="THREAT",
              help="Only this threat: label, abbreviation or IRI (default: every threat).")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Show the N highest-ranked brokers of each list (0: all).")
@force_option
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when some national partner is reachable only through one "
                   "broker.")
@report_options
@paper_option
@click.pass_context
def brokers(ctx: click.Context, threat: str | None, top: int, force_name: str | None,
            fail_on_gap: bool, fmt: str, output: str | None, data: tuple[Path, ...],
            db: Path | None, endpoint: str | None) -> None:
    """Rank the organisations that broker the force's national connectivity.

    Per threat, from the force to the threat's national partners: each broker's route
    share (betweenness: the partners whose shortest routes run through it, each counted
    by the fraction that does), the partners the force reaches only through it (its
    loss alone cuts them off), and the paragraphs behind its links on those routes.
    Then the brokers over every threat.

    Example: spr-graph brokers --threat terrorism --top 5
    """
    graph = open_graph(data, db, endpoint)
    answer(ctx, graph, "brokers", {"threat": threat, "force": force_name, "top": top or None},
           fmt, output, fail_on_gap)
