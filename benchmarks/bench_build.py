"""Benchmark `spr-graph build`: the whole evidence pack, start-up included.

Runs the real command in a fresh process (as a user would), on the bundled data and on a
synthetic national graph (`spr_graph.papers.synth`, 43 forces by default), and prints the median
wall time of each and of each build step. Target: the bundled build under 5 s on a 2-core
machine. These machines are noisy: compare figures from one run, and look at the load.

    python3 benchmarks/bench_build.py [--runs 3] [--forces 43]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0
STEP = re.compile(r"^\[\d+/\d+\] (\S+) .*\((\d+\.\d) s\)$")


def command() -> list[str]:
    """The installed console script if there is one, else the package in this checkout."""
    script = shutil.which("spr-graph")
    return [script] if script else [sys.executable, "-m", "spr_graph"]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def build_once(args: list[str], folder: Path) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, CPU seconds (the build and its worker) and each step's seconds."""
    shutil.rmtree(folder, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run([*command(), "build", "-o", str(folder), *args], env=env,
                          capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    steps = {m.group(1): float(m.group(2)) for line in done.stdout.splitlines()
             if (m := STEP.match(line))}
    return seconds, cpu, steps


def measure(name: str, args: list[str], runs: int, work: Path) -> float:
    totals: list[float] = []
    cpus: list[float] = []
    steps: dict[str, list[float]] = {}
    for _ in range(runs):
        seconds, cpu, found = build_once(args, work / "exports")
        totals.append(seconds)
        cpus.append(cpu)
        for step, value in found.items():
            steps.setdefault(step, []).append(value)
    median = statistics.median(totals)
    print(f"\n{name}: median {median:.2f} s over {runs} run(s) "
          f"(min {min(totals):.2f}, max {max(totals):.2f}); CPU {statistics.median(cpus):.2f} s "
          "in the build and its worker")
    for step, values in steps.items():
        print(f"  {step:<10} {statistics.median(values):5.1f} s")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--forces", type=int, default=43)
    options = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from spr_graph.core import resources
    from spr_graph.papers.synth import synth_trig

    print(f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}, "
          f"command: {' '.join(command())}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bundled = measure("bundled data", [], options.runs, work)
        national = work / f"national-{options.forces}.trig"
        national.write_text(synth_trig(options.forces), encoding="utf-8")
        files = [resources.ontology_file(), resources.shapes_file(), national]
        measure(f"synthetic graph of {options.forces} forces",
                [arg for f in files for arg in ("--data", str(f))], options.runs, work)
    verdict = "met" if bundled < TARGET_SECONDS else "MISSED"
    print(f"\ntarget: bundled build under {TARGET_SECONDS:.0f} s: {verdict} "
          f"(load average now {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
