"""Options shared by the commands that read a graph: --data, --db, --endpoint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def source_options(func: F) -> F:
    """Add ``--data FILE`` (repeatable), ``--db DIR`` and ``--endpoint URL``."""
    func = click.option("--endpoint", metavar="URL",
                        help="Read from this SPARQL 1.1 endpoint instead of files.")(func)
    func = click.option("--db", type=click.Path(file_okay=False, path_type=Path),
                        help="Read from a persistent Oxigraph store in DIR (in a store "
                             "spr-graph push made, what is read and the analyses' "
                             "answers are kept beside it until it changes).")(func)
    func = click.option("--data", "data", multiple=True,
                        type=click.Path(path_type=Path),
                        help="RDF file or paper folder (spr-graph ingest) to read "
                        "(repeatable; default: the bundled data; the bundled ontology and "
                        "shapes come along unless the files bring their own).")(func)
    return func


def open_from_options(data: tuple[Path, ...], db: Path | None,
                      endpoint: str | None, timeout: float = 30.0) -> Any:
    """Open the source the options name."""
    from spr_graph.store.source import open_source

    return open_source(list(data) or None, db, endpoint, timeout)


def output_option(func: F) -> F:
    """``-o/--output FILE``: write there atomically; ``-`` (or no option) is standard
    output, the same in every command."""
    return click.option("-o", "--output", metavar="FILE",
                        type=click.Path(dir_okay=False, allow_dash=True),
                        help="Write here (atomically); - for standard output [default: -].",
                        )(func)


class Formats(click.Choice[str]):
    """``-f/--format``: the formats a command offers. ``text``, the name these commands
    used before every command shared one vocabulary, is still read as ``table``."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if value == "text" and "table" in self.choices:
            value = "table"
        return str(super().convert(value, param, ctx))


def format_option(choices: tuple[str, ...], help: str, default: str | None = "table"
                  ) -> Callable[[F], F]:
    """``-f/--format``, the same option in every command that prints a result."""
    return click.option("-f", "--format", "fmt", type=Formats(choices), default=default,
                        show_default=default is not None, help=help)


class When(click.ParamType[Any]):
    """A date as precise as the user gives it (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``),
    checked while the options are read: a bad one fails before any file is."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from spr_graph.core.errors import InputError
        from spr_graph.graph.facts import Instant, parse_instant

        if isinstance(value, Instant):
            return value
        try:
            return parse_instant(str(value))
        except InputError as exc:
            self.fail(str(exc), param, ctx)


WHEN = When()


class Seconds(click.ParamType[float]):
    """A time limit: a finite number of seconds above 0 and at most a day (``inf`` and
    ``nan`` parse as floats but would never stop anything, or break the comparison)."""

    name = "seconds"
    MAX = 86_400.0

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not 0 < seconds <= self.MAX:  # False for nan as well
            self.fail(f"{value!r} is not between 0 (excluded) and {self.MAX:g} seconds",
                      param, ctx)
        return seconds


SECONDS = Seconds()


def table_width(wide: bool, output: str | None = None) -> int | None:
    """The width a table fits: the terminal's when standard output is one (and ``-o``
    names no file), else a fixed default; None with ``--wide`` (cells on one line)."""
    import shutil
    import sys

    from spr_graph.core.tables import DEFAULT_WIDTH

    if wide:
        return None
    if (output is None or output == "-") and sys.stdout.isatty():
        return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 40)
    return DEFAULT_WIDTH
#: Row limits: engines take 32-bit counts at most; 0 means no limit where allowed.
MAX_ROWS = 100_000_000


def memory_option(func: F) -> F:
    """``--max-memory MB``: how much more memory one query may use before it is stopped;
    the command receives bytes, or None for no cap (``0``)."""
    from spr_graph.sparql.worker import DEFAULT_MAX_MEMORY_MB

    return click.option("--max-memory", "max_memory", type=click.IntRange(min=0, max=1 << 30),
                        metavar="MB", default=DEFAULT_MAX_MEMORY_MB, show_default=True,
                        callback=lambda _ctx, _param, mb: (mb << 20) or None,
                        help="Stop a query once it has used this many more MB of memory "
                             "(0: no cap).")(func)
