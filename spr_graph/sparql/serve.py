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
from typing import Any
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

SOLUTION_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                  "application/sparql-results+xml": "xml", "application/xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
BOOLEAN_TYPES = {k: v for k, v in SOLUTION_TYPES.items() if v in ("json", "xml")}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
               "application/trig": "trig"}
MAX_LABELS = 5_000
__all__ = ["SECURITY_HEADERS", "create_app", "negotiate", "render_page"]


def negotiate(accept: str, offered: Mapping[str, str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered when absent)."""
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


def create_app(runner: Runner, *, timeout: float = DEFAULT_TIMEOUT,
               limit: int | None = DEFAULT_LIMIT,
               allowed_hosts: Sequence[str] = ("127.0.0.1", "localhost", "::1"),
               catalogue: Mapping[str, NamedQuery] | None = None,
               max_concurrent: int = 4) -> Any:
    """The Starlette application serving ``runner`` read-only."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    named = dict(catalogue if catalogue is not None else load_catalogue())
    page, csp = render_page(named, runner.description)
    gate = _Gate(max_concurrent)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    def answer(request: Request, result: Result) -> Response:
        offered = (GRAPH_TYPES if result.is_graph
                   else BOOLEAN_TYPES if result.form == "ASK" else SOLUTION_TYPES)
        media = negotiate(request.headers.get("accept", ""), offered)
        if media is None:
            return error(406, "none of the Accept types can carry this result; offered: "
                         + ", ".join(offered))
        headers = {"SPR-Graph-Truncated": str(result.limit)} if result.truncated else {}
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Response(render(result, offered[media]), media_type=media + charset,
                        headers=headers)

    def failure(request: Request, exc: Exception) -> Response:
        """Every SprGraphError an endpoint raises, as its HTTP status and one line."""
        status = (403 if isinstance(exc, QueryRefused) else 503 if isinstance(exc, QueryStopped)
                  else 502 if isinstance(exc, EndpointError) else 400)
        return error(status, str(exc))

    def unavailable(request: Request, exc: Exception) -> Response:
        """The system refused a process or a pipe for the query (too many at once)."""
        return error(503, f"the server cannot run the query now ({exc}); try again shortly")

    def http_failure(request: Request, exc: Exception) -> Response:
        """Starlette's own refusals (no such route, wrong method) as one plain line."""
        assert isinstance(exc, HTTPException)
        message = {404: "no such page: this server has /, /sparql, /queries, /queries/NAME "
                   "and /labels", 405: "this method is not allowed here"
                   }.get(exc.status_code, str(exc.detail))
        return PlainTextResponse(message + "\n", status_code=exc.status_code,
                                 headers=exc.headers)

    async def run_query(request: Request, text: str, values: Mapping[str, Any] | None = None,
                        source: str = "query") -> Response:
        result = await run_in_threadpool(gate.run, lambda: execute(
            runner, text, values, limit, timeout, source))
        return answer(request, result)

    async def body_text(request: Request) -> str | None:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_QUERY_CHARS * 4:
                return None
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    async def sparql(request: Request) -> Response:
        fields: dict[str, list[str]] = parse_qs(request.url.query)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST":
            body = await body_text(request)
            if body is None:
                return error(413, "the request is too large")
            if kind == "application/x-www-form-urlencoded":
                fields = {**fields, **parse_qs(body)}
            elif kind == "application/sparql-query":
                fields = {**fields, "query": [body]}
            elif kind == "application/sparql-update":
                fields = {"update": [body]}
            else:
                return error(415, "send application/sparql-query or a form with query=")
        if "update" in fields:
            return error(403, "this endpoint is read-only: updates are refused")
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            return error(400, "default-graph-uri and named-graph-uri are not supported: "
                         "the dataset is fixed (use GRAPH or FROM in the query)")
        queries = fields.get("query", [])
        if len(queries) != 1:
            return error(400, "give exactly one query parameter")
        return await run_query(request, queries[0])

    async def catalogue_query(request: Request) -> Response:
        query = named.get(request.path_params["name"])
        if query is None:
            return error(404, f"no catalogue query named '{request.path_params['name']}'")
        values = bindings([f"{k}={v}" for k, v in request.query_params.multi_items()],
                          query.params)
        return await run_query(request, query.text, values, query.source)

    async def labels(request: Request) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("", "application/json"):
            return error(415, "send the IRIs as application/json")
        body = await body_text(request)
        if body is None:
            return error(413, "the request is too large")
        try:
            iris = json.loads(body)
        except ValueError:
            iris = None
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris) \
                or len(iris) > MAX_LABELS:
            return error(400, f"POST a JSON list of at most {MAX_LABELS} IRIs")
        found = await run_in_threadpool(gate.run, lambda: runner.labels(iris, timeout))
        return JSONResponse(found)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={"Content-Security-Policy": csp})

    async def listing(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "summary": q.summary,
                              "params": [p.name for p in q.params]} for q in named.values()])

    return Guard(Starlette(routes=[
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", listing, methods=["GET"]),
        Route("/queries/{name}", catalogue_query, methods=["GET"]),
        Route("/labels", labels, methods=["POST"]),
    ], exception_handlers={SprGraphError: failure, OSError: unavailable,
                           HTTPException: http_failure}), allowed_hosts)
