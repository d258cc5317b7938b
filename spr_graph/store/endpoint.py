"""Remote SPARQL 1.1 servers as a place to read the graph from and to load it into.

:class:`Endpoint` is the HTTP client every remote call goes through: a connect timeout,
a read timeout and an overall deadline on every request, and a cap on the size of the
answer. A server that fails, hangs, or answers with an HTML page or malformed results
gives an :class:`~spr_graph.core.errors.EndpointError` that names the endpoint and the
HTTP status. :func:`remote_select` reads rows through it (``--endpoint URL``) and
:func:`push` loads the dataset through the Graph Store Protocol (``push --endpoint``);
:mod:`spr_graph.sparql.remote` runs analysts' checked queries through it.

The server's default graph must be the union of its named graphs (Oxigraph:
``oxigraph serve --union-default-graph``; Fuseki: ``unionDefaultGraph``; GraphDB does
so already): the graph is stored one named graph per paragraph.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from spr_graph.core.errors import EndpointError, InputError
from spr_graph.core.namespaces import SPARQL_PREFIXES
from spr_graph.core.rows import Row, Select

MAX_ANSWER_BYTES = 512 * 1024 * 1024
SOLUTIONS = "application/sparql-results+json"
_RDF_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
              "text/turtle": ox.RdfFormat.TURTLE}


@functools.cache
def _tls() -> ssl.SSLContext:
    """The system's trust store (where an internal CA is installed), built once."""
    return ssl.create_default_context()


def check_url(url: str) -> str:
    """``url`` if it is a well-formed http(s) URL; an :class:`InputError` otherwise.

    Nothing is sent: only the text of the URL is checked.

    Examples
    --------
    >>> check_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_url("ftp://example.org/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: 'ftp://example.org/' is not an http(s) URL (e.g. ...)
    """
    import httpx

    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        ok = False
    if not ok:
        raise InputError(f"'{url}' is not an http(s) URL",
                         hint="e.g. http://127.0.0.1:7878/query, IPv6 as http://[::1]:7878/")
    return url


@dataclass
class Solutions:
    """SELECT solutions read in full, so that a truncated or malformed answer fails
    while it is parsed (as an :class:`EndpointError`), not later in the caller's loop."""

    variables: list[ox.Variable]
    rows: list[ox.QuerySolution]

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        return iter(self.rows)


def _snippet(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:160]


