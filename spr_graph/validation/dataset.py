"""The dataset checks SHACL cannot express, over the named graphs.

Every assertion graph is derived from a paragraph that exists, every quote occurs
verbatim in that paragraph, no fact sits outside a paragraph graph, no ``spr:`` term is
undeclared, no term is invented in a reused namespace, and every typed literal is well
formed. Each check asks the store for what it needs (distinct terms, typed literals)
rather than reading every quad in Python, so a national store is checked in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from spr_graph.core.namespaces import ONTOLOGY_GRAPH, PREFIXES, SPR, shorten
from spr_graph.papers.sourcetext import normalise
from spr_graph.store.select import store_select
from spr_graph.validation.findings import VIOLATION, Context, Finding
from spr_graph.validation.literals import rdflib_value

_REUSED = ("org", "prov", "skos", "time", "dcterms", "foaf", "rdf", "rdfs", "owl", "xsd")


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The IRI, blank node id or lexical form of a term; RDF-star triple terms are unsupported."""
    assert not isinstance(term, ox.Triple), "the loader refuses RDF 1.2 triple terms"
    return term.value


def _provenance_graphs(store: ox.Store) -> set[str]:
    rows = store_select(store)("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a spr:Paragraph } }")
    return {row["g"] or "" for row in rows}


def dataset_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    """The checks that need named graphs or the ontology, in a stable order."""
    provenance = _provenance_graphs(store)
    special = provenance | {ONTOLOGY_GRAPH}
    graphs = sorted(g.value for g in store.named_graphs() if g.value not in special)
    for g in graphs:
        if g not in ctx.graph_paragraph:
            yield ctx.finding(VIOLATION, "provenance",
                              f"graph {shorten(g)} is derived from no paragraph that exists "
                              "(add the paragraph to the source text and regenerate provenance)")
    default_count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default_count:
        yield ctx.finding(VIOLATION, "provenance",
                          f"{default_count} triple(s) sit outside any paragraph graph; "
                          "put every fact in the graph of the paragraph it comes from")
    quote = ox.NamedNode(str(SPR.quote))
    for q in sorted(store.quads_for_pattern(None, quote, None, None), key=str):
        if not isinstance(q.graph_name, ox.NamedNode):
            continue
        number = ctx.graph_paragraph.get(q.graph_name.value)
        if number is None:
            continue
        if normalise(_value(q.object)) not in ctx.graph_text.get(q.graph_name.value, ""):
            yield ctx.finding(VIOLATION, "quote",
                              f"quote does not occur verbatim in paragraph {number}",
                              _value(q.subject), value=repr(_value(q.object)))
    yield from vocabulary_checks(store, ctx)
    yield from literal_checks(store, ctx)


def _declared(store: ox.Store) -> set[str]:
    rows = store_select(store)(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s a ?type }} }}")
    return {row["s"] or "" for row in rows}


def _reused_namespaces() -> dict[str, object]:
    """rdflib's closed namespaces for the vocabularies we reuse: they know their terms."""
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

    spaces = {"org": ORG, "prov": PROV, "skos": SKOS, "time": TIME, "dcterms": DCTERMS,
              "foaf": FOAF, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}
    return {PREFIXES[key]: spaces[key] for key in _REUSED}


def _problem(iri: str, declared: set[str], reused: dict[str, object]) -> str | None:
    from rdflib import URIRef

    if iri.startswith(str(SPR)):
        return None if iri in declared else (
            f"{shorten(iri)} is not declared in the spr ontology "
            "(use a declared term or add it to ontology/spr.ttl)")
    for ns, namespace in reused.items():
        if iri.startswith(ns) and iri != ns and URIRef(iri) not in namespace:  # type: ignore[operator]
            return f"{shorten(iri)} is not a term of <{ns}> (invented term?)"
    return None


def _checked_terms(store: ox.Store) -> Iterator[str]:
    """The IRIs in the spr and reused namespaces that the data (not the ontology) uses:
    each position's distinct terms first (cheap on encoded terms), then the filter."""
    spaces = [str(SPR), *(PREFIXES[key] for key in _REUSED)]
    starts = " || ".join(f'STRSTARTS(STR(?t), "{ns}")' for ns in spaces)
    for where in ("?t ?p ?o", "?s ?t ?o", "?s ?p ?t"):
        for graph in (f"GRAPH ?g {{ {where} }} FILTER (?g != <{ONTOLOGY_GRAPH}>)", where):
            query = (f"SELECT ?t WHERE {{ {{ SELECT DISTINCT ?t WHERE {{ {graph} }} }} "
                     f"FILTER (isIRI(?t) && ({starts})) }}")
            yield from (row[0].value for row in store.query(query))  # type: ignore[union-attr]


def vocabulary_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    """Undeclared ``spr:`` terms and invented terms of reused vocabularies, each about
    the least IRI subject of the quads (outside the ontology) that use it, if any."""
    declared = _declared(store)
    reused = _reused_namespaces()
    problems = {iri: text for iri in set(_checked_terms(store))
                if (text := _problem(iri, declared, reused))}
    for iri in sorted(problems):
        yield ctx.finding(VIOLATION, "vocabulary", problems[iri], _user(store, iri))


def _user(store: ox.Store, iri: str) -> str | None:
    """The least IRI subject of the quads outside the ontology that use ``iri`` in any
    position (None when only blank nodes do): the same whatever the store's order."""
    term = ox.NamedNode(iri)
    subjects = {q.subject.value
                for pattern in ((term, None, None), (None, term, None), (None, None, term))
                for q in store.quads_for_pattern(*pattern)
                if isinstance(q.subject, ox.NamedNode)
                and not (isinstance(q.graph_name, ox.NamedNode)
                         and q.graph_name.value == ONTOLOGY_GRAPH)}
    return min(subjects, default=None)


def literal_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    """Typed literals whose lexical form is not valid for their XSD datatype: each
    distinct literal checked once (any text is a valid ``xsd:string``), and where the
    bad ones are asked for afterwards."""
    xsd = PREFIXES["xsd"]
    query = f"""SELECT ?o WHERE {{
        {{ SELECT DISTINCT ?o WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }} }}
        FILTER (isLITERAL(?o) && STRSTARTS(STR(DATATYPE(?o)), "{xsd}")
                && DATATYPE(?o) != <{xsd}string>) }}"""
    bad = [row[0] for row in store.query(query)  # type: ignore[union-attr]
           if rdflib_value(row[0].value, row[0].datatype.value)[0]]
    for o in bad:
        for q in {(q.subject, q.predicate) for q in store.quads_for_pattern(None, None, o)}:
            subject, predicate = q
            yield ctx.finding(
                VIOLATION, "datatype",
                f"'{o.value}' is not a valid {shorten(o.datatype.value)}",
                subject.value if isinstance(subject, ox.NamedNode) else None,
                path=predicate.value)
