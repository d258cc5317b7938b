"""Brokers: which organisations carry the force's routes to its national partners.

Per threat, on the threat view of the agent view (:mod:`.views`: the graph ``spof`` and
``whatif`` use, so posts and people that hold a link count as brokers too, and the losses
below are what ``whatif --remove`` reports), from the force to the national partners on
the threat that it reaches:

- **route share** (``betweenness``): :func:`networkx.betweenness_centrality_subset`,
  the force the one source, the partners the targets, ``normalized=False``, on the
  directed view (on the undirected graph NetworkX halves every value, counting each pair
  both ways). It is the number of partners whose shortest routes run through the node,
  each counted by the fraction of its shortest routes that do (a chain force - a -
  partner gives a 1; a diamond gives each side 0.5).
- **only through** it: the partners (other than itself) the force no longer reaches
  without it, those it dominates in the dominator tree rooted at the force
  (:func:`.reach.route_losses`); ``lost`` adds the broker if it is a partner.
- **paragraphs**: those behind the broker's edges that lie on a shortest route from the
  force to a partner (:func:`.reach.route_paragraphs`).

A broker is any node but the force with a route share above zero. Brokers are ranked by
the partners only through them, then by route share; overall, by the sums over threats.

JSON (``BrokersReport.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/brokers/1", "force": ref,
     "threats": [{"iri", "label", "partners": [ref], "unreachable": [ref],
                  "brokers": [{"rank", "iri", "label", "kind", "betweenness", "partner",
                               "only_through": [ref], "lost", "why", "paragraphs"}]}],
     "overall": [{"rank", "iri", "label", "kind", "threats": [ref], "betweenness",
                  "only_through", "why", "paragraphs"}],
     "counts": {"threats", "brokers", "sole_brokers"}}

``ref`` is ``{"iri", "label"}``. Lists of brokers may be cut to the top N; ``counts``
are totals (``sole_brokers``: brokers that are the only way to some partner).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx

from spr_graph.analysis.reach import route_losses, route_paragraphs, threat_reach
from spr_graph.analysis.views import Labelled, agent_view, label, resolve_force
from spr_graph.core.gcpause import paused_gc
from spr_graph.graph.projection import inside

SCHEMA = "spr-graph/brokers/1"
_REF = {"type": "object", "required": ["iri", "label"]}
_REFS = {"type": "array", "items": _REF}
_INTS = {"type": "array", "items": {"type": "integer"}}
_SHARE = {"type": "number", "minimum": 0}
_BROKER = {"rank": {"type": "integer", "minimum": 1}, "kind": {"type": "string"},
           "betweenness": _SHARE, "why": {"type": "string"}, "paragraphs": _INTS}
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "force", "threats", "overall", "counts"],
    "properties": {
        "schema": {"const": SCHEMA},
        "force": _REF,
        "threats": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "partners", "unreachable", "brokers"],
            "properties": {"partners": _REFS, "unreachable": _REFS, "brokers": {
                "type": "array", "items": {
                    "type": "object",
                    "required": ["rank", "iri", "label", "kind", "betweenness", "partner",
                                 "only_through", "lost", "why", "paragraphs"],
                    "properties": {**_BROKER, "partner": {"type": "boolean"},
                                   "only_through": _REFS,
                                   "lost": {"type": "integer", "minimum": 0}}}}}}},
        "overall": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "iri", "label", "kind", "threats", "betweenness",
                         "only_through", "why", "paragraphs"],
            "properties": {**_BROKER, "threats": {**_REFS, "minItems": 1},
                           "only_through": {"type": "integer", "minimum": 0}}}},
        "counts": {"type": "object", "required": ["threats", "brokers", "sole_brokers"],
                   "properties": {k: {"type": "integer", "minimum": 0}
                                  for k in ("threats", "brokers", "sole_brokers")}},
    },
}


def share(value: float) -> float:
    """A route share rounded for output, so that summing order never shows.

    >>> share(0.1 + 0.2), share(2.0)
    (0.3, 2.0)
    """
    return round(value, 6)


@dataclass(frozen=True)
class Broker:
    """One node carrying the force's routes to its national partners on one threat."""

    node: str
    kind: str
    betweenness: float
    partner: bool
    only_through: tuple[str, ...]
    paragraphs: tuple[int, ...]

    @property
    def lost(self) -> int:
        """The partners the force no longer reaches without it (itself included)."""
        return len(self.only_through) + int(self.partner)