class Endpoint:
    """One server URL, its timeouts and the error messages about it."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = check_url(url)
        self.timeout = timeout
        self._client: Any = None
        self._union_checked = False

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Requests made inside share one connection (``push`` sends one per graph)."""
        import httpx

        with httpx.Client(verify=_tls(), follow_redirects=False, trust_env=False) as client:
            self._client = client
            try:
                yield
            finally:
                self._client = None

    def request(self, method: str, *, accept: str, timeout: float | None = None,
                **kwargs: Any) -> tuple[int, str, bytes]:
        """(status, content type, body) of a successful (2xx) request."""
        import httpx

        if self._client is None:  # a request of its own
            with self.session():
                return self.request(method, accept=accept, timeout=timeout, **kwargs)
        limit = timeout or self.timeout
        deadline = time.monotonic() + limit
        headers = {"Accept": accept, "User-Agent": "spr-graph", **kwargs.pop("headers", {})}
        try:
            with self._client.stream(method, self.url, headers=headers,
                                     timeout=httpx.Timeout(limit, connect=min(limit, 10.0)),
                                     **kwargs) as response:
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise EndpointError(f"{self.url} answered more than "
                                            f"{MAX_ANSWER_BYTES >> 20} MiB; add a LIMIT")
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline")
                    chunks.append(chunk)
                body = b"".join(chunks)
        except httpx.TimeoutException:
            raise EndpointError(f"{self.url} did not answer within {limit:g} s (timeout); "
                                "check the server or raise --timeout") from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"cannot reach {self.url}: {exc} (is the server running "
                                "and the URL right?)") from None
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not 200 <= response.status_code < 300:
            raise EndpointError(f"{self.url} answered HTTP {response.status_code} "
                                f"{response.reason_phrase}: {_snippet(body) or '(no body)'}")
        if content_type in ("text/html", "application/xhtml+xml"):
            raise EndpointError(f"{self.url} answered HTTP {response.status_code} with an HTML "
                                "page, not SPARQL results: is this the SPARQL endpoint URL?")
        return response.status_code, content_type, body

    def solutions(self, text: str, timeout: float | None = None) -> Solutions | bool:
        """Parsed SELECT solutions or an ASK boolean."""
        status, content_type, body = self.request("POST", accept=SOLUTIONS, timeout=timeout,
                                                  data={"query": text})
        if content_type not in (SOLUTIONS, "application/json"):
            raise EndpointError(f"{self.url} answered HTTP {status} with '{content_type}', "
                                "not SPARQL JSON results")
        try:
            answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            if isinstance(answer, ox.QueryBoolean):
                return bool(answer)
            return Solutions(list(answer.variables), list(answer))
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{self.url} answered HTTP {status} with malformed SPARQL JSON "
                                f"results: {exc}") from None

    def triples(self, text: str, timeout: float | None = None) -> Iterator[ox.Triple]:
        accept = "application/n-triples, text/turtle;q=0.9"
        status, content_type, body = self.request("POST", accept=accept, timeout=timeout,
                                                  data={"query": text})
        if content_type not in _RDF_TYPES:
            raise EndpointError(f"{self.url} answered HTTP {status} with '{content_type}', "
                                "not N-Triples or Turtle")
        try:
            quads = list(ox.parse(body, format=_RDF_TYPES[content_type]))
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{self.url} answered HTTP {status} with malformed RDF: "
                                f"{exc}") from None
        return (ox.Triple(q.subject, q.predicate, q.object) for q in quads)

    def check_union_default_graph(self) -> None:
        """Refuse a server whose default graph hides the named graphs' data."""
        if self.solutions("ASK { ?s ?p ?o }") is False and \
                self.solutions("ASK { GRAPH ?g { ?s ?p ?o } }") is True:
            raise EndpointError(f"{self.url}: the default graph is empty but named graphs hold "
                                "data; the server must use the union of its named graphs as "
                                "the default graph (oxigraph serve --union-default-graph)")

    def connected(self) -> Endpoint:
        """This endpoint, once it is known to serve the union of its graphs by default
        (:meth:`check_union_default_graph`, asked once)."""
        if not self._union_checked:
            self.check_union_default_graph()
            self._union_checked = True
        return self


def remote_select(endpoint: str, timeout: float = 30.0) -> Select:
    """A :data:`~spr_graph.store.select.Select` over a remote endpoint (rows of strings)."""
    server = Endpoint(endpoint, timeout)

    def select(query: str) -> Iterator[Row]:
        answer = server.connected().solutions(SPARQL_PREFIXES + query)
        if isinstance(answer, bool):
            raise EndpointError(f"{endpoint}: expected SELECT solutions, got a boolean")
        names = [v.value for v in answer.variables]
        for solution in answer:
            yield {name: (None if solution[name] is None else solution[name].value)
                   for name in names}

    return select


def push(url: str, quads: Iterable[ox.Quad], timeout: float = 30.0) -> dict[str, int]:
    """PUT each graph of ``quads`` to a Graph Store Protocol endpoint (replacing it there).

    Returns the number of triples sent per graph (``""`` for the default graph).
    """
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    endpoint = Endpoint(url, timeout)
    with endpoint.session():
        for name, triples in sorted(by_graph.items()):
            triples.sort(key=str)
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            endpoint.request("PUT", accept="*/*", content=body,
                             params={"default": ""} if name == "" else {"graph": name},
                             headers={"Content-Type": "text/turtle"})
    return {name: len(triples) for name, triples in sorted(by_graph.items())}
