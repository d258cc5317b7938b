"""``spr-graph review``: the review page of a paper folder, and decisions applied to it."""

from __future__ import annotations

from pathlib import Path

import click

from spr_graph.cli import echo, write_result


def _page(folder: Path, output: Path) -> None:
    from spr_graph.papers.decisions import read_decisions
    from spr_graph.papers.drafted import read_draft, read_manifest
    from spr_graph.papers.review_folder import DECISIONS
    from spr_graph.papers.sourcetext import read_source
    from spr_graph.render.review_page import render_review

    draft, _ = read_draft(folder)
    title = str(read_manifest(folder).get("title") or draft.doc_id)
    paragraphs = read_source(folder / "paper.txt").paragraphs
    decided = folder / DECISIONS
    decisions = read_decisions(decided) if decided.is_file() else []
    write_result(render_review(draft, title, folder, paragraphs, decisions), output, "html")
    echo(f"wrote {output}: {len(draft.facts)} drafted facts, {len(decisions)} decided; "
         f"open it in a browser, save the decisions file, then: "
         f"spr-graph review {folder} --apply review.tsv", err=True, one_line=True)


def _apply(folder: Path, decisions: Path) -> None:
    from spr_graph.papers.review_folder import apply_review

    done = apply_review(folder, decisions)
    result = done.reviewed
    for stale in result.stale:
        echo(f"spr-graph: {decisions}:{stale.line}: no drafted fact {stale.key} (the "
             "rules changed, or the key is mistyped): decision kept, not applied",
             err=True, one_line=True)
    counts = result.counts
    echo(f"{folder}: {counts['accept']} accepted, {counts['correct']} corrected, "
         f"{counts['reject']} rejected, {result.undecided} still drafted; wrote "
         f"{', '.join(done.files)}", one_line=True)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--apply", "decisions", metavar="FILE",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Apply the decisions in FILE to the paper folder instead of writing the "
                   "page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("review.html"), show_default=True,
              help="The review page to write.")
def review(folder: Path, decisions: Path | None, output: Path) -> None:
    """Review a paper folder's machine-drafted facts.

    Without --apply: write an offline HTML page showing each paragraph of the paper
    with the words its drafted facts quote highlighted, and the facts beside it, to
    accept, reject or correct; the page writes the decisions file as you go.

    With --apply FILE: apply the decisions (lines of 'accept KEY', 'reject KEY' or
    'correct KEY PROPERTY=VALUE ...'): accepted and corrected facts move to
    reviewed.trig, rejected ones go, the rest stay in draft.trig. The folder keeps the
    decisions (review.tsv) and the machine's complete draft (machine/draft.trig), so
    applying again, or re-drafting with spr-graph ingest --overwrite, keeps every
    decision.

    Example: spr-graph review draft -o review.html && spr-graph review draft --apply review.tsv
    """
    if decisions is None:
        _page(folder, output)
    else:
        _apply(folder, decisions)