@dataclass(frozen=True)
class ThreatBrokers:
    """The brokers of one threat, ranked."""

    threat: str
    label: str
    partners: tuple[str, ...]
    unreachable: tuple[str, ...]
    brokers: tuple[Broker, ...]


def _rank(node: str, only: int, betweenness: float, graph: nx.Graph
          ) -> tuple[int, float, str, str]:
    return (-only, -betweenness, label(graph, node).casefold(), node)


def threat_brokers(view: nx.Graph, threat: str, force: str, own: set[str],
                   threat_label: str = "") -> ThreatBrokers:
    """The brokers from ``force`` to its national partners on ``threat`` in the agent
    ``view`` (``own`` is :func:`spr_graph.graph.projection.inside` of the force)."""
    routed, reach, unreachable = threat_reach(view, threat, force, own)
    if not reach:
        return ThreatBrokers(threat, threat_label, (), unreachable, ())
    between = nx.betweenness_centrality_subset(routed.to_directed(as_view=True), [force],
                                               sorted(reach), normalized=False)
    lost = route_losses(routed, force, sorted(reach))
    cited = route_paragraphs(routed, force, reach)
    found = [Broker(node, str(view.nodes[node].get("kind", "")), share(value),
                    node in reach, tuple(sorted(lost.get(node, set()) - {node})),
                    tuple(sorted(cited.get(node, ()))))
             for node, value in between.items() if node != force and share(value) > 0]
    found.sort(key=lambda b: _rank(b.node, len(b.only_through), b.betweenness, view))
    return ThreatBrokers(threat, threat_label, tuple(sorted(reach)), unreachable,
                         tuple(found))


@dataclass(frozen=True)
class OverallBroker:
    """One broker over every threat: the threats it brokers and the sums."""

    node: str
    kind: str
    threats: tuple[str, ...]
    betweenness: float
    only_through: tuple[tuple[str, int], ...]
    paragraphs: tuple[int, ...]

    @property
    def sole(self) -> int:
        """Partners, summed over threats, that the force reaches only through it."""
        return sum(n for _, n in self.only_through)


def overall(threats: Iterable[ThreatBrokers], graph: nx.Graph) -> list[OverallBroker]:
    """Each broker over every threat, ranked by the sums (see the module doc)."""
    per: dict[str, list[tuple[str, Broker]]] = defaultdict(list)
    for t in threats:
        for b in t.brokers:
            per[b.node].append((t.threat, b))
    found = [OverallBroker(node, found[0][1].kind, tuple(t for t, _ in found),
                           share(sum(b.betweenness for _, b in found)),
                           tuple((t, len(b.only_through)) for t, b in found if b.only_through),
                           tuple(sorted({p for _, b in found for p in b.paragraphs})))
             for node, found in per.items()]
    found.sort(key=lambda o: _rank(o.node, o.sole, o.betweenness, graph))
    return found


class BrokerRow(NamedTuple):
    """A broker as the renderers list it: over every threat (``threat`` empty) or on one
    (``partners``: those the force reaches on it)."""

    threat: str
    threat_label: str
    rank: int
    node: str
    label: str
    kind: str
    only_through: int
    partners: int | None
    betweenness: float
    why: str
    paragraphs: tuple[int, ...]


