"""Read a cleaned SPR source text: metadata, sections, headings, numbered paragraphs.

The format is described in the header of ``data/papers/wmp-spr-2020-01-21/paper.txt``. Quotes in the
graph are checked against this text, so it is the authority for wording and numbering.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from spr_graph.core.errors import InputError, Location
from spr_graph.core.textfile import read_text

_PARAGRAPH = re.compile(r"^¶ (\d{1,4})( recovered)?$")
_SECTION = re.compile(r"^§ ([a-z0-9-]+) \| (.+)$")
_FOOTNOTE = re.compile(r"^\^(\d{1,3}) (.+)$")
_META = re.compile(r"^@([a-z-]+) (.+)$")


@dataclass
class Paragraph:
    number: int
    section_key: str
    section_title: str
    heading: str | None
    lines: list[str] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    recovered: bool = False
    line: int = 0

    @property
    def text(self) -> str:
        """The paragraph text; list items stay on lines of their own."""
        return "\n".join(self.lines)

    def searchable(self) -> str:
        """Text and footnotes with runs of whitespace folded, for verbatim quote checks."""
        return normalise(" ".join([self.text, *self.footnotes.values()]))


@dataclass
class SourceDocument:
    path: Path
    meta: dict[str, str]
    paragraphs: dict[int, Paragraph]
    #: the SHA-256 of the text read (its UTF-8 bytes), recorded as spr:sourceDigest
    sha256: str | None = None

    @property
    def doc_id(self) -> str:
        return self.meta["id"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_source(path: str | Path) -> SourceDocument:
    """Parse a cleaned source text; raise :class:`InputError` naming the line on bad format."""
    return parse_source(read_text(Path(path)), path)


def parse_source(raw: str, path: str | Path) -> SourceDocument:
    """Parse the text of a cleaned source text; ``path`` names it in errors and in the
    document (:func:`read_source` reads the file)."""
    path = Path(path)
    meta: dict[str, str] = {}
    paragraphs: dict[int, Paragraph] = {}
    section = ("front", "Front matter")
    heading: str | None = None
    current: Paragraph | None = None
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line == "#" or line.startswith("# "):
            continue
        if m := _META.match(line):
            meta[m.group(1)] = m.group(2)
        elif m := _SECTION.match(line):
            section, heading, current = (m.group(1), m.group(2)), None, None
        elif line.startswith("## "):
            heading, current = line[3:].strip(), None
        elif m := _PARAGRAPH.match(line):
            number = int(m.group(1))
            if number in paragraphs:
                raise InputError(
                    f"paragraph {number} appears twice", Location(str(path), lineno, 1),
                    "number each paragraph once")
            current = Paragraph(number, section[0], section[1], heading,
                                recovered=bool(m.group(2)), line=lineno)
            paragraphs[number] = current
        elif current is None:
            raise InputError("text outside a paragraph", Location(str(path), lineno, 1),
                             "start the paragraph with a '¶ N' line")
        elif m := _FOOTNOTE.match(line):
            current.footnotes[int(m.group(1))] = m.group(2)
        else:
            current.lines.append(line)
    if "id" not in meta:
        raise InputError("no '@id' line", Location(str(path), 1, 1), "add '@id <document-id>'")
    return SourceDocument(path, meta, paragraphs,
                          hashlib.sha256(raw.encode("utf-8")).hexdigest())
