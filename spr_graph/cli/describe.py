"""``spr-graph describe``: everything about one entity."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._analysis import emit, open_graph, paper_option, report_options


@click.command()
@click.argument("name", nargs=-1, required=True)
@report_options
@paper_option
@click.pass_context
def describe(ctx: click.Context, name: tuple[str, ...], fmt: str, output: str | None,
             data: tuple[Path, ...], db: Path | None, endpoint: str | None) -> None:
    """Show everything the graph says about one entity, each row citing its paragraphs.

    Its kind, labels and level; its relations out and in; the boards and posts it is
    linked to; the requirement statements it is actor or partner of (by threat and C,
    with the other side); quantities; funding; and every paragraph that names it. NAME
    is a label, abbreviation, prefixed name or IRI, in any case; an unknown name exits
    2 with the closest names. The same rows: spr-graph query describe -p entity=IRI.

    Example: spr-graph describe ROCU
    """
    emit(ctx, open_graph(data, db, endpoint).describe(" ".join(name)), fmt, output)
