"""Benchmark `spr-graph validate` at national scale: the native SHACL engine against pySHACL.

Writes synthetic national graphs (`spr-graph synth`, about 600 quads a force) and times
`spr-graph validate --format json` in a fresh process (start-up included) with each
SHACL engine, printing the median wall time, the peak memory (maximum resident set of
the child) and whether both engines found the same things. pySHACL is only run up to
``--pyshacl-up-to`` forces: at 1M quads it takes about 17 minutes and 5 GB. With ``--db``,
each graph is also pushed into a persistent store and validated from it (``validate
--db``, natively: "same" then says it found what the file did). Targets on a 2-core
machine: 1M quads validated in under 60 s and 2 GB. Run on demand:

    python3 benchmarks/bench_validate.py [--runs 3] [--forces 43 430 1700] [--db]
        [--pyshacl-up-to 430]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def command() -> list[str]:
    """The installed console script if there is one, else the package in this checkout."""
    script = shutil.which("spr-graph")
    return [script] if script else [sys.executable, "-m", "spr_graph"]


def measured(argv: list[str]) -> tuple[float, float, int, str, str]:
    """Run ``argv``: wall seconds, its own peak MiB (``wait4``), exit code, out and err."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    streams: dict[str, str] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: streams.__setitem__(n, s.read()))
               for n, s in (("out", child.stdout), ("err", child.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return (time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode,
            streams["out"], streams["err"])


def run(args: list[str]) -> tuple[float, float, dict[str, object]]:
    """Wall seconds, peak MiB of the child and the JSON report of one validate."""
    seconds, peak, code, out, err = measured([*command(), "validate", "--format", "json",
                                              *args])
    if code not in (0, 1):
        raise SystemExit(f"validate failed ({code}):\n{err}")
    return seconds, peak, json.loads(out)


def findings(report: dict[str, object]) -> list[tuple[object, ...]]:
    return sorted((f["severity"], f["check"], f["focus"], f["path"], f["value"], f["message"])
                  for f in report["findings"]  # type: ignore[attr-defined]
                  if f["check"] != "shacl" or f["severity"] != "info")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--forces", type=int, nargs="+", default=[43, 430, 1700])
    parser.add_argument("--pyshacl-up-to", type=int, default=430)
    parser.add_argument("--db", action="store_true", help="also validate a pushed store")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        print(f"{'forces':>6} {'quads':>9} {'engine':>8} {'median s':>9} {'peak MiB':>9} "
              "findings  same")
        for forces in options.forces:
            path = Path(work) / f"national-{forces}.trig"
            subprocess.run([*command(), "synth", "--forces", str(forces), "-o", str(path)],
                           env=dict(os.environ, PYTHONPATH=str(REPO)), check=True,
                           capture_output=True)
            files = [str(REPO / "ontology" / "spr.ttl"), str(REPO / "ontology" / "shapes.ttl"),
                     str(path)]
            engines = {"native": ["--shacl-engine", "native", *files]}
            if forces <= options.pyshacl_up_to:
                engines["pyshacl"] = ["--shacl-engine", "pyshacl", *files]
            if options.db:
                store = str(Path(work) / f"national-{forces}.db")
                subprocess.run([*command(), "push", "--db", store, str(path)],
                               env=dict(os.environ, PYTHONPATH=str(REPO)), check=True,
                               capture_output=True)
                engines["--db"] = ["--shacl-engine", "native", "--db", store]
            found: dict[str, list[tuple[object, ...]]] = {}
            for engine, args in engines.items():
                times, peaks = [], []
                for _ in range(1 if engine == "pyshacl" else options.runs):
                    seconds, peak, report = run(args)
                    times.append(seconds)
                    peaks.append(peak)
                found[engine] = findings(report)
                same = "" if len(found) < 2 else str(found["native"] == found[engine])
                print(f"{forces:>6} {report['quads']:>9} {engine:>8} "
                      f"{statistics.median(times):>9.1f} {max(peaks):>9.0f} "
                      f"{len(found[engine]):>8}  {same}", flush=True)


if __name__ == "__main__":
    main()
