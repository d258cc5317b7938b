"""``spr-graph queries``: the catalogue of named, tested SPARQL queries."""

from __future__ import annotations

import json

import click

from spr_graph.cli import echo, write_result
from spr_graph.cli._options import format_option


@click.group(invoke_without_command=True)
@format_option(("table", "json"), "List format.")
@click.pass_context
def queries(ctx: click.Context, fmt: str) -> None:
    """List the catalogue of named queries; 'queries show NAME' prints one.

    Each runs with 'spr-graph query NAME [--param NAME=VALUE ...]'.

    Example: spr-graph queries show who-chairs
    """
    if ctx.invoked_subcommand is not None:
        return
    from spr_graph.sparql.catalogue import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        write_result(json.dumps([{
            "name": q.name, "summary": q.summary, "description": q.description,
            "tags": list(q.tags),
            "params": [{"name": p.name, "type": p.type, "required": p.required,
                        "default": p.default, "description": p.description}
                       for p in q.params]} for q in catalogue.values()],
            indent=2, ensure_ascii=False) + "\n", None, "json")
        return
    width = max(len(name) for name in catalogue)
    for q in catalogue.values():
        echo(f"{q.name:<{width}}  {q.summary}")
        for p in q.params:
            needed = "required" if p.required else (f"default {p.default}" if p.default
                                                    else "optional")
            echo(f"{'':<{width}}    --param {p.name}=<{p.type}>  ({needed})")
    echo(f"\n{len(catalogue)} queries; run one with: spr-graph query NAME")


@queries.command()
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Print a catalogue query's file: its header (summary, parameters) and SPARQL.

    Example: spr-graph queries show funding-ending
    """
    from spr_graph.sparql.catalogue import get

    query = get(name)
    echo(query.text, nl=not query.text.endswith("\n"))
