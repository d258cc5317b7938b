"""Single points of failure: articulation points, bridges, per-threat cuts, key people.

Runs on the agent view and the threat views of :mod:`.views`, wrapping NetworkX:

- **per threat**: a super-sink is joined to every national partner on the threat that
  the force reaches; ``nx.minimum_node_cut(force, sink)`` is the smallest set of nodes
  whose loss cuts the force off from all of them (its size is the number of
  node-independent routes), and the immediate dominators of the sink
  (``nx.immediate_dominators``) are the nodes whose loss *alone* does so, in route order;
- **articulation points and bridges** of the agent view, each with what its loss cuts off
  from the force, computed for all of them in one pass (:mod:`.blockcut`); the force
  itself is not ranked (it is what is being protected);
- **key-person risk**: a post or person that chairs or leads two or more boards or units
  (a person also carries the roles of the posts they hold).

Everything is ranked and carries why and the paragraphs behind it.

JSON (``SpofReport.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/spof/1", "force": {"iri", "label"},
     "threats": [{"iri", "label", "routes", "partners": [ref], "unreachable": [ref],
                  "min_cut": [ref], "chokepoints": [ref], "why", "paragraphs"}],
     "articulation_points": [{"rank", "iri", "label", "kind", "cut_off",
                              "partners_cut_off", "examples": [ref], "threats_lost": [ref],
                              "why", "paragraphs"}],
     "bridges": [{"rank", "nodes": [ref, ref], "relations", "cut_off", "partners_cut_off",
                  "examples": [ref], "why", "paragraphs"}],
     "key_persons": [{"rank", "iri", "label", "kind", "roles": [{"relation", "target": ref,
                      "sole", "paragraphs"}], "why", "paragraphs"}],
     "counts": {"articulation_points", "bridges", "key_persons", "threats_at_risk"}}

``ref`` is ``{"iri", "label"}``. Lists may be cut to the top N; ``counts`` are totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from spr_graph.analysis.blockcut import Impact, impacts
from spr_graph.analysis.reach import Reach, threat_reach, threat_reaches
from spr_graph.analysis.views import (
    Labelled,
    agent_view,
    edge_paragraphs,
    label,
    labels_text,
    national_partners,
    resolve_force,
)
from spr_graph.core.gcpause import paused_gc
from spr_graph.graph.projection import ORGANISATION_KINDS, inside

SINK = "urn:spr-graph:national-partners"
KEY_ROLES = ("chairs", "leads")

_REF = {"type": "object", "required": ["iri", "label"]}
_REFS = {"type": "array", "items": _REF}
_INTS = {"type": "array", "items": {"type": "integer"}}
_RANKED = {"rank": {"type": "integer", "minimum": 1}, "why": {"type": "string"},
           "paragraphs": _INTS}
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "force", "threats", "articulation_points", "bridges", "key_persons",
                 "counts"],
    "properties": {
        "schema": {"const": "spr-graph/spof/1"},
        "force": _REF,
        "threats": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "routes", "partners", "unreachable", "min_cut",
                         "chokepoints", "why", "paragraphs"],
            "properties": {"routes": {"type": "integer", "minimum": 0}, "partners": _REFS,
                           "unreachable": _REFS, "min_cut": _REFS, "chokepoints": _REFS,
                           "why": {"type": "string"}, "paragraphs": _INTS}}},
        "articulation_points": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "iri", "label", "kind", "cut_off", "partners_cut_off",
                         "examples", "threats_lost", "why", "paragraphs"],
            "properties": {**_RANKED, "cut_off": {"type": "integer"},
                           "partners_cut_off": {"type": "integer"}, "examples": _REFS,
                           "threats_lost": _REFS}}},
        "bridges": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "nodes", "relations", "cut_off", "partners_cut_off",
                         "examples", "why", "paragraphs"],
            "properties": {**_RANKED, "nodes": {**_REFS, "minItems": 2, "maxItems": 2},
                           "relations": {"type": "array", "items": {"type": "string"}},
                           "cut_off": {"type": "integer"}, "examples": _REFS}}},
        "key_persons": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "iri", "label", "kind", "roles", "why", "paragraphs"],
            "properties": {**_RANKED, "roles": {"type": "array", "minItems": 2, "items": {
                "type": "object", "required": ["relation", "target", "sole", "paragraphs"],
                "properties": {"relation": {"enum": list(KEY_ROLES)}, "target": _REF,
                               "sole": {"type": "boolean"}, "paragraphs": _INTS}}}}}},
        "counts": {"type": "object", "required": ["articulation_points", "bridges",
                                                  "key_persons", "threats_at_risk"]},
    },
}


@dataclass(frozen=True)
class ThreatRoutes:
    """How the force reaches the national partners on one threat."""

    threat: str
    label: str
    partners: tuple[str, ...]
    unreachable: tuple[str, ...]
    min_cut: tuple[str, ...]
    chokepoints: tuple[str, ...]
    paragraphs: tuple[int, ...]

    @property
    def routes(self) -> int:
        """Node-independent routes from the force to its national partners on the threat."""
        return len(self.min_cut) if self.partners else 0

    @property
    def at_risk(self) -> bool:
        return self.routes <= 1


def _basin(view: nx.Graph, force: str, partners: set[str]) -> nx.Graph:
    """What the force reaches before its first national partner, partners included.

    Every route to the super-sink can stop at the first partner it meets, so cuts and
    dominators are the same as in the whole component, and the work stays local: in a
    national graph, the force's region rather than the country.
    """
    basin = nx.Graph()
    basin.add_node(force)
    frontier = [force]  # never a partner: partners lie outside the force
    while frontier:
        node = frontier.pop()
        for nxt in view[node]:
            if nxt not in basin and nxt not in partners:
                frontier.append(nxt)
            basin.add_edge(node, nxt)
    return basin


def threat_routes(view: nx.Graph, threat: str, force: str, own: set[str],
                  threat_label: str = "", known: Reach | None = None) -> ThreatRoutes:
    """Routes, minimum cut and chokepoints from ``force`` to its national partners on
    ``threat`` in the agent ``view``
    (``own`` is :func:`spr_graph.graph.projection.inside` of it; ``known`` its
    :func:`.reach.threat_reach`, if already computed)."""
    scoped, reached, unreachable = known or threat_reach(view, threat, force, own)
    reach = sorted(reached)
    partners = {*reach, *unreachable}
    if not reach:
        return ThreatRoutes(threat, threat_label, (), unreachable, (), (), ())
    routed = _basin(scoped, force, partners)
    routed.add_edges_from((p, SINK) for p in sorted(partners) if p in routed)
    cut = tuple(sorted(nx.minimum_node_cut(routed, force, SINK)))
    dominators = nx.immediate_dominators(routed.to_directed(as_view=True), force)
    chain: list[str] = []
    node = dominators.get(SINK)
    while node is not None and node != force:
        chain.append(node)
        node = dominators.get(node)
    chain.reverse()
    cited = edge_paragraphs(scoped, {*cut, *chain})
    return ThreatRoutes(threat, threat_label, tuple(reach), unreachable, cut, tuple(chain),
                        tuple(cited))


@dataclass(frozen=True)
class CutVertex:
    node: str
    kind: str
    impact: Impact
    threats_lost: tuple[str, ...]
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Bridge:
    u: str
    v: str
    relations: tuple[str, ...]
    impact: Impact
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Role:
    relation: str
    target: str
    sole: bool
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class KeyPerson:
    node: str
    kind: str
    roles: tuple[Role, ...]

    @property
    def paragraphs(self) -> list[int]:
        return sorted({p for r in self.roles for p in r.paragraphs})


def key_persons(graph: nx.MultiDiGraph, minimum: int = 2) -> list[KeyPerson]:
    """Posts and people that chair or lead ``minimum`` or more boards or units, ranked."""
    leaders: dict[str, set[str]] = {}
    for u, v, relation in graph.edges(keys=True):
        if relation in KEY_ROLES and graph.nodes[v]["kind"] in ORGANISATION_KINDS:
            leaders.setdefault(v, set()).add(u)
    found = []
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] not in ("post", "person"):
            continue
        holders = [node, *(v for _, v, rel in graph.out_edges(node, keys=True)
                           if rel == "holds")]
        roles = {}
        for holder in holders:
            for _, target, relation, data in graph.out_edges(holder, keys=True, data=True):
                if relation in KEY_ROLES and graph.nodes[target]["kind"] in ORGANISATION_KINDS:
                    roles[(relation, target)] = Role(relation, target,
                                                     leaders[target] <= set(holders),
                                                     tuple(data["paragraphs"]))
        if len({target for _, target in roles}) >= minimum:
            found.append(KeyPerson(node, attrs["kind"], tuple(roles[k] for k in sorted(roles))))
    found.sort(key=lambda k: (-len(k.roles), -sum(r.sole for r in k.roles),
                              label(graph, k.node).casefold(), k.node))
    return found


@dataclass
class SpofReport(Labelled):
    """Ranked single points of failure of one force (see the module doc)."""

    force: str
    threats: list[ThreatRoutes]
    articulation_points: list[CutVertex]
    bridges: list[Bridge]
    key_persons: list[KeyPerson]
    labels: dict[str, str] = field(default_factory=dict)
    top: int | None = None
    #: the agent view the report was computed on
    view: nx.Graph = field(default_factory=nx.Graph, repr=False, compare=False)
    #: per threat, :func:`.reach.threat_reach` on ``view`` (the sweep reuses them)
    reaches: dict[str, Reach] = field(default_factory=dict, repr=False, compare=False)


    @property
    def at_risk(self) -> list[ThreatRoutes]:
        return [t for t in self.threats if t.at_risk]

    def why_threat(self, t: ThreatRoutes) -> str:
        force = self.ref(self.force)["label"]
        if not t.partners:
            missing = (f"; national partners named on it but not linked: "
                       f"{self.names(t.unreachable)}" if t.unreachable else "")
            return f"no route from {force} to a national partner on {t.label}{missing}"
        text = (f"{t.routes} independent route(s) to {len(t.partners)} national partner(s); "
                f"losing {self.names(t.min_cut)} together cuts {force} off")
        if t.chokepoints:
            text += f"; every route passes through {self.names(t.chokepoints)}"
        return text

    def why_impact(self, impact: Impact, subject: str) -> str:
        anchor = self.ref(impact.anchor)["label"]
        partners = (f", {impact.partners_cut_off} of them national partners"
                    if impact.partners_cut_off else "")
        if impact.anchor == self.force:
            return (f"{subject} cuts {impact.cut_off} node(s) off from {anchor}{partners} "
                    f"(e.g. {self.names(impact.examples)})")
        return (f"{subject} splits {impact.cut_off} node(s) (e.g. "
                f"{self.names(impact.examples)}) from a group around {anchor} that has no "
                f"link to {self.ref(self.force)['label']}")

    def why_cut_vertex(self, c: CutVertex) -> str:
        text = self.why_impact(c.impact, "its loss")
        if c.threats_lost:
            text += f"; the only way to national partners on {self.names(c.threats_lost)}"
        return text

    def why_key_person(self, k: KeyPerson) -> str:
        parts = [f"{r.relation} {self.ref(r.target)['label']}"
                 f"{' (sole)' if r.sole else ''}" for r in k.roles]
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": "spr-graph/spof/1",
            "force": self.ref(self.force),
            "threats": [{"iri": t.threat, "label": t.label, "routes": t.routes,
                         "partners": self.refs(t.partners),
                         "unreachable": self.refs(t.unreachable),
                         "min_cut": self.refs(t.min_cut),
                         "chokepoints": self.refs(t.chokepoints), "why": self.why_threat(t),
                         "paragraphs": list(t.paragraphs)} for t in self.threats],
            "articulation_points": [{
                "rank": i, **self.ref(c.node), "kind": c.kind, "cut_off": c.impact.cut_off,
                "partners_cut_off": c.impact.partners_cut_off,
                "examples": self.refs(c.impact.examples),
                "threats_lost": self.refs(c.threats_lost), "why": self.why_cut_vertex(c),
                "paragraphs": list(c.paragraphs)}
                for i, c in enumerate(self.shown(self.articulation_points), 1)],
            "bridges": [{
                "rank": i, "nodes": self.refs((b.u, b.v)), "relations": list(b.relations),
                "cut_off": b.impact.cut_off, "partners_cut_off": b.impact.partners_cut_off,
                "examples": self.refs(b.impact.examples),
                "why": self.why_impact(b.impact, "losing this link"),
                "paragraphs": list(b.paragraphs)}
                for i, b in enumerate(self.shown(self.bridges), 1)],
            "key_persons": [{
                "rank": i, **self.ref(k.node), "kind": k.kind,
                "roles": [{"relation": r.relation, "target": self.ref(r.target),
                           "sole": r.sole, "paragraphs": list(r.paragraphs)} for r in k.roles],
                "why": self.why_key_person(k), "paragraphs": k.paragraphs}
                for i, k in enumerate(self.shown(self.key_persons), 1)],
            "counts": {"articulation_points": len(self.articulation_points),
                       "bridges": len(self.bridges), "key_persons": len(self.key_persons),
                       "threats_at_risk": len(self.at_risk)},
        }


def articulation_nodes(graph: nx.MultiDiGraph) -> set[str]:
    """IRIs of the articulation points of the agent view (see :mod:`.views`): the nodes
    whose loss alone splits the interoperability graph. Every paper's force is left out
    (:func:`spof_report` leaves out the one it analyses): a force is nearly always one,
    and losing the force itself is not a scenario its paper has to answer for."""
    forces = set(graph.graph.get("forces", ()))
    return set(nx.articulation_points(agent_view(graph))) - forces


@paused_gc()  # see spr_graph.core.gcpause
def spof_report(graph: nx.MultiDiGraph, threats: Iterable[str], force: str | None = None,
                top: int | None = None) -> SpofReport:
    """Rank the single points of failure of ``force`` (default: the paper's) on ``threats``
    (normally ``read_facts(select).statements.threats``)."""
    force = resolve_force(graph, force)
    view = agent_view(graph)
    own = inside(graph, force)
    names = graph.graph.get("threat_labels", {})
    reaches = threat_reaches(view, threats, force, own)
    routes = [threat_routes(view, t, force, own, names.get(t, label(graph, t)), reach)
              for t, reach in reaches.items()]
    routes.sort(key=lambda r: (r.routes, -len(r.unreachable), r.label.casefold()))
    lost: dict[str, list[str]] = {}
    for r in routes:
        for node in r.chokepoints:
            lost.setdefault(node, []).append(r.threat)
    vertex_impact, bridge_impact = impacts(view, force, national_partners(view, own))
    points = [CutVertex(n, view.nodes[n]["kind"], imp, tuple(sorted(lost.get(n, ()))),
                        tuple(edge_paragraphs(view, [n])))
              for n, imp in vertex_impact.items() if n != force]
    points.sort(key=lambda c: (-len(c.threats_lost), -c.impact.partners_cut_off,
                               -c.impact.cut_off, label(graph, c.node).casefold(), c.node))
    bridges = [Bridge(u, v, tuple(view.edges[u, v]["relations"]), imp,
                      tuple(view.edges[u, v]["paragraphs"]))
               for (u, v), imp in bridge_impact.items()]
    bridges.sort(key=lambda b: (-b.impact.partners_cut_off, -b.impact.cut_off,
                                labels_text(graph, (b.u, b.v)).casefold(), b.u, b.v))
    people = key_persons(graph)
    mentioned = {force, *(n for r in routes for n in (*r.partners, *r.unreachable, *r.min_cut)),
                 *(n for c in points for n in (c.node, *c.impact.examples)),
                 *(n for b in bridges for n in (b.u, b.v, *b.impact.examples)),
                 *(n for k in people for n in (k.node, *(r.target for r in k.roles))),
                 *(imp.anchor for imp in vertex_impact.values())}
    labels = {n: label(graph, n) for n in mentioned} | {r.threat: r.label for r in routes}
    for c in points:
        labels.update({t: names.get(t, label(graph, t)) for t in c.threats_lost})
    return SpofReport(force, routes, points, bridges, people, labels, top, view, reaches)
