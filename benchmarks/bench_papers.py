"""Benchmark ``spr-graph diff`` and ``spr-graph compare``. Run on demand, never in the tests.

    python3 benchmarks/bench_papers.py [--runs 5] [--forces 43] [--years 5] [--endpoint]

(after ``pip install .``, or from a source checkout, which this script puts on the path).

1. ``diff`` of two bundled-size papers (the bundled paper against itself, and against
   its machine draft), in a fresh interpreter with start-up (target < 1 s).
2. ``compare`` of ``--forces`` synthetic forces, one paper each (target < 10 s).
3. ``compare`` of ``--forces`` x ``--years`` synthetic papers (about 215 for 43 x 5),
   loaded and compared (target < 60 s), with the peak resident memory of the process.
4. With ``--endpoint`` and the ``oxigraph`` server installed: 2 and 3 through a real
   ``oxigraph serve`` after ``spr-graph push``.

Wall times are medians of ``--runs``; peak memory is the child's maximum RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout
BUNDLED = ROOT / "data" / "papers" / "wmp-spr-2020-01-21"
RAW = ROOT / "tests" / "data" / "sources" / "wmp-spr-2020-01-21.raw.txt"


def run(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) of ``spr-graph ARGS``, each
    process's own (``wait4``), not the most any child of this script reached."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        with subprocess.Popen([sys.executable, "-m", "spr_graph", *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) as child:
            assert child.stderr is not None
            stderr = child.stderr.read()
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        times.append(time.perf_counter() - start)
        if child.returncode not in (0, 1):
            raise SystemExit(f"spr-graph {' '.join(args)} failed: {stderr}")
        peaks.append(usage.ru_maxrss)
    return statistics.median(times), max(peaks) / 1024


@contextlib.contextmanager
def oxigraph(folder: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free port; its base URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--endpoint", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft = folder / "draft"
        subprocess.run([sys.executable, "-m", "spr_graph", "ingest", str(RAW), "--force",
                        "West Midlands Police", "--date", "2020-01-21", "-o", str(draft)],
                       check=True, capture_output=True)
        floor, _ = run(["--version"], args.runs)
        print(f"start-up (spr-graph --version): {floor:.2f} s")
        for name, other in (("itself", BUNDLED), ("its machine draft", draft)):
            took, peak = run(["diff", str(BUNDLED), str(other)], args.runs)
            print(f"diff bundled paper against {name}: {took:.2f} s, peak {peak:.0f} MiB")
        one = folder / "one.trig"
        many = folder / "many.trig"
        subprocess.run([sys.executable, "-m", "spr_graph", "synth", "--forces",
                        str(args.forces), "--seed", "1", "-o", str(one)], check=True,
                       capture_output=True)
        subprocess.run([sys.executable, "-m", "spr_graph", "synth", "--forces",
                        str(args.forces), "--years", str(args.years), "--seed", "1", "-o",
                        str(many)], check=True, capture_output=True)
        for label, path in ((f"{args.forces} forces", one),
                            (f"{args.forces} forces x {args.years} years", many)):
            took, peak = run(["compare", "--data", str(path), "-f", "json"], args.runs)
            print(f"compare {label} from files: {took:.2f} s, peak {peak:.0f} MiB")
        if args.endpoint:
            for label, path in ((f"{args.forces} forces", one),
                                (f"{args.forces} forces x {args.years} years", many)):
                with oxigraph(folder / f"ox-{path.stem}") as base:
                    run(["push", str(path), "--endpoint", f"{base}/store"], 1)
                    took, peak = run(["compare", "--endpoint", f"{base}/query", "-f", "json"],
                                     args.runs)
                    print(f"compare {label} through oxigraph serve: {took:.2f} s, "
                          f"peak {peak:.0f} MiB (client)")
                    if path is many:
                        took, _ = run(["diff", "synth-001-spr", f"synth-001-spr-"
                                       f"{2019 + args.years}", "--endpoint", f"{base}/query"],
                                      args.runs)
                        print(f"diff two years of one force through oxigraph serve: "
                              f"{took:.2f} s")


if __name__ == "__main__":
    main()
