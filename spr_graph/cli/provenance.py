"""``spr-graph provenance``: regenerate the provenance graph from a cleaned source text."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import write_result
from spr_graph.cli._options import output_option


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--force", "force_name", default="ag:wmp", show_default=True, metavar="FORCE",
              help="The force the paper reports on: its name or abbreviation in the "
                   "national register (\"West Midlands Police\"), a prefixed name or an IRI.")
@output_option
@click.pass_context
def provenance(ctx: click.Context, source: Path | None, force_name: str,
               output: str | None) -> None:
    """Write the provenance graph (document, paragraphs, graph derivations) as TriG.

    SOURCE is a cleaned source text (default: the bundled paper). Maintainers run this
    after correcting a paper folder's paper.txt; its provenance.trig is the output.

    Example: cd data/papers/wmp-spr-2020-01-21 && spr-graph provenance paper.txt -o provenance.trig
    """
    from spr_graph.core import resources
    from spr_graph.core.namespaces import expand
    from spr_graph.papers.ingest import resolve_force
    from spr_graph.papers.provenance import provenance_trig
    from spr_graph.papers.register import load_register
    from spr_graph.papers.sourcetext import read_source

    force_iri = expand(force_name) or (force_name if "://" in force_name else
                                       resolve_force(load_register(), force_name)[0])
    doc = read_source(source or resources.source_text())
    write_result(provenance_trig(doc, force_iri), output, "trig")
