"""Which paper a paragraph number belongs to: the papers an analysis rests on, so that
every citation names its paper ("WMP 2020-01 ¶93") and not a bare number.

The analyses carry paragraph numbers (:mod:`spr_graph.graph.projection` and
:mod:`spr_graph.graph.facts` keep numbers only); a :class:`Citing` reads the papers of
the graph an analysis ran on and turns a row's numbers into ``(paper, numbers)`` pairs.
With one paper (the bundled data, ``--paper``, the latest paper of one force, the
evidence pack) every number is that paper's. With several papers read whole, a number
is cited in each paper that has a paragraph of that number: the projection does not say
which of them stated the fact, so ``--paper`` is the way to an exact citation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.core.rows import Select

__all__ = ["Citing", "PaperRef", "read_citing"]


@dataclass(frozen=True)
class PaperRef:
    """A paper as a citation names it: ``WMP 2020-01`` (force abbreviation, year-month)."""

    iri: str
    short: str
    force: str
    force_label: str
    date: str

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, iri: str, force: str, date: str) -> PaperRef:
        """The paper ``iri`` of ``force`` dated ``date``: its short name is the force's
        abbreviation (else its label) and the year-month."""
        from spr_graph.analysis.views import label

        node = graph.nodes[force] if force in graph else {}
        return cls.named(iri, force, label(graph, force), node.get("abbreviation"), date)

    @classmethod
    def named(cls, iri: str, force: str, name: str, abbreviation: str | None, date: str
              ) -> PaperRef:
        """The paper ``iri`` of the force ``name`` (``abbreviation``) dated ``date``."""
        return cls(iri, f"{abbreviation or name} {date[:7]}".strip(), force, name, date)

    def cite(self, paragraphs: Iterable[int]) -> str:
        """``WMP 2020-01 ¶57, 58``, runs of three or more as ``¶49-51`` (empty without
        paragraphs): the one way a citation reads, in every table, page and JSON."""
        from spr_graph.core.tables import paragraphs_text

        numbers = sorted(set(paragraphs))
        return f"{self.short} ¶{paragraphs_text(numbers)}" if numbers else ""


@dataclass(frozen=True)
class Citing:
    """The papers an analysis rests on (in IRI order) and each one's paragraph numbers."""

    papers: tuple[PaperRef, ...] = ()
    numbers: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: each paper's source SHA-256 (``spr:sourceDigest``), when its provenance records one
    sha256: Mapping[str, str] = field(default_factory=dict)

    def split(self, paragraphs: Iterable[int]) -> list[tuple[PaperRef, tuple[int, ...]]]:
        """``paragraphs`` by the paper they are paragraphs of (see the module doc).

        >>> one = Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),))
        >>> [(p.short, n) for p, n in one.split([58, 57, 57])]
        [('WMP 2020-01', (57, 58))]
        """
        numbers = sorted(set(paragraphs))
        if not numbers:
            return []
        if len(self.papers) == 1:
            return [(self.papers[0], tuple(numbers))]
        found = [(p, tuple(n for n in numbers if n in self.numbers.get(p.iri, ())))
                 for p in self.papers]
        return [(p, n) for p, n in found if n]

    def text(self, paragraphs: Iterable[int]) -> str:
        """The citation as tables show it: ``WMP 2020-01 ¶57, 58`` (``; `` between papers);
        bare numbers when no paper is known.

        >>> Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),)
        ...        ).text([49, 50, 51, 54])
        'WMP 2020-01 ¶49-51, 54'
        """
        from spr_graph.core.tables import paragraphs_text

        if not self.papers:
            return paragraphs_text(paragraphs)
        return "; ".join(p.cite(n) for p, n in self.split(paragraphs))

    def as_list(self, paragraphs: Iterable[int]) -> list[dict[str, object]]:
        """The citation as JSON has it: ``[{"paper", "short", "paragraphs"}]``."""
        return [{"paper": p.iri, "short": p.short, "paragraphs": list(n)}
                for p, n in self.split(paragraphs)]

    def as_json(self) -> dict[str, object]:
        """Everything it knows, as :meth:`from_json` reads it back.

        >>> one = Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),),
        ...              {"doc:a": frozenset({57, 58})})
        >>> Citing.from_json(one.as_json()) == one
        True
        """
        return {"papers": [[p.iri, p.short, p.force, p.force_label, p.date]
                           for p in self.papers],
                "numbers": {k: sorted(v) for k, v in self.numbers.items()},
                "sha256": dict(self.sha256)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Citing:
        """What :meth:`as_json` wrote; data of another shape (a cache beside a store may
        come from elsewhere) raises a ValueError, TypeError or KeyError.

        >>> Citing.from_json({"papers": [["doc:a", 1, "", "", ""]], "numbers": {},
        ...                   "sha256": {}})
        Traceback (most recent call last):
        ...
        ValueError: not a citing of papers
        """
        papers, numbers, sha = data["papers"], data["numbers"], data["sha256"]
        if not (type(papers) is list and type(numbers) is dict and type(sha) is dict
                and all(type(p) is list and len(p) == 5 and all(type(x) is str for x in p)
                        for p in papers)
                and all(type(v) is list and all(type(n) is int for n in v)
                        for v in numbers.values())
                and all(type(v) is str for v in sha.values())):
            raise ValueError("not a citing of papers")
        return cls(tuple(PaperRef(*p) for p in papers),
                   {k: frozenset(v) for k, v in numbers.items()}, dict(sha))

    def described(self) -> list[dict[str, object]]:
        """The papers, as a JSON document lists them."""
        return [{"iri": p.iri, "short": p.short, "force": p.force, "date": p.date,
                 "sha256": self.sha256.get(p.iri)} for p in self.papers]


def read_citing(select: Select, only: Iterable[str] = ()) -> Citing:
    """The papers of the graph ``select`` reads (``only``: just these IRIs), named as
    citations name them: the force's abbreviation (else its label) and the year-month."""
    from spr_graph.graph.kinds import short_abbreviation

    wanted = set(only)
    docs: dict[str, dict[str, str]] = {}
    alt: dict[str, set[str]] = defaultdict(set)
    for row in select("""SELECT ?doc ?force ?label ?alt ?date ?sha WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc dcterms:date ?date }
            OPTIONAL { ?doc spr:sourceDigest ?sha }
            OPTIONAL { ?doc spr:force ?force OPTIONAL { ?force skos:prefLabel ?label }
                       OPTIONAL { ?force skos:altLabel ?alt } } }"""):
        doc = row["doc"] or ""
        if wanted and doc not in wanted:
            continue
        seen = docs.setdefault(doc, {})
        for key in ("force", "label", "date", "sha"):
            if row[key] and (key not in seen or (row[key] or "") < seen[key]):
                seen[key] = row[key] or ""
        if row["alt"]:
            alt[doc].add(row["alt"] or "")
    numbers: dict[str, set[int]] = defaultdict(set)
    # Each paper's paragraph numbers tell apart several papers' citations (one paper
    # needs none); gathered in the store, a row a paper: a national store has 50k+.
    rows = select("""SELECT ?doc (GROUP_CONCAT(STR(?n); separator=" ") AS ?numbers)
            WHERE { ?p dcterms:isPartOf ?doc ; spr:paragraphNumber ?n } GROUP BY ?doc"""
                  ) if len(docs) > 1 else iter(())
    for row in rows:
        if (row["doc"] or "") in docs:
            numbers[row["doc"] or ""].update(int(n) for n in (row["numbers"] or "").split()
                                             if n.isdigit())
    papers = []
    for doc, seen in sorted(docs.items()):
        force = seen.get("force", "")
        label = seen.get("label") or force.rsplit("/", 1)[-1]
        papers.append(PaperRef.named(doc, force, label, short_abbreviation(alt[doc]),
                                     seen.get("date", "")))
    return Citing(tuple(papers), {d: frozenset(n) for d, n in numbers.items()},
                  {d: seen["sha"] for d, seen in docs.items() if seen.get("sha")})
