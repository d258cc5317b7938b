"""A read-only SPARQL 1.1 Protocol endpoint and an offline query page (Starlette).

Routes: ``/`` the page (a catalogue query or one's own, results as a table), ``/sparql``
the protocol (GET and POST, content negotiation for SPARQL JSON, XML, CSV, TSV, Turtle,
N-Triples and TriG), ``/queries`` the catalogue as JSON, ``/queries/NAME?param=value``
a catalogue query with typed parameters, ``/labels`` the labels of IRIs (POST a JSON
list). Before any route, :mod:`.serve_guard` refuses requests whose Host header is not an
allowed name (DNS rebinding), requests from other sites' pages, and over-long requests;
updates are refused; every query goes through the same checks, time limit and row
limit as ``spr-graph query``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from spr_graph.core.errors import (
    EndpointError,
    QueryRefused,
    QueryStopped,
    QueryTimeout,
    SprGraphError,
)
from spr_graph.sparql.catalogue import NamedQuery, load_catalogue
from spr_graph.sparql.engine import DEFAULT_LIMIT, DEFAULT_TIMEOUT, Runner, execute
from spr_graph.sparql.params import bindings
from spr_graph.sparql.results import Result, render
from spr_graph.sparql.safety import MAX_QUERY_CHARS
from spr_graph.sparql.serve_guard import SECURITY_HEADERS, Guard

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

SOLUTION_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                  "application/sparql-results+xml": "xml", "application/xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
BOOLEAN_TYPES = {k: v for k, v in SOLUTION_TYPES.items() if v in ("json", "xml")}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
               "application/trig": "trig"}
MAX_LABELS = 5_000
__all__ = ["SECURITY_HEADERS", "create_app", "negotiate", "render_page"]


def negotiate(accept: str, offered: Mapping[str, str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered when absent).

    Parameters
    ----------
    accept : str
        The Accept header, with its ``q`` weights and wildcards.
    offered : mapping of str to str
        Media types the result can be written in (to the format's name), in order of
        preference.

    Returns
    -------
    str or None
        The chosen media type; ``None`` when nothing offered is acceptable (406).

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", SOLUTION_TYPES)
    'application/sparql-results+json'
    >>> negotiate("text/*", SOLUTION_TYPES), negotiate("", GRAPH_TYPES)
    ('text/csv', 'text/turtle')
    >>> negotiate("image/png", SOLUTION_TYPES) is None
    True
    """
    if not accept.strip():
        return next(iter(offered))
    ranges: list[tuple[float, int, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media, *options = [part.strip() for part in item.split(";")]
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        specific = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((-quality, -specific, position, media.lower()))
    for quality, _, _, media in sorted(ranges):
        if quality >= 0:
            break
        for offer in offered:
            if media in (offer, "*/*") or (media.endswith("/*") and offer.startswith(media[:-1])):
                return offer
    return None


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def render_page(catalogue: Mapping[str, NamedQuery], description: str) -> tuple[str, str]:
    """The offline page and its Content-Security-Policy (inline code allowed by hash)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("spr_graph", "templates"),
                      autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    env.filters["csp_hash"] = _csp_hash
    data = [{"name": q.name, "summary": q.summary, "description": q.description,
             "text": q.text, "params": [{"name": p.name, "type": p.type,
                                         "required": p.required, "default": p.default,
                                         "description": p.description} for p in q.params]}
            for q in catalogue.values()]
    module = env.get_template("serve.html").make_module({"catalogue": data,
                                                         "source": description})
    return str(module), str(module.csp)  # type: ignore[attr-defined]  # a {% set %}


class _Gate:
    """At most ``size`` queries at once; the next gets 503 rather than a queue."""

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)

    def run(self, func: Callable[[], Any]) -> Any:
        if not self._slots.acquire(blocking=False):
            raise QueryTimeout("the server is busy with other queries; try again shortly")
        try:
            return func()
        finally:
            self._slots.release()


def _error(status: int, message: str) -> Response:
    """A refusal as plain text: one line and its HTTP status."""
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message + "\n", status_code=status)


def _answer(request: Request, result: Result) -> Response:
    """A query's result in the media type the request's Accept header prefers (406 if none)."""
    from starlette.responses import Response

    offered = (GRAPH_TYPES if result.is_graph
               else BOOLEAN_TYPES if result.form == "ASK" else SOLUTION_TYPES)
    media = negotiate(request.headers.get("accept", ""), offered)
    if media is None:
        return _error(406, "none of the Accept types can carry this result; offered: "
                      + ", ".join(offered))
    headers = {"SPR-Graph-Truncated": str(result.limit)} if result.truncated else {}
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(render(result, offered[media]), media_type=media + charset,
                    headers=headers)


def _failure(request: Request, exc: Exception) -> Response:
    """Every SprGraphError an endpoint raises, as its HTTP status and one line."""
    status = (403 if isinstance(exc, QueryRefused) else 503 if isinstance(exc, QueryStopped)
              else 502 if isinstance(exc, EndpointError) else 400)
    return _error(status, str(exc))


def _unavailable(request: Request, exc: Exception) -> Response:
    """The system refused a process or a pipe for the query (too many at once)."""
    return _error(503, f"the server cannot run the query now ({exc}); try again shortly")


def _http_failure(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such route, wrong method) as one plain line."""
    from starlette.exceptions import HTTPException
    from starlette.responses import PlainTextResponse

    assert isinstance(exc, HTTPException)
    message = {404: "no such page: this server has /, /sparql, /queries, /queries/NAME "
               "and /labels", 405: "this method is not allowed here"
               }.get(exc.status_code, str(exc.detail))
    return PlainTextResponse(message + "\n", status_code=exc.status_code,
                             headers=exc.headers)


def _media_type(request: Request) -> str:
    """The request's Content-Type without its parameters, in lower case."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _body_text(request: Request) -> str | None:
    """The request body as text, or ``None`` once it grows past what a query may be."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_CHARS * 4:
            return None
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


async def _protocol_query(request: Request) -> str | Response:
    """The one query of a SPARQL Protocol request (GET or POST), or the refusal to send."""
    fields: dict[str, list[str]] = parse_qs(request.url.query)
    if request.method == "POST":
        body = await _body_text(request)
        if body is None:
            return _error(413, "the request is too large")
        kind = _media_type(request)
        if kind == "application/x-www-form-urlencoded":
            fields = {**fields, **parse_qs(body)}
        elif kind == "application/sparql-query":
            fields = {**fields, "query": [body]}
        elif kind == "application/sparql-update":
            fields = {"update": [body]}
        else:
            return _error(415, "send application/sparql-query or a form with query=")
    if "update" in fields:
        return _error(403, "this endpoint is read-only: updates are refused")
    if "default-graph-uri" in fields or "named-graph-uri" in fields:
        return _error(400, "default-graph-uri and named-graph-uri are not supported: "
                      "the dataset is fixed (use GRAPH or FROM in the query)")
    queries = fields.get("query", [])
    if len(queries) != 1:
        return _error(400, "give exactly one query parameter")
    return queries[0]


class _Service:
    """The routes of the application: one store, its catalogue, its limits and its gate."""

    def __init__(self, runner: Runner, named: Mapping[str, NamedQuery], *, timeout: float,
                 limit: int | None, max_concurrent: int) -> None:
        self.runner, self.named, self.timeout, self.limit = runner, named, timeout, limit
        self.page, self.csp = render_page(named, runner.description)
        self.gate = _Gate(max_concurrent)
        self._names: Any = None

    def resolve(self, name: str, prefer: str | None) -> str:
        """An IRI parameter given as a label or abbreviation, through the resolver
        ``query`` uses (every labelled IRI of the store, read once); a server's store
        (``--endpoint``) has no resolver here, so it takes IRIs and prefixed names."""
        from spr_graph.core.errors import InputError

        store = getattr(self.runner, "store", None)
        if store is None:
            raise InputError(f"'{name}' is not an IRI", hint="give an IRI or a prefixed name")
        if self._names is None:
            from spr_graph.graph.names import NameIndex, labelled
            from spr_graph.store.select import store_select

            self._names = NameIndex(labelled(store_select(store)))
        return str(self._names.resolve(name, prefer))

    def routes(self) -> list[Any]:
        """The Starlette routes, each with the methods it answers."""
        from starlette.routing import Route

        return [
            Route("/", self.index, methods=["GET"]),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/queries", self.listing, methods=["GET"]),
            Route("/queries/{name}", self.catalogue_query, methods=["GET"]),
            Route("/labels", self.labels, methods=["POST"]),
        ]

    async def run_query(self, request: Request, text: str,
                        values: Mapping[str, Any] | None = None,
                        source: str = "query") -> Response:
        """Run a query through the gate, off the event loop, and answer with its result."""
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(self.gate.run, lambda: execute(
            self.runner, text, values, self.limit, self.timeout, source))
        return _answer(request, result)

    async def index(self, request: Request) -> Response:
        """``/``: the offline query page, with its Content-Security-Policy."""
        from starlette.responses import HTMLResponse

        return HTMLResponse(self.page, headers={"Content-Security-Policy": self.csp})

    async def sparql(self, request: Request) -> Response:
        """``/sparql``: the SPARQL 1.1 Protocol, queries only."""
        query = await _protocol_query(request)
        if not isinstance(query, str):
            return query
        return await self.run_query(request, query)

    async def listing(self, request: Request) -> Response:
        """``/queries``: the catalogue as JSON (name, summary, parameter names)."""
        from starlette.responses import JSONResponse

        return JSONResponse([{"name": q.name, "summary": q.summary,
                              "params": [p.name for p in q.params]}
                             for q in self.named.values()])

    async def catalogue_query(self, request: Request) -> Response:
        """``/queries/NAME``: a catalogue query, its parameters from the query string."""
        query = self.named.get(request.path_params["name"])
        if query is None:
            return _error(404, f"no catalogue query named '{request.path_params['name']}'")
        from starlette.concurrency import run_in_threadpool

        values = await run_in_threadpool(
            bindings, [f"{k}={v}" for k, v in request.query_params.multi_items()],
            query.params, self.resolve)
        return await self.run_query(request, query.text, values, query.source)

    async def labels(self, request: Request) -> Response:
        """``/labels``: the labels of the IRIs POSTed as a JSON list."""
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        if _media_type(request) not in ("", "application/json"):
            return _error(415, "send the IRIs as application/json")
        body = await _body_text(request)
        if body is None:
            return _error(413, "the request is too large")
        try:
            iris = json.loads(body)
        except ValueError:
            iris = None
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris) \
                or len(iris) > MAX_LABELS:
            return _error(400, f"POST a JSON list of at most {MAX_LABELS} IRIs")
        found = await run_in_threadpool(self.gate.run,
                                        lambda: self.runner.labels(iris, self.timeout))
        return JSONResponse(found)


def create_app(runner: Runner, *, timeout: float = DEFAULT_TIMEOUT,
               limit: int | None = DEFAULT_LIMIT,
               allowed_hosts: Sequence[str] = ("127.0.0.1", "localhost", "::1"),
               catalogue: Mapping[str, NamedQuery] | None = None,
               max_concurrent: int = 4) -> Any:
    """The Starlette application serving ``runner`` read-only."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException

    named = dict(catalogue if catalogue is not None else load_catalogue())
    service = _Service(runner, named, timeout=timeout, limit=limit,
                       max_concurrent=max_concurrent)
    return Guard(Starlette(routes=service.routes(), exception_handlers={
        SprGraphError: _failure, OSError: _unavailable, HTTPException: _http_failure}),
        allowed_hosts)
