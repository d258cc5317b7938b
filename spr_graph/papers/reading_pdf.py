"""PDF papers: pages of lines through pypdf, with font size, boldness and position.

pypdf reports each piece of text it extracts to a visitor together with the text and
transformation matrices and the font; the pieces, joined, are exactly
``page.extract_text()``. From them each line gets its font size (the size that covers
most of its characters), whether it is bold and its height on the page, and a run of
digits set smaller than its neighbours on the same line (a superscript footnote marker)
is written ``<sup>N</sup>``. A wider gap than the usual line spacing, or a change
of size, starts a new block (``blank_before``), as a blank line does in text; the
cleaning measures the spacing again over the whole paper (:func:`mark_blocks`).

Pages are read one at a time and only their lines are kept, so a 500-page paper needs
the memory of its text, not of its PDF objects. pypdf's own warnings (a damaged cross
reference it repaired, say) become notes instead of reaching the terminal.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spr_graph.core.errors import InputError, Location
from spr_graph.papers.lines import Line, OnPage

_BULLET = re.compile(r"^\s*[•▪●◦·\uf0b7\uf0a7*–-]\s+(?=\S)")
_DIGITS = re.compile(r"^\s*\d{1,3}\s*$")
_BOLD = ("Bold", "Black", "Heavy", "Semibold", "SemiBold", "Demi")
_SUP_RATIO = 0.85
_GAP_RATIO = 1.3

Piece = tuple[str, float | None, float, bool]  # text, y, size, bold


def pdf_pages(path: Path, notes: list[str], on_page: OnPage | None) -> Iterator[list[Line]]:
    """Yield the lines of each page of the PDF at ``path``, one page at a time.

    Raises :class:`InputError` for a corrupt or encrypted PDF, and, once every page is
    read, for a PDF with no text at all ("no text layer: run OCR first").

    Examples
    --------
    >>> import tempfile
    >>> from pypdf import PdfWriter
    >>> writer = PdfWriter()
    >>> _ = writer.add_blank_page(200, 200)
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = Path(tmp.name) / "scan.pdf"
    >>> _ = writer.write(path)
    >>> list(pdf_pages(path, [], None))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: .../scan.pdf: no text layer: run OCR first (...)
    >>> tmp.cleanup()
    """
    from pypdf import PdfReader

    empty: list[int] = []
    with path.open("rb") as handle, _pypdf_quiet(notes):
        try:
            reader = PdfReader(handle)
            _decrypt(reader, path, notes)
            total = len(reader.pages)
        except InputError:
            raise
        except MemoryError:
            raise
        except Exception as exc:
            raise _corrupt(path, exc) from None
        for index in range(total):
            try:
                lines = _page_lines(reader.pages[index], index + 1)
            except MemoryError:
                raise
            except Exception as exc:
                raise _corrupt(path, exc, index + 1) from None
            if not lines:
                empty.append(index + 1)
            yield lines
            if on_page is not None:
                on_page(index + 1, total)
    if total == 0 or len(empty) == total:
        raise InputError("no text layer: run OCR first", Location(str(path)),
                         "the PDF holds only images (a scan?); run OCR, or export the "
                         "paper from the program that wrote it")
    if empty:
        which = f"page {empty[0]} has" if len(empty) == 1 else f"pages {_ranges(empty)} have"
        notes.append(f"{which} no text layer (scanned?): any paragraphs on them are "
                     "missing; run OCR first")


def _decrypt(reader: Any, path: Path, notes: list[str]) -> None:
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise InputError("encrypted PDF: its encryption needs the 'cryptography' package",
                         Location(str(path)),
                         "pip install cryptography, or save an unprotected copy") from None
    if opened == PasswordType.NOT_DECRYPTED:
        raise InputError("encrypted PDF: it needs a password to open", Location(str(path)),
                         "save an unprotected copy (remove the password) and ingest that")
    notes.append(f"{path.name} is encrypted; it opened with the empty password")


def _corrupt(path: Path, exc: Exception, page: int | None = None) -> InputError:
    where = f" (page {page})" if page else ""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    return InputError(f"corrupt PDF{where}: {detail}", Location(str(path)),
                      "open it in a PDF reader and save or export it again")


@contextmanager
def _pypdf_quiet(notes: list[str]) -> Iterator[None]:
    """pypdf's log records and warnings become (at most five) notes, never output."""
    logger = logging.getLogger("pypdf")
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        seen.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for message in list(dict.fromkeys(seen))[:5]:
            notes.append(f"pypdf: {message}")


