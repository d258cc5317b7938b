"""A review applied to a paper folder, published all at once.

After ``spr-graph review DIR --apply FILE`` the folder holds what every command reads,

- ``draft.trig``: the drafted facts not yet decided (still marked machine-drafted),
- ``reviewed.trig``: the accepted and corrected facts (marked reviewed),

beside ``paper.txt``, ``provenance.trig`` and ``manifest.json`` (which gains the review's
counts), and what the review is made from, which commands do not load:
``review.tsv``, the decisions, and ``machine/draft.trig``, the machine's complete draft.
A re-draft (``spr-graph ingest --overwrite`` onto the folder) applies ``review.tsv`` to
the new draft, so decisions survive a change of the rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spr_graph.core.fs import os_error
from spr_graph.core.publish import publication
from spr_graph.core.textfile import read_text
from spr_graph.papers.decisions import parse
from spr_graph.papers.draft.writer import trig
from spr_graph.papers.drafted import MACHINE_DRAFT, draft_file, parse_draft, read_manifest
from spr_graph.papers.review import Reviewed, apply

__all__ = ["DECISIONS", "KEPT", "apply_review", "review_files"]

#: The decisions file a reviewed paper folder keeps.
DECISIONS = "review.tsv"
#: The files of a paper folder a review publishes again unchanged.
KEPT = ("paper.txt", "provenance.trig")


@dataclass(frozen=True)
class Applied:
    """What ``apply_review`` did: the review's outcome and the files it published."""

    reviewed: Reviewed
    files: list[str]


def review_files(doc_id: str, machine: bytes, decisions: str, path: str,
                 manifest: Mapping[str, object]) -> tuple[dict[str, bytes], Reviewed]:
    """The files a review adds to a paper folder: ``machine`` (the complete draft's TriG)
    with ``decisions`` (the text of the file at ``path``) applied, and ``manifest`` with
    the review's counts."""
    result = apply(parse_draft(doc_id, machine, Path(MACHINE_DRAFT)), parse(decisions, path),
                   path)
    review = {**result.counts, "undecided": result.undecided,
              "stale": [d.key for d in result.stale]}
    files = {
        MACHINE_DRAFT: machine,
        "draft.trig": trig(result.draft, f"Machine-drafted from paper {doc_id}, less the "
                           f"facts decided in {DECISIONS}: review before use."),
        "reviewed.trig": trig(result.reviewed, f"Facts of paper {doc_id} reviewed by its "
                              f"curators ({DECISIONS} applied to {MACHINE_DRAFT})."),
        DECISIONS: decisions.encode("utf-8"),
        "manifest.json": (json.dumps({**manifest, "review": review}, indent=2,
                                     ensure_ascii=False) + "\n").encode("utf-8"),
    }
    return files, result


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path, "read") from exc


def apply_review(folder: str | Path, decisions_file: str | Path) -> Applied:
    """Apply the decisions in ``decisions_file`` to the paper folder ``folder``."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    machine, text = _read(draft_file(folder)), read_text(Path(decisions_file))
    files, result = review_files(str(manifest["id"]), machine, text, str(decisions_file),
                                 manifest)
    with publication(folder, expect=[*KEPT, *files]) as staged:
        for name in KEPT:
            staged.write(name, _read(folder / name))
        for name, data in files.items():
            staged.write(name, data)
        written = staged.commit()
    return Applied(result, written)
