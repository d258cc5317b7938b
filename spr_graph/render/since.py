"""What changed since an earlier paper, as a map of the new paper draws it.

The changes are the ``organisation`` and ``link`` areas of the diff ``spr-graph diff``
computes (:mod:`spr_graph.analysis.diff`, :mod:`spr_graph.analysis.diff_structure`):
one source of truth, so the map marks exactly what ``diff`` lists. What was added or
changed is on the new paper's map already and is marked; what was removed is drawn from
the earlier paper's projection, marked, and hidden until the page's "Since <paper>"
toggle is on (``templates/map_since.js``). Paragraphs of the earlier paper are given
keys of their own on the map (:mod:`spr_graph.core.paragraph_keys`: the rank after the
map's papers), so the evidence panel cites each change in the right paper.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spr_graph.core.paragraph_keys import number_of, paragraph_key, rank_of

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.diff import Change, Diff
    from spr_graph.core.rows import Select
    from spr_graph.graph.evidence import ProvenanceParagraph

__all__ = ["Marks", "Since", "overlay", "read_since"]


@dataclass(frozen=True)
class Since:
    """The diff from an earlier paper of the force to the mapped one, the earlier paper's
    projection (for what was removed) and its paragraphs (by number)."""

    diff: Diff
    old: nx.MultiDiGraph
    paragraphs: Mapping[int, ProvenanceParagraph] = field(default_factory=dict)

    @property
    def changes(self) -> list[Change]:
        """The changes a map marks: those naming what they are about."""
        return [c for c in self.diff.changes if c.subject]


@dataclass(frozen=True)
class Marks:
    """One map's changes, JSON-ready (``paper``, ``changes``), with the earlier paper's
    paragraphs they cite, by their keys on the map."""

    data: dict[str, Any]
    paragraphs: dict[int, ProvenanceParagraph]


def read_since(old: Select, new: Select) -> Since:
    """What changed from the paper ``old`` reads to the one ``new`` reads (one paper each)."""
    from spr_graph.analysis.diff import diff, read_side
    from spr_graph.graph.evidence import read_paragraphs

    before = read_side(old)
    return Since(diff(before, read_side(new)), before.graph, read_paragraphs(old))


def _rekey(keys: Iterable[int], rank: int) -> list[int]:
    return sorted({paragraph_key(rank, number_of(k)) for k in keys})


def _ghosts(since: Since, drawn: nx.MultiDiGraph, threats: Collection[str],
            whole: bool, rank: int) -> None:
    """Add to ``drawn`` what was removed: every removed agent (on a map of the whole
    force), and each removed link (naming one of ``threats``, on a threat's map) whose
    ends are on the map or removed too."""
    removed = {c.subject[0] for c in since.changes if c.area == "organisation"
               and c.change == "removed"}

    def ghost(node: str) -> None:
        if node not in drawn:
            drawn.add_node(node, **{**since.old.nodes[node],
                                    "paragraphs": _rekey(since.old.nodes[node]["paragraphs"],
                                                         rank)})

    for node in sorted(removed) if whole else ():
        ghost(node)
    for c in since.changes:
        if c.area != "link" or c.change != "removed":
            continue
        u, v, relation = c.subject
        attrs = since.old.edges[u, v, relation]
        if threats and not set(threats) & set(attrs["threats"]):
            continue
        if all(end in drawn or end in removed for end in (u, v)):
            ghost(u)
            ghost(v)
            drawn.add_edge(u, v, key=relation,
                           **{**attrs, "paragraphs": _rekey(attrs["paragraphs"], rank)})


def overlay(since: Since, view: nx.MultiDiGraph, threats: Collection[str], whole: bool,
            new_rank: int, old_rank: int, old_short: str) -> tuple[nx.MultiDiGraph, Marks]:
    """``view`` with what was removed added, every change on it marked (a ``since``
    attribute: the change's place in the marks), and the marks."""
    drawn = view.copy()
    _ghosts(since, drawn, threats, whole, old_rank)
    changes: list[dict[str, Any]] = []
    for c in since.changes:
        attrs = (drawn.nodes.get(c.subject[0]) if c.area == "organisation" else
                 drawn.edges[c.subject] if drawn.has_edge(*c.subject) else None)
        if attrs is None:
            continue
        attrs["since"] = len(changes)
        changes.append({"area": c.area, "change": c.change, "what": c.what,
                        "before": c.before, "after": c.after,
                        "old": _rekey(c.old, old_rank), "new": _rekey(c.new, new_rank)})
    keys = {k for c in changes for k in c["old"]}
    keys |= {k for _, a in drawn.nodes(data=True) for k in a["paragraphs"]}
    keys |= {k for *_, a in drawn.edges(keys=True, data=True) for k in a["paragraphs"]}
    paragraphs = {k: since.paragraphs[number_of(k)] for k in sorted(keys)
                  if rank_of(k) == old_rank and number_of(k) in since.paragraphs}
    return drawn, Marks({"paper": old_short, "changes": changes}, paragraphs)
