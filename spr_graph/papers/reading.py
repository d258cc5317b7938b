"""Read a force's SPR paper (PDF, Word .docx or text) into pages of lines.

This is the first step of ``spr-graph ingest``: it only extracts, and cleans nothing. Each
input kind becomes the same thing, a list of pages of :class:`Line`, so that the cleaning
(:mod:`spr_graph.papers.cleaning`) has one shape to work on whatever the paper came as:

- a **PDF** with a text layer, read page by page with pypdf (:mod:`.reading_pdf`): font
  size, boldness and vertical position are kept, superscript footnote markers become
  ``<sup>N</sup>``;
- a **Word .docx** (:mod:`.reading_docx`): heading styles give heading levels, Word's
  footnotes are read from their part, automatic paragraph numbers are written out;
- **text**, such as a PDF extraction (:mod:`.markup`): form feeds are page breaks, and
  the Markdown some extraction tools write (``#`` headings, ``**bold**``, ``<sup>``,
  escapes) is decoded into the same hints.

The kind is told from the content (``%PDF-``, a ZIP holding ``word/document.xml``), never
from the file name, so a .docx renamed .pdf still reads. Text that is not UTF-8 is read
as Windows-1252 (the encoding Word and Notepad use for "ANSI" text in the UK) and a note
says so, rather than failing: every byte but five decodes in it, and the curator sees
the note. Bytes that decode in neither, or look binary, are refused.

Every failure is an :class:`~spr_graph.core.errors.InputError` naming the file and saying
what to do. The library never prints; a caller shows progress through ``on_page``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error
from spr_graph.papers.lines import Line, OnPage, RawPaper
from spr_graph.papers.markup import text_lines

__all__ = ["Line", "OnPage", "RawPaper", "detect_kind", "read_paper"]

_SNIFF = 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_kind(head: bytes) -> str:
    """The kind of a paper from its first bytes: ``pdf``, ``zip`` or ``text``.

    A ZIP may be a .docx or not; :func:`read_paper` looks inside it.

    Examples
    --------
    >>> detect_kind(b"%PDF-1.7\\n...")
    'pdf'
    >>> detect_kind(b"PK\\x03\\x04...")
    'zip'
    >>> detect_kind(b"1. The purpose of this paper")
    'text'
    """
    if b"%PDF-" in head[:_SNIFF]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return "text"


def read_paper(path: str | Path, on_page: OnPage | None = None) -> RawPaper:
    """Read the paper at ``path`` into pages of lines, whatever its kind.

    Parameters
    ----------
    path
        A PDF with a text layer, a Word .docx or a text file; the kind is told from
        the content, not the name.
    on_page
        Called as ``on_page(done, total)`` after each page, for a progress bar.

    Raises
    ------
    InputError
        For an empty, unreadable, encrypted, corrupt or scanned (no text layer) file,
        a ZIP that is not a .docx, or bytes that are not text; the message names the
        file and says what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> _ = (folder / "paper.pdf").write_text("Terrorism\\n\\n1. The unit is regional.\\n")
    >>> raw = read_paper(folder / "paper.pdf")
    >>> raw.kind, [line.text for line in raw.lines()]
    ('text', ['Terrorism', '1. The unit is regional.'])
    >>> tmp.cleanup()
    """
    path = Path(path)
    head = _head(path)
    if not head.strip():
        raise InputError("empty file: there is no paper to read", Location(str(path)),
                         "check that the right file was given and that it was saved")
    if head.startswith(_OLE):
        raise InputError("an old Word .doc or a password-protected Office file",
                         Location(str(path)),
                         "save it as .docx (without a password) or as PDF, and ingest that")
    kind = detect_kind(head)
    notes: list[str] = []
    if kind == "pdf":
        from spr_graph.papers.reading_pdf import pdf_pages

        pages = list(pdf_pages(path, notes, on_page))
    elif kind == "zip":
        if not _is_docx(path):
            raise InputError("a ZIP file, but not a Word document (.docx)", Location(str(path)),
                             "save the paper as PDF, .docx or plain text")
        from spr_graph.papers.reading_docx import docx_pages

        kind = "docx"
        pages = list(docx_pages(path, notes, on_page))
    else:
        pages = text_lines(_read_bytes(path), str(path), notes)
        for done in range(1, len(pages) + 1):
            if on_page is not None:
                on_page(done, len(pages))
    return RawPaper(path, kind, pages, notes)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_SNIFF)
    except OSError as exc:
        raise os_error(exc, path, "read") from exc


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path, "read") from exc


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
