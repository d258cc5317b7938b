"""Benchmark ``spr-graph search``: start-up, the full-text index and the queries, on the
bundled paper (the prebuilt index shipped with it) and on a synthetic national graph in
a persistent store (index built once beside it). Run on demand, never in the tests.

    python3 benchmarks/bench_search.py [--runs 5] [--forces 1700] [--store DIR] [--bundled]
    python3 benchmarks/bench_search.py --commands --store DIR [--before CHECKOUT --before-store DIR]

(after ``pip install .``, or with ``PYTHONPATH=.`` in a source checkout). 1,700 forces
make about 1M triples; ``--store DIR`` reuses a store made before (``spr-graph push --db
DIR FILE``) instead of making one in a temporary folder; ``--bundled`` times the bundled
paper only.

``--commands`` times only fresh processes, as a user runs them, on the store as it is
(nothing deleted: warm): ``search airwave``, ``search CSE/A`` and ``describe`` of a force,
at national scale (``--store``) and on the bundled paper, each the median of ``--runs``
wall times, CPU times (user + system) and peak RSS, measured by ``/usr/bin/time``, with
the load average before each command's runs. ``--before CHECKOUT`` interleaves the same
commands run from another checkout (say, ``git archive main``) on ``--before-store`` (a
copy of the store: each version keeps its own files beside it).

Targets (two cores): ``spr-graph search airwave`` on the bundled data under 0.2 s with
start-up, and a search of about 1M triples under 1 s. The CLI figures are wall times of
a fresh interpreter (``python -m spr_graph``), medians of ``--runs``; ``--version`` is
the floor every command pays. The in-process figures show where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout
from spr_graph.api import open as open_graph  # noqa: E402
from spr_graph.core import resources  # noqa: E402
from spr_graph.core.tables import Table, render_text  # noqa: E402
from spr_graph.graph.search import open_index  # noqa: E402
from spr_graph.graph.search_bundled import bundled_index  # noqa: E402
from spr_graph.graph.search_store import INDEX_FILE  # noqa: E402
from spr_graph.papers.synth import synth_trig  # noqa: E402
from spr_graph.store.db import load_into_db  # noqa: E402

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("airwave", {}), ("rocu", {}), ("police", {}), ("serious organised crime", {}),
    ("fundng", {}), ("ROCU funding", {}), ("police", {"threat": "SOC"}),
    ("police", {"kind": "unit"}),
]


def timed(func: Callable[[], Any], runs: int = 1) -> float:
    """Median seconds of ``func()``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_seconds(args: list[str], runs: int) -> float:
    """Median wall time of ``spr-graph ARGS`` in a fresh interpreter (bench_analysis
    uses it too)."""
    return timed(lambda: subprocess.run([sys.executable, "-m", "spr_graph", *args], check=True,
                                        stdout=subprocess.DEVNULL), runs)


def flags(options: dict[str, Any]) -> list[str]:
    return [a for key, value in options.items() for a in (f"--{key}", str(value))]


def queries(search: Callable[..., Any], source: list[str], runs: int, title: str) -> Table:
    """Each query in process (index ready) and on the command line."""
    table = Table(title, ["query", "entities matched", "in process (s)", "CLI (s)"])
    for text, options in QUERIES:
        def ask(text: str = text, options: dict[str, Any] = options) -> int:
            return int(search(text, **options).total)

        total, inside = ask(), timed(ask, runs)
        outside = cli_seconds(["search", text, *flags(options), *source], runs)
        table.rows.append([f"{text} {' '.join(flags(options))}".strip(), str(total),
                           f"{inside:.3f}", f"{outside:.2f}"])
    return table


