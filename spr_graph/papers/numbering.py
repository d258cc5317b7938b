"""Numbered paragraphs: find the paper's own numbers, recover lost ones, or number blocks.

Papers to a Police and Crime Commissioner usually number their paragraphs 1, 2, 3...
The numbers are read **as a sequence**:

- a segment starting ``N.`` or ``N)`` starts paragraph N when N follows the last
  accepted number by 1 to 5 (the first one being at most 3). Anything else that looks
  like a number (a numbered list inside a paragraph, a date) stays text;
- a number missing from the sequence, between n-1 and n+1, is looked for in the text
  between them: first as ``n.`` inside a segment (the extraction moved it past the first
  words of its paragraph: the paragraph starts at that segment, the number is removed),
  then as the first segment that starts a sentence afresh (after a heading, or after a
  finished sentence that is not the lead-in to a list) where the number was dropped;
  either way the paragraph is marked **recovered**, and a note says which and why;
- text between a heading and the next numbered paragraph belongs to that paragraph (its
  number was printed after its first lines), also marked recovered; text under a
  heading after the last numbered paragraph is the next number, recovered, unless the
  heading is an appendix, annex, glossary or list of references (back matter).

Fewer than three numbers in sequence means the paper does not number its paragraphs:
each block then becomes a paragraph, numbered 1, 2, 3 in order, and the paper says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spr_graph.papers.footnotes import ends_sentence
from spr_graph.papers.segments import NUMBERED, Segment, join_text

_BACK = re.compile(r"^(?:\d+\.?\s+)?(?:appendix|appendices|annex|glossary|references|"
                   r"bibliography|sources|background papers|abbreviations)\b", re.I)
_MAX_STEP = 5
_MIN_CHAIN = 3
_FRONT_MAX = 12


@dataclass
class Draft:
    """A paragraph being assembled: its number, segments (indices) and first text."""

    number: int
    segments: list[int]
    first_text: str
    recovered: str = ""


@dataclass
class Plan:
    """Paragraphs in order, where the body starts, whether the paper numbers them, and
    where its back matter (appendices, references) starts, if it has any."""

    drafts: list[Draft]
    start: int
    numbered: bool
    notes: list[str] = field(default_factory=list)
    end: int | None = None


def sequence(body: list[Segment], heading: list[bool]) -> list[tuple[int, int]]:
    """(segment index, number) of the numbered paragraph starts accepted in sequence.

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> texts = ["1. One.", "2. Two:", "1. a list item", "4. Four.", "12. Twelve."]
    >>> body = [Segment([Line(t, 1, i)], t) for i, t in enumerate(texts)]
    >>> sequence(body, [False] * 5)
    [(0, 1), (1, 2), (3, 4)]
    """
    accepted: list[tuple[int, int]] = []
    last = 0
    for index, segment in enumerate(body):
        m = NUMBERED.match(segment.text)
        if heading[index] or not m:
            continue
        number = int(m.group(1))
        if last < number <= last + _MAX_STEP and (last or number <= _MAX_STEP - 2):
            accepted.append((index, number))
            last = number
    return accepted


def number_paragraphs(body: list[Segment], heading: list[bool]) -> Plan:
    """Plan the paragraphs of ``body`` (see the module notes).

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> texts = ["1. One.", "2. Two.", "Three, its number lost.", "4. Four."]
    >>> body = [Segment([Line(t, 1, i, True)], t) for i, t in enumerate(texts)]
    >>> plan = number_paragraphs(body, [False] * 4)
    >>> [(d.number, d.first_text, bool(d.recovered)) for d in plan.drafts]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(1, 'One.', False), (2, 'Two.', False), (3, 'Three, its number lost.', True),
     (4, 'Four.', False)]
    """
    chain = sequence(body, heading)
    if len(chain) < _MIN_CHAIN:
        return _blocks(body, heading)
    notes: list[str] = []
    starts: dict[int, Draft] = {}
    for index, number in chain:
        starts[index] = Draft(number, [], NUMBERED.sub("", body[index].text, count=1))
    previous = _first_body(chain[0][0], heading)
    previous_number = 0
    for index, number in chain:
        lower = previous if previous_number else previous - 1
        for missing in range(previous_number + 1, number):
            found = _find_missing(body, heading, missing, lower + 1, index, starts)
            if found is None:
                notes.append(f"paragraph {missing} not found between {missing - 1} and "
                             f"{number}; any text of it stays in paragraph {missing - 1}")
                continue
            starts[found.segments[0]] = found
            notes.append(f"paragraph {missing} recovered: {found.recovered}")
            lower = found.segments[0]
        previous, previous_number = index, number
    start = _first_body(min(starts), heading)
    last = max(starts)
    end = next((i for i in range(last + 1, len(body))
                if heading[i] and _BACK.match(body[i].text)), None)
    drafts = _assign(body[:end] if end is not None else body, heading, starts, notes, start)
    return Plan(drafts, start, True, notes, end)


def _first_body(first: int, heading: list[bool]) -> int:
    """Where the body starts: the headings right before the first paragraph, if any."""
    start = first
    while start > 0 and heading[start - 1]:
        start -= 1
    return start


def _find_missing(body: list[Segment], heading: list[bool], number: int, lower: int,
                  upper: int, starts: dict[int, Draft]) -> Draft | None:
    token = re.compile(rf"(?<=\s){number}[.)](?=\s)")
    for index in range(max(lower, 0), upper):
        text = body[index].text
        if heading[index] or index in starts or text[:1].islower():
            continue
        if m := token.search(text):
            first = (text[:m.start()].rstrip() + " " + text[m.end():].lstrip()).strip()
            return Draft(number, [index], first,
                         "its number was printed inside its first line; removed there")
    for index in range(max(lower, 1), upper):
        text, before = body[index].text, body[index - 1].text
        if heading[index] or index in starts or not text[:1].isupper():
            continue
        fresh = heading[index - 1] or (
            ends_sentence(before) and not before.rstrip().endswith((":", ";"))
            and not body[index - 1].first.bullet)
        if fresh:
            return Draft(number, [index], text,
                         f"its number is missing; it is the block that starts afresh "
                         f"between paragraphs {number - 1} and {number + 1}")
    return None


def _assign(body: list[Segment], heading: list[bool], starts: dict[int, Draft],
            notes: list[str], start: int) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    orphans: list[int] = []
    for index in range(start, len(body)):
        if heading[index]:
            current = None
            continue
        if index in starts:
            current = starts[index]
            if orphans:
                current.segments = orphans
                current.first_text = body[orphans[0]].text
                current.recovered = current.recovered or (
                    "its number was printed after its first lines")
                notes.append(f"paragraph {current.number} recovered: {current.recovered}")
                orphans = []
            if index not in current.segments:
                current.segments.append(index)
            drafts.append(current)
        elif current is None:
            orphans.append(index)
        else:
            current.segments.append(index)
    if orphans and drafts:
        drafts.append(Draft(drafts[-1].number + 1, orphans, body[orphans[0]].text,
                            "its number is missing: it is the text under the last heading, "
                            "after the last numbered paragraph"))
        notes.append(f"paragraph {drafts[-1].number} recovered: {drafts[-1].recovered}")
    return drafts


def _blocks(body: list[Segment], heading: list[bool]) -> Plan:
    start = next((i for i, h in enumerate(heading) if h and body[i].first.role != "title"), 0)
    if start > _FRONT_MAX or (body and body[start].page > 1):
        start = 0
    drafts: list[Draft] = []
    previous_heading = True
    for index in range(start, len(body)):
        if heading[index]:
            previous_heading = True
            continue
        segment = body[index]
        if drafts and not previous_heading and _continues(segment, body[index - 1]):
            drafts[-1].segments.append(index)
        else:
            drafts.append(Draft(len(drafts) + 1, [index], segment.text))
        previous_heading = False
    return Plan(drafts, start, False, ["the paper does not number its paragraphs: its "
                                       f"blocks are numbered 1-{len(drafts)} in order"])


def _continues(segment: Segment, before: Segment) -> bool:
    """Whether ``segment`` continues the block before it (page break, list item)."""
    text = segment.text
    if text[:1].islower() or text[:1] in "(),;":
        return True
    if segment.first.bullet:
        return before.first.bullet or before.text.rstrip().endswith((":", ";"))
    return not ends_sentence(before.text)


def paragraph_lines(body: list[Segment], draft: Draft, vocab: Counter[str],
                    numbered: bool = True) -> list[str]:
    """The lines of a paragraph's text: running text joined, list items ``- `` lines.

    A bulleted segment is a list item after another item, after a lead-in (a line ending
    ``:`` or ``;``) or when it starts a sentence after a finished one; otherwise the
    bullet is an extraction's mark on the rest of a sentence cut by a page break. In a
    paper without numbers a bulleted first segment (a table row) starts a list; with
    numbers, a bullet on the numbered line is the extraction's, not the paper's.

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> texts = [("3. The risks are:", False), ("Flooding", True), ("Fuel shortages", True),
    ...          ("which the forum", False), ("reviews yearly.", True)]
    >>> body = [Segment([Line(t, 1, i, True, bullet)], t)
    ...         for i, (t, bullet) in enumerate(texts)]
    >>> paragraph_lines(body, Draft(3, [0, 1, 2], "The risks are:"), Counter())
    ['The risks are:', '- Flooding', '- Fuel shortages']
    >>> paragraph_lines(body, Draft(3, [3, 4], "which the forum"), Counter())
    ['which the forum reviews yearly.']
    """
    lines = [draft.first_text]
    item = body[draft.segments[0]].first.bullet and not numbered
    for index in draft.segments[1:]:
        segment = body[index]
        text, previous = segment.text, lines[-1].rstrip()
        fresh = text[:1].isupper() or text[:1].isdigit()
        lead_in = previous.endswith((":", ";"))
        if segment.first.bullet and (item or lead_in or (fresh and ends_sentence(previous))):
            lines.append(f"- {text}")
            item = True
        elif item and fresh and ends_sentence(previous):
            lines.append(text)
            item = False
        else:
            lines[-1] = join_text(lines[-1], text, vocab)
    return lines
