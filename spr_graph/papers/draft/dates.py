"""Dates in a paragraph's text, as precise as the text gives them (rules ``date.*``).

- ``date.day``: "10 October 2019", "the 16th December 2019", "October 10, 2019",
  "21/01/2020" (day first, as UK papers write it) -> ``2019-10-10``;
- ``date.month``: "October 2019", "Oct. 2019" -> ``2019-10``;
- ``date.financial-year-end``: "2020/21", "2020-21", "20/21", "2018/9", "FY 2020/21" ->
  ``2021-03``, the March the financial year ends in (what the graph records for it);
- ``date.end-of``: "by the end of 2020" -> ``2020`` (the end of a year names no month);
- ``date.year``: "in 2019", "the 2022 Commonwealth Games" -> ``2019``: a four-digit year
  that no unit noun ("2000 officers") or qualifier ("over 2000") makes a count;
- ``date.day-month.paper-year`` and ``date.month.paper-year``: "as at 10th October",
  "by December", only when a ``reference`` date (the paper's) is given: the latest such
  day or month on or before it. Without a reference they are left out.

A day or month the text does not give is never invented. Each date also keeps its
``cue``, the word before it ("until", "by", "in", "as at"...), which the funding and
quantity rules read.

>>> text = "Funded until March 2021."
>>> [(text[s:e], i.key) for s, e, i in instants(text)]
[('March 2021', '2021-03')]
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from spr_graph.papers.draft.model import Instant

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr)
                if name})
_MONTHS["sept"] = 9
_MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|"
          r"October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
          r"(?:\.(?=\s+\d))?)(?![a-z]))")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NOT_DIGIT_BEFORE = r"(?<![\d£$.,/:-])"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date.day", re.compile(rf"{_NOT_DIGIT_BEFORE}\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b")),
    ("date.day", re.compile(rf"\b{_MONTH}\s+{_DAY},\s*{_YEAR}\b")),
    ("date.day", re.compile(rf"{_NOT_DIGIT_BEFORE}\b{_DAY}/(?P<mon>[01]?\d)/{_YEAR}\b")),
    ("date.day", re.compile(rf"\b{_YEAR}-(?P<mon>[01]\d)-{_DAY}\b")),
    ("date.end-of", re.compile(rf"\b(?:the\s+)?end\s+of\s+(?:{_MONTH}\s+)?{_YEAR}\b(?![/-]\d)")),
    ("date.month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b(?![/-]\d)")),
    ("date.financial-year-end", re.compile(
        r"(?P<fy>\b(?:FY|financial\s+year)\s*)?" + _NOT_DIGIT_BEFORE
        + r"\b(?P<first>(?:19|20)?\d{2})\s?(?P<sep>[/-])\s?(?P<second>\d{1,4})\b(?![/:]\d)")),
    ("date.day-month.paper-year", re.compile(
        rf"{_NOT_DIGIT_BEFORE}\b{_DAY}(?:\s+of)?\s+{_MONTH}(?!,?\s+\d)")),
    ("date.month.paper-year", re.compile(
        rf"\b(?:in|by|of|until|since|from|during|before|after|early|late|mid)\s+"
        rf"(?P<date>{_MONTH})(?!,?\s+\d)")),
    ("date.year", re.compile(rf"{_NOT_DIGIT_BEFORE}\b{_YEAR}\b(?![/:.,]\d|%)")),
)
#: The words before a date that say how it is used, longest first.
CUES = ("compared to", "compared with", "prior to", "up to", "as at", "as of", "the end of",
        "end of", "until", "till", "through", "by", "in", "from", "since", "during",
        "before", "after", "to", "for", "on", "of", "than")
#: Unit nouns that make a four-digit number a count, not a year ("2000 officers").
_COUNTED = re.compile(r"^(?:\s+\w+){0,2}?\s+(?:officers?|staff|constables|detectives|"
                      r"personnel|posts|PSUs?|hours|days|weeks|months|years|people|"
                      r"per\s*cent|percent)\b", re.IGNORECASE)
_QUALIFIED = re.compile(r"\b(?:about|around|over|than|least|under|nearly|almost|some|"
                        r"approximately)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    """A date found in a text: its span, instant, rule and the cue word before it."""

    start: int
    end: int
    instant: Instant
    rule: str
    cue: str = ""


def _financial_year(match: re.Match[str]) -> Instant | None:
    first, second, sep = match["first"], match["second"], match["sep"]
    if len(first) == 2:
        if not match["fy"] and (sep != "/" or len(second) != 2):
            return None
        first = "20" + first
    start = int(first)
    if len(second) == 4 and sep == "-" and not match["fy"]:
        return None  # "2023-2026", "2020-2021": a span of years, not a financial year
    ends = start + 1
    if len(second) not in (1, 2, 4) or int(second) != ends % 10 ** len(second):
        return None
    return Instant(f"{ends:04d}-03")


def _paper_year(month: int, day: int | None, reference: str | None) -> int | None:
    if not reference or not re.match(r"\d{4}-\d{2}", reference):
        return None
    year, ref_month = int(reference[:4]), int(reference[5:7])
    ref_day = int(reference[8:10]) if len(reference) >= 10 else 31
    return year if (month, day or 1) <= (ref_month, ref_day) else year - 1


def _instant(rule: str, match: re.Match[str], text: str, reference: str | None
             ) -> Instant | None:
    groups = match.groupdict()
    if rule == "date.financial-year-end":
        return _financial_year(match)
    month = (_MONTHS[groups["month"].rstrip(".").lower()] if groups.get("month")
             else int(groups["mon"]) if groups.get("mon") else None)
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if year is None and month is not None:
        year = _paper_year(month, day, reference)
    if year is None or (month is not None and not 1 <= month <= 12):
        return None
    if rule == "date.year" and (_COUNTED.match(text[match.end():])
                                or _QUALIFIED.search(text[:match.start()])):
        return None
    if day is not None and month is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        return Instant(f"{year:04d}-{month:02d}-{day:02d}")
    return Instant(f"{year:04d}-{month:02d}" if month else f"{year:04d}")


def _cue(text: str, start: int) -> str:
    before = text[max(0, start - 20):start].lower()
    for cue in CUES:
        if re.search(rf"(?:^|\W){re.escape(cue)}\s+(?:the\s+)?$", before):
            return cue
    return ""


def dated(text: str, reference: str | None = None) -> list[DateSpan]:
    """Every date in ``text`` with its rule and cue, in order, none overlapping.

    ``reference`` (``YYYY-MM-DD``, the paper's date) gives a year to a day or month the
    text names without one: the latest on or before the reference.

    Examples
    --------
    >>> for d in dated("Ends in 2020/21, as at 10th October", reference="2020-01-21"):
    ...     print(d.instant.key, d.rule, repr(d.cue))
    2021-03 date.financial-year-end 'in'
    2019-10-10 date.day-month.paper-year 'as at'
    """
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if rule == "date.financial-year-end" and match["fy"]:
                start = match.start("fy")
            elif match.groupdict().get("date"):
                start, end = match.span("date")
            if any(s < end and start < e for s, e in taken):
                continue
            instant = _instant(rule, match, text, reference)
            if instant is None:
                continue
            taken.append((start, end))
            found.append(DateSpan(start, end, instant, rule, _cue(text, start)))
    return sorted(found, key=lambda d: d.start)


def instants(text: str, reference: str | None = None) -> list[tuple[int, int, Instant]]:
    """The spans and instants of the dates in ``text`` (see :func:`dated`).

    Examples
    --------
    >>> [(s, e, i.key) for s, e, i in instants("On 4 November 2019 and in FY 2020/21")]
    [(3, 18, '2019-11-04'), (26, 36, '2021-03')]
    >>> [i.key for _, _, i in instants("2000 officers by the end of 2020, 24/7")]
    ['2020']
    """
    return [(d.start, d.end, d.instant) for d in dated(text, reference)]
