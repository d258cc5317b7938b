"""``spr-graph ingest``: a force's SPR paper -> a paper folder every command reads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from spr_graph.cli import echo

if TYPE_CHECKING:
    from spr_graph.papers.ingest import Ingested


def _progress(page: int, pages: int | None) -> None:
    if pages and pages >= 20 and (page % 20 == 0 or page == pages):
        echo(f"  read page {page} of {pages}", err=True)


def _measures(result: Ingested, folder: Path, curated: Path,
              registers: tuple[Path, ...]) -> str:
    from spr_graph.core.errors import InputError, Location
    from spr_graph.core.tables import Table, render_text
    from spr_graph.papers.draft.compare import TARGETS, compare
    from spr_graph.papers.register import load_register
    from spr_graph.store.load import expand_folders, load

    assert result.paper is not None
    register = load_register(registers)
    ours = load(expand_folders([folder]), vocabulary=False).store
    theirs = load(expand_folders([curated])).store
    entry = register.get(result.force)
    try:
        measures = compare(result.paper, result.drafted, ours, theirs, register,
                           list(entry.labels) if entry else [result.force_label])
    except ValueError as exc:
        raise InputError(f"not one curated paper: {exc}", Location(str(curated)),
                         "give the folder or files of one curated paper") from None
    rows = [[m.kind, str(m.score.found), str(m.score.drafted), str(m.score.curated),
             f"{m.score.precision:.3f}", f"{m.score.recall:.3f}",
             f"P>={TARGETS[m.kind][0]:.2f} R>={TARGETS[m.kind][1]:.2f}",
             "yes" if m.met else "NO"] for m in measures]
    return render_text([Table(f"The draft against {curated}", [
        "kind", "found", "drafted", "curated", "precision", "recall", "target", "met"],
        rows)], width=None).rstrip("\n")


@click.command()
@click.argument("paper", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", metavar="NAME",
              help="The force the paper reports on (default: guessed from its first page).")
@click.option("--date", metavar="YYYY-MM-DD",
              help="The paper's date (default: guessed from its first page).")
@click.option("--title", metavar="TEXT", help="The paper's title (default: guessed).")
@click.option("--edition", type=click.Choice(["2015", "2023"]),
              help="The SPR edition the paper answers (default: 2023 for a paper with a "
                   "VAWG section or dated from 21 February 2023, else 2015).")
@click.option("--register", "registers", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="An RDF file of more bodies for the national register (repeatable).")
@click.option("-o", "--output", "folder", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="The paper folder to write (refused if it exists, unless --overwrite).")
@click.option("--overwrite", is_flag=True, help="Replace the paper folder if it exists.")
@click.option("--compare-with", "curated", metavar="DIR",
              type=click.Path(exists=True, path_type=Path),
              help="A curated graph of the same paper (a paper folder or RDF file): print "
                   "the draft's precision and recall against it, per kind of fact.")
def ingest(paper: Path, force: str | None, date: str | None, title: str | None,
           edition: str | None, registers: tuple[Path, ...], folder: Path, overwrite: bool,
           curated: Path | None) -> None:
    """Read a force's SPR paper and draft a cited graph of it for a curator to review.

    PAPER is a PDF with a text layer, a Word .docx or a text file (such as a PDF's
    extracted text). The paper folder holds the cleaned text (paper.txt), its provenance
    graph, the machine-drafted graph (draft.trig: every fact in a graph of its own,
    quoting its paragraph and naming the rule that drafted it) and manifest.json. Every
    command reads it with --data DIR. What was guessed, and from where, is said.

    Example: spr-graph ingest paper.pdf --force "West Midlands Police" --date 2020-01-21 -o draft
    """
    from spr_graph.papers.ingest import ingest as run

    result = run(paper, folder, force=force, date=date, title=title, registers=registers,
                 overwrite=overwrite, on_page=_progress, edition=edition)
    for what, where in sorted(result.guessed.items()):
        echo(f"spr-graph: {what} guessed from {where}", err=True, one_line=True)
    numbering = "numbered" if result.numbered else "unnumbered: blocks numbered in order"
    echo(f"{result.doc_id}: {result.force_label}, {result.date}, answering the "
         f"{result.edition.replace('spr-', 'SPR ')}, {result.paragraphs} paragraphs "
         f"({numbering})", one_line=True)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.facts.items()))
    echo(f"drafted {sum(result.facts.values())} facts: {kinds or 'none'}", one_line=True)
    if result.review is not None:
        done = result.review
        echo(f"re-applied {sum(done.counts.values())} review decision(s): "
             f"{done.counts['accept']} accepted, {done.counts['correct']} corrected, "
             f"{done.counts['reject']} rejected; {len(done.stale)} no longer match a "
             "drafted fact", one_line=True)
    if curated is not None:
        echo(_measures(result, folder, curated, registers))
    echo(f"wrote {folder}/ ({', '.join(result.files)}); review it, then: "
         f"spr-graph build --data {folder}", one_line=True)
