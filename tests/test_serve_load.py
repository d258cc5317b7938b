"""`spr-graph serve` under load: 200 mixed requests, 50 at a time, against the real command.

Every answer must be the one its request deserves (200 for a query, 403 for a refused
one, 400 for bad syntax) or 503 "busy" (the server runs four queries at once and says so
to the rest); never 500, never a reset or a hang. Afterwards the server still gives the
same answer to a known query as before. (rdflib's SPARQL grammar used from several
threads at once once broke every later query with HTTP 500.)
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from serve_support import Served, running_serve
from sparql_support import CHAIRS

from spr_graph.sparql.catalogue import load_catalogue

pytestmark = pytest.mark.server

REQUESTS = 200
AT_ONCE = 50
#: Per request: far longer than any answer takes, so only a hang reaches it.
REQUEST_SECONDS = 120.0


@dataclass(frozen=True)
class Call:
    """One request of the mix and the status it deserves (503 "busy" is always fair)."""

    kind: str
    method: str
    path: str
    expected: int
    params: tuple[tuple[str, str], ...] = ()
    form: tuple[tuple[str, str], ...] = ()
    body: str = ""


def catalogue_calls() -> list[Call]:
    """Every catalogue query with its documented example parameters."""
    return [Call("catalogue", "GET", f"/queries/{name}", 200,
                 params=tuple(tuple(a.split("=", 1)) for a in query.example_call()))  # type: ignore[misc]
            for name, query in sorted(load_catalogue().items())]


ADHOC = [
    Call("adhoc-get", "GET", "/sparql", 200, params=(("query", CHAIRS),)),
    Call("adhoc-get", "GET", "/sparql", 200,
         params=(("query", "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s "
                           "ORDER BY DESC(?n) LIMIT 5"),)),
    Call("adhoc-form", "POST", "/sparql", 200,
         form=(("query", "ASK { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, 'Board')) }"),)),
    Call("adhoc-direct", "POST", "/sparql", 200,
         body="CONSTRUCT { ?s skos:altLabel ?l } WHERE { ?s skos:altLabel ?l } LIMIT 20"),
    Call("adhoc-direct", "POST", "/sparql", 200,
         body="SELECT ?x WHERE { OPTIONAL { ?x rdfs:label ?l } MINUS { ?x a owl:Class } "
              "VALUES ?y { 1 2 3 } } LIMIT 3"),
]
REFUSED = [
    Call("service", "GET", "/sparql", 403,
         params=(("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),)),
    Call("service", "POST", "/sparql", 403,
         body="SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT ?a { ?s ?p ?o } } }"),
    Call("update", "POST", "/sparql", 403, form=(("query", "INSERT DATA { ag:a ag:b ag:c }"),)),
    Call("update", "POST", "/sparql", 403, form=(("update", "DROP ALL"),)),
    Call("from", "GET", "/sparql", 403,
         params=(("query", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),)),
]
BROKEN = [
    Call("syntax", "GET", "/sparql", 400, params=(("query", "SELECT ?s WHERE { ?s ?p }"),)),
    Call("syntax", "POST", "/sparql", 400, body="SELECT * WHERE { ?s ?p ?o FILTER( }"),
    Call("syntax", "POST", "/sparql", 400, form=(("query", "SELEC ?x WHERE {}"),)),
    Call("prefix", "GET", "/sparql", 400, params=(("query", "SELECT * { ?s nope:p ?o }"),)),
]


def mix() -> list[Call]:
    """REQUESTS calls, the kinds interleaved so that every burst holds all of them."""
    pool = [*catalogue_calls(), *ADHOC, *REFUSED, *BROKEN]
    return [pool[(i * 7) % len(pool)] for i in range(REQUESTS)]


def send(base: str, call: Call) -> tuple[Call, int | str, str]:
    """(call, status or the transport error, body); never raises."""
    headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    kwargs: dict[str, Any] = {"params": list(call.params)}
    if call.form:
        kwargs["data"] = dict(call.form)
    elif call.body:
        kwargs["content"] = call.body.encode()
        headers["Content-Type"] = "application/sparql-query"
    try:
        response = httpx.request(call.method, base + call.path, headers=headers,
                                 timeout=REQUEST_SECONDS, trust_env=False, **kwargs)
    except httpx.HTTPError as exc:
        return call, f"{type(exc).__name__}: {exc}", ""
    return call, response.status_code, response.text


def known_answer(served: Served) -> Any:
    response = httpx.get(served.base + "/sparql", params={"query": CHAIRS},
                         timeout=REQUEST_SECONDS, trust_env=False)
    assert response.status_code == 200, response.text
    return response.json()


def bursts(base: str, calls: list[Call]) -> list[tuple[Call, int | str, str]]:
    """``calls`` AT_ONCE at a time, each burst released together (a barrier), so the
    server's first queries really overlap."""
    answers: list[tuple[Call, int | str, str]] = []
    with ThreadPoolExecutor(AT_ONCE) as pool:
        for start in range(0, len(calls), AT_ONCE):
            burst = calls[start:start + AT_ONCE]
            barrier = threading.Barrier(len(burst), timeout=REQUEST_SECONDS)

            def together(call: Call, barrier: threading.Barrier = barrier
                         ) -> tuple[Call, int | str, str]:
                barrier.wait()
                return send(base, call)

            answers += pool.map(together, burst)
    return answers


def test_serve_survives_200_mixed_requests_50_at_a_time() -> None:
    with running_serve() as served:
        answers = bursts(served.base, mix())
        before = known_answer(served)  # after the burst too: a broken server shows here
        again = [send(served.base, call) for call in [*ADHOC, *REFUSED, *BROKEN]]
        after = known_answer(served)
        printed = served.stop()
    wrong = [(call.kind, call.path, status, text[:120])
             for call, status, text in [*answers, *again]
             if status != call.expected and not (status == 503 and "busy" in text)]
    assert not wrong, f"{len(wrong)} wrong answers: {wrong[:10]}"
    assert after == before and len(before["results"]["bindings"]) == 2
    assert "Traceback" not in printed and "Exception" not in printed, printed[-3000:]
    counts = Counter(status for _, status, _ in answers)
    assert counts[200] + counts[400] + counts[403] > 0, counts