def bundled(runs: int) -> list[Table]:
    floor = cli_seconds(["--version"], runs)
    stages = Table("Bundled paper: where the time goes (in process, s)", ["stage", "seconds"])
    stages.rows.append(["digest the bundled files and open the prebuilt index",
                        f"{timed(bundled_index, runs):.4f}"])
    prebuilt = bundled_index()
    if prebuilt is None:
        raise SystemExit("the prebuilt index is stale: run scripts/make_search_index.py")
    start = time.perf_counter()
    graph = open_graph()
    stages.rows.append(["stale index only: load the bundled data",
                        f"{time.perf_counter() - start:.3f}"])
    stages.rows.append(["stale index only: build the index in memory",
                        f"{timed(lambda: open_index(graph.source.select), runs):.3f}"])
    start = time.perf_counter()
    import spr_graph.render.lookup  # noqa: F401
    stages.rows.append(["import the search renderers (render.lookup)",
                        f"{time.perf_counter() - start:.3f}"])
    stages.rows.append(["spr-graph --version (start-up floor, CLI)", f"{floor:.2f}"])
    return [stages, queries(prebuilt.search, [], runs, "Bundled paper (prebuilt index)")]


def national(forces: int, store: Path | None, runs: int) -> list[Table]:
    with tempfile.TemporaryDirectory() as tmp:
        stages = Table(f"National graph, {forces} forces: one-off costs (s)", ["stage", "seconds"])
        if store is None:
            path = Path(tmp) / "national.trig"
            path.write_text(synth_trig(forces, seed=1), encoding="utf-8")
            store = Path(tmp) / "db"
            start = time.perf_counter()
            quads = load_into_db(store, [resources.ontology_file(), path]).quads
            stages.rows.append([f"push ({quads} quads)", f"{time.perf_counter() - start:.1f}"])
        (store / INDEX_FILE).unlink(missing_ok=True)
        source = ["--db", str(store)]
        stages.rows.append(["first search, building the index (CLI)",
                            f"{cli_seconds(['search', 'airwave', *source], 1):.1f}"])
        graph = open_graph(db=store)
        return [stages, queries(lambda text, **options: graph.search(text, **options).data,
                                source, runs, f"National graph, {forces} forces, "
                                                     "in a store (index beside it)")]


COMMANDS = (["search", "airwave"], ["search", "CSE/A"], ["describe", "{force}"])


def _time(args: list[str], code: Path) -> tuple[float, float, float]:
    """Wall s, CPU s and peak RSS MiB of ``spr-graph ARGS`` run from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m",
                           "spr_graph", *args], env=env, check=True, cwd=tempfile.gettempdir(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall, user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def commands(store: Path, runs: int, before: tuple[Path, Path] | None) -> Table:
    """Each command in fresh processes, on the store and the bundled paper (see above)."""
    here = Path(__file__).resolve().parents[1]
    force = open_graph(db=store).documents[0].force_label or ""
    versions = [("after", here, store), *([("before", *before)] if before else [])]
    table = Table("Fresh processes: median wall s / CPU s / peak RSS MiB",
                  ["command", "data", "load", *(name for name, _, _ in versions)])
    for template in COMMANDS:
        for data in ("national", "bundled"):
            args = [a.format(force=force if data == "national" else "ROCU") for a in template]
            load = f"{os.getloadavg()[0]:.1f}"
            found: dict[str, list[tuple[float, float, float]]] = {n: [] for n, _, _ in versions}
            for _ in range(runs):  # interleaved, so both see the same load
                for name, code, db in versions:
                    found[name].append(_time(
                        args + (["--db", str(db)] if data == "national" else []), code))
            table.rows.append([" ".join(args), data, load, *(
                " / ".join(f"{statistics.median(m[i] for m in found[name]):.2f}"
                           for i in range(3)) for name, _, _ in versions)])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--forces", type=int, default=1700)
    parser.add_argument("--store", type=Path, help="a store made before, to reuse")
    parser.add_argument("--bundled", action="store_true", help="the bundled paper only")
    parser.add_argument("--commands", action="store_true",
                        help="fresh processes only, on --store as it is (see above)")
    parser.add_argument("--before", type=Path, help="with --commands: another checkout")
    parser.add_argument("--before-store", type=Path, help="the store --before reads")
    args = parser.parse_args()
    if args.commands:
        if args.store is None:
            raise SystemExit("--commands needs --store DIR")
        before = (args.before, args.before_store or args.store) if args.before else None
        print(render_text([commands(args.store, args.runs, before)], width=None))
        return
    tables = bundled(args.runs)
    if not args.bundled:
        tables += national(args.forces, args.store, args.runs)
    print(render_text(tables, width=None))


if __name__ == "__main__":
    main()
