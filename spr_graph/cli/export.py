"""``spr-graph export``: one export format at a time, to a file or standard output."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import write_result
from spr_graph.cli._options import output_option

GRAPH_FORMATS = ("graphml", "gexf", "csv")


def _export(data: list[Path] | None, fmt: str, table: str) -> bytes:
    """The interoperability graph as GraphML, GEXF or one CSV table."""
    from spr_graph.graph.projection import project
    from spr_graph.render import formats
    from spr_graph.store.load import load
    from spr_graph.store.select import store_select

    graph = project(store_select(load(data).store))
    if fmt == "csv":
        return formats.nodes_csv(graph) if table == "nodes" else formats.edges_csv(graph)
    return formats.graphml(graph) if fmt == "graphml" else formats.gexf(graph)


def _stream(data: list[Path] | None, fmt: str, output: str | None) -> None:
    """TriG, N-Quads or JSON-LD written a graph at a time (:mod:`spr_graph.store.dump`):
    the same bytes as the whole dataset serialised at once, without holding it in Python."""
    import sys

    from spr_graph.core.atomic import atomic_open
    from spr_graph.store.dump import dump
    from spr_graph.store.load import load

    store = load(data).store
    if output is None or output == "-":
        stdout = sys.stdout.buffer
        dump(store, stdout, fmt)
        stdout.flush()
        return
    with atomic_open(output, "wb") as handle:
        dump(store, handle, fmt)


@click.command()
@click.option("-f", "--format", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "csv", "jsonld", "trig", "nquads"]),
              help="graphml, gexf and csv export the interoperability graph; jsonld, trig "
                   "and nquads the whole dataset.")
@click.option("--table", type=click.Choice(["nodes", "edges"]), default="nodes",
              show_default=True, help="Which CSV table to write (with --format csv).")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="RDF file to read (repeatable; default: the bundled data; "
                   "the bundled ontology and shapes come along unless the files bring their own).")
@output_option
@click.pass_context
def export(ctx: click.Context, fmt: str, table: str, data: tuple[Path, ...],
           output: str | None) -> None:
    """Export the graph or the dataset in one format, for the tools analysts already use.

    GraphML (yEd, Gephi, Cytoscape), GEXF (Gephi), CSV (i2 Analyst's Notebook, Neo4j,
    spreadsheets; formula-like cells neutralised), and JSON-LD with an inline context,
    TriG or N-Quads (any triple store). The output is deterministic: the same input gives
    the same bytes. `spr-graph build` writes all of them at once.

    Example: spr-graph export --format csv --table edges -o edges.csv
    """
    if fmt not in GRAPH_FORMATS:
        _stream(list(data) or None, fmt, output)
        return
    write_result(_export(list(data) or None, fmt, table), output, fmt)
