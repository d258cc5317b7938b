"""``spr-graph build``: the whole evidence pack in one command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from spr_graph.cli import echo

#: Violations and findings listed before the rest are counted.
SHOWN = 20


def _step(step: Any) -> None:
    echo(f"[{step.number}/{step.total}] {step.name:<9} {step.detail}  "
         f"({step.seconds:.1f} s)")


def waiting_for(folder: Path) -> Callable[[int | None], None]:
    """What to say when another build holds ``folder``: which process, and how to stop."""

    def say(pid: int | None) -> None:
        who = f"process {pid}" if pid is not None else "another process"
        echo(f"spr-graph: waiting for the build of {who} to finish writing {folder} "
             "(Ctrl-C to stop waiting)", err=True)

    return say


def _cites(findings: Any, numbers: tuple[int, ...]) -> str:
    """`` [WMP 2020-01 ¶57, 58]``, as the report and the analysis files cite (at most
    three papers named: a national node can be stated by every paper of a store)."""
    return f" [{findings.citing.text(numbers, papers=3)}]" if numbers else ""


def _summary(result: Any) -> None:
    findings, report = result.findings, result.validation
    graph, spof = findings.graph, findings.spof
    rows = [
        ("graph", f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relations, "
                  f"{len(findings.facts.statements)} requirement statements, "
                  f"{len(findings.paragraphs)} paragraphs"),
        ("validation", f"{'conforms' if report.conforms() else 'DOES NOT CONFORM'} "
                       f"({len(report.violations)} violation(s), "
                       f"{len(report.warnings)} warning(s))"),
        ("gaps", f"{len(findings.gaps.gaps)}" + (
            f"; {len(findings.rebaseline.gaps)} against "
            f"{findings.rebaseline.labels.get(findings.rebaseline.edition, 'the newest SPR')}"
            if findings.rebaseline is not None else "")),
        ("SPOFs", f"{len(spof.articulation_points)} articulation points, "
                  f"{len(spof.bridges)} bridges, {len(spof.at_risk)} threat(s) with at most "
                  f"one route to a national partner, {len(spof.key_persons)} key-person risk(s)"),
        ("shortfalls", str(len(findings.capacity.shortfalls))),
        ("cliffs", f"{len(findings.funding.cliffs)} funding cliff(s)"),
    ]
    echo("\nSummary")
    for name, text in rows:
        echo(f"  {name:<11} {text}")
    if result.claims:
        echo("\nFindings")
        for claim in result.claims[:SHOWN]:
            echo(f"  - {claim.text}{_cites(findings, claim.paragraphs)}")
        if len(result.claims) > SHOWN:
            echo(f"  ... and {len(result.claims) - SHOWN} more in report.html")


def _a_folder(path: Path) -> Path:
    if str(path) == "-":
        raise click.BadParameter("- is standard output, but a pack is a folder: give -o DIR")
    return path


@click.command()
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="RDF file or paper folder (spr-graph ingest) to read (repeatable; "
                   "default: the bundled data; the bundled ontology and shapes come along "
                   "unless the files bring their own).")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              callback=lambda _ctx, _param, path: _a_folder(path),
              default=Path("exports"), show_default=True, help="Folder to write the pack into.")
@click.option("--allow-invalid", is_flag=True,
              help="Publish the pack even when validation finds violations (the report "
                   "lists them; the exit code is still 1).")
@click.pass_context
def build(ctx: click.Context, data: tuple[Path, ...], folder: Path,
          allow_invalid: bool) -> None:
    """Validate, analyse and write the whole evidence pack into a folder.

    The pack: report.html and report.md (the assurance report), maps/ (partnership maps),
    GraphML, GEXF, nodes and edges CSV, TriG, N-Quads and JSON-LD exports, the analysis
    as JSON and CSV, ontology.html, validation.json, index.html linking everything and
    SHA256SUMS. Files are staged and moved into place together: an error or Ctrl-C leaves
    the previous pack as it was. The same input gives byte-identical files. Only files
    of the previous pack (listed in its SHA256SUMS, unchanged) are ever removed; a link
    or a folder in the way of a file of the pack is an error. A second build into the
    same folder waits for the first, and says so.

    Exit codes: 0 built; 1 validation found violations (nothing is published unless
    --allow-invalid); 2 bad input.

    Example: spr-graph build -o exports
    """
    from spr_graph.pack.build import build as build_pack

    result = build_pack(list(data) or None, folder, _step, allow_invalid,
                 waiting=waiting_for(folder))
    report = result.validation
    if not report.conforms():
        for finding in report.violations[:SHOWN]:
            echo(finding.describe(), err=True)
        if len(report.violations) > SHOWN:
            echo(f"... and {len(report.violations) - SHOWN} more "
                 "(spr-graph validate lists them all)", err=True)
    _summary(result)
    if result.published:
        echo(f"\nOpen {result.index}")
    else:
        echo(f"\nValidation failed: nothing was published; {folder} is unchanged "
             "(fix the data, or use --allow-invalid to publish anyway)", err=True)
    ctx.exit(0 if report.conforms() else 1)
