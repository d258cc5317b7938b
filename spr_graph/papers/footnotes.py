"""Footnotes: find them among the segments, number them, and find where they are cited.

A footnote's text is printed at the foot of a page; an extraction puts it wherever the
page ended, often in the middle of a paragraph, and loses some markers on the way. The
rules, in order:

1. **Zones.** A run of segments starting with a footnote line (``<sup>N</sup> text``,
   or ``N text`` when N is cited or follows the last footnote, in a smaller font in a
   PDF), a separator rule (``_``) or a link standing alone, is a footnote zone. A text
   segment belongs to the zone when a footnote line follows it and it does not look
   like body text (no bullet, heading, paragraph number or lower-case start); before a
   zone's first footnote line only when the body was cut mid-sentence there.
2. **Inside a zone** a segment without a marker is a duplicate fragment of the footnote
   before it (dropped), a fuller copy of it (kept instead), its continuation (when it
   ended with a hyphen, a comma or a word such as "and"), or a footnote whose marker was
   lost. Two footnotes run together (the next number cited but missing, and the text
   repeating its own first three words) are split where the repeat starts.
3. **Lost markers** take, in order, the numbers missing between the last footnote
   before the zone and the highest number cited so far (or found in the zone).
4. **Citations**: ``<sup>N</sup>`` in the body; and, only when N is the next footnote
   number expected, digits glued to a word that occurs on its own elsewhere (``SOC19``)
   or a number right after a closing quote or bracket before punctuation (``" 26.``).
   Each marker is removed from the text (with a space kept between two words).
5. A footnote nobody cites stays with the paragraph being read where it was printed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spr_graph.papers.segments import NUMBERED, Segment, join_text

_SUP = re.compile(r"^<sup>(\d{1,3})</sup>\s*")
_JUNK_SUP = re.compile(r"^<sup>[^<\d]*</sup>\s*")
_BARE = re.compile(r"^(\d{1,3})\s+(?![.)])(?=\S)")
_URL = re.compile(r"^(?:https?://|www\.)\S+(?:\s+\([^)]*\))?$")
_SEPARATOR = re.compile(r"^[\s_\-–—*=.·]{1,40}$")
_CITED = re.compile(r"(?<=.)<sup>(\d{1,3})</sup>")
_CITATION = re.compile(
    r"<sup>([^<]{0,6})</sup>"
    r"|\b([A-Za-z]{2,})(\d{1,3})\b"
    r"|(?<=[\"”’')\]])\s?(\d{1,3})(?=[.,;:]|\s*$)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_CONNECTIVE = {"and", "or", "see", "at", "in", "from", "of", "the", "to", "via", "by", "on"}
_RESTART_WORDS = 3
_SMALLER = 0.4
_MAX_FOOTNOTE = 400


@dataclass
class Footnote:
    """A footnote: its number, text, page, and the body segment it was printed before."""

    number: int
    text: str
    page: int
    zone: int
    inferred: str = ""


@dataclass
class FootnoteSplit:
    """The body segments (markers removed, ``cites`` set) and the footnotes found."""

    body: list[Segment]
    footnotes: dict[int, Footnote]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Note:
    number: int | None
    text: str
    page: int


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a clause, with ``:`` or ``;``).

    Examples
    --------
    >>> ends_sentence('as "good".'), ends_sentence("the government in")
    (True, False)
    """
    return bool(_SENTENCE_END.search(text.rstrip()))


def split_footnotes(segments: list[Segment], vocab: Counter[str],
                    body_size: float | None) -> FootnoteSplit:
    """Take the footnotes out of ``segments`` (see the module notes for the rules).

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> from spr_graph.papers.segments import build_segments
    >>> lines = [Line("3. The unit<sup>1</sup> works with the", 1, 1, True),
    ...          Line("<sup>1</sup> Annual report, 2023.", 1, 2, True),
    ...          Line("regional forces.", 2, 3, True)]
    >>> split = split_footnotes(build_segments(lines, Counter()), Counter(), None)
    >>> [s.text for s in split.body], split.body[0].cites, split.footnotes[1].text
    (['3. The unit works with the', 'regional forces.'], [1], 'Annual report, 2023.')
    """
    return _Splitter(segments, vocab, body_size).run()


