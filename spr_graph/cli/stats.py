"""``spr-graph stats``: what the graph holds."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import write_result
from spr_graph.cli._options import format_option
from spr_graph.core.tables import FORMATS


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@format_option(FORMATS, "table (terminal), markdown, csv (the threat x C counts) or json.")
def stats(files: tuple[Path, ...], fmt: str) -> None:
    """Count entities per class, facts per threat and per C, and uncited paragraphs.

    FILES default to the bundled ontology and data; the bundled ontology and shapes
    come along unless the files bring their own.

    Example: spr-graph stats --format json
    """
    from spr_graph.api import open as open_graph
    from spr_graph.render.lookup import render_with, stats_csv, stats_tables

    write_result(render_with(open_graph(*files).stats(), fmt, stats_tables, stats_csv), None,
                 fmt)
