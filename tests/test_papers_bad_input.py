"""Bad input to ingest's reading and cleaning, table-driven: each case is one clear
InputError naming the file and saying what to do, or a documented fallback that reads
the paper and says so in the notes. The library prints nothing either way."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from papers_support import PAPERS, make_papers

from spr_graph.core.errors import InputError
from spr_graph.papers.cleaning import clean_file


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_papers(tmp_path_factory.mktemp("papers"))


def _scanned(path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (60, 80), "white"), x=10, y=10, w=150)
    pdf.output(str(path))


def _blank(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    pdf.output(str(path))


def _encrypted(password: str) -> Callable[[Path, dict[str, Path]], None]:
    def make(path: Path, papers: dict[str, Path]) -> None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(papers["northshire"]))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        writer.write(str(path))
    return make


def _zip(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office/>")


def _paper_text(path: Path) -> None:
    text = (PAPERS / "southdale-spr-2022.raw.txt").read_text(encoding="utf-8")
    path.write_bytes(text.replace("22% of", "£22,000 (22%) of").encode("cp1252"))


Make = Callable[[Path, dict[str, Path]], object]

BAD: dict[str, tuple[Make, str | None]] = {
    "scanned.pdf": (lambda p, _: _scanned(p), "no text layer: run OCR first"),
    "blank.pdf": (lambda p, _: _blank(p), "no text layer: run OCR first"),
    "encrypted.pdf": (_encrypted("secret"), "encrypted PDF: it needs a password"),
    "corrupt.pdf": (lambda p, _: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4),
                    "corrupt PDF"),
    "truncated.pdf": (lambda p, papers: p.write_bytes(
        papers["northshire"].read_bytes()[:3000]), "corrupt PDF"),
    "empty.txt": (lambda p, _: p.write_bytes(b""), "empty file"),
    "blank.txt": (lambda p, _: p.write_bytes(b" \n\n\t\n"), "empty file"),
    "random.bin": (lambda p, _: p.write_bytes(random.Random(12).randbytes(4096)),
                   "not a PDF, Word document or text file"),
    "headings-only.txt": (lambda p, _: p.write_text("Terrorism\n\nPublic Order\n\n- 3 -\n"),
                          "no recognisable paragraphs"),
    "spreadsheet.ods": (lambda p, _: _zip(p), "a ZIP file, but not a Word document"),
    "old-word.doc": (lambda p, _: p.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 500),
                     "an old Word .doc or a password-protected Office file"),
    # documented fallbacks: these read, with a note
    "renamed-docx.pdf": (lambda p, papers: shutil.copy(papers["eastmoor"], p), None),
    "windows-1252.txt": (lambda p, _: _paper_text(p), None),
    "empty-password.pdf": (_encrypted(""), None),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_error_or_a_documented_fallback(
        name: str, papers: dict[str, Path], tmp_path: Path,
        capfd: pytest.CaptureFixture[str]) -> None:
    make, message = BAD[name]
    path = tmp_path / name
    make(path, papers)
    if message is None:
        paper = clean_file(path)
        assert len(paper.paragraphs) >= 10
        assert capfd.readouterr() == ("", "")
        return
    with pytest.raises(InputError) as caught:
        clean_file(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value), "the error names the file"
    assert caught.value.hint, "the error says what to do"
    assert capfd.readouterr() == ("", ""), "the library never prints"


def test_fallbacks_say_what_they_did(papers: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(papers["eastmoor"], tmp_path / "paper.pdf")
    assert clean_file(tmp_path / "paper.pdf").kind == "docx"
    _paper_text(tmp_path / "cp1252.txt")
    paper = clean_file(tmp_path / "cp1252.txt")
    assert any("not UTF-8: read as Windows-1252" in note for note in paper.notes)
    assert "£22,000 (22%) of the running costs" in paper.paragraphs[4].text
    _encrypted("")(tmp_path / "locked.pdf", papers)
    assert any("empty password" in note for note in clean_file(tmp_path / "locked.pdf").notes)


def test_a_scan_with_some_text_pages_reads_them_and_says_which_are_missing(
        papers: dict[str, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    _scanned(tmp_path / "scan.pdf")
    writer = PdfWriter(clone_from=PdfReader(papers["northshire"]))
    writer.append(str(tmp_path / "scan.pdf"))
    writer.write(str(tmp_path / "mixed.pdf"))
    paper = clean_file(tmp_path / "mixed.pdf")
    assert len(paper.paragraphs) == 14
    assert any("page 6 has no text layer" in note for note in paper.notes)
