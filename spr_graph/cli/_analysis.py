"""What the analysis commands share: reading the graph and facts, naming nodes, and
writing a report as a table, Markdown, CSV or JSON (to stdout or, atomically, a file)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from spr_graph.cli import echo
from spr_graph.cli._options import format_option, output_option, source_options
from spr_graph.core.tables import FORMATS

if TYPE_CHECKING:
    from spr_graph.api import Graph, Report
    from spr_graph.api.reading import Answer

F = TypeVar("F", bound=Callable[..., Any])


def _remember_wide(ctx: click.Context, _param: click.Parameter, wide: bool) -> bool:
    ctx.meta["spr_graph.wide"] = wide
    return wide


def report_options(func: F) -> F:
    """``--format``, ``--wide``, ``-o/--output`` and the source options (--data, --db,
    --endpoint). ``--wide`` reaches :func:`emit` through the context, not the command."""
    func = click.option("--wide", is_flag=True, expose_value=False, callback=_remember_wide,
                        help="Table: every cell on one line (default: long cells wrap to "
                             "fit the terminal).")(func)
    func = output_option(func)
    func = format_option(FORMATS, "table (terminal), markdown, csv (one table, with a "
                                  "header) or json (documented schema).")(func)
    return source_options(func)


def force_option(func: F) -> F:
    return click.option("--force", "force_name", metavar="NODE",
                        help="The force to analyse (default: the one the paper reports on).")(func)


def _remember_paper(ctx: click.Context, _param: click.Parameter, paper: str | None
                    ) -> str | None:
    ctx.meta["spr_graph.paper"] = paper
    return paper


def paper_option(func: F) -> F:
    """``--paper``: which paper of a store holding several the command reads (it reaches
    :func:`open_graph` through the context, not the command)."""
    return click.option("--paper", metavar="PAPER", expose_value=False,
                        callback=_remember_paper,
                        help="The paper to read, from data holding several: its id, force "
                             "or date (default: the latest paper, when they are all one "
                             "force's).")(func)


def paused_for(db: Path | None) -> contextlib.AbstractContextManager[None]:
    """For a ``--db`` store, the cyclic garbage collector paused until the command is
    done (:func:`spr_graph.core.gcpause.paused_gc`): a store's projection and facts are
    read with it paused already, and every collection after would walk their million
    objects again (0.3-0.6 s of CPU of a warm ``spof`` at 1M quads); cyclic garbage is
    collected once the command ends, except in the ``spr-graph`` program, whose process
    ends with the command (:data:`spr_graph.cli.ENDS_WITH_COMMAND`). Files (rdflib's
    reading makes cyclic garbage) and endpoints are collected as usual."""
    if db is None:
        return contextlib.nullcontext()
    from spr_graph import cli
    from spr_graph.core.gcpause import paused_gc

    return paused_gc(resume=not cli.ENDS_WITH_COMMAND)


def open_graph(data: tuple[Path, ...], db: Path | None, endpoint: str | None,
               papers: bool = True) -> Graph:
    """The graph the source options name (:func:`spr_graph.open`): with ``papers``, the
    paper ``--paper`` names, or the latest when the data holds several papers of one
    force (said on stderr); else everything."""
    from spr_graph.api import open as open_graph_

    graph = open_graph_(*data, db=db, endpoint=endpoint)
    return chosen_paper(graph) if papers else graph


def chosen_paper(graph: Graph) -> Graph:
    """The paper of ``graph`` that ``--paper`` names, or the latest when it holds several
    papers of one force (said on stderr); else ``graph``."""
    wanted = click.get_current_context().meta.get("spr_graph.paper")
    if wanted:
        return graph.paper(wanted)
    documents = graph.documents  # one small query, or kept beside a --db store
    if len(documents) < 2 or len({d.force for d in documents}) != 1:
        return graph  # as one_force_papers says, without importing the analyses (NetworkX)
    from spr_graph.analysis.forces import one_force_papers

    found = one_force_papers(documents)
    latest = found[-1]
    echo(f"spr-graph: the data holds {len(found)} papers of one force; this is the "
         f"latest, {latest.iri.rsplit('/', 1)[-1]} (choose another with --paper)", err=True)
    return graph.paper(latest.iri)


def answer(ctx: click.Context, graph: Graph, name: str, options: dict[str, object],
           fmt: str, output: str | None, fail_on_gap: bool = False) -> None:
    """Write the analysis ``name`` of ``graph`` with ``options``
    (:func:`spr_graph.api.drawing.analysed`: first, when the data holds several forces
    and the analysis takes a force, the note that names the one analysed), as
    :func:`emit` does. For a ``--db`` store spr-graph made, what is written is kept
    beside the store (:func:`spr_graph.api.reading.kept_answer`), keyed by the command,
    its options and the format and width written: the same command again on the
    unchanged store reads the store for nothing but its papers."""
    from spr_graph.api.drawing import analysed
    from spr_graph.api.reading import Answer, kept_answer

    wide, fit = _width(ctx, output)

    def make() -> Answer:
        found = analysed(graph, name, options)
        return Answer(found.render(fmt, fit, wide), fmt, found.findings, found.notes)

    keyed = {k: v for k, v in ctx.params.items() if k not in ("output", "fail_on_gap")}
    _finish(ctx, kept_answer(graph.source, [ctx.command.name, keyed, fmt, fit, wide], make),
            output, fail_on_gap)


def say(found: Answer, output: str | None) -> None:
    """Write an answer: its notes on stderr, its text (to ``output``), its last notes."""
    from spr_graph.cli import write_result

    for note in found.notes:
        echo(note, err=True, one_line=True)
    write_result(found.text, output, found.fmt)
    for note in found.after:
        echo(note, err=True, one_line=True)


def emit(ctx: click.Context, report: Report[Any], fmt: str, output: str | None,
         fail_on_gap: bool = False) -> None:
    """Write the report, a table fitted to the terminal (or ``--wide``); exit 1 when
    ``fail_on_gap`` and it has findings."""
    from spr_graph.api.reading import Answer

    wide, fit = _width(ctx, output)
    _finish(ctx, Answer(report.render(fmt, fit, wide), fmt, report.has_findings), output,
            fail_on_gap)


def _width(ctx: click.Context, output: str | None) -> tuple[bool, int | None]:
    """``--wide``, and the width a table is fitted to (:func:`.table_width`)."""
    from spr_graph.cli._options import table_width

    wide = bool(ctx.meta.get("spr_graph.wide"))
    return wide, table_width(wide, output)


def _finish(ctx: click.Context, found: Answer, output: str | None, fail_on_gap: bool) -> None:
    say(found, output)
    if fail_on_gap and found.findings:
        ctx.exit(1)
