"""``spr-graph ingest``: a force's SPR paper -> a paper folder every command reads."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import echo


def _progress(page: int, pages: int | None) -> None:
    if pages and pages >= 20 and (page % 20 == 0 or page == pages):
        echo(f"  read page {page} of {pages}", err=True)


@click.command()
@click.argument("paper", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", metavar="NAME",
              help="The force the paper reports on (default: guessed from its first page).")
@click.option("--date", metavar="YYYY-MM-DD",
              help="The paper's date (default: guessed from its first page).")
@click.option("--title", metavar="TEXT", help="The paper's title (default: guessed).")
@click.option("--register", "registers", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="An RDF file of more bodies for the national register (repeatable).")
@click.option("-o", "--output", "folder", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="The paper folder to write (refused if it exists, unless --overwrite).")
@click.option("--overwrite", is_flag=True, help="Replace the paper folder if it exists.")
def ingest(paper: Path, force: str | None, date: str | None, title: str | None,
           registers: tuple[Path, ...], folder: Path, overwrite: bool) -> None:
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
                 overwrite=overwrite, on_page=_progress)
    for what, where in sorted(result.guessed.items()):
        echo(f"spr-graph: {what} guessed from {where}", err=True, one_line=True)
    numbering = "numbered" if result.numbered else "unnumbered: blocks numbered in order"
    echo(f"{result.doc_id}: {result.force_label}, {result.date}, {result.paragraphs} "
         f"paragraphs ({numbering})", one_line=True)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.facts.items()))
    echo(f"drafted {sum(result.facts.values())} facts: {kinds or 'none'}", one_line=True)
    if result.review is not None:
        done = result.review
        echo(f"re-applied {sum(done.counts.values())} review decision(s): "
             f"{done.counts['accept']} accepted, {done.counts['correct']} corrected, "
             f"{done.counts['reject']} rejected; {len(done.stale)} no longer match a "
             "drafted fact", one_line=True)
    echo(f"wrote {folder}/ ({', '.join(result.files)}); review it, then: "
         f"spr-graph build --data {folder}", one_line=True)
