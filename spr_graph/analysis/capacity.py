"""Capacity: every quantity, grouped as required vs held vs target vs forecast.

Quantities of the same thing (``spr:quantityOf``), scope and unit form a group. A
**shortfall** is the latest held value (by as-at date) below a required value of its
group, the rule of the SHACL warning ``shp:HeldBelowRequiredShape``; the latest forecast
says whether the gap is expected to close.

JSON (``CapacityReport.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/capacity/1",
     "groups": [{"of": [ref], "scope": ref | null, "unit", "unit_label",
                 "quantities": [{"iri", "label", "role", "value", "approximation", "as_at",
                                 "status", "paragraphs"}],
                 "shortfalls": [{"held", "required", "held_value", "required_value",
                                 "short_by", "forecast", "forecast_value", "forecast_meets",
                                 "paragraphs"}]}],
     "summary": {"quantities", "groups", "shortfalls"}}

``value`` fields are JSON numbers; ``as_at`` is the date as the paper gives it
(``2019-10-10``, ``2019-12``, ``2020``) or null.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import networkx as nx

from spr_graph.analysis.views import json_number, label
from spr_graph.core.namespaces import shorten
from spr_graph.graph.facts import Quantity

ROLE_ORDER = ("required", "held", "target", "forecast", "allocated", "recorded")

_INTS = {"type": "array", "items": {"type": "integer"}}
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "groups", "summary"],
    "properties": {
        "schema": {"const": "spr-graph/capacity/1"},
        "groups": {"type": "array", "items": {
            "type": "object",
            "required": ["of", "scope", "unit", "unit_label", "quantities", "shortfalls"],
            "properties": {
                "quantities": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "required": ["iri", "label", "role", "value", "approximation", "as_at",
                                 "status", "paragraphs"],
                    "properties": {"value": {"type": "number"},
                                   "as_at": {"type": ["string", "null"]},
                                   "paragraphs": _INTS}}},
                "shortfalls": {"type": "array", "items": {
                    "type": "object",
                    "required": ["held", "required", "held_value", "required_value",
                                 "short_by", "forecast", "forecast_value", "forecast_meets",
                                 "paragraphs"],
                    "properties": {"short_by": {"type": "number", "exclusiveMinimum": 0},
                                   "forecast_meets": {"type": ["boolean", "null"]},
                                   "paragraphs": _INTS}}}}}},
        "summary": {"type": "object", "required": ["quantities", "groups", "shortfalls"]},
    },
}


def _when(q: Quantity) -> date:
    return q.as_at.last_day() if q.as_at else date.min


@dataclass(frozen=True)
class Shortfall:
    held: Quantity
    required: Quantity
    forecast: Quantity | None

    @property
    def short_by(self) -> Decimal:
        return self.required.value - self.held.value

    @property
    def forecast_meets(self) -> bool | None:
        return None if self.forecast is None else self.forecast.value >= self.required.value

    @property
    def paragraphs(self) -> list[int]:
        found = {*self.held.paragraphs, *self.required.paragraphs}
        return sorted(found | set(self.forecast.paragraphs if self.forecast else ()))


@dataclass(frozen=True)
class CapacityGroup:
    of: tuple[str, ...]
    scope: str | None
    unit: str | None
    quantities: tuple[Quantity, ...]

    def role(self, role: str) -> list[Quantity]:
        return [q for q in self.quantities if q.role == role]

    def latest(self, role: str) -> Quantity | None:
        found = self.role(role)
        return max(found, key=lambda q: (_when(q), q.iri)) if found else None

    @property
    def shortfalls(self) -> list[Shortfall]:
        held = self.latest("held")
        if held is None:
            return []
        forecast = self.latest("forecast")
        return [Shortfall(held, r, forecast) for r in self.role("required")
                if held.value < r.value]


@dataclass
class CapacityReport:
    groups: list[CapacityGroup]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def shortfalls(self) -> list[tuple[CapacityGroup, Shortfall]]:
        return [(g, s) for g in self.groups for s in g.shortfalls]

    def name(self, iri: str | None) -> str:
        """The label of ``iri``, else its prefixed name (empty for None)."""
        return self.labels.get(iri) or shorten(iri) if iri else ""

    def of_text(self, group: CapacityGroup) -> str:
        return ", ".join(self.name(o) for o in group.of)

    def as_dict(self) -> dict[str, object]:
        def ref(iri: str | None) -> dict[str, str] | None:
            return {"iri": iri, "label": self.name(iri)} if iri else None

        return {
            "schema": "spr-graph/capacity/1",
            "groups": [{
                "of": [ref(o) for o in g.of], "scope": ref(g.scope), "unit": g.unit,
                "unit_label": self.labels.get(g.unit or "", g.unit),
                "quantities": [{"iri": q.iri, "label": q.label, "role": q.role,
                                "value": json_number(q.value), "approximation": q.approximation,
                                "as_at": str(q.as_at) if q.as_at else None, "status": q.status,
                                "paragraphs": list(q.paragraphs)} for q in g.quantities],
                "shortfalls": [{"held": s.held.iri, "required": s.required.iri,
                                "held_value": json_number(s.held.value),
                                "required_value": json_number(s.required.value),
                                "short_by": json_number(s.short_by),
                                "forecast": s.forecast.iri if s.forecast else None,
                                "forecast_value": json_number(s.forecast.value)
                                if s.forecast else None,
                                "forecast_meets": s.forecast_meets, "paragraphs": s.paragraphs}
                               for s in g.shortfalls]} for g in self.groups],
            "summary": {"quantities": sum(len(g.quantities) for g in self.groups),
                        "groups": len(self.groups), "shortfalls": len(self.shortfalls)},
        }


def capacity_report(graph: nx.MultiDiGraph, quantities: Iterable[Quantity],
                    labels: dict[str, str] | None = None) -> CapacityReport:
    """Group ``quantities`` (``read_facts(select).quantities``) and find the shortfalls.

    ``labels`` adds names the graph lacks (``facts.vocabulary.labels``: units of measure,
    and the places, threat categories... that quantities count or are scoped to).
    """
    groups: dict[tuple[tuple[str, ...], str | None, str | None], list[Quantity]] = \
        defaultdict(list)
    for q in quantities:
        groups[(q.of, q.scope, q.unit)].append(q)
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    result = [CapacityGroup(of, scope, unit, tuple(sorted(
        qs, key=lambda q: (rank.get(q.role or "", len(rank)), _when(q), q.iri))))
        for (of, scope, unit), qs in groups.items()]
    names = dict(labels or {})
    names.update({n: label(graph, n) for g in result for n in (*g.of, g.scope)
                  if n and n in graph})
    result.sort(key=lambda g: (not g.shortfalls, ", ".join(names.get(o, o) for o in g.of)
                               .casefold(), names.get(g.scope or "", ""), g.unit or ""))
    return CapacityReport(result, names)
