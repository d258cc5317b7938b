"""A cleaned paper (:class:`CleanPaper`) and its text in the project's cleaned format.

The format is the one :func:`spr_graph.papers.sourcetext.read_source` reads (its description
heads ``data/papers/wmp-spr-2020-01-21/paper.txt``): ``@key value`` metadata, ``§ key | Title``
sections (the key names the 2015 SPR threat, or the 2023 one where 2015 has none),
``## Heading`` sub-headings, ``¶ N`` (``¶ N recovered``) paragraphs, ``^K text``
footnotes under the paragraph citing them, and ``# `` comments, here the cleaning notes
and the front and back matter. :func:`source_text` writes it so that ``read_source`` gives back
every paragraph's number, section, heading, text and footnotes.

A text line that the parser would take for a directive (one starting ``# ``, ``@``,
``§``, ``## ``, ``¶`` or ``^1 ``) is written after a no-break space, which the parser
keeps as text and its quote check folds away as white space; characters that would
split a line (``\\v``, ``\\f``, U+2028...) are written as spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spr_graph.core import atomic

_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\n]")
_DIRECTIVE = re.compile(r"^(?:#(?: |$)|@[a-z-]+ |§ |## |¶ |\^\d{1,3} )")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ThreatMatch:
    """A heading's threat: the 2015 and 2023 concepts (one may be ``None``) and how."""

    threat2015: str | None
    threat2023: str | None
    label: str
    how: str
    variant: bool = False

    @property
    def key(self) -> str:
        """The section key of the cleaned-text format: the 2015 threat's local name."""
        return (self.threat2015 or self.threat2023 or "").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Guess:
    """A value guessed from the paper (title, date, force) and where it came from."""

    value: str
    source: str


@dataclass
class CleanParagraph:
    """One paragraph: number, text (list items on ``- `` lines), footnotes, provenance.

    ``recovered`` says why the number is not as printed ("" when it is); ``page`` and
    ``line`` locate its first line in the input.
    """

    number: int
    text: str
    footnotes: dict[int, str] = field(default_factory=dict)
    recovered: str = ""
    page: int = 1
    line: int = 0
    heading: str | None = None


@dataclass
class CleanSection:
    """A section: its key and title, the threat its heading names, its paragraphs."""

    key: str
    title: str
    threat: ThreatMatch | None = None
    paragraphs: list[CleanParagraph] = field(default_factory=list)


@dataclass
class CleanPaper:
    """A paper read and cleaned, ready to be written in the cleaned-text format.

    ``numbered`` is ``False`` when the paper prints no paragraph numbers and its blocks
    were numbered in order instead. ``notes`` say what the cleaning did and inferred.
    """

    path: Path
    kind: str
    sections: list[CleanSection]
    numbered: bool
    title: Guess | None = None
    date: Guess | None = None
    force: Guess | None = None
    front_matter: list[str] = field(default_factory=list)
    back_matter: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the SPR edition the paper answers (``spr-2015`` or ``spr-2023``), set by ingest
    edition: str = "spr-2015"

    @property
    def paragraphs(self) -> list[CleanParagraph]:
        """Every paragraph, in order."""
        return [p for section in self.sections for p in section.paragraphs]

    def section_of(self, number: int) -> CleanSection:
        """The section holding paragraph ``number``."""
        for section in self.sections:
            if any(p.number == number for p in section.paragraphs):
                return section
        raise KeyError(number)


def slug(text: str, limit: int = 60) -> str:
    """``text`` as a short IRI-safe key.

    Examples
    --------
    >>> slug("Northshire Constabulary's SPR, 2024")
    'northshire-constabulary-s-spr-2024'
    """
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "paper"


def paper_id(paper: CleanPaper) -> str:
    """A document id from the force and date guesses, else the file name.

    Examples
    --------
    >>> paper = CleanPaper(Path("spr.pdf"), "pdf", [], True, force=Guess("Eastmoor Police", ""),
    ...                    date=Guess("2021-10-02", ""))
    >>> paper_id(paper)
    'eastmoor-police-2021-10-02'
    """
    parts = [slug(paper.force.value) if paper.force else slug(paper.path.stem)]
    if paper.date:
        parts.append(paper.date.value)
    return "-".join(parts)


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]+", " ", _LINE_BREAKS.sub(" ", text)).strip()


