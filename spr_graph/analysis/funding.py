"""Funding cliffs: the streams that end by a date and what depends on them, as a timeline.

A stream **ends by** ``as_of`` when the last day its end date covers is on or before
the last day ``as_of`` covers: ``2020-03`` ends by ``2020-03`` (31 March), a year-only
``2020`` counts as 31 December 2020, and a full date is itself. A stream's
**dependents** are what it pays for (``spr:pays``), or its recipients when it names
nothing (a fund that pays through an allocation of its own is not counted twice: see
:func:`payers`). A dependent is **covered** after a stream ends when another stream pays for it
beyond that end (or with no end date); one with no cover left by ``as_of`` is a
**cliff**. Each dependent names who holds it: the organisations with the capability
(``spr:hasCapability``), or for a unit the organisation it belongs to.

JSON (``FundingReport.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/funding/1", "as_of": "YYYY-MM" | null,
     "timeline": [{"iri", "label", "end", "end_precision", "end_last_day", "funders": [ref],
                   "recipients": [ref], "value", "unit", "status", "replaced_by": [ref],
                   "dependents": [{"iri", "label", "kind", "held_by": [ref],
                                   "covered_by": [ref + "end"], "unfunded_after": bool}],
                   "paragraphs"}],
     "cliffs": [{"iri", "label", "kind", "funded_until", "streams": [ref],
                 "held_by": [ref], "paragraphs"}],
     "undated": [ref], "summary": {"ending", "cliffs", "undated"}}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from spr_graph.analysis.views import json_number, label
from spr_graph.graph.facts import FundingStream, Instant
from spr_graph.graph.projection import ORGANISATION_KINDS

_REF = {"type": "object", "required": ["iri", "label"]}
_REFS = {"type": "array", "items": _REF}
_INTS = {"type": "array", "items": {"type": "integer"}}
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "as_of", "timeline", "cliffs", "undated", "summary"],
    "properties": {
        "schema": {"const": "spr-graph/funding/1"},
        "as_of": {"type": ["string", "null"]},
        "timeline": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "end", "end_precision", "end_last_day", "funders",
                         "recipients", "value", "unit", "status", "replaced_by", "dependents",
                         "paragraphs"],
            "properties": {
                "end_precision": {"enum": ["date", "year-month", "year"]},
                "end_last_day": {"type": "string", "format": "date"},
                "funders": _REFS, "recipients": _REFS, "replaced_by": _REFS,
                "value": {"type": ["number", "null"]}, "paragraphs": _INTS,
                "dependents": {"type": "array", "items": {
                    "type": "object",
                    "required": ["iri", "label", "kind", "held_by", "covered_by",
                                 "unfunded_after"],
                    "properties": {"held_by": _REFS, "covered_by": _REFS,
                                   "unfunded_after": {"type": "boolean"}}}}}}},
        "cliffs": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "kind", "funded_until", "streams", "held_by",
                         "paragraphs"],
            "properties": {"streams": _REFS, "held_by": _REFS, "paragraphs": _INTS}}},
        "undated": _REFS,
        "summary": {"type": "object", "required": ["ending", "cliffs", "undated"]},
    },
}


def payers(streams: Iterable[FundingStream]) -> dict[str, list[FundingStream]]:
    """For each dependent, the streams that pay for it.

    A stream that funds another stream paying for the same thing (a fund and its
    allocation) is the same money, not separate cover: it is left out, so the
    allocation's dates govern.
    """
    found: dict[str, list[FundingStream]] = defaultdict(list)
    for stream in streams:
        for dependent in stream.dependents:
            found[dependent].append(stream)
    for dependent, paying in found.items():
        parents = {f for s in paying for f in s.funders}
        found[dependent] = [s for s in paying if s.iri not in parents]
    return found


def _end(stream: FundingStream) -> date:
    return stream.end.last_day() if stream.end else date.max


@dataclass(frozen=True)
class Dependent:
    node: str
    held_by: tuple[str, ...]
    covered_by: tuple[FundingStream, ...]

    @property
    def unfunded_after(self) -> bool:
        return not self.covered_by


@dataclass(frozen=True)
class Ending:
    stream: FundingStream
    dependents: tuple[Dependent, ...]
    replaced_by: tuple[str, ...]


@dataclass(frozen=True)
class Cliff:
    node: str
    funded_until: Instant
    streams: tuple[FundingStream, ...]
    held_by: tuple[str, ...]

    @property
    def paragraphs(self) -> list[int]:
        return sorted({p for s in self.streams for p in s.paragraphs})


@dataclass
class FundingReport:
    as_of: Instant | None
    timeline: list[Ending]
    cliffs: list[Cliff]
    undated: list[FundingStream]
    graph: nx.MultiDiGraph = field(repr=False)

    def ref(self, node: str) -> dict[str, str]:
        return {"iri": node, "label": label(self.graph, node)}

    def kind(self, node: str) -> str:
        return str(self.graph.nodes[node]["kind"]) if node in self.graph else "other"

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": "spr-graph/funding/1",
            "as_of": str(self.as_of) if self.as_of else None,
            "timeline": [{
                "iri": e.stream.iri, "label": e.stream.label, "end": str(e.stream.end),
                "end_precision": e.stream.end.precision if e.stream.end else None,
                "end_last_day": _end(e.stream).isoformat(),
                "funders": [self.ref(f) for f in e.stream.funders],
                "recipients": [self.ref(r) for r in e.stream.recipients],
                "value": json_number(e.stream.value), "unit": e.stream.unit,
                "status": e.stream.status, "replaced_by": [self.ref(r) for r in e.replaced_by],
                "dependents": [{**self.ref(d.node), "kind": self.kind(d.node),
                                "held_by": [self.ref(h) for h in d.held_by],
                                "covered_by": [{"iri": s.iri, "label": s.label,
                                                "end": str(s.end) if s.end else None}
                                               for s in d.covered_by],
                                "unfunded_after": d.unfunded_after} for d in e.dependents],
                "paragraphs": list(e.stream.paragraphs)} for e in self.timeline],
            "cliffs": [{**self.ref(c.node), "kind": self.kind(c.node),
                        "funded_until": str(c.funded_until),
                        "streams": [{"iri": s.iri, "label": s.label} for s in c.streams],
                        "held_by": [self.ref(h) for h in c.held_by],
                        "paragraphs": c.paragraphs} for c in self.cliffs],
            "undated": [{"iri": s.iri, "label": s.label} for s in self.undated],
            "summary": {"ending": len(self.timeline), "cliffs": len(self.cliffs),
                        "undated": len(self.undated)},
        }

    def names(self, nodes: Iterable[str]) -> str:
        """The labels of ``nodes``, in the order of the labels."""
        return ", ".join(sorted((label(self.graph, n) for n in nodes), key=str.casefold))

    def holders(self, node: str) -> tuple[str, ...]:
        """Who holds ``node``: the organisations with the capability, or a unit's own."""
        return _holders(self.graph, node)


