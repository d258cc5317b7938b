"""The shape every reader produces: pages of :class:`Line`, in a :class:`RawPaper`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: ``on_page(done, total)``: called after each page is read (``total`` may be ``None``).
OnPage = Callable[[int, int | None], None]

@dataclass(frozen=True)
class Line:
    """One line of a paper as extracted, with what the format says about it.

    ``text`` keeps the wording exactly; the only markup in it is ``<sup>N</sup>`` for a
    superscript number (a footnote marker). ``heading`` is a heading level from a style
    or markup (``0``: a heading of unknown level); ``size`` and ``y`` come from PDFs.
    ``role`` is ``"footnote"`` for a footnote's text the format marks as such (Word's
    footnotes part) and ``"title"`` for a document title style.
    """

    text: str
    page: int
    lineno: int
    blank_before: bool = False
    bullet: bool = False
    heading: int | None = None
    bold: bool = False
    size: float | None = None
    y: float | None = None
    role: str = ""


@dataclass
class RawPaper:
    """A paper as read: its kind (``pdf``, ``docx``, ``text``), pages and notes."""

    path: Path
    kind: str
    pages: list[list[Line]]
    notes: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[Line]:
        """Every line, page after page."""
        for page in self.pages:
            yield from page
