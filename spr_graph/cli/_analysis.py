"""What the analysis commands share: reading the graph and facts, naming nodes, and
writing a report as a table, Markdown, CSV or JSON (to stdout or, atomically, a file)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from spr_graph.cli import echo
from spr_graph.cli._options import open_from_options, output_option, source_options

if TYPE_CHECKING:
    from spr_graph.render.tables import Report

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "markdown", "csv", "json")


def report_options(func: F) -> F:
    """``--format``, ``-o/--output`` and the source options (--data, --db, --endpoint)."""
    func = output_option(func)
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True,
                        help="table (terminal), markdown, csv (one table, with a header) "
                             "or json (documented schema).")(func)
    return source_options(func)


def force_option(func: F) -> F:
    return click.option("--force", "force_name", metavar="NODE",
                        help="The force to analyse (default: the one the paper reports on).")(func)


def load(data: tuple[Path, ...], db: Path | None,
         endpoint: str | None) -> tuple[Any, Any]:
    """The projected graph and the facts of the chosen source."""
    from spr_graph.graph.facts import read_facts
    from spr_graph.graph.projection import project

    source = open_from_options(data, db, endpoint)
    return project(source.select), read_facts(source.select)


def resolve(graph: Any, names: Iterable[str]) -> list[str]:
    """IRIs of the nodes named on the command line; unknown names exit 2 with suggestions."""
    from spr_graph.graph.names import resolve_all

    return resolve_all(graph, list(names))


def resolve_force(graph: Any, name: str | None) -> str | None:
    """The --force node, or None for the paper's own force. When the data holds several
    forces' papers and no --force is given, a note on stderr names the one analysed."""
    if name:
        return resolve(graph, [name])[0]
    forces = graph.graph.get("forces") or []
    if len(forces) > 1:
        from spr_graph.analysis.views import label

        echo(f"spr-graph: the data holds the papers of {len(forces)} forces; this is "
                   f"{label(graph, graph.graph['force'])} (choose another with --force)",
                   err=True)
    return None


def render(report: Report, fmt: str) -> str:
    import json

    from spr_graph.render.tables import render_csv, render_markdown, render_text

    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(report.csv_table())
    if fmt == "markdown":
        return render_markdown(report.tables())
    return render_text(report.tables())


def emit(ctx: click.Context, report: Report, fmt: str, output: str | None,
         findings: bool = False, fail_on_gap: bool = False) -> None:
    """Write the report; exit 1 when ``fail_on_gap`` and there are ``findings``."""
    from spr_graph.cli import write_result

    write_result(render(report, fmt), output, fmt)
    if fail_on_gap and findings:
        ctx.exit(1)
