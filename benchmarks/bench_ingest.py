"""Benchmark ``spr-graph ingest``: how well the draft does against hand-curated truth, paper
by paper, and how long the bundled paper takes. Run on demand, never in the tests.

    python3 benchmarks/bench_ingest.py [--runs 5]

(after ``pip install .``, or from a source checkout, which this script puts on the path).

1. ``spr-graph ingest PAPER --compare-with CURATED`` on four papers in four styles, each
   table as the command prints it (precision and recall per kind of fact): the bundled
   paper's raw extraction (``tests/data/sources/wmp-spr-2020-01-21.raw.txt``) against
   ``data/papers/wmp-spr-2020-01-21``, and the fictional papers of other forces against
   their curated truth in ``tests/data/curated/``: Southdale (pdftotext-style text),
   Eastmoor (a .docx without paragraph numbers) and Northshire (a PDF with running
   headers, footers and footnotes), the .docx and PDF built here as the tests build them.
   ``tests/test_compare_papers.py`` holds the draft to today's figures.
2. The bundled paper's ingest in a fresh interpreter, start-up included, median of
   ``--runs`` (target: under 3 s), without and with ``--compare-with``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout
sys.path.insert(0, str(ROOT / "tests"))  # the fictional papers are built by the tests' helper
from bench_search import cli_seconds  # noqa: E402  (beside this file)
from papers_support import PAPERS, RAW, make_papers  # noqa: E402

from spr_graph.core import resources  # noqa: E402
from spr_graph.core.tables import Table, render_text  # noqa: E402

CURATED = ROOT / "tests" / "data" / "curated"
WMP = ["--force", "West Midlands Police", "--date", "2020-01-21"]


def papers(folder: Path) -> list[tuple[str, Path, list[str], Path]]:
    """(name, paper, ingest options, curated folder) of each paper compared."""
    built = make_papers(folder)
    return [
        ("West Midlands (raw extraction)", RAW, WMP, resources.paper_dir()),
        ("Southdale (text)", PAPERS / "southdale-spr-2022.raw.txt",
         ["--force", "Southdale Police", "--date", "2022-11-09"],
         CURATED / "southdale-police-spr-2022-11-09"),
        ("Eastmoor (.docx)", built["eastmoor"],
         ["--force", "Eastmoor Police", "--date", "2021-10-02"],
         CURATED / "eastmoor-police-spr-2021-10-02"),
        ("Northshire (PDF)", built["northshire"],
         ["--force", "Northshire Constabulary", "--date", "2024-03-14"],
         CURATED / "northshire-constabulary-spr-2024-03-14"),
    ]


def compared(name: str, paper: Path, options: list[str], curated: Path, out: Path) -> str:
    """The table ``ingest --compare-with`` prints for one paper, under its name."""
    done = subprocess.run([sys.executable, "-m", "spr_graph", "ingest", str(paper), *options,
                           "-o", str(out), "--overwrite", "--compare-with", str(curated)],
                          check=True, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("The draft against"))
    table = [line for line in lines[start:] if not line.startswith("wrote ")]
    return f"{name}\n\n" + "\n".join(table) + "\n"


def timing(runs: int, out: Path) -> Table:
    base = ["ingest", str(RAW), *WMP, "--title", "Strategic Policing Requirement", "-o",
            str(out), "--overwrite"]
    table = Table(f"The bundled paper's ingest (CLI, start-up included, median of {runs}, s)",
                  ["command", "seconds"])
    table.rows.append(["spr-graph --version (start-up floor)",
                       f"{cli_seconds(['--version'], runs):.2f}"])
    table.rows.append(["spr-graph ingest RAW", f"{cli_seconds(base, runs):.2f}"])
    compare = [*base, "--compare-with", str(resources.paper_dir())]
    table.rows.append(["spr-graph ingest RAW --compare-with data/papers/...",
                       f"{cli_seconds(compare, runs):.2f}"])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, case in enumerate(papers(folder)):
            print(compared(*case, folder / f"draft-{i}"))
        print(render_text([timing(args.runs, folder / "timed")], width=None))


if __name__ == "__main__":
    main()
