"""Benchmark: load time and catalogue query times, embedded Oxigraph vs plain rdflib.

Run on demand (never in the test suite)::

    python3 benchmarks/bench_sparql.py              # bundled, ~100k and ~1M triples
    python3 benchmarks/bench_sparql.py --sizes 100000 --repeat 3
    python3 benchmarks/bench_sparql.py --no-rdflib --data national.trig   # Oxigraph only

Datasets: the bundled paper, and the bundled paper plus a synthetic national graph of
about 100k and 1M triples (:mod:`spr_graph.papers.synth`, generated here: one paper per force
shaped like the real one, with units, posts, boards, regional ROCUs and CT units,
national agencies, funding streams, quantities and requirement statements, each in the
named graph of its paragraph). Both engines read the same files and run every catalogue
query through the paths ``spr-graph query`` and ``spr-graph serve`` take (checks,
parameters, time limit; a thread of this process or a forked worker). Figures are
medians; compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spr_graph.core import resources  # noqa: E402
from spr_graph.core.errors import QueryTimeout  # noqa: E402
from spr_graph.papers.synth import synth_trig  # noqa: E402
from spr_graph.sparql import safety  # noqa: E402
from spr_graph.sparql.catalogue import load_catalogue  # noqa: E402
from spr_graph.sparql.engine import (  # noqa: E402
    DEFAULT_LIMIT,
    OxigraphRunner,
    RdflibRunner,
    Runner,
    execute,
    prepare,
)
from spr_graph.sparql.params import bindings  # noqa: E402
from spr_graph.store.load import load  # noqa: E402

TARGET = 0.2  # seconds: the per-query target at 1M triples
QUADS_PER_FORCE = 590  # what spr_graph.papers.synth writes per force, measured


def timed(func: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - started, value


def bench_queries(runners: dict[str, Runner], repeat: int, timeout: float, examples: bool,
                  engine: OxigraphRunner | None = None) -> dict[str, dict[str, float]]:
    """Per catalogue query, the median seconds of each path: {query: {path: seconds}}.

    A path is a runner given the whole query as ``execute`` takes it: check (the parse
    cache is emptied before each run, so a run costs what it costs a new process: a
    catalogue query's text is checked already, :mod:`spr_graph.sparql.prechecked`), bind, evaluate
    and return at most ``DEFAULT_LIMIT`` rows as Python terms. For Oxigraph, "query" is
    ``spr-graph query`` (one-shot: the query runs in a thread of this process), "serve"
    is ``spr-graph serve`` and the library (a forked worker that a time limit kills), and
    "engine" is ``engine``'s evaluation alone. rdflib runs in the forked worker
    only (it cannot be stopped otherwise). inf: the query hit the time limit.
    """
    medians: dict[str, dict[str, float]] = {}
    for runner in runners.values():  # warm up: imports, the parser's first use
        execute(runner, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=timeout)
    for name, query in load_catalogue().items():
        values = bindings(query.example_call(required_only=not examples), query.params)
        times: dict[str, list[float]] = {path: [] for path in runners}
        for _run in range(repeat):
            for path, runner in runners.items():
                text = query.text
                safety._CACHE.clear()  # noqa: SLF001 (as in a new process)
                if times[path] and times[path][-1] == float("inf"):
                    continue
                try:
                    seconds, _ = timed(execute, runner, text, values, limit=DEFAULT_LIMIT,
                                       timeout=timeout, source=name)
                except QueryTimeout:
                    seconds = float("inf")
                times[path].append(seconds)
            if engine is not None:
                checked = prepare(engine, query.text, values, name)
                times.setdefault("engine", []).append(
                    timed(engine.evaluate, checked, DEFAULT_LIMIT)[0])
        medians[name] = {path: statistics.median(seconds) for path, seconds in times.items()}
    return medians


def fmt(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "-"
    return "timeout" if seconds == float("inf") else f"{seconds:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (Oxigraph)")
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="per Oxigraph query")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0,
                        help="per rdflib query (a query past it counts as this long)")
    parser.add_argument("--examples", action="store_true",
                        help="give every query its documented example parameters (an "
                        "analyst's call) instead of the required ones only")
    parser.add_argument("--no-rdflib", action="store_true",
                        help="time Oxigraph only (rdflib takes minutes at 1M triples)")
    parser.add_argument("--data", type=Path, nargs="*", default=[],
                        help="national files to time (with the bundled data) instead of "
                        "synthetic graphs of --sizes")
    args = parser.parse_args()
    summary: list[tuple[str, ...]] = []
    speedups: list[str] = []
    details: dict[str, dict[str, dict[str, tuple[float, float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundled = resources.default_files()
        sets: list[tuple[str, list[Path]]] = [("bundled", bundled)]
        sets += [(f"{path.name} + bundled", [*bundled, path]) for path in args.data]
        for size in [] if args.data else args.sizes:
            path = Path(tmp) / f"synthetic-{size}.trig"
            path.write_text(synth_trig(max(1, size // QUADS_PER_FORCE), seed=1),
                            encoding="utf-8")
            sets.append((f"synthetic {size // 1000}k + bundled", [*bundled, path]))
        for name, files in sets:
            gc.collect()
            load_s, loaded = timed(load, files)
            quads = len(loaded.store)
            raw_s, raw = timed(_bulk_load, files[-1])
            # The forked path last: after a fork this process's own first write to each
            # page it shared faults too, which would slow whatever is timed here next.
            one_shot = OxigraphRunner(loaded.store, one_shot=True)
            in_process = bench_queries({"query": one_shot}, args.repeat, args.timeout,
                                       args.examples, engine=one_shot)
            forked = bench_queries({"serve": OxigraphRunner(loaded.store)}, args.repeat,
                                   args.timeout, args.examples)
            ox_times = {q: {**in_process[q], **forked[q]} for q in in_process}
            del loaded
            gc.collect()
            rd_load_s, rd_times = _rdflib_times(files, args, list(ox_times))
            details[name] = {"oxigraph": ox_times, "rdflib": rd_times}
            totals, lates = {}, {}
            for engine, seconds, times, limit in (
                    ("oxigraph", load_s, ox_times, args.timeout),
                    ("rdflib", rd_load_s, rd_times, args.rdflib_timeout)):
                late = lates[engine] = sum(1 for t in times.values()
                                           if t["query"] == float("inf"))
                totals[engine] = sum(min(t["query"], limit) for t in times.values())
                columns: list[str] = []
                for path in ("engine", "query", "serve"):
                    seen = [t[path] for t in times.values() if path in t]
                    columns += ([fmt(statistics.median(seen)), fmt(max(seen)),
                                 str(sum(1 for t in seen if t > TARGET))] if seen
                                else ["-", "-", "-"])
                summary.append((name, f"{quads:,}", engine, f"{seconds:.2f}",
                                f"{quads / seconds:,.0f}", *columns,
                                f"{'>=' if late else ''}{totals[engine]:.1f}"
                                + (f" ({late} timed out)" if late else "")))
            speedups.append(f"{name}: rdflib {totals['rdflib']:.1f} s / Oxigraph "
                            f"{totals['oxigraph']:.1f} s for all {len(ox_times)} queries = "
                            f"{'at least ' if lates['rdflib'] else ''}"
                            f"{totals['rdflib'] / totals['oxigraph']:.0f}x")
            if raw:
                summary.append((name, f"{raw:,} synthetic", "Store.bulk_load", f"{raw_s:.2f}",
                                f"{raw / raw_s:,.0f}", *[""] * 10))
    print(f"Parameters: {'documented examples' if args.examples else 'required only'}; "
          f"over = queries with a median above {TARGET} s; engine = Oxigraph's evaluation, "
          "query = spr-graph query (one-shot), serve = spr-graph serve and the library "
          "(forked worker)\n")
    _print(("dataset", "quads", "engine", "load s", "quads/s",
            *(f"{path} {what}" for path in ("engine", "query", "serve")
              for what in ("median s", "max s", "over")), "all queries s"), summary)
    print("\nSpeed-up, all catalogue queries as spr-graph query runs them:\n  "
          + "\n  ".join(speedups))
    for name, engines in details.items():
        print(f"\nPer query on {name}: median seconds")
        rows = [(q, *(fmt(t[path]) for path in ("engine", "query", "serve")),
                 fmt(engines["rdflib"][q]["query"]),
                 _ratio(engines["rdflib"][q]["query"], t["query"], args.rdflib_timeout))
                for q, t in engines["oxigraph"].items()]
        _print(("query", "oxigraph engine", "oxigraph query", "oxigraph serve",
                "rdflib", "speed-up"), rows)


def _rdflib_times(files: list[Path], args: argparse.Namespace, names: list[str]
                  ) -> tuple[float, dict[str, dict[str, float]]]:
    """rdflib's load seconds and query times (nan with --no-rdflib)."""
    if args.no_rdflib:
        return float("nan"), {name: {"query": float("nan")} for name in names}
    load_s, ds = timed(_rdflib_load, files)
    return load_s, bench_queries({"query": RdflibRunner(ds)}, args.rdflib_repeat,
                                 args.rdflib_timeout, args.examples)


def _ratio(slow: float, fast: float, limit: float) -> str:
    return f">{limit / fast:.0f}x" if slow == float("inf") else f"{slow / fast:.0f}x"


def _bulk_load(path: Path) -> int:
    """Oxigraph's own fastest path, for comparison with the tool's checking loader."""
    if not path.name.startswith("synthetic"):
        return 0
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    return len(store)


def _rdflib_load(files: list[Path]) -> Any:
    """Plain rdflib: its own TriG and Turtle parsers, a union default graph."""
    from rdflib import Dataset, URIRef

    from spr_graph.core.namespaces import ONTOLOGY_GRAPH

    ds = Dataset(default_union=True)
    for path in files:
        if path == resources.shapes_file():
            continue
        if path.suffix == ".trig":
            ds.parse(str(path), format="trig")
        else:
            ds.graph(URIRef(ONTOLOGY_GRAPH)).parse(str(path), format="turtle")
    return ds


def _print(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from spr_graph.core.tables import Table, render_text

    table = Table("", list(header), [[str(c) for c in row] for row in rows])
    print(render_text([table], width=None), end="")


if __name__ == "__main__":
    main()
