"""The threat x 5C gap matrix and the threats that lack named connectivity.

Each cell holds the requirement statements (:class:`spr_graph.graph.facts.Statement`) of one
threat and one C: how many, the best and worst evidence status, and the paragraphs. A
threat has **named connectivity** when some connectivity statement about it names a
partner outside the force (the force and what :func:`spr_graph.graph.projection.inside` puts in it:
its units, boards and posts), the rule of the SHACL warning ``shp:ThreatConnectivityShape``.

With another SPR edition (``--edition 2023``) each of its threats takes the statements
of the paper's threats it matches through ``skos:exactMatch`` / ``skos:closeMatch`` (read
from the graph); a threat nothing matches (violence against women and girls) is
*uncovered*.

A **gap** is one of: ``uncovered`` (the edition's threat has no counterpart in the
paper), ``no-connectivity`` (no named connectivity) or ``no-evidence`` (an empty cell).

JSON (``GapMatrix.as_dict()``, schema :data:`JSON_SCHEMA`)::

    {"schema": "spr-graph/gaps/1",
     "force": {"iri", "label"}, "edition": {"iri", "label"}, "paper_edition": {...}|null,
     "five_cs": ["capacity", ...],
     "threats": [{"iri", "label", "uncovered": bool, "named_connectivity": bool,
                  "mapped_from": [{"iri", "label", "match": "exact"|"close"}],
                  "connectivity_partners": [{"iri", "label"}],
                  "cells": {"<c>": {"count", "best", "worst", "statuses": {"<status>": n},
                                    "paragraphs": [n], "statements": [iri]}}}],
     "gaps": [{"kind", "threat", "threat_label", "five_c", "message", "paragraphs"}],
     "summary": {"threats", "gaps", "empty_cells", "threats_without_connectivity",
                 "uncovered"}}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from spr_graph.analysis.views import label, resolve_force
from spr_graph.core.gcpause import paused_gc
from spr_graph.graph.facts import Statement, Statements, Vocabulary
from spr_graph.graph.projection import inside

#: Evidence statuses from strongest to weakest ("best" is the first present).
STATUS_ORDER = ("in-place", "completed", "in-progress", "piloted", "planned", "aspiration",
                "ended")

_REF = {"type": "object", "required": ["iri", "label"],
        "properties": {"iri": {"type": "string"}, "label": {"type": "string"}}}
_INTS = {"type": "array", "items": {"type": "integer"}}
JSON_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "force", "edition", "paper_edition", "five_cs", "threats", "gaps",
                 "summary"],
    "properties": {
        "schema": {"const": "spr-graph/gaps/1"},
        "force": _REF, "edition": _REF, "paper_edition": {"anyOf": [_REF, {"type": "null"}]},
        "five_cs": {"type": "array", "items": {"type": "string"}},
        "threats": {"type": "array", "items": {
            "type": "object",
            "required": ["iri", "label", "uncovered", "named_connectivity", "mapped_from",
                         "connectivity_partners", "cells"],
            "properties": {
                "iri": {"type": "string"}, "label": {"type": "string"},
                "uncovered": {"type": "boolean"}, "named_connectivity": {"type": "boolean"},
                "mapped_from": {"type": "array", "items": {
                    "type": "object", "required": ["iri", "label", "match"],
                    "properties": {"match": {"enum": ["exact", "close", "same"]}}}},
                "connectivity_partners": {"type": "array", "items": _REF},
                "cells": {"type": "object", "additionalProperties": {
                    "type": "object",
                    "required": ["count", "best", "worst", "statuses", "paragraphs",
                                 "statements"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0},
                        "best": {"type": ["string", "null"]},
                        "worst": {"type": ["string", "null"]},
                        "statuses": {"type": "object",
                                     "additionalProperties": {"type": "integer"}},
                        "paragraphs": _INTS,
                        "statements": {"type": "array", "items": {"type": "string"}}}}}}}},
        "gaps": {"type": "array", "items": {
            "type": "object",
            "required": ["kind", "threat", "threat_label", "five_c", "message", "paragraphs"],
            "properties": {"kind": {"enum": ["uncovered", "no-connectivity", "no-evidence"]},
                           "five_c": {"type": ["string", "null"]}, "paragraphs": _INTS}}},
        "summary": {"type": "object", "required": ["threats", "gaps", "empty_cells",
                                                   "threats_without_connectivity",
                                                   "uncovered"]},
    },
}


def _status_rank(status: str | None) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


@dataclass(frozen=True)
class Cell:
    """The statements of one threat and one C."""

    statements: tuple[Statement, ...] = ()

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def statuses(self) -> dict[str, int]:
        counts = Counter(s.status or "unknown" for s in self.statements)
        return dict(sorted(counts.items(), key=lambda kv: (_status_rank(kv[0]), kv[0])))

    @property
    def best(self) -> str | None:
        return next(iter(self.statuses), None)

    @property
    def worst(self) -> str | None:
        return next(reversed(self.statuses), None)

    @property
    def paragraphs(self) -> list[int]:
        return sorted({p for s in self.statements for p in s.paragraphs})

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "best": self.best, "worst": self.worst,
                "statuses": self.statuses, "paragraphs": self.paragraphs,
                "statements": [s.iri for s in self.statements]}


@dataclass(frozen=True)
class Gap:
    kind: str
    threat: str
    threat_label: str
    five_c: str | None
    message: str
    paragraphs: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "threat": self.threat, "threat_label": self.threat_label,
                "five_c": self.five_c, "message": self.message,
                "paragraphs": list(self.paragraphs)}


@dataclass(frozen=True)
class ThreatRow:
    threat: str
    label: str
    cells: dict[str, Cell]
    partners: tuple[str, ...]
    mapped_from: tuple[tuple[str, str], ...]
    uncovered: bool = False

    @property
    def named_connectivity(self) -> bool:
        return bool(self.partners)


@dataclass
class GapMatrix:
    """The threat x 5C matrix of one force's paper against one SPR edition."""

    force: str
    force_label: str
    edition: str
    paper_edition: str | None
    five_cs: tuple[str, ...]
    rows: list[ThreatRow]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def gaps(self) -> list[Gap]:
        found: list[Gap] = []
        for row in self.rows:
            if row.uncovered:
                found.append(Gap("uncovered", row.threat, row.label, None,
                                 f"the paper answers to no threat that maps onto {row.label}"))
                continue
            if not row.named_connectivity:
                cell = row.cells.get("connectivity", Cell())
                found.append(Gap("no-connectivity", row.threat, row.label, "connectivity",
                                 f"no connectivity statement names a partner outside "
                                 f"{self.force_label}", tuple(cell.paragraphs)))
            found.extend(Gap("no-evidence", row.threat, row.label, c,
                             f"no statement evidences {c}")
                         for c in self.five_cs if not row.cells[c].count)
        return found

    def threats_without_connectivity(self) -> set[str]:
        return {r.threat for r in self.rows if not r.uncovered and not r.named_connectivity}

    def as_dict(self) -> dict[str, object]:
        gaps = self.gaps
        return {
            "schema": "spr-graph/gaps/1",
            "force": {"iri": self.force, "label": self.force_label},
            "edition": {"iri": self.edition, "label": self.labels.get(self.edition, self.edition)},
            "paper_edition": None if self.paper_edition is None else {
                "iri": self.paper_edition,
                "label": self.labels.get(self.paper_edition, self.paper_edition)},
            "five_cs": list(self.five_cs),
            "threats": [{
                "iri": r.threat, "label": r.label, "uncovered": r.uncovered,
                "named_connectivity": r.named_connectivity,
                "mapped_from": [{"iri": t, "label": self.labels.get(t, t), "match": m}
                                for t, m in r.mapped_from],
                "connectivity_partners": [{"iri": p, "label": self.labels.get(p, p)}
                                          for p in r.partners],
                "cells": {c: r.cells[c].as_dict() for c in self.five_cs},
            } for r in self.rows],
            "gaps": [g.as_dict() for g in gaps],
            "summary": {
                "threats": len(self.rows), "gaps": len(gaps),
                "empty_cells": sum(1 for g in gaps if g.kind == "no-evidence"),
                "threats_without_connectivity": sum(1 for g in gaps
                                                    if g.kind == "no-connectivity"),
                "uncovered": sum(1 for g in gaps if g.kind == "uncovered")},
        }


