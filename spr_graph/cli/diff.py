"""``spr-graph diff``: what changed from one paper to another."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli._options import format_option, output_option, source_options
from spr_graph.core.tables import FORMATS


def _path(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise click.BadParameter(f"no such file or folder: {name} (to name a paper of a "
                                 "store, give --data, --db or --endpoint)")
    return path


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when a gap opened (a threat losing its named connectivity "
                   "among them).")
@format_option((*FORMATS, "html"), "table (terminal), markdown, csv (one table, with a "
               "header), json (documented schema) or html (one offline page).")
@output_option
@source_options
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, fail_on_regression: bool, fmt: str,
         output: str | None, data: tuple[Path, ...], db: Path | None,
         endpoint: str | None) -> None:
    """Show what changed from the OLD paper to the NEW one.

    OLD and NEW are papers of one force (this year against last) or of two forces: each
    a paper folder (spr-graph ingest, or a folder of data/papers) or an RDF file; or,
    with --data, --db or --endpoint, two papers of that store, each by its id, force or
    date. Per
    threat and C, requirement statements added, removed or changed in evidence status
    (paired by actors, partners and quote, the pairing explained); partners gained and
    lost per threat; quantities changed; funding streams started, ended or extended;
    gaps opened and closed; single points of failure, key persons and chairs that
    changed. Every row cites the paragraphs of the paper it rests on ("WMP 2020-01 ¶93").

    Example: spr-graph diff data/papers/wmp-spr-2020-01-21 draft --fail-on-regression
    """
    from spr_graph.api import open as open_graph
    from spr_graph.cli import write_result

    if data or db or endpoint:
        store = open_graph(*data, db=db, endpoint=endpoint)
        report = store.paper(old).diff(store.paper(new))
    else:
        report = open_graph(_path(old)).diff(open_graph(_path(new)))
    if fmt == "html":
        from spr_graph.render.changes import diff_html

        write_result(diff_html(report.data), output, fmt)
    else:
        write_result(report.render(fmt), output, fmt)
    if fail_on_regression and report.has_findings:
        ctx.exit(1)
