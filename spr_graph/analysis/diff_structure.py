"""What a map shows that changed between two papers: the ``organisation`` and ``link``
areas of :mod:`.diff`.

- **organisation**: organisations, posts and people (the agents a map draws) that only
  one paper's graph has: added or removed;
- **link**: edges of the projection between two agents, one per ``(from, to,
  relation)`` (requirement statements' ``worksWith``, ORG relations, chairs...): added,
  removed, or changed in the threats they serve or their evidence status.

Each change names what it is about in ``subject``: ``(iri,)`` for an agent,
``(from, to, relation)`` for a link; so a map marks exactly the changes ``diff`` lists.
Entities are the same in both papers when they have the same IRI, as everywhere in
:mod:`.diff`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from spr_graph.analysis.views import AGENT_KINDS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["structure_changes"]

Link = tuple[str, str, str]


def _agents(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {n: a for n, a in graph.nodes(data=True) if a["kind"] in AGENT_KINDS}


def _links(graph: nx.MultiDiGraph, agents: Iterable[str]) -> dict[Link, dict[str, Any]]:
    ends = set(agents)
    return {(u, v, k): a for u, v, k, a in graph.edges(keys=True, data=True)
            if u in ends and v in ends}


def _change(area: str, change: str, what: str, **fields: Any) -> dict[str, Any]:
    return {"area": area, "change": change, "what": what, **fields}


def _words(relation: str) -> str:
    """``worksWith`` -> ``works with``."""
    return "".join(f" {c.lower()}" if c.isupper() else c for c in relation)


def _served(attrs: dict[str, Any], name: Callable[[str], str]) -> str:
    """A link's threats and evidence status, as a change's before and after say them."""
    threats = ", ".join(sorted((name(t) for t in attrs.get("threats", ())), key=str.casefold))
    status = ", ".join(sorted(attrs.get("status", ())))
    return "; ".join(filter(None, (threats, f"status {status}" if status else "")))


def structure_changes(old: nx.MultiDiGraph, new: nx.MultiDiGraph, name: Callable[[str], str]
                      ) -> list[dict[str, Any]]:
    """The agents and links added, removed or changed from ``old`` to ``new`` (the two
    papers' projections), each as the fields of a :class:`~.diff.Change`; ``name``
    labels an IRI."""
    before, after = _agents(old), _agents(new)
    out = []
    for node in sorted(set(before) ^ set(after), key=lambda n: (name(n).casefold(), n)):
        added = node in after
        attrs = after[node] if added else before[node]
        out.append(_change("organisation", "added" if added else "removed", name(node),
                          before="" if added else attrs["kind"],
                          after=attrs["kind"] if added else "",
                          old=() if added else tuple(attrs["paragraphs"]),
                          new=tuple(attrs["paragraphs"]) if added else (), subject=(node,)))
    was, now = _links(old, before), _links(new, after)
    for link in sorted(set(was) | set(now),
                       key=lambda k: (name(k[0]).casefold(), k[2], name(k[1]).casefold(), k)):
        a, b = was.get(link), now.get(link)
        what = f"{name(link[0])} {_words(link[2])} {name(link[1])}"
        if a is not None and b is not None:
            if _served(a, name) != _served(b, name):
                out.append(_change("link", "changed", what, before=_served(a, name),
                                  after=_served(b, name), old=tuple(a["paragraphs"]),
                                  new=tuple(b["paragraphs"]), subject=link))
        elif b is not None:
            out.append(_change("link", "added", what, after=_served(b, name),
                              new=tuple(b["paragraphs"]), subject=link))
        elif a is not None:
            out.append(_change("link", "removed", what, before=_served(a, name),
                              old=tuple(a["paragraphs"]), subject=link))
    return out
