"""Quantities a paragraph states (rules ``quantity.*``); dates and money come from
:mod:`.dates` and :mod:`.funding` (:func:`funding` is re-exported here).

- ``quantity.number``: digits, "21", "1,323", "30.6%", "40+"; ``quantity.word``: "two",
  "seven", "twenty-five", "a dozen", "one or more"; ``quantity.fraction``: "a quarter"
  (25 percent), "half" (50), "a third" (33, "about"), "two thirds" (67, "about");
  ``quantity.multiple``: "double the rate", "twice as many" (ratio 2); ``quantity.ratio``:
  "a 3:1 ratio" (ratio 3).
- Left out: dates and years (:mod:`.dates`), money and shares of money
  (:mod:`.funding`), ordinals ("10th"), references ("Category 1", "version 3", "24/7",
  "4 P Plans"), rate bases ("per 100"), a leading paragraph number, durations that are
  time windows or frequencies ("over the past twelve months", "every 12 months", "a 12
  month period") and a bare "one".
- The unit comes from the head noun of the words counted (``of``): people
  (officers, staff, detectives, commanders...) are ``officer``, police support units
  ``psu``, "%" and "per cent" ``percent``, hours, days, weeks, months, years their
  unit, anything else ``count``. "1 strategic, 5 tactical and 5 operational commanders"
  and "4 of the 5 groups" take the noun of the number after them; a bare number the
  words of the number before it in its sentence ("42 officers against a requirement of
  48").
- The role is that of the cue word nearest the number in its sentence (one after it
  counts double the distance): see :data:`ROLES`. The approximation is a qualifier
  right before ("about", "just under", "in excess of") or after ("40+", "or more").
- ``as_at`` is the nearest date in the sentence that is not a baseline ("compared to
  2018", "since", "prior to").

A quantity stated twice in a paragraph (same value, unit and words) is kept once.

>>> for q in quantities(CleanParagraph(49, "WMP is required to deploy 21 PSUs. "
...                                      "It holds about 1,300 trained officers.")):
...     print(q.value, q.unit, q.role, q.approximation, repr(q.of))
21 psu required None 'PSUs'
1300 officer held about 'trained officers'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spr_graph.papers.cleanpaper import CleanParagraph
from spr_graph.papers.draft.dates import DateSpan, dated
from spr_graph.papers.draft.funding import funding, money_spans, share_spans
from spr_graph.papers.draft.model import Quantity
from spr_graph.papers.draft.numwords import (
    Number,
    approximation,
    number_spans,
    role_of,
    skipped,
    unit_of,
)
from spr_graph.papers.draft.phrases import STOPS, phrase_after, quote, sentences

__all__ = ["funding", "quantities"]

_BASELINE = frozenset({"compared to", "compared with", "prior to", "since", "from", "than",
                       "before", "after"})
_NOUN_STOPS = STOPS - {"each"} | frozenset({"per", "being", "within", "nor", "if", "set"})
#: Participles that end the words counted when they follow a noun ("offences recorded").
_AFTER_NOUN = frozenset({"recorded", "reported", "delivered", "held", "trained", "seconded",
                         "based", "made", "involved", "required", "needed"})
_TIME = re.compile(r"(?:hour|day|week|month|year)s?")
_WINDOW = re.compile(r"\b(?:past|last|next|first|coming|previous|following|every|each|recent)"
                     r"\s+(?:\w+\s+)?$", re.IGNORECASE)


@dataclass
class _Found:
    number: Number
    sentence: tuple[int, int]
    of: tuple[int, int]
    words: str = ""


def _noun(text: str, end: int, stop: int) -> tuple[int, int]:
    """The words counted after a number ending at ``end`` (a noun phrase right after it,
    or after "of" for a percentage), no further than the sentence end ``stop``."""
    span = phrase_after(text, end, limit=6, stops=_NOUN_STOPS)
    if span is None or span[0] >= stop or text[end:span[0]].strip(" '‘\""):
        return end, end
    stop = min(span[1], stop)
    words = list(re.finditer(r"\S+", text[span[0]:stop]))
    if words and _TIME.fullmatch(words[0].group().lower()) and words[0].group().endswith("s"):
        return span[0], span[0] + words[0].end()  # "three years translates as..."
    for before, word in zip(words, words[1:], strict=False):
        lower = word.group().lower()
        if (lower in _AFTER_NOUN or lower[:1].isdigit() or lower in ("if", "whose")
                or before.group().endswith("s") and lower.endswith(("ing", "ed"))):
            return span[0], span[0] + before.end()
    return span[0], stop


def _borrow(text: str, found: list[_Found]) -> None:
    """Give a number whose words have no plural noun the head noun of the number after it
    when they are joined ("1 strategic, 5 tactical and 5 operational commanders"), and a
    bare number the words of the number before it in its sentence ("42 officers against a
    requirement of 48")."""
    for index in range(len(found) - 2, -1, -1):
        this, after = found[index], found[index + 1]
        between = text[max(this.of[1], this.number.end):after.number.start]
        if this.words.lower().endswith(("s", "staff")) or this.number.unit or not re.fullmatch(
                r"\s*(?:,|and|or|to|-|–|of(?:\s+the)?|out\s+of(?:\s+the)?)\s*", between):
            continue
        if head := after.words.split()[-1:]:
            this.words = f"{this.words} {head[0]}".strip()
    last: dict[tuple[int, int], str] = {}
    for this in found:
        if not this.words and not this.number.unit and this.sentence in last:
            this.words = last[this.sentence]  # "42 officers against a requirement of 48"
        elif this.words and not this.number.unit:
            last[this.sentence] = this.words


def quantities(paragraph: CleanParagraph, reference: str | None = None) -> list[Quantity]:
    """The numbers of things ``paragraph`` states (see the module's rules).

    ``reference`` (the paper's date) dates "as at 10th October" (see :mod:`.dates`).

    Examples
    --------
    >>> p = CleanParagraph(93, "It maintains 1 strategic, 5 tactical and 5 operational "
    ...                        "commanders, and just under 800 responders (as at March 2019).")
    >>> for q in quantities(p):
    ...     print(q.value, repr(q.of), q.approximation, q.as_at)
    1 'strategic commanders' None 2019-03
    5 'tactical commanders' None 2019-03
    5 'operational commanders' None 2019-03
    800 'responders' just under 2019-03
    """
    text = paragraph.text
    dates = dated(text, reference)
    taken = [(d.start, d.end) for d in dates]
    taken += [(s, e) for s, e, _ in money_spans(text) + share_spans(text)]
    found: list[_Found] = []
    for start, end in sentences(text):
        for number in number_spans(text, start, end):
            if any(s < number.end and number.start < e for s, e in taken) or skipped(
                    text, number.start, number.end, start):
                continue
            of = re.match(r"\s+of\s+", text[number.end:])
            after = number.end + of.end() if of and number.unit == "percent" else number.end
            span = _noun(text, after, end)
            found.append(_Found(number, (start, end), span, text[span[0]:span[1]]))
    _borrow(text, found)
    return _facts(paragraph, found, dates)


def _facts(paragraph: CleanParagraph, found: list[_Found], dates: list[DateSpan]
           ) -> list[Quantity]:
    text = paragraph.text
    facts: list[Quantity] = []
    seen: set[tuple[Decimal, str, str]] = set()
    for item in found:
        number, (start, end) = item.number, item.sentence
        unit = number.unit or unit_of(item.words)
        first = (item.words.split() or [""])[0].lower()
        if (unit in ("hour", "day", "week", "month", "year")
                and _WINDOW.search(text, start, number.start)
                or re.fullmatch(r"(?:hour|day|week|month|year|hourly|daily|weekly|monthly|"
                                r"yearly|annual)", first) and len(item.words.split()) > 1):
            continue  # a time window, a frequency or a duration naming something else
        key = (number.value, unit, re.sub(r"[^a-z]", "", item.words.lower()))
        if key in seen:
            continue
        seen.add(key)
        approx, a_start = approximation(text, number.start, number.end)
        facts.append(Quantity(
            quote(paragraph.number, text, a_start, max(item.of[1], number.end)), number.rule,
            number.value, unit, item.words, role_of(text, start, end, number.start, number.end),
            approx or number.approximation, _as_at(dates, start, end, number.start)))
    return facts


def _as_at(dates: list[DateSpan], start: int, end: int, position: int) -> str | None:
    """The nearest date of the sentence ``start:end`` that is not a baseline."""
    near = [(abs(d.start - position), d.instant.key) for d in dates
            if start <= d.start < end and d.cue not in _BASELINE]
    return min(near)[1] if near else None
