"""The whole dataset of a store as canonical TriG or N-Quads, written as it is read.

The bytes are those of :func:`spr_graph.render.formats.trig` and ``nquads`` over
``canonical_quads(store)``: blank nodes relabelled by RDFC-1.0, the default graph
first, then each named graph in the order of its name, and in each graph the quads in
the order of their subject, predicate and object (each term compared as N-Triples
text). That order is graph by graph, so the dataset is written one graph at a time,
each sorted on its own, and never held whole in Python: at 1M quads the largest graph
is a few thousand quads.

RDFC-1.0 labels a blank node from the quads that mention blank nodes only, so those
quads (found by Oxigraph in one pass) are canonicalised on their own and put back into
their graphs; every other quad is written as it is. A dataset whose graph names are
blank nodes (relabelling them would move graphs) is canonicalised whole, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import IO

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES

_BLANK_QUADS = """SELECT ?s ?p ?o ?g WHERE {
  { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }
  UNION { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }
}"""

Term = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def _quad_key(quad: ox.Quad) -> tuple[int, str, str, str, str]:
    """The order of :func:`spr_graph.render.formats.canonical_quads`."""
    default = isinstance(quad.graph_name, ox.DefaultGraph)
    return (0 if default else 1, "" if default else str(quad.graph_name), str(quad.subject),
            str(quad.predicate), str(quad.object))


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _blank_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of ``store`` whose subject or object is a blank node."""
    found = []
    for row in store.query(_BLANK_QUADS):  # type: ignore[union-attr]
        graph = row["g"] if row["g"] is not None else ox.DefaultGraph()
        found.append(ox.Quad(row["s"], row["p"], row["o"], graph))
    return found


def _whole(store: ox.Store) -> Iterator[ox.Quad]:
    dataset = ox.Dataset(store.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    yield from sorted(dataset, key=_quad_key)


def canonical_stream(store: ox.Store) -> Iterator[ox.Quad]:
    """The quads of ``store`` canonicalised and in canonical order, graph by graph."""
    graphs: list[Term] = sorted(store.named_graphs(), key=str)
    if any(isinstance(graph, ox.BlankNode) for graph in graphs):
        yield from _whole(store)
        return
    blank = ox.Dataset(_blank_quads(store))
    blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in blank:
        relabelled[str(quad.graph_name)].append(quad)
    for graph in [ox.DefaultGraph(), *graphs]:
        quads = list(store.quads_for_pattern(None, None, None, graph))
        extra = relabelled.pop(str(graph), None)
        if extra is not None:
            quads = [quad for quad in quads if not _has_blank(quad)] + extra
        quads.sort(key=_quad_key)
        yield from quads


def dump(store: ox.Store, output: IO[bytes], fmt: ox.RdfFormat) -> None:
    """Write the dataset of ``store`` to ``output`` as canonical TriG (with the project
    prefixes) or N-Quads, a graph at a time."""
    prefixes = PREFIXES if fmt == ox.RdfFormat.TRIG else None
    ox.serialize(canonical_stream(store), output, fmt, prefixes=prefixes)
