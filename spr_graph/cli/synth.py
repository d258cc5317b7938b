"""``spr-graph synth``: a synthetic national SPR graph for scale tests and benchmarks."""

from __future__ import annotations

import click

from spr_graph.cli import echo, write_result


@click.command()
@click.option("--forces", type=click.IntRange(min=1, max=10000), default=43, show_default=True,
              help="How many forces (one synthetic paper each).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed gives a byte-identical file.")
@click.option("--regions", type=click.IntRange(min=1),
              help="How many regions (default: about one per 4.3 forces, as in England "
                   "and Wales).")
@click.option("--years", type=click.IntRange(min=1, max=50), default=1, show_default=True,
              help="Papers a force: one a year from January 2020, each with its own facts.")
@click.option("--density", type=click.IntRange(min=1, max=200), default=1, show_default=True,
              help="Facts a paper, as a multiple: each paper also describes DENSITY - 1 "
                   "local policing areas with their own units, boards, statements and "
                   "funding (43 forces x 5 years at density 50: about 5M quads).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              required=True, help="TriG file to write (atomically); - for standard output.")
def synth(forces: int, seed: int, regions: int | None, years: int, density: int,
          output: str) -> None:
    """Write a realistic, shape-valid synthetic national graph as TriG (not real data).

    Forces with units, posts and boards; regional ROCUs and counter-terrorism units
    shared by several forces; national agencies; funding streams with end dates;
    requirement statements with gaps; every fact cited to a paragraph. Validate it with
    the bundled ontology and shapes: spr-graph validate ontology/spr.ttl
    ontology/shapes.ttl FILE.

    Example: spr-graph synth --forces 43 --years 5 --density 50 -o national.trig
    """
    from spr_graph.core.atomic import atomic_open
    from spr_graph.papers.synth import synth_papers

    texts = synth_papers(forces, seed, regions, years, density)
    if output == "-":
        write_result("\n".join(texts), output, "trig")
        return
    with atomic_open(output, "wb") as handle:  # a paper at a time: 5M quads are 0.5 GB
        for i, text in enumerate(texts):
            handle.write((text if i == 0 else "\n" + text).encode("utf-8"))
    papers = f", {years} papers each" if years > 1 else ""
    echo(f"wrote {forces} synthetic forces{papers} to {output}", err=True)
