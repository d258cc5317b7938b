"""The views the resilience analysis runs on, and who counts as a national partner.

- The **agent view** is :func:`spr_graph.graph.projection.interop_graph` restricted to agents:
  organisations (forces, units, collaborations, boards, agencies), posts and people.
  Capabilities, documents, systems, funding streams and the like are not channels
  between agents, so they are left out (funding is analysed from the facts instead).
- The **threat view** of threat T keeps the agent-view edges that name T, the edges that
  name no threat, and the containment edges (unitOf, subOrganizationOf, postIn, holds),
  which hold whichever section of the paper states them. Membership of a collaboration
  is a channel like any other: it counts for the threats its paragraphs name.
- A **national partner on T** is an organisation outside the force (see
  :func:`spr_graph.graph.projection.inside`) whose level is national or international and which
  either addresses T or has an edge naming T.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import networkx as nx

from spr_graph.core.errors import InputError
from spr_graph.graph.projection import ORGANISATION_KINDS, interop_graph

AGENT_KINDS = ORGANISATION_KINDS | {"post", "person"}
STRUCTURE = frozenset({"unitOf", "subOrganizationOf", "postIn", "holds"})
NATIONAL_LEVELS = frozenset({"national", "international"})


def agent_view(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected agents-only view (see the module doc)."""
    return interop_graph(graph, kinds=AGENT_KINDS)


def counts_for(data: dict[str, Any], threat: str) -> bool:
    """Whether an edge of the agent view (its ``data``) counts for ``threat``: it names no
    threat, names this one, or is structure (a unit of, a member of...)."""
    return counts_for_all(data) or threat in data["threats"]


def counts_for_all(data: dict[str, Any]) -> bool:
    """Whether an edge of the agent view counts for every threat (see :func:`counts_for`)."""
    return not data["threats"] or not STRUCTURE.isdisjoint(data["relations"])


def is_national(attrs: dict[str, object]) -> bool:
    return attrs.get("kind") in ORGANISATION_KINDS and attrs.get("level") in NATIONAL_LEVELS


def national_partners(view: nx.Graph, own: set[str], threat: str | None = None,
                      among: Iterable[str] | None = None) -> set[str]:
    """National or international organisations outside ``own``; on ``threat`` if given;
    only those ``among`` some nodes of ``view`` if given (its national partners on every
    threat, say, when asking threat by threat)."""
    found = set()
    nodes = view.nodes
    for node, attrs in (view.nodes(data=True) if among is None
                        else ((n, nodes[n]) for n in among)):
        if node in own or not is_national(attrs):
            continue
        if threat is None or threat in attrs["threats"] or any(
                threat in data["threats"] for _, _, data in view.edges(node, data=True)):
            found.add(node)
    return found


def resolve_force(graph: nx.MultiDiGraph, force: str | None) -> str:
    """``force``, or the force the paper reports on; an error when there is none."""
    chosen = force or graph.graph.get("force")
    if not chosen or chosen not in graph:
        raise InputError("the graph names no force to analyse",
                         hint="load a paper whose spr:SourceDocument has spr:force, "
                              "or name one with --force")
    return str(chosen)


def label(graph: nx.Graph | nx.MultiDiGraph, node: str) -> str:
    """The node's label, or the last segment of its IRI."""
    if node in graph:
        return str(graph.nodes[node].get("label") or node.rsplit("/", 1)[-1])
    return node.rsplit("/", 1)[-1]


def node_ref(graph: nx.Graph | nx.MultiDiGraph, node: str) -> dict[str, str]:
    """``{"iri", "label"}`` for JSON output."""
    return {"iri": node, "label": label(graph, node)}


def labels_text(graph: nx.Graph | nx.MultiDiGraph, nodes: Iterable[str]) -> str:
    return ", ".join(label(graph, n) for n in nodes)


def edge_paragraphs(view: nx.Graph, nodes: Iterable[str]) -> list[int]:
    """The paragraphs behind every edge touching ``nodes`` in ``view``."""
    found: set[int] = set()
    for node in nodes:
        if node in view:
            for _, _, data in view.edges(node, data=True):
                found.update(data.get("paragraphs", ()))
    return sorted(found)


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when it is whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


T = TypeVar("T")


class Labelled:
    """What a ranked report with labels offers its renderers: ``{"iri", "label"}``
    references, joined names and its lists cut to the top N (``top``; None: all)."""

    labels: dict[str, str]
    top: int | None

    def ref(self, node: str) -> dict[str, str]:
        return {"iri": node, "label": self.labels.get(node, node.rsplit("/", 1)[-1])}

    def refs(self, nodes: Iterable[str]) -> list[dict[str, str]]:
        return [self.ref(n) for n in nodes]

    def names(self, nodes: Iterable[str]) -> str:
        return ", ".join(self.ref(n)["label"] for n in nodes)

    def shown(self, items: Sequence[T]) -> list[T]:
        return list(items[: self.top] if self.top else items)
