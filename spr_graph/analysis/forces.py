"""Forces side by side (``spr-graph compare``): a regional or national reviewer's view
of many papers in one store.

For each chosen paper (default: the latest paper of every force), its force's threat x
5C matrix (:func:`.gaps.gap_matrix`, the paper's statements only), and from them:

- the **forces x threats** matrix: named connectivity (partners outside the force) and
  statements per C;
- **threats lacking named connectivity**, with how many forces and which;
- **partners** by how many forces name them (a body many forces rely on, or one only);
- per force, its **single points of failure** (articulation points of the organisation
  graph inside or next to the force) and **key persons** (its posts chairing or leading
  two or more bodies);
- **funding cliffs** by month: the funding streams each paper states that end then.

Every row cites its paper and paragraphs ("WMP 2020-01 ¶93").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from spr_graph.analysis.citing import PaperRef
from spr_graph.analysis.gaps import GapMatrix, gap_matrix
from spr_graph.analysis.spof import KeyPerson, articulation_nodes, key_persons
from spr_graph.analysis.views import Labelled
from spr_graph.core.errors import InputError
from spr_graph.core.paragraph_keys import number_of, rank_of, ranks
from spr_graph.graph.facts import Document, Facts
from spr_graph.graph.projection import inside

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["by_paper", "Comparison", "ForceRow", "Cliff", "compare_forces", "choose_papers",
           "one_force_papers"]



class _Stated(Protocol):
    @property
    def papers(self) -> tuple[str, ...]: ...


_T = TypeVar("_T", bound=_Stated)


@dataclass(frozen=True)
class ForceRow:
    """One force's paper: its matrix, single points of failure and key persons (node ->
    paragraphs)."""

    paper: PaperRef
    matrix: GapMatrix
    cut_vertices: dict[str, tuple[int, ...]]
    key_persons: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class Cliff:
    """A funding stream of ``paper``'s force that ends in ``month`` (YYYY-MM)."""

    month: str
    paper: PaperRef
    stream: str
    label: str
    paragraphs: tuple[int, ...]


@dataclass
class Comparison(Labelled):
    """The chosen papers' forces side by side (see the module)."""

    rows: list[ForceRow]
    threats: list[str]
    five_cs: tuple[str, ...]
    cliffs: list[Cliff]
    labels: dict[str, str] = field(default_factory=dict)
    top: int | None = None

    def lacking(self) -> dict[str, list[ForceRow]]:
        """Threat -> the forces whose paper names no partner outside the force for it."""
        found: dict[str, list[ForceRow]] = {t: [] for t in self.threats}
        for row in self.rows:
            for t in row.matrix.threats_without_connectivity():
                found.setdefault(t, []).append(row)
        return found

    def partners(self) -> dict[str, dict[PaperRef, tuple[int, ...]]]:
        """Partner -> {paper: paragraphs naming it} over every force's statements."""
        found: dict[str, dict[PaperRef, set[int]]] = defaultdict(lambda: defaultdict(set))
        for row in self.rows:
            for threat_row in row.matrix.rows:
                for cell in threat_row.cells.values():
                    for s in cell.statements:
                        for p in s.partners:
                            found[p][row.paper].update(s.paragraphs)
        return {p: {k: tuple(sorted(v)) for k, v in by.items()} for p, by in found.items()}

    @property
    def forces(self) -> set[str]:
        return {row.paper.force for row in self.rows}

    @property
    def has_findings(self) -> bool:
        """Whether some force's paper names no partner outside it for some threat."""
        return any(self.lacking().values())

    def as_dict(self) -> dict[str, object]:
        lacking = self.lacking()
        return {
            "schema": "spr-graph/compare/1",
            "five_cs": list(self.five_cs),
            "forces": [{
                "force": self.ref(r.paper.force), "paper": r.paper.iri, "short": r.paper.short,
                "date": r.paper.date,
                "threats": [{"threat": self.ref(t.threat), "named_connectivity":
                             t.named_connectivity, "partners": self.refs(t.partners),
                             "statements": {c: t.cells[c].count for c in self.five_cs},
                             "paragraphs": sorted({p for c in t.cells.values()
                                                   for p in c.paragraphs})}
                            for t in r.matrix.rows],
                "single_points_of_failure": [{**self.ref(n), "paragraphs": list(ps)}
                                             for n, ps in r.cut_vertices.items()],
                "key_persons": [{**self.ref(n), "paragraphs": list(ps)}
                                for n, ps in r.key_persons.items()]} for r in self.rows],
            "threats_lacking_connectivity": [
                {"threat": self.ref(t), "forces": [r.paper.short for r in rows]}
                for t, rows in lacking.items()],
            "partners": [{"partner": self.ref(p), "forces": len(by),
                          "named_by": [{"paper": k.short, "paragraphs": list(v)}
                                       for k, v in by_paper(by)]}
                         for p, by in _by_reach(self.partners(), self.labels)],
            "funding_cliffs": [{"month": c.month, "paper": c.paper.short,
                                "stream": {"iri": c.stream, "label": c.label},
                                "paragraphs": list(c.paragraphs)} for c in self.cliffs],
        }


def _short(item: tuple[PaperRef, object]) -> str:
    """A (paper, ...) pair's sort key: the paper's short name."""
    return item[0].short


def _by_reach(partners: dict[str, dict[PaperRef, tuple[int, ...]]], labels: dict[str, str]
              ) -> list[tuple[str, dict[PaperRef, tuple[int, ...]]]]:
    """Partners, those named by most forces first, then by label."""
    return sorted(partners.items(), key=lambda kv: (-len(kv[1]),
                                                    labels.get(kv[0], kv[0]).casefold(), kv[0]))


