"""``spr-graph stats``: what the graph holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from spr_graph.cli import echo, write_result

C_ORDER = ("capacity", "contribution", "capability", "consistency", "connectivity")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def stats(ctx: click.Context, files: tuple[Path, ...], fmt: str) -> None:
    """Count entities per class, facts per threat and per C, and uncited paragraphs.

    FILES default to the bundled ontology and data; the bundled ontology and shapes
    come along unless the files bring their own.

    Example: spr-graph stats --format json
    """
    from spr_graph.graph.stats import compute
    from spr_graph.store.load import load
    from spr_graph.store.select import store_select

    loaded = load(list(files) or None)
    result = compute(store_select(loaded.store))
    if fmt == "json":
        write_result(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n", None,
                     "json")
        return
    echo(f"{result.quads} quads in paragraph and provenance graphs\n")
    echo("Entities per class")
    for cls, n in result.entities_per_class.items():
        echo(f"  {n:5d}  {cls}")
    echo("\nRequirement statements, threat x C")
    width = max((len(t) for t in result.matrix), default=10)
    echo("  " + " " * width + "".join(f"{c[:12]:>14}" for c in C_ORDER) + "         total")
    for threat, row in result.matrix.items():
        cells = "".join(f"{row.get(c, 0):>14}" for c in C_ORDER)
        echo(f"  {threat:<{width}}{cells}{result.statements_per_threat.get(threat, 0):>14}")
    echo("\nTriples per section")
    for section, n in result.triples_per_section.items():
        echo(f"  {n:5d}  {section}")
    missing = result.paragraphs_without_facts
    echo(f"\n{len(result.paragraphs_with_facts)} of {len(result.paragraphs)} numbered "
               f"paragraphs carry at least one fact")
    echo("Paragraphs with no fact: " + (", ".join(map(str, missing)) if missing else "none"))
