"""Benchmark the analyses at national scale: ``gaps``, ``spof`` and ``whatif --sweep`` on
the command line (start-up included), from files and from a persistent store (``--db``):
drawn (the drawing ``push --db`` kept of the command with its default options, no
answer kept: the first such command on the store), again (the same command again: its
answer kept), cold (nothing kept beside the store), warm (the analysis cache, no drawing
and no answer: as a command with other options, not run before on the store) and the
first command after ``push --db`` (which keeps the cache and the drawings as it builds
the store), on synthetic national graphs. Run on demand, not in tests.

    python3 benchmarks/bench_scale_analysis.py [--runs 3] [--forces 430 1700]
    python3 benchmarks/bench_scale_analysis.py --trig /tmp/nat/f430.trig --store /tmp/db430

(after ``pip install .``, or with ``PYTHONPATH=.`` in a source checkout). ``--forces``
makes each graph with ``spr-graph synth`` (430 forces: about 255k quads, 1,700: about
1M) and its store with ``spr-graph push --db``; ``--trig`` and ``--store`` (in pairs)
reuse ones made before. Each figure is the median of ``--runs`` runs in a fresh
interpreter: wall seconds, CPU seconds (user + system: steadier than wall time on a
shared machine), the process's peak resident memory, and the machine's 1-minute load
average as the runs started. Targets (two cores, 1M quads):
each command under 5 s cold and under 1 s warm from ``--db``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

import pyoxigraph as ox  # noqa: E402

from spr_graph.graph.analysis_cache import CACHE_FILE  # noqa: E402

COMMANDS = {"gaps": ["gaps"], "spof": ["spof"], "whatif --sweep": ["whatif", "--sweep"]}


def run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of ``spr-graph ARGS -f json``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "spr_graph", *args, "-f", "json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: findings
        raise SystemExit(f"spr-graph {' '.join(args)} failed ({process.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def medians(args: list[str], runs: int, before: object = None
            ) -> tuple[float, float, float, float]:
    """Median wall, CPU, peak and 1-minute load average (taken as each run starts) of
    ``runs`` runs (``before``, called before each run)."""
    found = []
    for _ in range(runs):
        if callable(before):
            before()
        load = os.getloadavg()[0]
        found.append((*run(args), load))
    return tuple(statistics.median(v) for v in zip(*found, strict=True))  # type: ignore[return-value]


def push(trig: Path, store: Path) -> None:
    """Build ``store`` from ``trig`` as a user does: push keeps the analysis cache."""
    subprocess.run([sys.executable, "-m", "spr_graph", "push", "--db", str(store), str(trig)],
                   check=True, stdout=subprocess.DEVNULL)


def graphs(args: argparse.Namespace, tmp: Path) -> list[tuple[str, Path, Path]]:
    """(name, TriG file, store folder) for each graph measured."""
    made = []
    for trig, store in zip(args.trig, args.store, strict=True):
        made.append((Path(trig).stem, Path(trig), Path(store)))
    for forces in args.forces:
        trig, store = tmp / f"f{forces}.trig", tmp / f"db{forces}"
        subprocess.run([sys.executable, "-m", "spr_graph", "synth", "--forces", str(forces),
                        "-o", str(trig)], check=True, stdout=subprocess.DEVNULL)
        push(trig, store)
        made.append((f"{forces} forces", trig, store))
    return made


def forget(store: Path, drawn: bool = False, cache: bool = False) -> None:
    """Remove the answers kept beside ``store`` (with ``drawn``, the drawings too; with
    ``cache``, the analysis cache too)."""
    for path in store.glob(".spr-graph-summary.answer-*"):
        path.unlink()
    for path in store.glob(".spr-graph-summary.drawn-*") if drawn else ():
        path.unlink()
    if cache:
        (store / CACHE_FILE).unlink(missing_ok=True)


def measure(name: str, trig: Path, store: Path, runs: int) -> None:
    push(trig, store)  # its drawings and cache by this code (a store given may be older)
    quads = len(ox.Store.read_only(str(store)))
    for label, command in COMMANDS.items():
        db = [*command, "--db", str(store)]
        cells = {
            "files": medians([*command, "--data", str(trig)], runs),
            "--db drawn": medians(db, runs, lambda: forget(store)),
            "--db again": medians(db, runs),
            "--db cold": medians(db, runs, lambda: forget(store, drawn=True, cache=True)),
            "--db warm": medians(db, runs, lambda: forget(store, drawn=True)),
            "first after push": medians(db, runs, lambda: push(trig, store)),
        }
        print(f"| {name} ({quads / 1000:,.0f}k quads) | `{label}` | " + " | ".join(
            f"{wall:.2f} / {cpu:.2f} / {peak:.0f} (load {load:.1f})"
            for wall, cpu, peak, load in cells.values())
            + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--forces", type=int, nargs="*", default=[])
    parser.add_argument("--trig", nargs="*", default=[], help="TriG files made before")
    parser.add_argument("--store", nargs="*", default=[], help="their --db stores")
    args = parser.parse_args()
    if not args.forces and not args.trig:
        args.forces = [430, 1700]
    with tempfile.TemporaryDirectory() as tmp:
        print("| graph | command | files: wall s / CPU s / peak MiB | --db drawn | --db again "
              "| --db cold | --db warm | first after push |")
        print("|---|---|---|---|---|---|---|---|")
        for name, trig, store in graphs(args, Path(tmp)):
            measure(name, trig, store, args.runs)


if __name__ == "__main__":
    main()