def by_paper(named: dict[PaperRef, tuple[int, ...]]) -> list[tuple[PaperRef, tuple[int, ...]]]:
    """The papers naming a partner, and their paragraphs, in order of the papers' names."""
    return sorted(named.items(), key=_short)


def one_force_papers(documents: Sequence[Document]) -> list[Document]:
    """The papers, oldest first, when there are several and all are one force's (this
    year's and last); else none. The last is the one read by default."""
    if len(documents) < 2 or len({d.force for d in documents}) != 1:
        return []
    return sorted(documents, key=lambda d: (d.date or "", d.iri))


def choose_papers(documents: Sequence[Document], wanted: Sequence[str] = ()
                  ) -> list[Document]:
    """The papers to compare: those ``wanted`` (by id, force name or IRI, or date), or
    the latest paper of every force."""
    if not wanted:
        latest: dict[str, Document] = {}
        for d in sorted(documents, key=lambda d: (d.date or "", d.iri)):
            if d.force:
                latest[d.force] = d
        return sorted(latest.values(), key=lambda d: (d.force_label or "", d.iri))
    chosen = []
    for want in wanted:
        key = want.casefold()
        hits = [d for d in documents if key in (
            d.iri.casefold(), d.iri.rsplit("/", 1)[-1].casefold(), (d.force or "").casefold(),
            (d.force_label or "").casefold()) or (d.date or "").startswith(want)]
        if not hits:
            known = ", ".join(f"{d.iri.rsplit('/', 1)[-1]} ({d.date})" for d in
                              sorted(documents, key=lambda d: d.iri)[:6])
            raise InputError(f"no paper '{want}'", hint=f"name a paper by its id, its force or "
                             f"its date (YYYY, YYYY-MM or YYYY-MM-DD); papers: {known or 'none'}")
        chosen.append(max(hits, key=lambda d: (d.date or "", d.iri)))
    return list(dict.fromkeys(chosen))


def _by_paper(items: Iterable[_T], papers: Sequence[Document]) -> dict[str, list[_T]]:
    """Each of ``papers``' items, in their order: one pass, not one per paper."""
    wanted: dict[str, list[_T]] = {d.iri: [] for d in papers}
    for item in items:
        for paper in item.papers:
            if paper in wanted:
                wanted[paper].append(item)
    return wanted


def _own(keys: Iterable[int], rank: int) -> tuple[int, ...]:
    """The numbers of the paragraphs among ``keys`` that are the paper ranked ``rank``'s
    (:mod:`spr_graph.core.paragraph_keys`): a row cites its own paper only."""
    return tuple(sorted(number_of(k) for k in keys if rank_of(k) == rank))


def _owners(graph: nx.MultiDiGraph, forces: Iterable[str | None]) -> dict[str, set[str]]:
    """For each node inside one of ``forces``, the forces it is inside."""
    owners: dict[str, set[str]] = defaultdict(set)
    for force in dict.fromkeys(forces):
        for node in inside(graph, force):
            owners[node].add(force)  # type: ignore[arg-type]  # inside(None) is empty
    return owners


def _near(graph: nx.MultiDiGraph, owners: dict[str, set[str]], nodes: Iterable[str]
          ) -> dict[str, list[str]]:
    """For each force, the ``nodes`` inside it or linked to something inside it."""
    near: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        forces = set(owners.get(node, ()))
        for other in (*graph.predecessors(node), *graph.successors(node)):
            forces |= owners.get(other, set())
        for force in forces:
            near[force].append(node)
    return near


def compare_forces(graph: nx.MultiDiGraph, facts: Facts, wanted: Sequence[str] = (),
                   top: int | None = None) -> Comparison:
    """Compare the forces of the papers ``wanted`` (see :func:`choose_papers`) in one
    store, listing the ``top`` partners most forces name (None: all)."""
    papers = choose_papers(facts.documents, wanted)
    owners = _owners(graph, (doc.force for doc in papers))
    near = _near(graph, owners, sorted(articulation_nodes(graph)))
    people: dict[str, list[KeyPerson]] = defaultdict(list)
    for person in key_persons(graph):
        for force in owners.get(person.node, ()):
            people[force].append(person)
    statements = _by_paper(facts.statements, papers)
    funding = _by_paper(facts.funding, papers)
    rows, cliffs = [], []
    rank_of_paper = ranks(d.iri for d in facts.documents)
    for doc in papers:
        ref = PaperRef.of(graph, doc.iri, doc.force or "", doc.date or "")
        rank = rank_of_paper[doc.iri]
        own = tuple(replace(s, paragraphs=_own(s.paragraphs, rank)) for s in statements[doc.iri])
        matrix = gap_matrix(graph, replace(facts.statements, items=own), facts.vocabulary,
                            force=doc.force)
        force = doc.force or ""
        rows.append(ForceRow(ref, matrix, {
            n: _own(graph.nodes[n].get("paragraphs", ()), rank) for n in near.get(force, ())},
            {k.node: _own(k.paragraphs, rank) for k in people.get(force, ())}))
        for stream in funding[doc.iri]:
            if stream.end is not None:
                cliffs.append(Cliff(stream.end.last_day().isoformat()[:7], ref, stream.iri,
                                    stream.label, _own(stream.paragraphs, rank)))
    labels = {n: d["label"] for n, d in graph.nodes(data=True) if d.get("label")}
    labels.update(facts.vocabulary.labels)
    cliffs.sort(key=lambda c: (c.month, c.paper.short, c.label.casefold(), c.stream))
    return Comparison(rows, list(facts.statements.threats), tuple(facts.vocabulary.five_cs),
                      cliffs, labels, top)
