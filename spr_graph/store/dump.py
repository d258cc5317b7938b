"""The whole dataset of a store as canonical TriG or N-Quads, written as it is read.

The bytes are those of the whole dataset canonicalised and serialised at once (the tests
keep that as their reference): blank nodes relabelled by RDFC-1.0, the default graph
first, then each named graph in the order of its name, and in each graph the quads in
the order of their subject, predicate and object (each term compared as N-Triples
text). That order is graph by graph, so the dataset is written one graph at a time,
each sorted on its own, and never held whole in Python: at 1M quads the largest graph
is a few thousand quads.

RDFC-1.0 labels a blank node from the quads that mention blank nodes only, so those
quads (found by Oxigraph in one pass) are canonicalised on their own and put back into
their graphs; every other quad is written as it is. A dataset whose graph names are
blank nodes (relabelling them would move graphs) is canonicalised whole, as before.

JSON-LD is written the same way: each graph's quads expanded by Oxigraph, compacted
with the project prefixes, and written as the next item of one document's ``@graph``
with the indentation ``json.dumps(document, indent=1)`` would give it, so the bytes are
those of the whole document made at once.

The build writes all three files from one pass (:func:`dump_all`).
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from json.encoder import encode_basestring as _string  # the C encoder's, if built
from typing import Any

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES, shorten
from spr_graph.core.tree import Sink

_BLANK_QUADS = """SELECT ?s ?p ?o ?g WHERE {
  { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }
  UNION { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }
}"""

Term = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def _quad_key(quad: ox.Quad) -> tuple[int, str, str, str, str]:
    """The order of the quads: the default graph first, then each graph by name, and in a
    graph by subject, predicate and object (N-Triples text)."""
    default = isinstance(quad.graph_name, ox.DefaultGraph)
    return (0 if default else 1, "" if default else str(quad.graph_name), str(quad.subject),
            str(quad.predicate), str(quad.object))


def _in_graph_key(quad: ox.Quad) -> tuple[str, str, str]:
    """:func:`_quad_key` without the graph, for quads of one graph."""
    return str(quad.subject), str(quad.predicate), str(quad.object)


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


def canonical_stream(store: ox.Store, only: ox.NamedNode | None = None
                     ) -> Iterator[ox.Quad]:
    """The quads of ``store`` canonicalised and in canonical order, graph by graph (of
    the graph ``only``, if given: its blank nodes labelled as in the whole dataset)."""
    graphs: list[Term] = sorted(store.named_graphs(), key=str)
    if any(isinstance(graph, ox.BlankNode) for graph in graphs):
        yield from (q for q in _whole(store) if only is None or q.graph_name == only)
        return
    if only is not None:
        graphs = [only] if only in graphs else []
    blank = ox.Dataset(_blank_quads(store))
    blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in blank:
        relabelled[str(quad.graph_name)].append(quad)
    for graph in [ox.DefaultGraph(), *graphs] if only is None else graphs:
        quads = list(store.quads_for_pattern(None, None, None, graph))
        extra = relabelled.pop(str(graph), None)
        if extra is not None:
            quads = [quad for quad in quads if not _has_blank(quad)] + extra
        quads.sort(key=_in_graph_key)  # one graph: _quad_key's order
        yield from quads


#: What :func:`dump` writes, by the name ``export --format`` gives it.
FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
           "jsonld": ox.RdfFormat.JSON_LD}


def dump(store: ox.Store, output: Sink, fmt: str) -> None:
    """Write the dataset of ``store`` to ``output`` as canonical TriG (with the project
    prefixes), N-Quads or JSON-LD (:func:`write_jsonld`; ``fmt`` is a key of
    :data:`FORMATS`), a graph at a time."""
    if fmt == "jsonld":
        write_jsonld(canonical_stream(store), output)
        return
    prefixes = PREFIXES if fmt == "trig" else None
    ox.serialize(canonical_stream(store), output, FORMATS[fmt],  # type: ignore[arg-type]
                 prefixes=prefixes)


def dump_all(store: ox.Store, trig: Sink, nquads: Sink, jsonld: Sink) -> None:
    """The bytes :func:`dump` writes in each of its three formats, from one pass over
    :func:`canonical_stream` (its order is most of the cost of each): N-Quads and
    JSON-LD are written a graph at a time as the TriG writer reads the quads."""
    document = _JsonLd(jsonld)

    def graphs() -> Iterator[ox.Quad]:
        for _, graph in itertools.groupby(canonical_stream(store),
                                          key=lambda quad: quad.graph_name):
            quads = list(graph)
            nquads.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
            document.add(quads)
            yield from quads

    ox.serialize(graphs(), trig, ox.RdfFormat.TRIG, prefixes=PREFIXES)  # type: ignore[arg-type]
    document.close()


@cache
def _curie(iri: str) -> str:
    short = shorten(iri)
    return iri if short.startswith("<") else short


def _text(value: Any, indent: str) -> str:
    """``value`` (expanded JSON-LD) compacted with the project prefixes, as
    ``json.dumps(value, ensure_ascii=False, indent=1)`` writes it at ``indent``: the
    layout laid out here, the strings encoded by the C encoder (the pure-Python one,
    which ``indent`` asks for, took most of the time)."""
    if isinstance(value, str):
        return _string(value)
    inner = indent + " "
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [_string(item) if type(item) is str else _text(item, inner) for item in value]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
    if not isinstance(value, dict):
        return json.dumps(value)
    if not value:
        return "{}"
    out: dict[str, str] = {}  # as compacting a dict would: keys that compact alike keep the last
    for key, item in value.items():
        if key == "@id":
            out[key] = _string(_curie(item))
        elif key == "@type":
            out[key] = _text([_curie(t) for t in item] if isinstance(item, list)
                             else _curie(item), inner)
        else:
            text = _string(item) if type(item) is str else _text(item, inner)
            out[key if key[:1] == "@" else _curie(key)] = text
    return "{\n" + inner + (",\n" + inner).join(
        [_string(key) + ": " + text for key, text in out.items()]) + "\n" + indent + "}"


_SLOT = "\x00"  # where a graph goes in the document's text (JSON escapes it)


def _document(graphs: list[Any]) -> str:
    return json.dumps({"@context": dict(PREFIXES), "@graph": graphs},
                      ensure_ascii=False, indent=1)


class _JsonLd:
    """One JSON-LD document written to ``output`` a graph at a time (:func:`write_jsonld`)."""

    head, tail = _document([_SLOT]).split(json.dumps(_SLOT))

    def __init__(self, output: Sink) -> None:
        self.output = output
        self.written = False

    def add(self, quads: list[ox.Quad]) -> None:
        """The quads of one graph, the next in canonical order."""
        expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
        for item in expanded:
            text = _text(item, "  ")
            self.output.write(((",\n  " if self.written else self.head) + text).encode("utf-8"))
            self.written = True

    def close(self) -> None:
        self.output.write(((self.tail if self.written else _document([])) + "\n")
                          .encode("utf-8"))


def write_jsonld(quads: Iterable[ox.Quad], output: Sink) -> None:
    """``quads`` (canonical, in canonical order) as one JSON-LD 1.1 document with an
    inline ``@context`` and each graph an item of ``@graph``, written a graph at a time.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_jsonld([ox.Quad(ox.NamedNode("https://w3id.org/spr-graph/id/organisation/a"),
    ...     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("A"),
    ...     ox.NamedNode("urn:g"))], out)
    >>> json.loads(out.getvalue())["@graph"]
    [{'@id': 'urn:g', '@graph': [{'@id': 'ag:a', 'rdfs:label': [{'@value': 'A'}]}]}]
    """
    document = _JsonLd(output)
    for _, graph in itertools.groupby(quads, key=lambda quad: quad.graph_name):
        document.add(list(graph))
    document.close()
