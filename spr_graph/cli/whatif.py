"""``spr-graph whatif``: what losing units, partners, boards, posts or funding does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spr_graph.cli._analysis import (
    answer,
    force_option,
    open_graph,
    paper_option,
    paused_for,
    report_options,
)
from spr_graph.cli._options import WHEN

if TYPE_CHECKING:
    from spr_graph.graph.facts import Instant


@click.command()
@click.option("--remove", "names", multiple=True, metavar="NODE",
              help="A node to remove: IRI, prefixed name, label or abbreviation "
                   "(repeatable).")
@click.option("--sweep", is_flag=True,
              help="Instead of --remove: remove each single point of failure in turn "
                   "(articulation points, chokepoints, sole chairs and funders).")
@click.option("--as-of", metavar="YYYY-MM", type=WHEN,
              help="Count only funding streams still running at this date.")
@click.option("--edition", metavar="YEAR", help="SPR edition of the gap matrices.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="With --sweep, show the N highest-ranked removals (0: all).")
@force_option
@click.option("--fail-on-gap", is_flag=True,
              help="Exit 1 when the loss costs a threat its last national route, leaves "
                   "something unfunded or a board without a chair, or opens a gap.")
@report_options
@paper_option
@click.pass_context
def whatif(ctx: click.Context, names: tuple[str, ...], sweep: bool, as_of: Instant | None,
           edition: str | None, top: int, force_name: str | None, fail_on_gap: bool,
           fmt: str, output: str | None, data: tuple[Path, ...], db: Path | None,
           endpoint: str | None) -> None:
    """Show what the loss of some nodes does: routes, cut-offs, chairs, funding, gaps.

    Threats that lose their last route to a national partner, agents cut off from the
    force, boards left without a chair, capabilities and units left unfunded, and the
    gap matrix before and after. Only the named nodes are removed.

    Example: spr-graph whatif --remove WMCTU --remove "ACC Security"
    """
    if bool(names) == sweep:
        raise click.UsageError("give --remove NODE (one or more) or --sweep", ctx)
    with paused_for(db):
        graph = open_graph(data, db, endpoint)
        name, more = ("sweep", {"top": top}) if sweep else ("whatif", {"remove": names})
        answer(ctx, graph, name, {"as_of": as_of, "edition": edition, "force": force_name,
                                  **more}, fmt, output, fail_on_gap)
