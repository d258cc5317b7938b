"""Which paper a paragraph belongs to: the papers an analysis rests on, so that every
citation names its paper ("WMP 2020-01 ¶93") and not a bare number.

The analyses carry paragraph keys (:mod:`spr_graph.core.paragraph_keys`: the
projection, the facts, the evidence, ``describe`` and the search index keep them); a
:class:`Citing` reads the papers of the graph an analysis ran on, in the IRI order that
ranks them, and turns a row's keys into ``(paper, numbers)`` pairs. With one paper (the
bundled data, ``--paper``, the latest paper of one force, the evidence pack) every key
is a number of that paper. With several papers read whole, each key names the one paper
whose paragraph stated the fact: a fact of force A's paragraph 5 cites A's paper only,
though B's paper has a paragraph 5 too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spr_graph.core.paragraph_keys import number_of, rank_of

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
        return self.cited(paragraphs_text(numbers)) if numbers else ""

    def cited(self, runs: str) -> str:
        """The citation of the paragraphs ``runs`` writes (as
        :func:`~spr_graph.core.tables.paragraphs_text` writes them): ``WMP 2020-01 ¶57, 58``."""
        return f"{self.short} ¶{runs}"


@dataclass(frozen=True)
class Citing:
    """The papers an analysis rests on, in IRI order: a paper's place is the rank its
    paragraph keys carry."""

    papers: tuple[PaperRef, ...] = ()
    #: each paper's source SHA-256 (``spr:sourceDigest``), when its provenance records one
    sha256: Mapping[str, str] = field(default_factory=dict)

    def split(self, paragraphs: Iterable[int]) -> list[tuple[PaperRef, tuple[int, ...]]]:
        """``paragraphs`` (keys) by the paper they are paragraphs of, as numbers.

        >>> a = PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21")
        >>> b = PaperRef("doc:b", "GMP 2021-03", "ag:gmp", "GMP", "2021-03-01")
        >>> [(p.short, n) for p, n in Citing((a,)).split([58, 57, 57])]
        [('WMP 2020-01', (57, 58))]
        >>> [(p.short, n) for p, n in Citing((a, b)).split([1000005, 7])]
        [('WMP 2020-01', (7,)), ('GMP 2021-03', (5,))]
        """
        found: dict[int, list[int]] = defaultdict(list)
        for key in sorted(set(paragraphs)):
            found[rank_of(key)].append(number_of(key))
        return [(self.papers[rank], tuple(numbers)) for rank, numbers in sorted(found.items())
                if rank < len(self.papers)]

    def text(self, paragraphs: Iterable[int], papers: int | None = None) -> str:
        """The citation as tables show it: ``WMP 2020-01 ¶57, 58`` (``; `` between papers);
        bare numbers when no paper is known. ``papers``: name at most that many papers,
        and say how many more there are (a line for a terminal).

        >>> two = Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),
        ...               PaperRef("doc:b", "GMP 2021-03", "ag:gmp", "GMP", "2021-03-01")))
        >>> two.text([49, 50, 51, 54])
        'WMP 2020-01 ¶49-51, 54'
        >>> two.text([5, 1_000_007], papers=1)
        'WMP 2020-01 ¶5; and 1 more paper'
        """
        from spr_graph.core.tables import paragraphs_text

        if not self.papers:
            return paragraphs_text(paragraphs)
        # PaperRef.cite, each paper's numbers written once: with many papers, most cite
        # the same numbers (a national store: 1,700 papers a citation)
        runs: dict[tuple[int, ...], str] = {}
        split = self.split(paragraphs)
        named = split if papers is None else split[:papers]
        text = "; ".join(p.cited(runs.get(n) or runs.setdefault(n, paragraphs_text(n)))
                         for p, n in named)
        more = len(split) - len(named)
        return text + (f"; and {more} more paper{'s' if more > 1 else ''}" if more else "")

    def as_list(self, paragraphs: Iterable[int]) -> list[dict[str, object]]:
        """The citation as JSON has it: ``[{"paper", "short", "paragraphs"}]``."""
        return [{"paper": p.iri, "short": p.short, "paragraphs": list(n)}
                for p, n in self.split(paragraphs)]

    def as_json(self) -> dict[str, object]:
        """Everything it knows, as :meth:`from_json` reads it back.

        >>> one = Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),),
        ...              {"doc:a": "ab12"})
        >>> Citing.from_json(one.as_json()) == one
        True
        """
        return {"papers": [[p.iri, p.short, p.force, p.force_label, p.date]
                           for p in self.papers],
                "sha256": dict(self.sha256)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Citing:
        return cls(tuple(PaperRef(*p) for p in data["papers"]), dict(data["sha256"]))

    def described(self) -> list[dict[str, object]]:
        """The papers, as a JSON document lists them."""
        return [{"iri": p.iri, "short": p.short, "force": p.force, "date": p.date,
                 "sha256": self.sha256.get(p.iri)} for p in self.papers]


def read_citing(select: Select) -> Citing:
    """The papers of the graph ``select`` reads, in IRI order (the ranks of their
    paragraph keys), named as citations name them: the force's abbreviation (else its
    label) and the year-month."""
    from spr_graph.graph.kinds import short_abbreviation

    docs: dict[str, dict[str, str]] = {}
    alt: dict[str, set[str]] = defaultdict(set)
    for row in select("""SELECT ?doc ?force ?label ?alt ?date ?sha WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc dcterms:date ?date }
            OPTIONAL { ?doc spr:sourceDigest ?sha }
            OPTIONAL { ?doc spr:force ?force OPTIONAL { ?force skos:prefLabel ?label }
                       OPTIONAL { ?force skos:altLabel ?alt } } }"""):
        doc = row["doc"] or ""
        seen = docs.setdefault(doc, {})
        for key in ("force", "label", "date", "sha"):
            if row[key] and (key not in seen or (row[key] or "") < seen[key]):
                seen[key] = row[key] or ""
        if row["alt"]:
            alt[doc].add(row["alt"] or "")
    papers = []
    for doc, seen in sorted(docs.items()):
        force = seen.get("force", "")
        label = seen.get("label") or force.rsplit("/", 1)[-1]
        papers.append(PaperRef.named(doc, force, label, short_abbreviation(alt[doc]),
                                     seen.get("date", "")))
    return Citing(tuple(papers), {d: seen["sha"] for d, seen in docs.items() if seen.get("sha")})
