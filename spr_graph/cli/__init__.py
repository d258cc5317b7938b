"""The ``spr-graph`` command line: the only place that prints, prompts or exits.

Each command lives in a module of its own and is imported only when it runs, so start-up
stays fast (pyshacl, networkx and Jinja2 are imported by the commands that need them).

Exit codes: 0 ok, 1 findings (validation violations, gaps with --fail-on-gap, ASK false),
2 bad input or usage, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from spr_graph.core.version import __version__

#: command name -> "module:function" inside spr_graph.cli
COMMANDS: dict[str, str] = {
    "validate": "validate:validate",
    "stats": "stats:stats",
    "provenance": "provenance:provenance",
    "build": "build:build",
    "export": "export:export",
    "query": "query:query",
    "queries": "queries:queries",
    "search": "search:search",
    "describe": "describe:describe",
    "serve": "serve:serve",
    "push": "push:push",
    "gaps": "gaps:gaps",
    "spof": "spof:spof",
    "brokers": "brokers:brokers",
    "whatif": "whatif:whatif",
    "capacity": "capacity:capacity",
    "funding": "funding:funding",
    "synth": "synth:synth",
    "map": "map:map_command",
    "ingest": "ingest:ingest",
    "review": "review:review",
    "diff": "diff:diff",
    "compare": "compare:compare",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used, and the
    one place where errors become messages: see :func:`fail`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return command

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        """Usage errors in the group's own options (and Ctrl-C while they are read) are
        one line too."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except (click.ClickException, KeyboardInterrupt) as exc:
            if "--debug" in args:
                raise
            raise fail(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; whatever goes wrong ends it with one line and its exit code."""
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if ctx.params.get("debug") or _is_broken_pipe(exc):
                raise
            raise fail(exc) from None


def _is_broken_pipe(exc: BaseException) -> bool:
    """A reader that went away (``spr-graph query ... | head``): click ends quietly."""
    import errno

    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def _interrupted(exc: BaseException | None) -> bool:
    """Ctrl-C, or an error raised while Ctrl-C was being handled (an import it cut short
    fails again later as ImportError or RecursionError: it is still the interrupt)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def fail(exc: BaseException) -> click.exceptions.Exit:
    """Print the one line that ``exc`` deserves on stderr; the exit to raise.

    Every command's errors arrive here, so none can forget: errors the library raises
    on purpose (exit 2), usage errors (2), operating-system errors such as a full disk
    or a read-only folder (2), text that is not UTF-8 (2), Ctrl-C (130), and anything
    unforeseen (2, with a hint to rerun with ``--debug`` for the traceback).
    """
    from spr_graph.core.errors import SprGraphError
    from spr_graph.core.fs import os_error

    code = 2
    if _interrupted(exc):
        message, code = "interrupted", 130
    elif isinstance(exc, SprGraphError):
        message, code = f"error: {exc}", exc.exit_code
    elif isinstance(exc, click.ClickException):
        usage: click.Context | None = getattr(exc, "ctx", None)
        where = f" (see '{usage.command_path} --help')" if usage else ""
        message = f"error: {exc.format_message()}{where}"
    elif isinstance(exc, OSError):
        message = f"error: {os_error(exc, what='go on')}"
    elif isinstance(exc, UnicodeDecodeError):
        message = (f"error: the input is not UTF-8 text (byte {exc.start}: "
                   f"{exc.object[exc.start:exc.start + 1]!r}; convert it to UTF-8)")
    elif isinstance(exc, MemoryError):
        message = "error: out of memory (narrow the input or the query)"
    else:
        message = (f"internal error: {type(exc).__name__}: {exc} (rerun with "
                   "'spr-graph --debug ...' for the traceback, and report it)")
    echo(f"spr-graph: {message}", err=True, one_line=True)
    return click.exceptions.Exit(code)


#: At most this many characters of a message from data reach the terminal.
MAX_MESSAGE = 2_000
#: Whether this process ends when its command does: set by the ``spr-graph`` program
#: (:func:`spr_graph.__main__.entry`), never for commands run inside a longer-lived
#: process (a test's ``CliRunner``), whose garbage collector a command leaves as it was.
ENDS_WITH_COMMAND = False


def echo(text: str = "", *, err: bool = False, nl: bool = True, one_line: bool = False) -> None:
    """Print text meant for people, with control and bidi characters from data shown as
    escapes (:func:`spr_graph.core.terminal.terminal_safe`). Every command prints through
    this, never ``click.echo`` (a test checks), except for exact machine formats: see
    :func:`write_result`."""
    from spr_graph.core.terminal import terminal_safe

    click.echo(single_line(text) if one_line else terminal_safe(text), err=err, nl=nl)


def single_line(text: str) -> str:
    """``text`` as :func:`echo` prints it with ``one_line``: cut at :data:`MAX_MESSAGE`
    characters, every control character (a newline too) shown as an escape."""
    from spr_graph.core.terminal import terminal_safe

    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + "..."
    return terminal_safe(text, one_line=True)


#: Formats written for people (made terminal-safe); the others keep the data exact.
HUMAN_FORMATS = frozenset({"table", "text", "markdown"})


def write_result(text: str | bytes, output: str | Path | None, fmt: str) -> None:
    """Write a command's result: to standard output when ``output`` is None or ``-``,
    else atomically to the file. Text in a human format is made terminal-safe."""
    from spr_graph.core.atomic import write_bytes
    from spr_graph.core.terminal import terminal_safe

    if isinstance(text, str):
        if fmt in HUMAN_FORMATS:
            text = terminal_safe(text)
        data = text.encode("utf-8")
    else:
        data = text
    if output is None or output == "-":
        click.echo(data, nl=False)
    else:
        write_bytes(Path(output), data)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spr-graph")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Knowledge graph toolkit for the UK Strategic Policing Requirement.

    Turns an SPR compliance paper into an RDF graph in which every fact cites its
    paragraph, validates it, analyses it and exports maps and reports, all offline.

    Exit codes: 0 ok, 1 findings, 2 bad input or usage, 130 interrupted.

    Example: spr-graph validate
    """
    import logging

    # rdflib logs a traceback for every ill-typed literal it meets; validate reports
    # those itself, one line each, so keep rdflib's own logging to errors.
    logging.getLogger("rdflib").setLevel(logging.DEBUG if debug else logging.ERROR)
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