def _holders(graph: nx.MultiDiGraph, node: str) -> tuple[str, ...]:
    """The organisations holding a capability, or the ones a unit belongs to."""
    if node not in graph:
        return ()
    if graph.nodes[node]["kind"] in ORGANISATION_KINDS:
        return tuple(sorted({v for _, v, rel in graph.out_edges(node, keys=True)
                             if rel in ("unitOf", "subOrganizationOf")}))
    return tuple(sorted({u for u, _, rel in graph.in_edges(node, keys=True)
                         if rel == "hasCapability"
                         and graph.nodes[u]["kind"] in ORGANISATION_KINDS}))


def ends_by(stream: FundingStream, as_of: Instant | None) -> bool:
    """Whether ``stream`` has an end date on or before the end of ``as_of`` (any, if None)."""
    return stream.end is not None and (as_of is None or _end(stream) <= as_of.last_day())


def funding_report(graph: nx.MultiDiGraph, funding: Iterable[FundingStream],
                   as_of: Instant | None = None) -> FundingReport:
    """Streams ending by ``as_of`` (every dated stream when None), what depends on them,
    and the cliffs (``funding`` is ``read_facts(select).funding``)."""
    streams = sorted(funding, key=lambda s: (_end(s), s.label.casefold(), s.iri))
    paid_by = payers(streams)
    replaced: dict[str, list[str]] = defaultdict(list)
    for s in streams:
        for old in s.replaces:
            replaced[old].append(s.iri)
    timeline = []
    for s in (s for s in streams if ends_by(s, as_of)):
        dependents = tuple(Dependent(d, _holders(graph, d), tuple(
            o for o in paid_by[d] if o.iri != s.iri and _end(o) > _end(s)))
            for d in s.dependents)
        timeline.append(Ending(s, dependents, tuple(sorted(replaced[s.iri]))))
    cliffs = []
    for node in sorted(paid_by, key=lambda n: (label(graph, n).casefold(), n)):
        paying = paid_by[node]
        last = max(paying, key=_end, default=None)
        if last is not None and last.end is not None and all(ends_by(s, as_of) for s in paying):
            cliffs.append(Cliff(node, last.end, tuple(paying), _holders(graph, node)))
    cliffs.sort(key=lambda c: (c.funded_until.last_day(), label(graph, c.node).casefold()))
    return FundingReport(as_of, timeline, cliffs, [s for s in streams if s.end is None], graph)
