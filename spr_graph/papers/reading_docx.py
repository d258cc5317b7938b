"""Word .docx papers: paragraphs and tables in order, with styles, numbers and footnotes.

python-docx gives the body's paragraphs and tables in document order and each
paragraph's style; the rest is read from the WordprocessingML itself:

- ``Heading N`` styles give heading level N; ``Title`` and ``Subtitle`` are the title;
- automatic list numbering (``w:numPr``) is written out as Word shows it ("12. "), a
  decimal list at its first level numbering paragraphs, any other list giving bullets;
- a footnote reference becomes ``<sup>N</sup>`` (N in order of reference, as Word
  numbers them) and the footnote's text, read from the footnotes part, follows the
  paragraph as a line with role ``footnote``;
- a superscript run of digits becomes ``<sup>N</sup>``;
- page breaks Word recorded when it last laid the document out give page numbers.

Headers and footers live in their own parts, so a .docx has no page furniture to remove.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spr_graph.core.errors import InputError, Location
from spr_graph.papers.lines import Line, OnPage

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_LEVEL_TEXT = re.compile(r"%\d")


def docx_pages(path: Path, notes: list[str], on_page: OnPage | None) -> Iterator[list[Line]]:
    """Yield the lines of each (rendered) page of the .docx at ``path``.

    Examples
    --------
    >>> import docx, tempfile
    >>> document = docx.Document()
    >>> _ = document.add_paragraph("Terrorism", style="Heading 1")
    >>> _ = document.add_paragraph("The unit is regional.")
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = Path(tmp.name) / "p.docx"
    >>> document.save(str(path))
    >>> [(line.text, line.heading) for page in docx_pages(path, [], None) for line in page]
    [('Terrorism', 1), ('The unit is regional.', None)]
    >>> tmp.cleanup()
    """
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError(f"corrupt Word document: {str(exc)[:200] or type(exc).__name__}",
                         Location(str(path)), "open it in Word and save it again") from None
    reader = _DocxReader(document)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            reader.tables = True
            for row in block.rows:
                yield from reader.row(row)
        else:
            yield from reader.paragraph(block, on_page)
    if reader.lines:
        yield reader.lines
    if on_page is not None:
        on_page(reader.page, reader.page)
    if reader.tables:
        notes.append("tables were read row by row, as list items with cells "
                     "separated by ' | '")


class _DocxReader:
    """Turns python-docx paragraphs into lines, keeping page, list and footnote state."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.page = 1
        self.lines: list[Line] = []
        self.count = 0
        self.tables = False
        self.numbers: dict[str, int] = {}
        self.footnote_numbers: dict[str, int] = {}
        self.numbering = _part_xml(document.part, RT.NUMBERING)
        self.footnotes = _footnote_texts(_part_xml(document.part, RT.FOOTNOTES))

    def paragraph(self, paragraph: Any, on_page: OnPage | None) -> Iterator[list[Line]]:
        """Add ``paragraph``'s line (and its footnotes); yield a page when one ends."""
        text, breaks, cited = self._text(paragraph._p)
        style = paragraph.style.name if paragraph.style is not None else ""
        heading, role = None, ""
        if m := _HEADING_STYLE.match(style or ""):
            heading = int(m.group(1))
        elif style in ("Title", "Subtitle"):
            role = "title"
        kind, prefix = self._list_item(paragraph)
        if text.strip():
            self.count += 1
            self.lines.append(Line(prefix + text.strip(), self.page, self.count, True,
                                   kind == "bullet", heading, role=role))
        for number, note in cited:
            self.count += 1
            self.lines.append(Line(f"<sup>{number}</sup> {note}", self.page, self.count,
                                   True, role="footnote"))
        for _ in range(breaks):
            yield self.lines
            if on_page is not None:
                on_page(self.page, None)
            self.page += 1
            self.lines = []

    def row(self, row: Any) -> Iterator[list[Line]]:
        """Add a table row as one list-item line, its cells separated by `` | ``."""
        cells: list[str] = []
        seen: set[int] = set()
        breaks = 0
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            texts = []
            for paragraph in cell.paragraphs:
                text, more, _cited = self._text(paragraph._p)
                breaks += more
                texts.append(text.strip())
            cells.append(" ".join(t for t in texts if t))
        if any(cells):
            self.count += 1
            self.lines.append(Line(" | ".join(cells), self.page, self.count, True, True))
        for _ in range(breaks):
            yield self.lines
            self.page += 1
            self.lines = []

    def _text(self, p: Any) -> tuple[str, int, list[tuple[int, str]]]:
        parts: list[str] = []
        breaks = 0
        cited: list[tuple[int, str]] = []
        for node in p.iter():
            tag = node.tag
            if tag == f"{_W}t":
                parts.append(_superscript(node))
            elif tag in (f"{_W}tab", f"{_W}cr") or (
                    tag == f"{_W}br" and node.get(f"{_W}type") != "page"):
                parts.append(" ")
            elif tag == f"{_W}lastRenderedPageBreak" or (
                    tag == f"{_W}br" and node.get(f"{_W}type") == "page"):
                breaks += 1
            elif tag == f"{_W}footnoteReference":
                key = node.get(f"{_W}id", "")
                number = self.footnote_numbers.setdefault(key, len(self.footnote_numbers) + 1)
                parts.append(f"<sup>{number}</sup>")
                cited.append((number, self.footnotes.get(key, "")))
        return "".join(parts), breaks, cited

    def _list_item(self, paragraph: Any) -> tuple[str | None, str]:
        """(``"bullet"``, ``""``), (``"number"``, ``"12. "``) or (None, ``""``)."""
        num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None and paragraph.style is not None:
            num_pr = paragraph.style.element.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None or self.numbering is None:
            return None, ""
        num_id = _val(num_pr.find(f"{_W}numId"))
        level = _val(num_pr.find(f"{_W}ilvl")) or "0"
        fmt, text = _level_format(self.numbering, num_id, level)
        if fmt != "decimal" or level != "0":
            return ("bullet", "") if num_id not in (None, "0") else (None, "")
        self.numbers[num_id or ""] = number = self.numbers.get(num_id or "", 0) + 1
        return "number", _LEVEL_TEXT.sub(str(number), text or "%1.") + " "