@dataclass
class BrokersReport(Labelled):
    """The brokers of one force's national connectivity (see the module doc)."""

    force: str
    threats: list[ThreatBrokers]
    overall: list[OverallBroker]
    labels: dict[str, str] = field(default_factory=dict)
    top: int | None = None


    def rows(self) -> list[BrokerRow]:
        """The brokers shown: over every threat first, then per threat."""
        name = self.names
        found = [BrokerRow("", "", i, o.node, name([o.node]), o.kind, o.sole, None,
                           o.betweenness, self.why_overall(o), o.paragraphs)
                 for i, o in enumerate(self.shown(self.overall), 1)]
        for t in self.threats:
            found.extend(BrokerRow(t.threat, t.label, i, b.node, name([b.node]), b.kind,
                                   len(b.only_through), len(t.partners), b.betweenness,
                                   self.why_broker(t, b), b.paragraphs)
                         for i, b in enumerate(self.shown(t.brokers), 1))
        return found

    @property
    def has_findings(self) -> bool:
        """Some national partner is reachable only through one broker."""
        return any(o.only_through for o in self.overall)

    def why_threat(self, t: ThreatBrokers) -> str:
        """Why a threat has no broker to show, or ``""``."""
        if not t.partners:
            return f"{self.ref(self.force)['label']} reaches no national partner on {t.label}"
        if not t.brokers:
            return f"every national partner on {t.label} is linked to the force directly"
        return ""

    def why_broker(self, t: ThreatBrokers, b: Broker) -> str:
        text = (f"a route share of {b.betweenness:g} of the {len(t.partners)} national "
                f"partner(s) on {t.label}")
        if b.only_through:
            text += (f"; the only way to {len(b.only_through)}: "
                     f"{self.names(b.only_through)}")
        return text + ("; itself a national partner" if b.partner else "")

    def why_overall(self, o: OverallBroker) -> str:
        text = f"brokers {len(o.threats)} threat(s): {self.names(o.threats)}"
        if o.only_through:
            text += "; the only way to " + ", ".join(
                f"{n} partner(s) on {self.ref(t)['label']}" for t, n in o.only_through)
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "force": self.ref(self.force),
            "threats": [{"iri": t.threat, "label": t.label, "partners": self.refs(t.partners),
                         "unreachable": self.refs(t.unreachable),
                         "brokers": [{"rank": i, **self.ref(b.node), "kind": b.kind,
                                      "betweenness": b.betweenness, "partner": b.partner,
                                      "only_through": self.refs(b.only_through),
                                      "lost": b.lost, "why": self.why_broker(t, b),
                                      "paragraphs": list(b.paragraphs)}
                                     for i, b in enumerate(self.shown(t.brokers), 1)]}
                        for t in self.threats],
            "overall": [{"rank": i, **self.ref(o.node), "kind": o.kind,
                         "threats": self.refs(o.threats), "betweenness": o.betweenness,
                         "only_through": o.sole, "why": self.why_overall(o),
                         "paragraphs": list(o.paragraphs)}
                        for i, o in enumerate(self.shown(self.overall), 1)],
            "counts": {"threats": len(self.threats), "brokers": len(self.overall),
                       "sole_brokers": sum(1 for o in self.overall if o.only_through)},
        }


@paused_gc()  # see spr_graph.core.gcpause
def brokers_report(graph: nx.MultiDiGraph, threats: Iterable[str], force: str | None = None,
                   top: int | None = None) -> BrokersReport:
    """The brokers of ``force`` (default: the paper's) on ``threats`` (normally
    ``read_facts(select).statements.threats``), ranked; ``top`` cuts each list.

    >>> g = nx.MultiDiGraph(force="f")
    >>> g.add_node("f", kind="force", level="local", threats=[])
    >>> g.add_node("ctu", kind="unit", level="regional", threats=[])
    >>> g.add_node("mi5", kind="agency", level="national", threats=["t"])
    >>> _ = g.add_edge("ctu", "f", "unitOf", paragraphs=[1], threats=[])
    >>> _ = g.add_edge("ctu", "mi5", "worksWith", paragraphs=[2], threats=["t"])
    >>> report = brokers_report(g, ["t"])
    >>> [(b.node, b.betweenness, b.only_through, b.paragraphs)
    ...  for b in report.threats[0].brokers]
    [('ctu', 1.0, ('mi5',), (1, 2))]
    """
    force = resolve_force(graph, force)
    view = agent_view(graph)
    own = inside(graph, force)
    names = graph.graph.get("threat_labels", {})
    found = [threat_brokers(view, t, force, own, names.get(t, label(graph, t)))
             for t in sorted(set(threats))]
    found.sort(key=lambda t: (not t.partners, -max((len(b.only_through) for b in t.brokers),
                                                   default=0), t.label.casefold()))
    everyone = overall(found, view)
    mentioned = {force, *(n for t in found for n in (*t.partners, *t.unreachable)),
                 *(b.node for t in found for b in t.brokers)}
    labels = {n: label(graph, n) for n in mentioned} | {t.threat: t.label for t in found}
    return BrokersReport(force, found, everyone, labels, top)