def _text_line(text: str) -> str:
    line = _LINE_BREAKS.sub(" ", text)
    return f"\u00a0{line}" if _DIRECTIVE.match(line) else line


def source_text(paper: CleanPaper, doc_id: str | None = None, *, force: str | None = None,
                date: str | None = None, title: str | None = None) -> str:
    """``paper`` in the cleaned-text format; the keyword values override the guesses.

    Examples
    --------
    >>> section = CleanSection("terrorism", "Terrorism", None,
    ...                        [CleanParagraph(7, "The unit is regional.", {1: "A source."},
    ...                                        recovered="number dropped", heading="Capacity")])
    >>> text = source_text(CleanPaper(Path("p.txt"), "text", [section], True), "p-2024",
    ...                    force="Eastmoor Police", date="2024-03-14")
    >>> print(text[text.index("@id"):], end="")
    @id p-2024
    @title p
    @publisher Eastmoor Police
    @date 2024-03-14
    @numbering printed
    @source p.txt
    <BLANKLINE>
    § terrorism | Terrorism
    <BLANKLINE>
    ## Capacity
    <BLANKLINE>
    ¶ 7 recovered
    The unit is regional.
    ^1 A source.
    """
    meta = {
        "id": doc_id or paper_id(paper),
        "title": title or (paper.title.value if paper.title else paper.path.stem),
        "publisher": force or (paper.force.value if paper.force else ""),
        "date": date or (paper.date.value if paper.date else ""),
        "numbering": "printed" if paper.numbered else "blocks",
        "edition": "" if paper.edition == "spr-2015" else paper.edition,
        "source": paper.path.name,
    }
    out = [f"# {_one_line(meta['title'])}: cleaned by spr-graph from {paper.path.name} "
           f"({paper.kind}).", "#", "# Cleaning notes:"]
    out += [f"# - {_one_line(note)}" for note in paper.notes] or ["# - none"]
    for name, guess in (("title", paper.title), ("date", paper.date), ("force", paper.force)):
        if guess:
            out.append(f"# - {name} guessed from {_one_line(guess.source)}")
    for name, lines in (("Front", paper.front_matter), ("Back", paper.back_matter)):
        if lines:
            out += ["#", f"# {name} matter:"] + [f"# | {_one_line(t)}" for t in lines]
    out.append("")
    out += [f"@{key} {_one_line(value)}" for key, value in meta.items() if _one_line(value)]
    for section in paper.sections:
        out += ["", f"§ {section.key} | {_one_line(section.title) or section.key}"]
        heading: str | None = None
        for p in section.paragraphs:
            if p.heading and p.heading != heading:
                out += ["", f"## {_one_line(p.heading)}"]
            heading = p.heading
            out += ["", f"¶ {p.number}{' recovered' if p.recovered else ''}"]
            out += [_text_line(line) for line in p.text.split("\n") if line.strip()]
            out += [f"^{mark} {_one_line(note)}" for mark, note in sorted(p.footnotes.items())
                    if _one_line(note) and mark < 1000]
    return "\n".join(out) + "\n"


def write_source_text(paper: CleanPaper, path: str | Path, doc_id: str | None = None, *,
                      force: str | None = None, date: str | None = None,
                      title: str | None = None) -> Path:
    """Write :func:`source_text` to ``path`` atomically (never half-written).

    Examples
    --------
    >>> import tempfile
    >>> paper = CleanPaper(Path("p.txt"), "text", [CleanSection("front", "Front matter", None,
    ...                    [CleanParagraph(1, "The board meets monthly.")])], False)
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_source_text(paper, Path(tmp.name) / "p.txt", "p")
    >>> from spr_graph.papers.sourcetext import read_source
    >>> read_source(path).paragraphs[1].text
    'The board meets monthly.'
    >>> tmp.cleanup()
    """
    atomic.write_text(path, source_text(paper, doc_id, force=force, date=date, title=title))
    return Path(path)
