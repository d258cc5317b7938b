"""Indexes that answer "what does losing these nodes do" to chairs and funding, fast.

Built once per graph, each question costs time in proportion to what the removed nodes
touch, so a sweep over thousands of cut vertices stays linear.

- A **board is left without a chair** when every post, person or organisation that
  chairs it is removed (and the board itself is not).
- A **funding stream is lost** when it is removed, or when every one of its funders is
  removed or is itself a lost stream.
- Something is **left unfunded** when every live stream that pays for it (or, for a
  stream that names nothing it pays for, its recipients) is lost; a fund paying through
  an allocation of its own is not separate cover (:func:`.funding.payers`). With
  ``as_of``, only streams still running then (no end date, or one not before it) count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from spr_graph.analysis.funding import payers
from spr_graph.graph.facts import FundingStream, Instant


class Consequences:
    def __init__(self, graph: nx.MultiDiGraph, funding: Iterable[FundingStream],
                 as_of: Instant | None = None) -> None:
        self.chairs: dict[str, set[str]] = defaultdict(set)
        self.chaired: dict[str, set[str]] = defaultdict(set)
        self.chair_paragraphs: dict[str, set[int]] = defaultdict(set)
        for u, v, relation, data in graph.edges(keys=True, data=True):
            if relation == "chairs":
                self.chairs[v].add(u)
                self.chaired[u].add(v)
                self.chair_paragraphs[v].update(data["paragraphs"])
        start = as_of.first_day() if as_of else None
        funding = list(funding)
        self.streams = {f.iri: f for f in funding
                        if start is None or f.end is None or f.end.last_day() >= start}
        self.funded_by: dict[str, set[str]] = defaultdict(set)
        for stream in self.streams.values():
            for funder in stream.funders:
                self.funded_by[funder].add(stream.iri)
        self.payers: dict[str, set[str]] = defaultdict(set, {
            d: {s.iri for s in paying if s.iri in self.streams}
            for d, paying in payers(funding).items()})

    def chairless(self, removed: set[str]) -> list[tuple[str, tuple[str, ...]]]:
        """``(board, its former chairs)`` for each board that loses every chair."""
        boards = {b for node in removed for b in self.chaired.get(node, ())}
        return sorted((b, tuple(sorted(self.chairs[b]))) for b in boards
                      if b not in removed and self.chairs[b] <= removed)

    def funding_lost(self, removed: set[str]) -> list[str]:
        """The live streams lost with ``removed`` (see the module doc)."""
        lost = {node for node in removed if node in self.streams}
        gone = set(removed) | lost
        frontier = list(gone)
        while frontier:
            node = frontier.pop()
            for stream in self.funded_by.get(node, ()):
                if stream not in lost and set(self.streams[stream].funders) <= gone:
                    lost.add(stream)
                    gone.add(stream)
                    frontier.append(stream)
        return sorted(lost)

    def unfunded(self, removed: set[str], lost: Iterable[str] | None = None
                 ) -> list[tuple[str, tuple[str, ...]]]:
        """``(dependent, the lost streams that paid for it)`` for each thing left unpaid."""
        lost_set = set(self.funding_lost(removed) if lost is None else lost)
        dependents = {d for s in lost_set for d in self.streams[s].dependents}
        return sorted((d, tuple(sorted(self.payers[d] & lost_set))) for d in dependents
                      if d not in removed and self.payers[d] and self.payers[d] <= lost_set)

    def sole_providers(self) -> set[str]:
        """Sole chairs of boards, sole funders of streams, sole live payers of something."""
        found = {next(iter(c)) for c in self.chairs.values() if len(c) == 1}
        found |= {s.funders[0] for s in self.streams.values() if len(s.funders) == 1}
        found |= {next(iter(p)) for p in self.payers.values() if len(p) == 1}
        return found

    def stream_paragraphs(self, streams: Iterable[str]) -> list[int]:
        return sorted({p for s in streams for p in self.streams[s].paragraphs})
