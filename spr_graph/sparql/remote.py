"""Analysts' queries on a remote SPARQL 1.1 server (``--endpoint URL``).

Queries are checked by :mod:`.safety` before they are sent, exactly as locally; the
HTTP client, its timeouts and its errors are :class:`spr_graph.store.endpoint.Endpoint`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES
from spr_graph.sparql.results import RDFS_LABEL, SKOS_PREF, Result, pick_labels, take
from spr_graph.sparql.safety import CheckedQuery
from spr_graph.store.endpoint import Endpoint

_LABEL_CHUNK = 200


def _with_prefixes(query: CheckedQuery) -> str:
    missing = [p for p in PREFIXES if p not in query.declared_prefixes]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + query.text


class RemoteRunner:
    """A :class:`~spr_graph.sparql.engine.Runner` over a SPARQL 1.1 query endpoint."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.endpoint = Endpoint(url, timeout)
        self.description = self.endpoint.url

    def connected(self) -> Endpoint:
        """The endpoint, once it is known to serve the union of its graphs by default."""
        return self.endpoint.connected()

    def graph_exists(self, iri: str) -> bool:
        try:
            graph = ox.NamedNode(iri)
        except ValueError:
            return False
        return self.connected().solutions(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}") is True

    def run(self, query: CheckedQuery, limit: int | None, timeout: float) -> Result:
        endpoint, text = self.connected(), _with_prefixes(query)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            triples, truncated = take(endpoint.triples(text, timeout), limit)
            return Result(query.form, triples=triples, truncated=truncated, limit=limit)
        answer = endpoint.solutions(text, timeout)
        if isinstance(answer, bool):
            return Result("ASK", boolean=answer)
        variables = [v.value for v in answer.variables]
        rows, truncated = take((tuple(s) for s in answer), limit)
        return Result("SELECT", variables=variables, rows=rows, truncated=truncated, limit=limit)

    def labels(self, iris: Sequence[str], timeout: float) -> dict[str, str]:
        found = []
        for start in range(0, len(iris), _LABEL_CHUNK):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[start:start + _LABEL_CHUNK])
            answer = self.connected().solutions(
                f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} "
                f"VALUES ?p {{ <{SKOS_PREF}> <{RDFS_LABEL}> }} ?s ?p ?l }}", timeout)
            assert not isinstance(answer, bool)
            found += [(s["s"].value, s["p"].value, s["l"]) for s in answer]
        return pick_labels(found)
