"""Lines into segments (blocks of text), and the one rule for joining two pieces of text.

A **segment** is what a reader sees as one block: it starts after a blank line (or a
wider gap in a PDF), at a list bullet, a heading, a numbered line (``12. ...``), a
footnote line (``<sup>3</sup> ...``, or ``3 ...`` in smaller type) or a change of font
size, and runs until the next.
Later stages decide which segments are headings, paragraphs, list items, continuations
after a page break, or footnotes.

Joining (:func:`join_text`) is where line-end hyphenation is undone. A word split as
``organ-`` / ``ised`` becomes ``organised``, but ``cross-`` / ``border`` stays
``cross-border``. The evidence is the paper itself: the hyphen is kept when the
hyphenated form occurs elsewhere in the text more often than the joined one, dropped
when the joined form does, and otherwise kept only when both halves occur elsewhere as
words of their own (``cyber`` and ``dependent`` do; ``ised`` does not). Links keep
whatever they were split at. No letter is added or removed except that one hyphen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spr_graph.papers.lines import Line

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+(?=\S)")
BARE_NOTE = re.compile(r"^\d{1,3}\s+(?![.)])\S")
FOOTNOTE_LINE = re.compile(r"^<sup>[^<]{1,6}</sup>")
_SPLIT_WORD = re.compile(r"([A-Za-z]+)-$")
_SIZE_STEP = 0.4
_TAIL = 200


@dataclass
class Segment:
    """A block of text and the lines it came from; ``cites`` are its footnote numbers."""

    lines: list[Line]
    text: str
    cites: list[int] = field(default_factory=list)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def page(self) -> int:
        return self.first.page

    @property
    def lineno(self) -> int:
        return self.first.lineno


def vocabulary(lines: Iterable[Line]) -> Counter[str]:
    """How often each word (hyphenated words as one) occurs, in lower case.

    The two halves of a word split at a line end are not counted: they are what the
    count is asked about.

    Examples
    --------
    >>> sorted(vocabulary([Line("Cross-border and border under-", 1, 1),
    ...                    Line("cover work", 1, 2)]).items())
    [('and', 1), ('border', 1), ('cross-border', 1), ('work', 1)]
    """
    counts: Counter[str] = Counter()
    split = False
    for line in lines:
        words = [word.lower() for word in WORD.findall(line.text)]
        if split and words:
            words = words[1:]
        split = bool(_SPLIT_WORD.search(line.text.rstrip()))
        if split and words:
            words = words[:-1]
        counts.update(words)
    return counts


def join_text(left: str, right: str, vocab: Counter[str]) -> str:
    """``left`` and ``right`` joined as one run of text, undoing line-end hyphenation.

    Examples
    --------
    >>> vocab = Counter({"organised": 3, "cross-border": 1, "cyber": 2, "dependent": 1})
    >>> join_text("serious and organ-", "ised crime", vocab)
    'serious and organised crime'
    >>> join_text("a cross-", "border team", vocab)
    'a cross-border team'
    >>> join_text("a cyber-", "dependent crime", vocab)
    'a cyber-dependent crime'
    >>> join_text("see https://example.org/a-", "b.pdf", vocab)
    'see https://example.org/a-b.pdf'
    >>> join_text("the end of a line", "and the next", vocab)
    'the end of a line and the next'
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left or right
    token = left.rsplit(None, 1)[-1]
    if ("://" in token or token.startswith("www.")) and left[-1] in "/-_.=?&":
        return left + right
    m = _SPLIT_WORD.search(left[-_TAIL:])
    if not m or not right[0].isalpha():
        return f"{left} {right}"
    if not right[0].islower():
        return left + right
    head = m.group(1).lower()
    word = WORD.match(right)
    rest = word.group().split("-")[0].lower() if word else ""
    if _keep_hyphen(head, rest, vocab):
        return left + right
    return left[:-1] + right


def _keep_hyphen(head: str, tail: str, vocab: Counter[str]) -> bool:
    hyphenated, joined = vocab[f"{head}-{tail}"], vocab[head + tail]
    if hyphenated != joined:
        return hyphenated > joined
    return vocab[head] > 0 and vocab[tail] > 0


def build_segments(lines: Iterable[Line], vocab: Counter[str],
                   body_size: float | None = None) -> list[Segment]:
    """Group lines into segments (see the module notes for where one starts).

    With font sizes (PDF), a line in smaller type than ``body_size`` that starts with a
    number (``3 Source of the figure``) starts a segment too: footnotes printed one
    under the other, with no gap between them, stay apart.

    Examples
    --------
    >>> lines = [Line("1. The unit is", 1, 1, True), Line("regional.", 1, 2),
    ...          Line("Governance", 1, 3, True, heading=0), Line("Board meets.", 1, 4)]
    >>> [s.text for s in build_segments(lines, Counter())]
    ['1. The unit is regional.', 'Governance', 'Board meets.']
    """
    segments: list[Segment] = []
    previous: Line | None = None
    for line in lines:
        if previous is None or _starts(line, previous) or _note_line(line, body_size):
            segments.append(Segment([line], line.text))
        else:
            current = segments[-1]
            current.lines.append(line)
            current.text = join_text(current.text, line.text, vocab)
        previous = line
    return segments


def _note_line(line: Line, body_size: float | None) -> bool:
    return (body_size is not None and line.size is not None
            and line.size < body_size - _SIZE_STEP and bool(BARE_NOTE.match(line.text)))


def _starts(line: Line, previous: Line) -> bool:
    if line.blank_before or line.bullet or line.role or previous.role:
        return True
    if line.heading is not None or previous.heading is not None:
        return True
    if NUMBERED.match(line.text) or FOOTNOTE_LINE.match(line.text):
        return True
    if line.size is not None and previous.size is not None:
        return abs(line.size - previous.size) > _SIZE_STEP
    return False
