"""The reads the projection and the facts share, and a :class:`Shared` select that runs
each of them once when both are built from one source.

On a national graph a query's cost is mostly its rows (a persistent store decodes each
term from disk), so the statements, quantities and funding streams are read with one
scan of their properties in the paragraph graphs, not one join per class, and the
paragraphs once for both.
"""

from __future__ import annotations

from collections.abc import Iterable

from spr_graph.core.paragraph_keys import paragraph_key, ranks
from spr_graph.core.rows import Row, Select
from spr_graph.graph.facts_model import local

#: Every paper (source document): their IRI order ranks them, as the paragraph keys
#: have it (:mod:`~spr_graph.core.paragraph_keys`).
PAPERS = "SELECT DISTINCT ?doc WHERE { ?doc a spr:SourceDocument }"

#: Every paragraph graph: its paragraph's number, section threat and paper.
PARAGRAPHS = """SELECT ?g ?n ?threat ?doc WHERE {
    ?g prov:wasDerivedFrom ?p . ?p spr:paragraphNumber ?n .
    OPTIONAL { ?p spr:sectionThreat ?threat } OPTIONAL { ?p dcterms:isPartOf ?doc } }"""

#: The properties the facts read of statements, quantities and funding streams.
STATEMENT_PROPS = ("threat", "fiveC", "evidenceStatus", "actor", "partner", "about",
                   "pillar", "quote")
QUANTITY_PROPS = ("quantityOf", "value", "unitOfMeasure", "quantityRole", "scope", "asAt",
                  "approximation", "evidenceStatus")
FUNDING_PROPS = ("funder", "recipient", "pays", "value", "unitOfMeasure", "startDate",
                 "endDate", "evidenceStatus")
_SCANNED = " ".join(f"spr:{p}" for p in dict.fromkeys(
    (*STATEMENT_PROPS, *QUANTITY_PROPS, *FUNDING_PROPS)))
#: Those properties, labels and replacements, in the paragraph graphs, of any subject.
FACT_SCAN = f"""SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
    VALUES ?p {{ {_SCANNED} skos:prefLabel dcterms:replaces }} }}"""
#: The classes the facts read, and what is of each (in any graph).
FACT_TYPES = """SELECT ?s ?type WHERE { ?s a ?type VALUES ?type {
    spr:RequirementStatement spr:CapabilityQuantity spr:FundingStream } }"""
#: Each statement and the graphs that type it (the projection's statements).
STATEMENT_GRAPHS = "SELECT ?s ?g WHERE { GRAPH ?g { ?s a spr:RequirementStatement } }"
SHARED = frozenset({PAPERS, PARAGRAPHS, FACT_SCAN, FACT_TYPES})


class Shared:
    """A :data:`~spr_graph.core.rows.Select` that keeps the rows of the shared reads
    (:data:`SHARED`) for a second reader; :meth:`forget` lets them go.

    >>> calls = []
    >>> shared = Shared(lambda query: calls.append(query) or [{"g": "x"}])
    >>> shared(PARAGRAPHS) == shared(PARAGRAPHS), len(calls)
    (True, 1)
    """

    def __init__(self, select: Select) -> None:
        self.select = select
        self.kept: dict[str, list[Row]] = {}

    def __call__(self, query: str) -> Iterable[Row]:
        if query not in SHARED:
            return self.select(query)
        if query not in self.kept:
            self.kept[query] = list(self.select(query))
        return self.kept[query]

    def forget(self) -> None:
        """Let the kept rows go."""
        self.kept.clear()


def paper_ranks(select: Select) -> dict[str, int]:
    """Each paper's rank, as its paragraphs' keys have it (:func:`paragraphs`)."""
    return ranks(row["doc"] or "" for row in select(PAPERS))


def paragraphs(select: Select) -> dict[str, tuple[int, str | None, str | None]]:
    """Each paragraph graph's paragraph key (its number with one paper: see
    :mod:`~spr_graph.core.paragraph_keys`), section threat and paper (None when
    unknown); keyed by the graph, not the number: a store may hold several papers."""
    found: dict[str, tuple[int, str | None, str | None]] = {}
    rank = paper_ranks(select)
    for row in select(PARAGRAPHS):
        g = row["g"] or ""
        _, threat, doc = found.get(g, (0, None, None))
        doc = row["doc"] or doc
        found[g] = (paragraph_key(rank.get(doc or ""), row["n"]),
                    row["threat"] or threat, doc)
    return found


def fact_rows(select: Select) -> tuple[list[tuple[str, str, str, str]], dict[str, set[str]]]:
    """The :data:`FACT_SCAN` rows as ``(subject, property's local name, object, graph)``,
    and the subjects of each class the facts read (its local name -> IRIs)."""
    rows = [(row["s"] or "", local(row["p"] or ""), row["o"] or "", row["g"] or "")
            for row in select(FACT_SCAN)]
    typed: dict[str, set[str]] = {}
    for row in select(FACT_TYPES):
        typed.setdefault((row["type"] or "").rsplit("#", 1)[-1], set()).add(row["s"] or "")
    return rows, typed
