"""What changed between two papers (``spr-graph diff OLD NEW``): this year against last,
or one force against another.

Both papers are read as the evidence pack reads one (:func:`read_side`) and compared
area by area; every change cites the paragraphs of the old paper, of the
new one, or both:

- **statement**: requirement statements per threat and C, paired by :mod:`.diff_match`
  (actors, partners, quote), added, removed, or changed in evidence status;
- **partner**: partners a threat's statements name, gained and lost;
- **quantity**: capability quantities by what they count, their role and unit, changed in
  value, added or removed;
- **funding**: funding streams by name, started, ended, extended or brought forward,
  changed in value;
- **gap**: gaps of the threat x 5C matrix opened and closed;
- **single point of failure** and **key person**: appeared or went;
- **chair**: a board's chair changed;
- **organisation** and **link**: what a map draws, added, removed or changed
  (:mod:`.diff_structure`); each names its ``subject`` (IRIs), so a map of the new
  paper marks exactly these changes.

A **regression** is a gap that opened (a threat losing its named connectivity among
them): ``diff --fail-on-regression`` exits 1 on one. Entities are the same entity in
both papers when they have the same IRI (national bodies share the register's; a
force's own are qualified by the force).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spr_graph.analysis.citing import PaperRef
from spr_graph.analysis.diff_match import match
from spr_graph.analysis.diff_structure import structure_changes
from spr_graph.analysis.views import Labelled
from spr_graph.graph.facts import local

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.analysis.gaps import GapMatrix
    from spr_graph.core.rows import Select
    from spr_graph.graph.evidence import Paper
    from spr_graph.graph.facts import Facts, FundingStream, Quantity, Statement

__all__ = ["AREAS", "Change", "Diff", "PaperRef", "Side", "diff", "read_side"]

AREAS = ("statement", "partner", "quantity", "funding", "gap", "single point of failure",
         "key person", "chair", "organisation", "link")


@dataclass(frozen=True)
class Change:
    """One change: its area, what happened, to what, where (paragraphs of each paper)."""

    area: str
    change: str
    what: str
    threat: str | None = None
    five_c: str | None = None
    before: str = ""
    after: str = ""
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    why: str = ""
    regression: bool = False
    #: what a map marks: ``(iri,)`` for an organisation, ``(from, to, relation)`` for a link
    subject: tuple[str, ...] = ()


@dataclass
class Diff(Labelled):
    """The changes from the ``old`` paper to the ``new``, area by area."""

    old: PaperRef
    new: PaperRef
    changes: list[Change]
    labels: dict[str, str] = field(default_factory=dict)
    top: int | None = None

    @property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    @property
    def has_findings(self) -> bool:
        """Whether the new paper regressed (a gap opened)."""
        return bool(self.regressions)

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": "spr-graph/diff/1",
            "old": {"iri": self.old.iri, "short": self.old.short, "date": self.old.date,
                    "force": self.ref(self.old.force)},
            "new": {"iri": self.new.iri, "short": self.new.short, "date": self.new.date,
                    "force": self.ref(self.new.force)},
            "changes": [{
                "area": c.area, "change": c.change, "what": c.what,
                "threat": self.ref(c.threat) if c.threat else None, "five_c": c.five_c,
                "before": c.before, "after": c.after,
                "old_paragraphs": list(c.old), "new_paragraphs": list(c.new),
                "cited": "; ".join(filter(None, (self.old.cite(c.old), self.new.cite(c.new)))),
                "why": c.why, "regression": c.regression,
                **({"subject": list(c.subject)} if c.subject else {})} for c in self.changes],
            "counts": {area: sum(1 for c in self.changes if c.area == area) for area in AREAS},
            "regressions": len(self.regressions),
        }


@dataclass
class Side:
    """What ``diff`` compares of one paper: its projection, facts, gap matrix, the
    single points of failure and key persons (node -> paragraphs), and the paper."""

    graph: nx.MultiDiGraph
    facts: Facts
    gaps: GapMatrix
    cut_vertices: dict[str, tuple[int, ...]]
    key_persons: dict[str, tuple[int, ...]]
    papers: list[Paper]

    @property
    def force_label(self) -> str:
        return self.gaps.force_label

    @property
    def paper(self) -> PaperRef:
        """The paper, as citations name it."""
        paper = self.papers[0] if self.papers else None
        return PaperRef.of(self.graph, paper.iri if paper else "", self.gaps.force,
                           paper.date if paper else "")


def read_side(select: Select, read: tuple[nx.MultiDiGraph, Facts] | None = None) -> Side:
    """One paper, read for ``diff`` (the single points of failure without their ranking:
    the evidence pack's analysis, less what a diff does not compare). ``read``: the
    paper's projection and facts when they are read already (a
    :class:`spr_graph.Graph`'s), else they are read here."""
    from spr_graph.analysis.gaps import gap_matrix
    from spr_graph.analysis.spof import articulation_nodes, key_persons
    from spr_graph.graph.evidence import read_papers
    from spr_graph.graph.facts import read_facts
    from spr_graph.graph.projection import project
    from spr_graph.graph.reads import Shared

    select = Shared(select)  # the reads the projection and the facts share, read once
    graph, facts = read if read is not None else (project(select), read_facts(select))
    gaps = gap_matrix(graph, facts.statements, facts.vocabulary)
    cut = {n: tuple(graph.nodes[n].get("paragraphs", ())) for n in articulation_nodes(graph)
           - {gaps.force}}
    people = {k.node: tuple(k.paragraphs) for k in key_persons(graph)}
    force_of = {d.iri: d.force for d in facts.documents}
    papers = read_papers(select)
    own = [p for p in papers if force_of.get(p.iri) == gaps.force] or papers[:1]
    return Side(graph, facts, gaps, cut, people, own)


class _Names:
    """Labels of both papers' entities, the new paper's first."""

    def __init__(self, old: Side, new: Side) -> None:
        self.labels: dict[str, str] = {}
        for f in (old, new):
            self.labels.update(f.facts.vocabulary.labels)
            self.labels.update(f.gaps.labels)
            self.labels.update({n: d["label"] for n, d in f.graph.nodes(data=True)
                                if d.get("label")})

    def __call__(self, iri: str | None) -> str:
        return self.labels.get(iri or "", local(iri or ""))

    def all(self, iris: Iterable[str]) -> str:
        return ", ".join(sorted(map(self, iris), key=str.casefold))


def _by_threat_c(statements: Iterable[Statement]) -> dict[tuple[str, str], list[Statement]]:
    found: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in statements:
        for threat in s.threats:
            found[(threat, s.five_c or "")].append(s)
    return found


def _statements(old: Side, new: Side, name: _Names) -> list[Change]:
    before, after = _by_threat_c(old.facts.statements), _by_threat_c(new.facts.statements)
    out = []
    for threat, c in sorted(set(before) | set(after), key=lambda k: (name(k[0]), k[1])):
        pairs, removed, added = match(before.get((threat, c), []), after.get((threat, c), []),
                                      name)
        for a, b, why in pairs:
            if a.status != b.status:
                out.append(Change("statement", "changed", b.quote or name(b.iri), threat, c,
                                  a.status or "", b.status or "", a.paragraphs, b.paragraphs,
                                  f"evidence status {a.status} -> {b.status}; matched: {why}"))
        out += [Change("statement", "removed", s.quote or name(s.iri), threat, c,
                       s.status or "", "", s.paragraphs) for s in removed]
        out += [Change("statement", "added", s.quote or name(s.iri), threat, c, "",
                       s.status or "", (), s.paragraphs) for s in added]
    return out


def _partners(old: Side, new: Side, name: _Names) -> list[Change]:
    def named(f: Side) -> dict[tuple[str, str], set[int]]:
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for s in f.facts.statements:
            for threat in s.threats:
                for partner in s.partners:
                    found[(threat, partner)].update(s.paragraphs)
        return found
    before, after = named(old), named(new)
    out = []
    for threat, partner in sorted(set(before) ^ set(after),
                                  key=lambda k: (name(k[0]), name(k[1]), k)):
        gained = (threat, partner) in after
        out.append(Change("partner", "gained" if gained else "lost", name(partner), threat,
                          old=() if gained else tuple(sorted(before[(threat, partner)])),
                          new=tuple(sorted(after[(threat, partner)])) if gained else ()))
    return out


def _quantity_key(q: Quantity, name: _Names) -> tuple[str, ...]:
    return (name.all(q.of) or q.label, q.role or "", q.unit or "", name(q.scope))


def _paired(old: Sequence[Quantity], new: Sequence[Quantity]
            ) -> Iterable[tuple[Quantity | None, Quantity | None]]:
    left, right = sorted(old, key=lambda q: q.value), sorted(new, key=lambda q: q.value)
    for i in range(max(len(left), len(right))):
        yield (left[i] if i < len(left) else None, right[i] if i < len(right) else None)


def _quantities(old: Side, new: Side, name: _Names) -> list[Change]:
    before: dict[tuple[str, ...], list[Quantity]] = defaultdict(list)
    after: dict[tuple[str, ...], list[Quantity]] = defaultdict(list)
    for side, found in ((old, before), (new, after)):
        for q in side.facts.quantities:
            found[_quantity_key(q, name)].append(q)
    out = []
    for key in sorted(set(before) | set(after)):
        what = f"{key[0]} ({key[1] or 'recorded'})"
        for a, b in _paired(before.get(key, []), after.get(key, [])):
            if a is not None and b is not None and a.value != b.value:
                out.append(Change("quantity", "changed", what, before=f"{a.value}",
                                  after=f"{b.value}", old=a.paragraphs, new=b.paragraphs))
            elif a is None and b is not None:
                out.append(Change("quantity", "added", what, after=f"{b.value}",
                                  new=b.paragraphs))
            elif b is None and a is not None:
                out.append(Change("quantity", "removed", what, before=f"{a.value}",
                                  old=a.paragraphs))
    return out


def _end(stream: FundingStream) -> str:
    return stream.end.value if stream.end else "no end date"


def _funding_change(a: FundingStream, b: FundingStream) -> Change | None:
    if a.end != b.end:
        later = b.end is None or (a.end is not None and b.end.last_day() > a.end.last_day())
        return Change("funding", "extended" if later else "brought forward", b.label,
                      before=_end(a), after=_end(b), old=a.paragraphs, new=b.paragraphs)
    if a.value != b.value:
        return Change("funding", "changed", b.label, before=str(a.value or ""),
                      after=str(b.value or ""), old=a.paragraphs, new=b.paragraphs)
    return None


def _funding(old: Side, new: Side) -> list[Change]:
    def keyed(f: Side) -> dict[str, FundingStream]:
        return {" ".join(s.label.casefold().split()) or s.iri: s for s in f.facts.funding}
    before, after = keyed(old), keyed(new)
    out = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None:
            change = _funding_change(a, b)
            out += [change] if change else []
        elif b is not None:
            out.append(Change("funding", "started", b.label, after=_end(b), new=b.paragraphs))
        elif a is not None:
            out.append(Change("funding", "ended", a.label, before=_end(a), old=a.paragraphs))
    return out


def _evidence(side: Side, threat: str, c: str | None) -> tuple[int, ...]:
    """The paragraphs of ``side``'s statements on ``threat`` for C ``c`` (every C when
    None): what evidences the cell a gap is about."""
    for row in side.gaps.rows:
        if row.threat == threat:
            cells = [row.cells[c]] if c in row.cells else list(row.cells.values())
            return tuple(sorted({p for cell in cells for p in cell.paragraphs}))
    return ()


def _gaps(old: Side, new: Side, name: _Names) -> list[Change]:
    """Gaps opened and closed; each cites the paragraphs that evidenced the cell in the
    paper that had no gap (and any the gap itself cites)."""
    before = {(g.kind, g.threat, g.five_c): g for g in old.gaps.gaps}
    after = {(g.kind, g.threat, g.five_c): g for g in new.gaps.gaps}
    out = []
    for key in sorted(set(before) ^ set(after), key=lambda k: (name(k[1]), k[0], k[2] or "")):
        opened = key in after
        gap = after[key] if opened else before[key]
        was = _evidence(old if opened else new, gap.threat, gap.five_c)
        out.append(Change("gap", "opened" if opened else "closed", gap.message, gap.threat,
                          gap.five_c, old=was if opened else gap.paragraphs,
                          new=gap.paragraphs if opened else was, regression=opened))
    return out


def _spof(old: Side, new: Side, name: _Names) -> list[Change]:
    out = []
    for area, before, after in (
            ("single point of failure", old.cut_vertices, new.cut_vertices),
            ("key person", old.key_persons, new.key_persons)):
        for node in sorted(set(before) ^ set(after), key=lambda n: (name(n).casefold(), n)):
            appeared = node in after
            out.append(Change(area, "appeared" if appeared else "went", name(node),
                              old=() if appeared else before[node],
                              new=after[node] if appeared else ()))
    return out


def _chairs(old: Side, new: Side, name: _Names) -> list[Change]:
    def chairs(f: Side) -> dict[str, dict[str, tuple[int, ...]]]:
        found: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
        for u, v, relation, data in f.graph.edges(keys=True, data=True):
            if relation == "chairs":
                found[v][u] = tuple(data.get("paragraphs", ()))
        return found
    before, after = chairs(old), chairs(new)
    out = []
    for board in sorted(set(before) & set(after), key=lambda b: (name(b).casefold(), b)):
        if set(before[board]) != set(after[board]):
            out.append(Change("chair", "changed", name(board), before=name.all(before[board]),
                              after=name.all(after[board]),
                              old=tuple(sorted({p for ps in before[board].values() for p in ps})),
                              new=tuple(sorted({p for ps in after[board].values() for p in ps}))))
    return out


def diff(old: Side, new: Side) -> Diff:
    """The changes from the paper analysed in ``old`` to the one in ``new``."""
    name = _Names(old, new)
    changes = [*_statements(old, new, name), *_partners(old, new, name),
               *_quantities(old, new, name), *_funding(old, new), *_gaps(old, new, name),
               *_spof(old, new, name), *_chairs(old, new, name),
               *(Change(**c) for c in structure_changes(old.graph, new.graph, name))]
    return Diff(old.paper, new.paper, changes, name.labels)