def _superscript(node: Any) -> str:
    text = str(node.text or "")
    run = node.getparent()
    align = run.find(f"{_W}rPr/{_W}vertAlign") if run is not None else None
    if align is not None and align.get(f"{_W}val") == "superscript" and text.strip().isdigit():
        return f"<sup>{text.strip()}</sup>"
    return text


def _val(node: Any) -> str | None:
    return None if node is None else node.get(f"{_W}val")


def _part_xml(part: Any, reltype: str) -> Any:
    from lxml import etree

    try:
        related = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None
    element = getattr(related, "element", None)
    if element is not None:
        return element
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(related.blob, parser)


def _level_format(numbering: Any, num_id: str | None, level: str) -> tuple[str | None, str]:
    for num in numbering.iter(f"{_W}num"):
        if num.get(f"{_W}numId") != num_id:
            continue
        abstract = _val(num.find(f"{_W}abstractNumId"))
        for definition in numbering.iter(f"{_W}abstractNum"):
            if definition.get(f"{_W}abstractNumId") != abstract:
                continue
            for lvl in definition.iter(f"{_W}lvl"):
                if lvl.get(f"{_W}ilvl") == level:
                    return _val(lvl.find(f"{_W}numFmt")), _val(lvl.find(f"{_W}lvlText")) or ""
    return None, ""


def _footnote_texts(footnotes: Any) -> dict[str, str]:
    if footnotes is None:
        return {}
    texts: dict[str, str] = {}
    for note in footnotes.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")).strip()
                      for p in note.iter(f"{_W}p")]
        texts[note.get(f"{_W}id", "")] = " ".join(p for p in paragraphs if p)
    return texts
