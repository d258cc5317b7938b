"""Benchmark ``spr-graph ingest`` at national scale: one paper for each of the 43
territorial forces of England and Wales, then every paper folder loaded together and
validated. Run on demand, never in the tests.

    python3 benchmarks/bench_ingest_national.py [--forces 43] [--jobs 2]

(after ``pip install .``, or from a source checkout, which this script puts on the path).

The papers are the bundled paper's raw PDF extraction rewritten for each force: its
name, abbreviation and region replaced by the force's own from the national register,
so every paper is bundled-size (135 paragraphs) and the rules meet other forces' names.
Each is ingested by a fresh ``spr-graph ingest`` (start-up included), ``--jobs`` at a
time. Target: 43 papers in under 60 s.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout
from spr_graph.papers.register import load_register  # noqa: E402

RAW = ROOT / "tests" / "data" / "sources" / "wmp-spr-2020-01-21.raw.txt"


def forces(count: int) -> list[tuple[str, str]]:
    """(name, abbreviation) of the first ``count`` territorial forces, by name."""
    register = load_register()
    found = []
    for entry in sorted(register.entries, key=lambda e: e.name):
        if entry.kind == "territorial-force":
            short = min((label for label in entry.labels if label.isupper()), key=len,
                        default=entry.name)
            found.append((entry.name, short))
    return found[:count]


def paper_for(text: str, name: str, short: str) -> str:
    """The raw paper rewritten for the force ``name`` (``short``)."""
    text = text.replace("West Midlands Police", name)
    return re.sub(r"\bWMP\b", short, text)


def ingest(paper: Path, name: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "spr_graph", "ingest", str(paper), "--force", name,
                    "--date", "2020-01-21", "-o", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    raw = RAW.read_text(encoding="utf-8")
    chosen = forces(args.forces)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jobs = []
        for i, (name, short) in enumerate(chosen):
            paper = folder / f"paper-{i:02d}.txt"
            paper.write_text(paper_for(raw, name, short), encoding="utf-8")
            jobs.append((paper, name, folder / f"folder-{i:02d}"))
        start = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            each = list(pool.map(lambda job: ingest(*job), jobs))
        total = time.perf_counter() - start
        print(f"ingest: {len(jobs)} bundled-size papers in {total:.1f} s with {args.jobs} "
              f"job(s) (each {min(each):.2f}-{max(each):.2f} s, start-up included)")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "spr_graph", "validate",
                               *(str(job[2]) for job in jobs)], capture_output=True, text=True)
        print(f"validate all {len(jobs)} folders together: {time.perf_counter() - start:.1f} s "
              f"(exit {done.returncode}): {done.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
