"""Benchmark the first stage of ingest (reading and cleaning a paper) on the bundled raw
extraction and on a generated 500-page PDF. Run on demand, not in tests.

    python3 benchmarks/bench_ingest_reading.py [--runs 3] [--pages 500]

(after ``pip install .``, or from a source checkout, which this script puts on the path).

1. The bundled raw text (``tests/data/sources/wmp-spr-2020-01-21.raw.txt``), read,
   cleaned and written in the cleaned-text format in a fresh interpreter, start-up
   included (target for the whole ingest: under 3 s), then in process by stage.
2. A PDF of ``--pages`` pages made here with fpdf2 (running header, footer with page
   numbers, a threat heading every 25 pages, four numbered paragraphs a page, one with
   a superscript footnote marker and its footnote at the foot of the page): pages per
   second read, cleaning time, and the peak of Python allocations (tracemalloc) while
   reading, which stays near the size of the text because pages are read one at a time.

Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout
from spr_graph.papers.cleaning import clean_file, clean_paper  # noqa: E402
from spr_graph.papers.cleanpaper import source_text  # noqa: E402
from spr_graph.papers.reading import read_paper  # noqa: E402

RAW = ROOT / "tests" / "data" / "sources" / "wmp-spr-2020-01-21.raw.txt"
THREATS = ["Terrorism", "Serious and Organised Crime", "Public Disorder", "Civil Emergencies",
           "National Cyber Event", "Child Sexual Abuse", "Violence Against Women and Girls"]
SENTENCES = [
    "The Benchmark Regional Organised Crime Unit works with the National Crime Agency.",
    "Intelligence is shared through the regional tasking and coordination group.",
    "The board meets monthly and reports to the chief officer group.",
    "Cross-border working agreements cover surveillance and covert policing.",
    "The force holds trained public order officers for national mobilisation.",
    "Funding from the Police Transformation Fund ends in March 2025.",
    "The Local Resilience Forum tests its plans in an annual exercise.",
    "Specialist investigators are accredited to national standards.",
    "The cyber crime unit supports victims of online fraud across the county.",
    "Partners in health and children's services sit in the safeguarding hub.",
]
SOURCES = ["Benchmark control strategy", "Regional threat assessment", "HMICFRS inspection",
           "Force management statement", "Annual report of the regional unit"]
COLD = ("import sys; from spr_graph.papers.cleaning import clean_file; "
        "from spr_graph.papers.cleanpaper import source_text; "
        "sys.stdout.write(source_text(clean_file(sys.argv[1]))[:0])")


def median_seconds(work: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_seconds(path: Path, runs: int) -> float:
    """Median wall time of read + clean + write in a fresh interpreter."""
    return median_seconds(lambda: subprocess.run(
        [sys.executable, "-c", COLD, str(path)], check=True, cwd=ROOT), runs)


def make_pdf(pages: int, out: Path) -> Path:
    """A long fictional paper: ``pages`` pages, header, footer, footnotes."""
    from fpdf import FPDF

    class Paper(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", "", 8)
            self.cell(0, 6, "OFFICIAL - Benchmark Constabulary - SPR 2024", align="C",
                      new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", "", 8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Paper()
    pdf.set_auto_page_break(False)
    rng = random.Random(2024)
    number = note = 0
    for page in range(pages):
        pdf.add_page()
        if page % 25 == 0:
            pdf.set_font("helvetica", "B", 12)
            pdf.cell(0, 8, THREATS[(page // 25) % len(THREATS)], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.set_font("helvetica", "", 11)
        notes = []
        for _ in range(4):
            number += 1
            pdf.write(6, f"{number}. " + " ".join(rng.sample(SENTENCES, 3)))
            if rng.random() < 0.4:
                note += 1
                notes.append(f"{note} {rng.choice(SOURCES)}, {rng.randint(2015, 2024)}, "
                             f"p{rng.randint(1, 90)}.")
                pdf.char_vpos = "SUP"
                pdf.write(6, str(note))
                pdf.char_vpos = "LINE"
            pdf.write(6, " " + rng.choice(SENTENCES))
            pdf.ln(10)
        pdf.set_y(-20 - 5 * len(notes))
        pdf.set_font("helvetica", "", 8)
        for text in notes:
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def bundled(runs: int) -> None:
    print(f"bundled raw text ({RAW.name}, {RAW.stat().st_size // 1024} KB)")
    print(f"  read + clean + write, fresh interpreter: {cold_seconds(RAW, runs):.2f} s "
          "(target < 3 s for the whole ingest)")
    raw = read_paper(RAW)
    read = median_seconds(lambda: read_paper(RAW), runs)
    clean = median_seconds(lambda: clean_paper(raw), runs)
    paper = clean_paper(raw)
    write = median_seconds(lambda: source_text(paper), runs)
    print(f"  in process: read {read * 1000:.0f} ms, clean {clean * 1000:.0f} ms, "
          f"write {write * 1000:.1f} ms; {len(paper.paragraphs)} paragraphs")


def long_pdf(pages: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path = make_pdf(pages, Path(folder) / "long.pdf")
        made = time.perf_counter() - start
        print(f"{pages}-page PDF ({path.stat().st_size // 1024} KB, made in {made:.1f} s)")
        seen: list[int] = []
        read = median_seconds(lambda: read_paper(path, on_page=lambda d, t: seen.append(d)),
                              runs)
        tracemalloc.start()
        raw = read_paper(path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        text = sum(len(line.text) for line in raw.lines())
        print(f"  read: {read:.2f} s ({pages / read:.0f} pages/s), progress calls "
              f"{len(seen) // runs} a run; peak Python memory while reading "
              f"{peak / 2**20:.1f} MB (tracemalloc) for {text / 2**20:.2f} MB of text")
        clean = median_seconds(lambda: clean_paper(raw), runs)
        paper = clean_paper(raw)
        print(f"  clean: {clean:.2f} s; {len(paper.paragraphs)} paragraphs, "
              f"{sum(len(p.footnotes) for p in paper.paragraphs)} footnotes, "
              f"{len(paper.sections)} sections")
        print(f"  read + clean + write, fresh interpreter: {cold_seconds(path, 1):.2f} s")
        assert clean_file(path).numbered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    bundled(args.runs)
    long_pdf(args.pages, args.runs)


if __name__ == "__main__":
    main()
