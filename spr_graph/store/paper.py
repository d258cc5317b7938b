"""One paper out of a store holding many (files, ``--db`` or ``--endpoint``): its
provenance graph and the graphs derived from its paragraphs, copied into a store of
its own with the bundled ontology and shapes, so a paper can be analysed, or two
compared (``spr-graph diff OLD NEW --db DIR``), whatever else the store holds.

Only the paper's own graphs are copied: a fact stated in another paper's graph does
not come along, which is what makes the copy that paper's alone.
"""

from __future__ import annotations

import pyoxigraph as ox

from spr_graph.core.errors import InputError
from spr_graph.core.namespaces import PREFIXES, SPR
from spr_graph.store.select import store_select
from spr_graph.store.source import Source

__all__ = ["PAPER_QUADS", "paper_source"]

#: Every quad of the paper ``<DOC>``'s graphs: its provenance graph (the one saying it is
#: a source document) and each graph derived from one of its paragraphs.
PAPER_QUADS = f"""SELECT ?s ?p ?o ?g WHERE {{
    {{ SELECT DISTINCT ?g WHERE {{
        {{ GRAPH ?g {{ <DOC> a <{SPR.SourceDocument}> }} }}
        UNION {{ ?para <{PREFIXES['dcterms']}isPartOf> <DOC> .
                 ?g <{PREFIXES['prov']}wasDerivedFrom> ?para }} }} }}
    GRAPH ?g {{ ?s ?p ?o }} }}"""


def _solutions(source: Source, query: str) -> list[ox.QuerySolution]:
    if source.store is not None:
        answer = source.store.query(query, use_default_graph_as_union=True)
        return list(answer) if isinstance(answer, ox.QuerySolutions) else []
    from spr_graph.store.endpoint import Endpoint

    remote = Endpoint(source.description, 30.0).connected().solutions(query)
    return list(remote) if not isinstance(remote, bool) else []


def paper_source(source: Source, doc: str) -> Source:
    """The paper ``doc`` (a source document's IRI) of ``source``, in a store of its own."""
    from spr_graph.core import resources
    from spr_graph.store.load import load

    store = ox.Store()
    rows = _solutions(source, PAPER_QUADS.replace("DOC", doc))
    if not rows:
        raise InputError(f"{source.description} holds no graph of the paper <{doc}>",
                         hint="name a paper the store holds (spr-graph compare lists them)")
    store.extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
    load([resources.ontology_file(), resources.shapes_file()], store=store)
    return Source(store_select(store), f"{doc.rsplit('/', 1)[-1]} in {source.description}",
                  store=store)
