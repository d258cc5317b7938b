"""Text papers: decode the bytes, split pages and lines, decode extraction Markdown.

Text comes from ``pdftotext`` (form feeds between pages), from copy and paste, or from
PDF-to-Markdown tools such as the one that made ``tests/data/sources/*.raw.txt``. Those
write headings as ``#``, bold as ``**``, superscripts as ``<sup>N</sup>`` (sometimes
HTML-escaped, ``<sup>&</sup>lt;sup>8</sup>``, or as LaTeX, ``$<sup>^{2} \\ \\text{...}$``),
escape ``_`` as ``\\_`` and start list items and wrapped lines with ``- ``. Decoding
that markup is reading the format, not editing the wording: the words stay as they are.
Markdown is decoded only when the text shows it (a ``#`` heading, ``**``, ``<sup>`` or
an escape), so plain text with a literal ``**`` stays as it is.
"""

from __future__ import annotations

import html
import re

from spr_graph.core.errors import InputError, Location
from spr_graph.papers.lines import Line

_MARKDOWN = re.compile(r"^#{1,6} |\*\*|<sup>|\\[_*#]", re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*•▪●◦·–]\s+(?=\S)")
_DASHED_NUMBER = re.compile(r"^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$")
_ESCAPE = re.compile(r"\\([_*#\[\]()\-.!`>+{}|\\&$~])")
_ORDINAL = re.compile(r"<sup>(st|nd|rd|th)</sup>")
_LATEX_SUP = re.compile(r"\$?\s*(?:<sup>)?\s*\^\{(\d{1,3})\}")
_LATEX_WRAP = re.compile(r"\\(?:underline|text|textit|textbf|mathrm)\{")


def decode_text(data: bytes, name: str, notes: list[str]) -> str:
    """``data`` as text: UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252.

    Falling back to Windows-1252 adds a note instead of failing; bytes that are not text
    in either (a NUL, say) raise :class:`InputError`.

    Examples
    --------
    >>> notes = []
    >>> decode_text("café".encode("cp1252"), "p.txt", notes)
    'café'
    >>> notes
    ['p.txt is not UTF-8: read as Windows-1252 (cp1252); check accented letters and quotes']
    >>> decode_text(b"\\x00\\x01binary", "p.bin", [])
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: p.bin: not a PDF, Word document or text file: ...
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = ""
            if text and _looks_like_text(text):
                notes.append(f"{name} is not UTF-8: read as Windows-1252 (cp1252); "
                             "check accented letters and quotes")
                return text
    raise InputError("not a PDF, Word document or text file: the bytes are not text",
                     Location(name), "give the paper as PDF, .docx or UTF-8 text")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    letters = sum(1 for c in text if c.isalpha())
    return controls <= len(text) // 200 and letters >= len(text) // 3


def text_lines(data: bytes, name: str, notes: list[str]) -> list[list[Line]]:
    """Decode a text paper into pages (form feeds) of :class:`Line`, Markdown decoded.

    Examples
    --------
    >>> pages = text_lines(b"# **Terrorism**\\n\\n- 7. The unit<sup>1</sup> works.\\f2", "p", [])
    >>> [(l.page, l.text, l.heading, l.bold, l.bullet) for l in pages[0]]
    [(1, 'Terrorism', 0, True, False), (1, '7. The unit<sup>1</sup> works.', None, False, True)]
    >>> [line.text for line in pages[1]]
    ['2']
    """
    text = decode_text(data, name, notes).replace("\r\n", "\n").replace("\r", "\n")
    markdown = bool(_MARKDOWN.search(text))
    pages: list[list[Line]] = []
    lineno = 0
    for page_no, page_text in enumerate(text.split("\f"), 1):
        page: list[Line] = []
        blank = True
        for raw in page_text.split("\n"):
            lineno += 1
            if not raw.strip():
                blank = True
                continue
            page.append(_line(raw, page_no, lineno, blank, markdown))
            blank = False
        pages.append(page)
    while len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


def _line(raw: str, page: int, lineno: int, blank: bool, markdown: bool) -> Line:
    text, heading, bold = raw.rstrip(), None, False
    if markdown:
        text, heading, bold = decode_markdown(text)
    bullet = False
    if not _DASHED_NUMBER.match(text) and (m := _BULLET.match(text)):
        bullet, text = True, text[m.end():]
    return Line(text.strip(), page, lineno, blank_before=blank, bullet=bullet,
                heading=heading, bold=bold)


def decode_markdown(text: str) -> tuple[str, int | None, bool]:
    """One line of extraction Markdown as (text, heading level or None, bold).

    Headings get level 0 (unknown): extraction tools pick ``#`` levels from font sizes,
    which do not say how the paper nests its sections.

    Examples
    --------
    >>> decode_markdown("#### **Civil Emergencies**")
    ('Civil Emergencies', 0, True)
    >>> decode_markdown("<sup>&</sup>lt;sup>8</sup> Feedback form (16<sup>th</sup> May)")
    ('<sup>8</sup> Feedback form (16th May)', None, False)
    >>> decode_markdown("$<sup>^{2} \\\\ \\\\</sup>underline{\\\\text{https://a.uk/x} \\\\ (2018)$")
    ('<sup>2</sup> https://a.uk/x (2018)', None, False)
    >>> decode_markdown("http://intranet/force\\\\_messages")
    ('http://intranet/force_messages', None, False)
    """
    text = text.replace("<sup>&</sup>lt;", "<")
    if "&lt;" in text or "&amp;" in text or "&gt;" in text:
        text = html.unescape(text)
    if "^{" in text and "$" in text:
        text = _LATEX_SUP.sub(lambda m: f"\x00{m.group(1)}\x00", text)
        text = _LATEX_WRAP.sub("", re.sub(r"</?sup>", "", text))
        text = re.sub(r"[{}$]|\\(?=\s|$)", "", text.replace("\\</", "</"))
        text = re.sub(r"\x00(\d+)\x00", r"<sup>\1</sup>", re.sub(r"\s+", " ", text))
    text = _ORDINAL.sub(r"\1", text)
    heading = None
    if m := _HEADING.match(text):
        heading, text = 0, m.group(2)
    stripped = text.strip()
    bold = len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**")
    text = text.replace("**", "")
    text = _ESCAPE.sub(r"\1", text)
    return text.strip(), heading, bold