def _outside_partners(statements: Iterable[Statement], own: set[str]) -> tuple[str, ...]:
    return tuple(sorted({p for s in statements if s.five_c == "connectivity"
                         for p in s.partners if p not in own}))


class GapBaseline:
    """What every matrix of one force against one edition shares: the force, what is
    inside it, the target threats and where their statements come from. Build it once
    and call :meth:`matrix` for each set of statements (the what-if sweep does)."""

    def __init__(self, graph: nx.MultiDiGraph, statements: Statements,
                 vocabulary: Vocabulary | None = None, edition: str | None = None,
                 force: str | None = None) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.graph = graph
        self.force = resolve_force(graph, force)
        self.own = inside(graph, self.force)
        self.statements = statements.for_force(self.force)
        self.labels = {**graph.graph.get("threat_labels", {}), **self.vocabulary.labels}
        paper = set(statements.threats)
        self.paper_edition = statements.edition
        self.targets: list[tuple[str, tuple[tuple[str, str], ...]]]
        if edition is None or edition == statements.edition:
            self.targets = [(t, ((t, "same"),)) for t in statements.threats]
            self.edition = edition or statements.edition or ""
        else:
            self.targets = [(t, tuple((m, rel) for m, rel in self.vocabulary.matches(t)
                                      if m in paper))
                            for t in self.vocabulary.editions.get(edition, ())]
            self.edition = edition

    def matrix(self, items: Iterable[Statement] | None = None) -> GapMatrix:
        """The matrix of ``items`` (default: all the force's statements)."""
        chosen = list(self.statements if items is None else items)
        by_threat: dict[str, list[Statement]] = {}
        for s in chosen:
            for t in s.threats:
                by_threat.setdefault(t, []).append(s)
        labels = dict(self.labels)
        labels.update({n: label(self.graph, n) for s in chosen for n in s.partners})
        rows = []
        for threat, sources in self.targets:
            found = {s.iri: s for t in [threat, *(m for m, _ in sources)]
                     for s in by_threat.get(t, ())}
            ordered = [found[k] for k in sorted(found)]
            cells = {c: Cell(tuple(s for s in ordered if s.five_c == c))
                     for c in self.vocabulary.five_cs}
            rows.append(ThreatRow(threat, labels.get(threat, label(self.graph, threat)), cells,
                                  _outside_partners(ordered, self.own), sources,
                                  uncovered=not sources and not ordered))
        rows.sort(key=lambda r: (r.label.casefold(), r.threat))
        return GapMatrix(self.force, label(self.graph, self.force), self.edition,
                         self.paper_edition, tuple(self.vocabulary.five_cs), rows, labels)


@paused_gc()  # see spr_graph.core.gcpause
def gap_matrix(graph: nx.MultiDiGraph, statements: Statements,
               vocabulary: Vocabulary | None = None, edition: str | None = None,
               force: str | None = None) -> GapMatrix:
    """The threat x 5C matrix of ``force`` (default: the paper's) against ``edition``.

    ``statements`` is :attr:`spr_graph.graph.facts.Facts.statements`; ``vocabulary``
    (:attr:`spr_graph.graph.facts.Facts.vocabulary`) gives the editions, the crosswalk and the
    5 Cs (default: the paper's own edition and the SPR's 5 Cs).
    """
    return GapBaseline(graph, statements, vocabulary, edition, force).matrix()


def threats_without_connectivity(graph: nx.MultiDiGraph, statements: Statements,
                                 force: str | None = None) -> set[str]:
    """IRIs of the paper's threats with no named connectivity outside the force.

    ``statements`` is a :class:`spr_graph.graph.facts.Statements`
    (``read_facts(select).statements``):
    its ``threats`` are every threat of the paper's edition, so a threat no statement
    mentions is reported too. ``force`` defaults to the graph's ``force``.
    """
    return gap_matrix(graph, statements, force=force).threats_without_connectivity()
