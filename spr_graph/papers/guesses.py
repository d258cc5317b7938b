"""Title, date and force guessed from a paper's first page, each saying where from.

The first page is the front matter (what comes before the first paragraph) and, when
the input has pages, the rest of page 1. In order of trust:

- **title**: a labelled line ("Title:", "Subject:", "Report title:"), a line in Word's
  Title style, a short line naming the Strategic Policing Requirement, the first heading;
- **date**: a labelled line ("Date of meeting:", "Date:", "Meeting date:"), else the
  first date written out in full ("21st January 2020", "January 21, 2020",
  "21/01/2020" read day first, as in the UK, "2020-01-21");
- **force**: the first name ending "Police", "Constabulary" or "Police Service" (or
  "Police Service of ...") on the first page; else the one the first 30 paragraphs
  name most often. Any force's name fits the pattern: none is listed here.

Nothing is guessed when nothing fits; the caller then asks (``--force``, ``--date``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spr_graph.papers.cleanpaper import Guess
from spr_graph.papers.segments import Segment

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.I)
_MDY = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_TITLE_LABEL = re.compile(r"^(?:report\s+)?(?:title|subject)\s*[:–-]\s*(\S.*)$", re.I)
_DATE_LABEL = re.compile(r"^(?:date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date|report\s+date)"
                         r"\s*[:–-]\s*(\S.*)$", re.I)
_FORCE = re.compile(r"\b((?:(?!Police\b|Constabulary\b)[A-Z][a-zA-Z'’]+[ -](?:and |& )?){1,4}"
                    r"(?:Police(?: Service)?|Constabulary)|Police Service of(?: [A-Z][a-z]+)+)")
_NOT_FORCE = {"the", "all", "local", "regional", "national", "our", "each", "every", "other",
              "home", "chief", "staff", "neighbourhood", "this", "that", "many", "some",
              "individual", "partner", "key", "senior", "existing"}
_PARAGRAPHS = 30


def _where(segment: Segment) -> str:
    return f"page {segment.page}, line {segment.lineno}: {segment.text[:80]!r}"


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or ``None``.

    Examples
    --------
    >>> parse_date("Date of meeting: 21st January 2020"), parse_date("on 03/11/2023")
    ('2020-01-21', '2023-11-03')
    >>> parse_date("March 4, 2024"), parse_date("no date") is None
    ('2024-03-04', True)
    """
    found: list[tuple[int, int, int, int]] = []  # position, year, month, day
    for m in _DMY.finditer(text):
        found.append((m.start(), int(m.group(3)), _month(m.group(2)), int(m.group(1))))
    for m in _MDY.finditer(text):
        found.append((m.start(), int(m.group(3)), _month(m.group(1)), int(m.group(2))))
    for m in _NUMERIC.finditer(text):
        found.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _ISO.finditer(text):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for _pos, year, month, day in sorted(found):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower()[:3]))


def guess_title(first_page: list[Segment]) -> Guess | None:
    """The paper's title (see the module notes).

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> page = [Segment([Line(t, 1, i)], t) for i, t in enumerate(
    ...     ["OFFICIAL", "Subject: SPR assurance", "Date: 14 March 2024"], 1)]
    >>> guess_title(page)
    Guess(value='SPR assurance', source="page 1, line 2: 'Subject: SPR assurance'")
    """
    for segment in first_page:
        if m := _TITLE_LABEL.match(segment.text):
            return Guess(m.group(1).strip(), _where(segment))
    for segment in first_page:
        if segment.first.role == "title":
            return Guess(segment.text, _where(segment))
    for segment in first_page:
        if "strategic policing requirement" in segment.text.lower() and len(
                segment.text.split()) <= 12:
            return Guess(segment.text.strip(" :"), _where(segment))
    for segment in first_page:
        if segment.first.heading is not None or segment.first.bold:
            return Guess(segment.text.strip(" :"), _where(segment))
    return None


def guess_date(first_page: list[Segment]) -> Guess | None:
    """The paper's date (see the module notes).

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> page = [Segment([Line(t, 1, i)], t) for i, t in enumerate(
    ...     ["Printed 1 May 2024", "Date of meeting: 14 March 2024"], 1)]
    >>> guess_date(page)
    Guess(value='2024-03-14', source="page 1, line 2: 'Date of meeting: 14 March 2024'")
    """
    for segment in first_page:
        if (m := _DATE_LABEL.match(segment.text)) and (value := parse_date(m.group(1))):
            return Guess(value, _where(segment))
    for segment in first_page:
        if value := parse_date(segment.text):
            return Guess(value, _where(segment))
    return None


def force_names(text: str) -> list[str]:
    """The force names in ``text``, in order.

    Examples
    --------
    >>> force_names("The Northshire Constabulary and Police Service of Eastmoor met "
    ...             "the Police and Crime Commissioner.")
    ['Northshire Constabulary', 'Police Service of Eastmoor']
    """
    out = []
    for m in _FORCE.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_FORCE:
            words = words[1:]
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


def guess_force(first_page: list[Segment], paragraphs: list[str]) -> Guess | None:
    """The force the paper is from (see the module notes).

    Examples
    --------
    >>> guess = guess_force([], ["Eastmoor Police works with Northshire Constabulary.",
    ...                          "Eastmoor Police leads."])
    >>> guess.value, guess.source
    ('Eastmoor Police', 'the force named most often in the first 30 paragraphs (2 times)')
    """
    for segment in first_page:
        if names := force_names(segment.text):
            return Guess(names[0], _where(segment))
    counts: Counter[str] = Counter()
    for text in paragraphs[:_PARAGRAPHS]:
        counts.update(force_names(text))
    if not counts:
        return None
    name, times = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return Guess(name, f"the force named most often in the first {_PARAGRAPHS} paragraphs "
                       f"({times} times)")