def _page_lines(page: Any, page_no: int) -> list[Line]:
    """The lines of one pypdf page, with size, boldness, position and ``<sup>`` markers."""
    pieces: list[list[Piece]] = [[]]

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        name = str(font.get("/BaseFont", "")) if font else ""
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        bold = any(mark in name for mark in _BOLD)
        parts = text.split("\n")
        for number, part in enumerate(parts):
            if number:
                pieces.append([])
            if part:
                pieces[-1].append((part, y if part.strip() else None, size * scale, bold))

    page.extract_text(visitor_text=visit)
    lines = [_line(line, page_no) for line in pieces]
    lines = [line for line in lines if line.text]
    return mark_blocks([Line(line.text, page_no, number, False, line.bullet, None,
                             line.bold, line.size, line.y) for number, line in enumerate(lines, 1)])


def _line(pieces: list[Piece], page_no: int) -> Line:
    text: list[str] = []
    sizes: Counter[float] = Counter()
    bold = 0
    for i, (part, _y, size, is_bold) in enumerate(pieces):
        if _DIGITS.match(part) and size < _SUP_RATIO * _neighbour_size(pieces, i):
            text.append(f"<sup>{part.strip()}</sup>")
            continue
        text.append(part)
        weight = len(part.strip())
        sizes[round(size * 2) / 2] += weight
        bold += weight if is_bold else -weight
    joined = "".join(text).strip()
    bullet = False
    if m := _BULLET.match(joined):
        bullet, joined = True, joined[m.end():]
    ys = [y for _part, y, _size, _bold in pieces if y is not None]
    main = sizes.most_common(1)[0][0] if sizes else None
    return Line(joined, page_no, 0, bullet=bullet, bold=bold > 0, size=main,
                y=ys[0] if ys else None)


def _neighbour_size(pieces: list[Piece], i: int) -> float:
    near = [pieces[j][2] for j in (i - 1, i + 1)
            if 0 <= j < len(pieces) and pieces[j][0].strip()]
    return max(near, default=0.0)


def mark_blocks(lines: list[Line]) -> list[Line]:
    """Set ``blank_before`` where the vertical gap or the font size says a block starts.

    A gap is a step down wider than 1.3 times the usual line step of that font size (the
    lower quartile of its steps: at least a quarter of steps are within paragraphs), a
    step up, a new page, or a change of size.

    Examples
    --------
    >>> ys = [700, 686, 672, 650, 636, 614]
    >>> lines = [Line(f"l{i}", 1, i, size=11.0, y=y) for i, y in enumerate(ys)]
    >>> [line.blank_before for line in mark_blocks(lines)]
    [True, False, False, True, False, True]
    """
    steps: dict[float | None, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.y is not None and b.y is not None and a.y > b.y \
                and a.size == b.size:
            steps.setdefault(a.size, []).append(a.y - b.y)
    usual = {size: statistics.quantiles(found, n=4)[0] if len(found) > 1 else found[0]
             for size, found in steps.items()}
    out: list[Line] = []
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        start = before is None or before.page != line.page or line.size != before.size
        if not start and before is not None:
            if line.y is None or before.y is None or line.size not in usual:
                start = line.blank_before
            else:
                step = before.y - line.y
                start = step <= 0 or step > _GAP_RATIO * usual[line.size]
        out.append(Line(line.text, line.page, line.lineno, start, line.bullet, line.heading,
                        line.bold, line.size, line.y, line.role))
    return out


def _ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``'1-3, 7'``.

    Examples
    --------
    >>> _ranges([1, 2, 3, 7, 9, 10])
    '1-3, 7, 9-10'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
