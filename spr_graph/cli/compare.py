"""``spr-graph compare``: forces side by side."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import answer, open_graph, report_options


@click.command()
@click.argument("papers", nargs=-1, metavar="[PAPER]...")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="List the N partners most forces name (0: all).")
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when some force's paper names no partner outside the force for "
                   "some threat.")
@report_options
@click.pass_context
def compare(ctx: click.Context, papers: tuple[str, ...], top: int, fail_on_gap: bool,
            fmt: str, output: str | None, data: tuple[Path, ...], db: Path | None,
            endpoint: str | None) -> None:
    """Compare forces: many papers of one store side by side.

    PAPER names a paper by its id, its force or its date (default: the latest paper of
    every force). Shows the forces x threats matrix of named connectivity (a partner
    outside the force) with each paper's statements per threat; the threats lacking
    named connectivity and in how many forces; partners by how many forces name them;
    each force's single points of failure and key persons; funding cliffs by month.
    Every row cites its paper and paragraphs ("WMP 2020-01 ¶93").

    Example: spr-graph synth --forces 43 -o national.trig && spr-graph compare --data national.trig
    """
    graph = open_graph(data, db, endpoint, papers=False)
    answer(ctx, graph, "compare", {"papers": papers, "top": top}, fmt, output, fail_on_gap)
