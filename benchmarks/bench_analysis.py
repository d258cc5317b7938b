"""Benchmark the reviewers' analysis: gaps + spof + a what-if for every single point of
failure, and the brokers, on the bundled paper and on synthetic national graphs. Run on
demand, not in tests.

    python3 benchmarks/bench_analysis.py [--runs 3] [--forces 43 430]

(after ``pip install .``, or with ``PYTHONPATH=.`` in a source checkout).

Wall time is measured on the command line in a subprocess (start-up included) with
``spr-graph whatif --sweep --top 0 --format json``, which computes the gap matrix, the
per-threat routes, cuts and dominators, the block-cut tree and one what-if per single
point of failure; ``spr-graph brokers --top 0 --format json`` is timed apart (per threat,
one betweenness pass and one dominator tree from the force). An in-process breakdown
shows where the time goes and how each stage grows with the graph (targets on a 2-core
machine: bundled under 1 s, 43 forces under 10 s, gaps, spof and brokers about linear).
Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout
from bench_search import cli_seconds  # beside this file

from spr_graph.analysis.brokers import brokers_report
from spr_graph.analysis.gaps import gap_matrix
from spr_graph.analysis.spof import spof_report
from spr_graph.analysis.sweep import sweep
from spr_graph.core import resources
from spr_graph.graph.facts import read_facts
from spr_graph.graph.projection import project
from spr_graph.papers.synth import synth_trig
from spr_graph.store.source import open_source

FULL = ["whatif", "--sweep", "--top", "0", "--format", "json"]
BROKERS = ["brokers", "--top", "0", "--format", "json"]
STAGES = ("load", "project", "facts", "gaps", "spof", "sweep", "brokers")


class Laps:
    """Seconds between successive calls of :meth:`lap`, collected per name."""

    def __init__(self) -> None:
        self.found: dict[str, list[float]] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.found.setdefault(name, []).append(now - self.last)
        self.last = now


def stages(files: list[Path] | None, runs: int) -> dict[str, float]:
    """Median seconds of each in-process stage, and the graph's size."""
    laps = Laps()
    for _ in range(runs):
        laps.lap("start")
        source = open_source(files)
        laps.lap("load")
        graph = project(source.select)
        laps.lap("project")
        facts = read_facts(source.select)
        laps.lap("facts")
        gap_matrix(graph, facts.statements, facts.vocabulary)
        laps.lap("gaps")
        spof_report(graph, facts.statements.threats)
        laps.lap("spof")
        sweep(graph, facts)
        laps.lap("sweep")
        brokers_report(graph, facts.statements.threats)
        laps.lap("brokers")
    result = {k: statistics.median(v) for k, v in laps.found.items()}
    result.update(quads=len(source.store) if source.store is not None else 0,
                  nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--forces", type=int, nargs="*", default=[43, 430])
    args = parser.parse_args()

    rows: list[tuple[str, list[Path] | None, list[str]]] = [("bundled paper", None, [])]
    with tempfile.TemporaryDirectory() as tmp:
        for forces in args.forces:
            path = Path(tmp) / f"synth-{forces}.trig"
            path.write_text(synth_trig(forces, seed=1), encoding="utf-8")
            files = [resources.ontology_file(), path]
            rows.append((f"synthetic, {forces} forces", files,
                         [a for f in files for a in ("--data", str(f))]))
        print("| graph | quads | nodes | edges | CLI full analysis (s) | CLI gaps (s) | "
              "CLI spof (s) | CLI brokers (s) | " + " | ".join(STAGES) + " |")
        print("|---" * (8 + len(STAGES)) + "|")
        measured = []
        for name, files, data in rows:
            full = cli_seconds([*FULL, *data], args.runs)
            gaps = cli_seconds(["gaps", "--format", "json", *data], args.runs)
            spof = cli_seconds(["spof", "--top", "0", "--format", "json", *data], args.runs)
            brokers = cli_seconds([*BROKERS, *data], args.runs)
            parts = stages(files, args.runs)
            measured.append(parts)
            size = " | ".join(f"{parts[k]:.0f}" for k in ("quads", "nodes", "edges"))
            print(f"| {name} | {size} | {full:.2f} | {gaps:.2f} | {spof:.2f} | {brokers:.2f} | "
                  + " | ".join(f"{parts[k]:.3f}" for k in STAGES) + " |")
    if len(measured) >= 3:
        small, large = measured[1], measured[-1]
        size = large["quads"] / small["quads"]
        print(f"\nGrowth from {args.forces[0]} to {args.forces[-1]} forces: quads x{size:.1f}; " +
              ", ".join(f"{k} x{large[k] / max(small[k], 1e-9):.1f}" for k in STAGES))


if __name__ == "__main__":
    main()