class _Splitter:
    def __init__(self, segments: list[Segment], vocab: Counter[str],
                 body_size: float | None) -> None:
        self.segments = segments
        self.vocab = vocab
        self.body_size = body_size
        self.cited_upto: list[int] = []
        self.cited: set[int] = set()
        high = 0
        for segment in segments:
            numbers = [int(n) for n in _CITED.findall(segment.text)]
            self.cited.update(numbers)
            high = max([high, *numbers])
            self.cited_upto.append(high)
        self.last_marker = 0
        self.last_number = 0
        self.result = FootnoteSplit([], {})

    def run(self) -> FootnoteSplit:
        i, kinds = 0, [self._kind(s) for s in self.segments]
        while i < len(self.segments):
            if kinds[i] in ("marker", "bare", "junk", "url", "separator") or (
                    kinds[i] == "text" and self._before_zone(i, kinds)):
                end = self._zone_end(i, kinds)
                self._zone(i, end, kinds)
                i = end
            else:
                self.result.body.append(self.segments[i])
                i += 1
        self._cite()
        return self.result

    def _kind(self, segment: Segment) -> str:
        text, line = segment.text, segment.first
        if (m := _SUP.match(text)) or line.role == "footnote":
            self.last_marker = int(m.group(1)) if m else self.last_marker
            return "marker"
        if _JUNK_SUP.match(text):
            return "junk"
        small = (self.body_size is not None and line.size is not None
                 and line.size < self.body_size - _SMALLER)
        if (m := _BARE.match(text)) and not line.bullet and line.heading is None and (
                self.body_size is None or small):
            number = int(m.group(1))
            if number in self.cited or number == self.last_marker + 1:
                self.last_marker = number
                return "bare"
        if _URL.match(text):
            return "url"
        if _SEPARATOR.match(text):
            return "separator"
        return "small" if small else "text"

    def _looks_like_note(self, segment: Segment) -> bool:
        line, text = segment.first, segment.text
        return not (line.bullet or line.heading is not None or NUMBERED.match(text)
                    or text[:1].islower() or len(text) > _MAX_FOOTNOTE)

    def _leads_to_marker(self, i: int, kinds: list[str]) -> bool:
        return i + 1 < len(kinds) and kinds[i + 1] in ("marker", "bare", "junk", "url")

    def _before_zone(self, i: int, kinds: list[str]) -> bool:
        body = self.result.body
        return (self._leads_to_marker(i, kinds) and self._looks_like_note(self.segments[i])
                and bool(body) and not ends_sentence(body[-1].text))

    def _zone_end(self, i: int, kinds: list[str]) -> int:
        j = i
        while j < len(kinds):
            kind, segment = kinds[j], self.segments[j]
            fragment = j > i and " " not in segment.text.strip()
            take = kind in ("marker", "bare", "junk", "url", "separator") or (
                kind == "small" and j > i) or (
                kind == "text" and self._leads_to_marker(j, kinds)
                and (self._looks_like_note(segment) or fragment))
            if not take:
                break
            j += 1
        return max(j, i + 1)

    def _zone(self, start: int, end: int, kinds: list[str]) -> None:
        notes: list[_Note] = []
        for index in range(start, end):
            segment, kind = self.segments[index], kinds[index]
            if kind == "separator":
                continue
            if kind in ("marker", "bare"):
                m = _SUP.match(segment.text) or _BARE.match(segment.text)
                assert m is not None
                notes.append(_Note(int(m.group(1)), segment.text[m.end():], segment.page))
                continue
            text = _JUNK_SUP.sub("", segment.text)
            self._unmarked(notes, text, segment.page)
        self._split_merged(notes)
        self._number(notes, self.cited_upto[start])
        zone = len(self.result.body)
        for note in notes:
            assert note.number is not None
            if note.number in self.result.footnotes:
                self.result.notes.append(f"footnote {note.number} printed twice; "
                                         "the first copy is kept")
                continue
            self.result.footnotes[note.number] = Footnote(
                note.number, _plain(note.text), note.page, zone)

    def _unmarked(self, notes: list[_Note], text: str, page: int) -> None:
        if notes and text:
            last = notes[-1]
            if last.text.endswith(text):
                self.result.notes.append(f"dropped a repeated fragment of a footnote: {text!r}")
                return
            if last.text and text.startswith(last.text.rstrip()):
                last.text = text
                return
            words = last.text.rstrip().split()
            if last.text.rstrip().endswith(("-", "/", ",", ":")) or (
                    words and words[-1].lower() in _CONNECTIVE):
                last.text = join_text(last.text, text, self.vocab)
                return
        notes.append(_Note(None, text, page))

    def _split_merged(self, notes: list[_Note]) -> None:
        numbers = {n.number for n in notes}
        for note in list(notes):
            if note.number is None or note.number + 1 in numbers:
                continue
            if note.number + 1 not in self.cited:
                continue
            words = note.text.split()
            head = words[:_RESTART_WORDS]
            for k in range(_RESTART_WORDS, len(words) - _RESTART_WORDS + 1):
                if len(head) == _RESTART_WORDS and words[k:k + _RESTART_WORDS] == head:
                    note.text = " ".join(words[:k])
                    notes.insert(notes.index(note) + 1,
                                 _Note(note.number + 1, " ".join(words[k:]), note.page))
                    self.result.notes.append(
                        f"footnotes {note.number} and {note.number + 1} were run together; "
                        "split where the text repeats its opening words")
                    numbers.add(note.number + 1)
                    break

    def _number(self, notes: list[_Note], cited_high: int) -> None:
        given = {n.number for n in notes if n.number is not None}
        high = max([cited_high, *given])
        missing = [n for n in range(self.last_number + 1, high + 1)
                   if n not in given and n not in self.result.footnotes]
        for note in notes:
            if note.number is None:
                note.number = missing.pop(0) if missing else max(
                    [high, self.last_number, *given]) + 1
                given.add(note.number)
                self.result.notes.append(f"footnote {note.number}: its marker was lost in "
                                         "the extraction; number inferred from the sequence")
        self.last_number = max([self.last_number, *given])

    def _cite(self) -> None:
        footnotes = self.result.footnotes
        numbers = sorted(footnotes)
        last = 0
        done: set[int] = set()
        for segment in self.result.body:
            def replace(m: re.Match[str], segment: Segment = segment) -> str:
                nonlocal last
                sup, stem, glued, bare = m.groups()
                if sup is not None and not sup.isdigit():
                    return sup
                number = int(sup or glued or bare)
                expected = next((n for n in numbers[bisect.bisect_right(numbers, last):]
                                 if n not in done), None)
                if sup is None and (number != expected or (
                        stem is not None and not self.vocab[stem.lower()])):
                    return m.group(0)
                if number not in footnotes:
                    self.result.notes.append(f"footnote marker {number} has no footnote text")
                segment.cites.append(number)
                done.add(number)
                last = max(last, number)
                if stem is not None:
                    return stem
                return _spacer(m.string, m.start(), m.end())
            segment.text = _CITATION.sub(replace, segment.text)


def _spacer(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return " " if before.isalnum() and after.isalnum() else ""


def _plain(text: str) -> str:
    return re.sub(r"</?sup>", "", text).strip()
