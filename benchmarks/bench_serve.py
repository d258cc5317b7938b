"""Benchmark `spr-graph serve`: requests per second and latency at 1, 4 and 16 clients.

Run on demand (never in the test suite)::

    python3 benchmarks/bench_serve.py                       # 1, 4, 16 clients
    python3 benchmarks/bench_serve.py --clients 1 8 --requests 400

Starts the real command on the bundled data (a process of its own, as a user would) and
sends two mixes from N client threads at once; each client keeps one connection open:

- **catalogue**: every catalogue query through ``/queries/NAME`` with its required
  example parameters, in turn. A query's text repeats, so the parse cache answers after
  the first round: what is timed is HTTP, the checks, the forked worker and the
  rendering.
- **ad-hoc**: small SELECT, ASK and CONSTRUCT queries through ``GET /sparql``, each text
  made new by a comment, so every request is also parsed by rdflib's grammar, which
  runs one parse at a time (it is not thread-safe).

The server runs at most
four queries at once and answers the rest "503 busy" straight away rather than queueing
them, so past four clients the table shows busy answers and the rate of useful ones.
Latency percentiles are over every answer; "ok/s" counts 200s only. These machines are
noisy: compare figures from one run, and look at the load.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from bench_sparql import _print  # noqa: E402  (this folder is on the path: a script)
from serve_support import running_serve  # noqa: E402

from spr_graph.sparql.catalogue import load_catalogue  # noqa: E402

Call = tuple[str, dict[str, str]]
ADHOC = [
    "SELECT ?chair ?board WHERE { ?chair spr:chairs ?board } ORDER BY ?board",
    "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10",
    "ASK { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, 'Board')) }",
    "CONSTRUCT { ?s skos:altLabel ?l } WHERE { ?s skos:altLabel ?l } LIMIT 50",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
]


def calls() -> list[Call]:
    """Every catalogue query as ``(path, parameters)``, required examples only."""
    return [(f"/queries/{name}",
             dict(a.split("=", 1) for a in query.example_call(required_only=True)))
            for name, query in sorted(load_catalogue().items())]


def adhoc_calls() -> list[Call]:
    """The ADHOC queries through ``/sparql`` (made new at each request: see run_level)."""
    return [("/sparql", {"query": text}) for text in ADHOC]


def run_level(base: str, clients: int, requests: int, mix: list[Call],
              timeout: float) -> tuple[float, list[float], Counter[str]]:
    """``requests`` calls from ``clients`` threads: (wall seconds, latencies, statuses)."""
    todo = itertools.islice(itertools.cycle(mix), requests)
    serial = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()

    def client() -> None:
        with httpx.Client(base_url=base, trust_env=False, timeout=timeout) as http:
            while True:
                with lock:
                    call, n = next(todo, None), next(serial)
                if call is None:
                    return
                path, params = call
                if "query" in params:  # ad-hoc: a text never seen, parsed again
                    params = {"query": f"{params['query']}\n# request {n}"}
                started = time.perf_counter()
                try:
                    status = str(http.get(path, params=params).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                seconds = time.perf_counter() - started
                with lock:
                    latencies.append(seconds)
                    statuses[status] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def row(mix: str, clients: int, wall: float, latencies: list[float],
        statuses: Counter[str]) -> tuple[str, ...]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    others = sum(n for s, n in statuses.items() if s not in ("200", "503"))
    return (mix, str(clients), str(len(latencies)), str(statuses["200"]), str(statuses["503"]),
            str(others), f"{len(latencies) / wall:.1f}", f"{statuses['200'] / wall:.1f}",
            f"{cuts[49] * 1000:.0f}", f"{cuts[94] * 1000:.0f}", f"{max(latencies) * 1000:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="*", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=200, help="per client count")
    parser.add_argument("--timeout", type=float, default=120.0, help="per request, seconds")
    args = parser.parse_args()
    mixes = {"catalogue": calls(), "ad-hoc": adhoc_calls()}
    rows: list[tuple[str, ...]] = []
    with running_serve() as served:
        for name, mix in mixes.items():
            run_level(served.base, 1, len(mix), mix, args.timeout)  # warm up: parse each
            for clients in args.clients:
                rows.append(row(name, clients, *run_level(served.base, clients,
                                                          args.requests, mix, args.timeout)))
        printed = served.stop()
    print(f"spr-graph serve, bundled data: {len(mixes['catalogue'])} catalogue queries in "
          f"turn, {len(ADHOC)} ad-hoc ones; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}\n")
    _print(("mix", "clients", "requests", "200", "503 busy", "other", "req/s", "ok/s", "p50 ms",
            "p95 ms", "max ms"), rows)
    if "Traceback" in printed:
        print("\nThe server printed a traceback:\n" + printed[-3000:])


if __name__ == "__main__":
    main()
