"""The evidence a map shows beside each node and edge: quotes and paragraph texts.

Read through a :data:`~spr_graph.store.select.Select`, so it works on files, ``--db`` and
``--endpoint`` alike. Requirement statements (with their own quotes) come from
:func:`spr_graph.graph.facts.read_facts`; this module adds what the facts leave out: the
``spr:quote`` of every entity, in the paragraph whose graph states it, and the text of
every numbered paragraph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spr_graph.core.paragraph_keys import number_of, paragraph_key
from spr_graph.core.rows import Select
from spr_graph.graph.facts import local
from spr_graph.graph.reads import paper_ranks


@dataclass(frozen=True)
class ProvenanceParagraph:
    """A numbered paragraph of the source paper, as the provenance graph records it."""

    number: int
    section: str
    heading: str
    text: str
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Quotes by subject IRI (as ``(paragraph key, quote)`` pairs, sorted) and paragraphs
    by key (by number, with one paper)."""

    quotes: dict[str, tuple[tuple[int, str], ...]]
    paragraphs: dict[int, ProvenanceParagraph]


def read_evidence(select: Select) -> Evidence:
    """Every quote with its paragraph, and every paragraph's text, heading and footnotes
    (by paragraph key: :mod:`~spr_graph.core.paragraph_keys`)."""
    quotes: dict[str, set[tuple[int, str]]] = defaultdict(set)
    rank = paper_ranks(select)
    for row in select("""SELECT ?s ?quote ?n ?doc WHERE { GRAPH ?g { ?s spr:quote ?quote }
            ?g prov:wasDerivedFrom ?p . ?p spr:paragraphNumber ?n
            OPTIONAL { ?p dcterms:isPartOf ?doc } }"""):
        key = paragraph_key(rank.get(row["doc"] or ""), row["n"])
        quotes[row["s"] or ""].add((key, row["quote"] or ""))
    return Evidence({s: tuple(sorted(q)) for s, q in sorted(quotes.items())},
                    read_paragraphs(select))


def read_paragraphs(select: Select, paper: str | None = None) -> dict[int, ProvenanceParagraph]:
    """Every numbered paragraph's text, heading and footnotes, by paragraph key (a store
    may hold several papers, each with its own paragraph 5); only those of the source
    document ``paper`` (its IRI) when given, by number."""
    fields: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    only = f"?p dcterms:isPartOf <{paper}> ." if paper else ""
    rank = {} if paper else paper_ranks(select)
    for row in select(f"""SELECT ?n ?key ?value ?doc WHERE {{ ?p a spr:Paragraph ;
            spr:paragraphNumber ?n ; ?key ?value . {only}
            VALUES ?key {{ spr:section spr:heading spr:text spr:footnote }}
            OPTIONAL {{ ?p dcterms:isPartOf ?doc }} }}"""):
        key = paragraph_key(rank.get(row["doc"] or ""), row["n"])
        fields[key][(row["key"] or "").rsplit("#", 1)[-1]].add(row["value"] or "")
    return {key: ProvenanceParagraph(number_of(key), min(f["section"], default=""),
                                     min(f["heading"], default=""), "\n".join(sorted(f["text"])),
                                     tuple(sorted(f["footnote"])))
            for key, f in sorted(fields.items())}


@dataclass(frozen=True)
class Paper:
    """The source paper the graph was curated from, as its provenance graph describes it."""

    iri: str
    title: str
    publisher: str
    date: str
    audience: str


def read_papers(select: Select) -> list[Paper]:
    """Title, publisher, date and audience of every source paper, in IRI order."""
    found: dict[str, Paper] = {}
    for row in select("""SELECT ?doc ?title ?publisher ?date ?audience WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc dcterms:title ?title }
            OPTIONAL { ?doc dcterms:publisher ?publisher } OPTIONAL { ?doc dcterms:date ?date }
            OPTIONAL { ?doc dcterms:audience ?audience } }
            ORDER BY ?doc ?title"""):
        iri = row["doc"] or ""
        found.setdefault(iri, Paper(iri, row["title"] or local(iri), row["publisher"] or "",
                                    row["date"] or "", row["audience"] or ""))
    return [found[k] for k in sorted(found)]


def drafted_subjects(select: Select) -> frozenset[str]:
    """What the store's machine-drafted facts (``spr-graph ingest``, not yet reviewed)
    state something about: the subjects of graphs a drafting activity generated."""
    from spr_graph.core.namespaces import DRAFTING

    return frozenset(row["s"] or "" for row in select(f"""SELECT DISTINCT ?s WHERE {{
        ?g prov:wasGeneratedBy ?a . FILTER(STRSTARTS(STR(?a), "{DRAFTING}"))
        GRAPH ?g {{ ?s ?p ?o }} }}"""))
