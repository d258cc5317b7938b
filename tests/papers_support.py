"""The papers written for the test suite, built here: Northshire as a PDF (fpdf2, with
running headers, footers, page numbers and footnotes), Eastmoor as a .docx (python-docx,
heading styles, no paragraph numbers) and Southdale as pdftotext-style text. They are
fictional, so nothing can pass by knowing West Midlands."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
RAW = DATA / "sources" / "wmp-spr-2020-01-21.raw.txt"
PAPERS = DATA / "papers"


def build_pdf(spec: Path, out: Path, header: str = "OFFICIAL - Northshire Constabulary - "
              "SPR Assurance 2024") -> Path:
    """Write the paper described by ``spec`` (see its header) as a PDF with fpdf2."""
    from fpdf import FPDF

    class Paper(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", "", 8)
            self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", "", 8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pages: list[list[tuple[str, str]]] = [[]]
    for line in spec.read_text(encoding="utf-8").splitlines():
        if line == "=== page":
            pages.append([])
        elif line.strip() and not line.startswith("#"):
            pages[-1].append((line[0], line[2:]))
    pdf = Paper()
    pdf.set_auto_page_break(False)
    for items in (page for page in pages if page):
        pdf.add_page()
        for kind, text in items:
            if kind in "TH":
                pdf.set_font("helvetica", "B", 13 if kind == "T" else 12)
                pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
            elif kind in "LPC":
                pdf.set_font("helvetica", "", 11)
                for part in re.split(r"(\[\^\d+\])", text):
                    if m := re.fullmatch(r"\[\^(\d+)\]", part):
                        pdf.char_vpos = "SUP"
                        pdf.write(6, m.group(1))
                        pdf.char_vpos = "LINE"
                    elif part:
                        pdf.write(6, part.replace("|", "\n"))
                pdf.ln(10)
        notes = [text for kind, text in items if kind == "F"]
        if notes:
            pdf.set_y(-19 - 6 * len(notes))
            pdf.set_font("helvetica", "", 8)
            for note in notes:
                pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def build_docx(spec: Path, out: Path) -> Path:
    """Write the paper described by ``spec`` (see its header) as a .docx."""
    import docx

    document = docx.Document()
    table = None
    for line in spec.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        style, text = line.split("\t")
        if style != "Table":
            document.add_paragraph(text, style=style)
            table = None
            continue
        cells = text.split(" | ")
        row = (table := table or document.add_table(rows=0, cols=len(cells))).add_row()
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.save(str(out))
    return out


def make_papers(folder: Path) -> dict[str, Path]:
    """The three fixture papers, the PDF and .docx built into ``folder``."""
    return {
        "northshire": build_pdf(PAPERS / "northshire-spr-2024.pages.txt",
                                folder / "northshire-spr-2024.pdf"),
        "eastmoor": build_docx(PAPERS / "eastmoor-spr-2021.docx.txt",
                               folder / "eastmoor-spr-2021.docx"),
        "southdale": PAPERS / "southdale-spr-2022.raw.txt",
    }
