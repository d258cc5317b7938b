"""``spr-graph provenance``: regenerate the provenance graph from a cleaned source text."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import write_result
from spr_graph.cli._options import output_option


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--force", "force_iri", default="https://w3id.org/spr-graph/id/organisation/wmp",
              show_default=True, help="IRI of the force the paper reports on.")
@output_option
@click.pass_context
def provenance(ctx: click.Context, source: Path | None, force_iri: str,
               output: str | None) -> None:
    """Write the provenance graph (document, paragraphs, graph derivations) as TriG.

    SOURCE is a cleaned source text (default: the bundled paper). Maintainers run this
    after correcting a paper folder's paper.txt; its provenance.trig is the output.

    Example: cd data/papers/wmp-spr-2020-01-21 && spr-graph provenance paper.txt -o provenance.trig
    """
    from spr_graph.core import resources
    from spr_graph.papers.provenance import provenance_trig
    from spr_graph.papers.sourcetext import read_source

    doc = read_source(source or resources.source_text())
    write_result(provenance_trig(doc, force_iri), output, "trig")
