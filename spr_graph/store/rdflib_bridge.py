"""Convert Oxigraph terms and stores into rdflib, for SHACL and small-graph work."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib term for an Oxigraph term; an ``xsd:string`` literal becomes a plain one.

    Examples
    --------
    >>> to_rdflib(ox.NamedNode("http://example.org/a"))
    rdflib.term.URIRef('http://example.org/a')
    >>> to_rdflib(ox.Literal("Kent", language="en"))
    rdflib.term.Literal('Kent', lang='en')
    >>> to_rdflib(ox.Literal("Kent")).datatype is None
    True
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _quad_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """:func:`to_rdflib` for a quad's subject or object; RDF-star triple terms are unsupported."""
    assert not isinstance(term, ox.Triple), "the loader refuses RDF 1.2 triple terms"
    return to_rdflib(term)


def dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset whose default graph is the union of all graphs."""
    ds = Dataset(default_union=True)
    for q in quads:
        s, p, o = _quad_term(q.subject), to_rdflib(q.predicate), _quad_term(q.object)
        if isinstance(q.graph_name, ox.DefaultGraph):
            ds.default_graph.add((s, p, o))
        else:
            ds.graph(URIRef(q.graph_name.value)).add((s, p, o))
    return ds


def graph(quads: Iterable[ox.Quad]) -> Graph:
    """All quads flattened into one rdflib Graph (their union).

    Examples
    --------
    >>> a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    >>> quads = [ox.Quad(a, p, ox.Literal("x"), ox.NamedNode(f"http://example.org/g{i}"))
    ...          for i in (1, 2)]
    >>> len(graph(quads))
    1
    """
    g = Graph()
    for q in quads:
        g.add((_quad_term(q.subject), to_rdflib(q.predicate), _quad_term(q.object)))
    return g
