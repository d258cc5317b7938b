"""``spr-graph gaps``: the threat x 5C matrix and the threats without named connectivity."""

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
@click.option("--edition", metavar="YEAR",
              help="Re-baseline against this SPR edition (e.g. 2023); default: the paper's.")
@force_option
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when any gap exists (an empty cell, a threat without named "
                   "connectivity, or an edition threat the paper cannot cover).")
@report_options
@paper_option
@click.pass_context
def gaps(ctx: click.Context, edition: str | None, force_name: str | None, fail_on_gap: bool,
         fmt: str, output: str | None, data: tuple[Path, ...], db: Path | None,
         endpoint: str | None) -> None:
    """Show the threat x 5C evidence matrix, each cell citing its paragraphs, and the gaps.

    A threat lacks named connectivity when no connectivity statement about it names a
    partner outside the force. --edition 2023 maps the paper's threats onto the 2023 SPR
    through the crosswalk in the ontology and flags threats nothing maps onto.

    Example: spr-graph gaps --edition 2023 --format markdown
    """
    with paused_for(db):
        graph = open_graph(data, db, endpoint)
        answer(ctx, graph, "gaps", {"edition": edition, "force": force_name}, fmt, output,
               fail_on_gap)
