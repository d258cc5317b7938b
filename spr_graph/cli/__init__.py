"""The ``spr-graph`` command line: the only place that prints, prompts or exits.

Each command lives in a module of its own and is imported only when it runs, so start-up
stays fast (pyvis, pyshacl and networkx are imported by the commands that need them).

Exit codes: 0 ok, 1 findings (validation violations, gaps with --fail-on-gap, ASK false),
2 bad input or usage, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from .. import __version__

#: command name -> "module:function" inside spr_graph.cli
COMMANDS: dict[str, str] = {
    "validate": "validate:validate",
    "stats": "stats:stats",
    "provenance": "provenance:provenance",
    "build": "build:build",
    "export": "export:export",
    "query": "query:query",
    "queries": "queries:queries",
    "serve": "serve:serve",
    "push": "push:push",
    "gaps": "gaps:gaps",
    "spof": "spof:spof",
    "whatif": "whatif:whatif",
    "capacity": "capacity:capacity",
    "funding": "funding:funding",
    "synth": "synth:synth",
    "map": "map:map_command",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C ends a command with one line and exit code 130, not click's exit 1
        (which here means findings). Files are written whole or not at all regardless."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if ctx.params.get("debug"):
                raise
            click.echo("spr-graph: interrupted", err=True)
            raise click.exceptions.Exit(130) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spr-graph")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Knowledge graph toolkit for the UK Strategic Policing Requirement.

    Turns an SPR compliance paper into an RDF graph in which every fact cites its
    paragraph, validates it, analyses it and exports maps and reports, all offline.

    Exit codes: 0 ok, 1 findings, 2 bad input or usage.

    Example: spr-graph validate
    """
    import logging

    # rdflib logs a traceback for every ill-typed literal it meets; validate reports
    # those itself, one line each, so keep rdflib's own logging to errors.
    logging.getLogger("rdflib").setLevel(logging.DEBUG if debug else logging.ERROR)
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def run(ctx: click.Context, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call library code, turning its errors into one-line messages and exit code 2."""
    from ..errors import SprGraphError

    try:
        return func(*args, **kwargs)
    except SprGraphError as exc:
        if ctx.find_root().obj and ctx.find_root().obj.get("debug"):
            raise
        click.echo(f"spr-graph: error: {exc}", err=True)
        ctx.exit(exc.exit_code)
