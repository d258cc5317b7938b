"""Benchmark: export, push and catalogue queries at national scale, as a user runs them.

Run on demand (never in the test suite)::

    python3 benchmarks/bench_national.py                          # 430 and 1,700 forces
    python3 benchmarks/bench_national.py --forces 430 --runs 3 --before /work/main
    python3 benchmarks/bench_national.py --files national.trig --queries threat-partners

For each synthetic national graph (``spr-graph synth --forces N``: about 590 quads a
force, so 430 forces are 255k quads and 1,700 forces 1M) or each ``--files`` file, in a
fresh process each, start-up included: ``export --format nquads`` and ``trig`` to a
file, ``push --db``, and Oxigraph's own ``oxigraph load`` of the same file (the floor);
then ``query NAME --db`` beside ``oxigraph query`` of the same text on the same store.
Each figure is the median wall time of ``--runs``, the median CPU time (user + system,
steadier than wall time on a shared machine) and the peak resident memory of the
process (the largest of the runs). ``--before DIR`` runs the same commands from another
checkout (``PYTHONPATH=DIR``) first, and checks both write byte-identical exports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spr_graph.core.namespaces import SPARQL_PREFIXES  # noqa: E402
from spr_graph.sparql.catalogue import load_catalogue  # noqa: E402

QUERIES = ("threat-partners", "evidence", "quote-search", "who-chairs")


def run(command: list[str], tree: Path | None = None) -> tuple[float, int, float]:
    """Seconds, peak resident KiB and CPU seconds (user + system: steadier than wall time
    on a shared machine) of ``command`` in a fresh process.

    The peak comes from GNU time when there is one: a process forked from this one
    starts with this one's high-water mark, which would hide a small peak."""
    env = dict(os.environ, PYTHONPATH=str(tree or ROOT))
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = ([str(gnu_time), "-f", "%M %U %S", "-o", rss.name, *command]
                   if gnu_time.exists() else command)
        started = time.perf_counter()
        process = subprocess.run(wrapped, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, check=False)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n"
                             f"{process.stderr.decode()}")
        usage = rss.read().strip().splitlines()[-1] if gnu_time.exists() else "0 0 0"
    peak, user, system = usage.split()
    return seconds, int(peak), float(user) + float(system)


def measure(command: list[str], runs: int, tree: Path | None = None,
            before: list[str] | None = None) -> tuple[float, int, float]:
    """Median seconds, the largest peak KiB and the median CPU seconds of ``runs`` runs
    (``before``: a command run ahead of each, untimed, e.g. removing the store)."""
    times, peaks, cpu = [], [], []
    for _ in range(runs):
        if before:
            subprocess.run(before, check=True)
        seconds, peak, used = run(command, tree)
        times.append(seconds)
        peaks.append(peak)
        cpu.append(used)
    return statistics.median(times), max(peaks), statistics.median(cpu)


def row(data: str, what: str, tree: str, figures: tuple[float, int, float]
        ) -> tuple[str, ...]:
    seconds, peak, cpu = figures
    return (data, what, tree, f"{seconds:.2f}", f"{cpu:.2f}", f"{peak / 1024:.0f}")


def spr(*args: str) -> list[str]:
    return [sys.executable, "-m", "spr_graph", *args]


def bench_file(data: Path, tmp: Path, runs: int, trees: dict[str, Path | None],
               queries: list[str]) -> list[tuple[str, ...]]:
    """Each command from each tree in turn, ``runs`` times (so a change of load on a
    shared machine falls on both trees alike)."""
    rows: list[tuple[str, ...]] = []
    outputs: dict[str, dict[str, bytes]] = {name: {} for name in trees}
    for fmt in ("nquads", "trig"):
        for name, tree in trees.items():
            target = tmp / f"{name}.{fmt}"
            figures = measure(spr("export", "--format", fmt, "--data", str(data),
                                  "-o", str(target)), runs, tree)
            rows.append(row(data.name, f"export --format {fmt}", name, figures))
            outputs[name][fmt] = target.read_bytes()
            target.unlink()
    for name, tree in trees.items():
        db = tmp / f"{name}.db"
        figures = measure(spr("push", "--db", str(db), str(data)), runs, tree,
                          ["rm", "-rf", str(db)])
        rows.append(row(data.name, "push --db", name, figures))
    if len(outputs) > 1:
        first, *others = outputs.values()
        same = all(other == first for other in others)
        rows.append((data.name, "exports byte-identical", "", "yes" if same else "NO", "", ""))
    oxigraph = shutil.which("oxigraph")
    if oxigraph:
        store = tmp / "oxigraph.db"
        figures = measure([oxigraph, "load", "--location", str(store), "--file", str(data)],
                          runs, before=["rm", "-rf", str(store)])
        rows.append(row(data.name, "oxigraph load", "", figures))
        shutil.rmtree(store, ignore_errors=True)
    db = tmp / f"{list(trees)[-1]}.db"
    rows += bench_queries(data.name, db, tmp, runs, queries, oxigraph)
    for name in trees:
        shutil.rmtree(tmp / f"{name}.db", ignore_errors=True)
    return rows


def bench_queries(label: str, db: Path, tmp: Path, runs: int, queries: list[str],
                  oxigraph: str | None) -> list[tuple[str, ...]]:
    """``query NAME --db`` (required parameters only: the whole graph) beside
    ``oxigraph query`` of the catalogue text on the same store."""
    rows: list[tuple[str, ...]] = []
    catalogue = load_catalogue()
    for name in queries:
        out, query = tmp / f"{name}.csv", catalogue[name]
        params = [arg for call in query.example_call(required_only=True)
                  for arg in ("-p", call)]
        figures = measure(spr("query", name, "--db", str(db), "-f", "csv", "-o", str(out),
                              *params), runs)
        rows.append(row(label, f"query {name} --db", "", figures))
        if oxigraph and not any(p.required or p.default for p in query.params):
            text = tmp / f"{name}.rq"
            text.write_text(SPARQL_PREFIXES + catalogue[name].text, encoding="utf-8")
            figures = measure([oxigraph, "query", "--location", str(db), "--query-file",
                               str(text), "--union-default-graph", "--results-format",
                               "csv", "--results-file", str(out)], runs)
            rows.append(row(label, f"oxigraph query {name}", "", figures))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forces", type=int, nargs="*", default=[430, 1700])
    parser.add_argument("--files", type=Path, nargs="*", default=[],
                        help="national files to time instead of synthetic ones")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to time first")
    parser.add_argument("--queries", nargs="*", default=list(QUERIES))
    args = parser.parse_args()
    trees: dict[str, Path | None] = {"after": None}
    if args.before:
        trees = {"before": args.before.resolve(), "after": None}
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        files = list(args.files)
        for forces in [] if files else args.forces:
            path = tmp / f"synth-{forces}.trig"
            run(spr("synth", "--forces", str(forces), "-o", str(path)))
            files.append(path)
        for data in files:
            rows += bench_file(data, tmp, args.runs, trees, args.queries)
            print(*("  ".join(row) for row in rows[-4:]), sep="\n", file=sys.stderr)
    from spr_graph.core.tables import Table, render_text

    print(render_text([Table("", ["data", "what", "tree", "median s", "CPU s", "peak MiB"],
                             [list(row) for row in rows])], width=None), end="")


if __name__ == "__main__":
    main()
