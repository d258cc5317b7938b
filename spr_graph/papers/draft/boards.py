"""Who chairs a board and how often it meets (rules ``chair.*`` and ``frequency.*``).

Chairs, in each sentence:

- ``chair.chaired-by``: "the CONTEST Board, chaired by the ACC," "a SOCEX Board (Chaired
  by ACC Security)", "the LRF is chaired by the Chief Constable";
- ``chair.chairs``: "ACC Security chairs the SOCEX Board" (not "chair 4 of the 5 groups":
  a number is no board);
- ``chair.chair-of``: "the ACC is the chair of the Board", "the ACC, chair of the Board".
  A deputy or vice chair is not the chair.

Meeting frequencies:

- ``frequency.meets``: "meets monthly", "meets every 6 weeks", "meets on a quarterly
  basis", "meets twice a year"; the board is the one the sentence says is chaired, else
  the board-like noun phrase before the verb, else the sentence's subject when board-like
  (a board, group, forum, committee, panel, meeting or a capitalised name);
- ``frequency.adjective``: "a quarterly performance review", "monthly tactical delivery
  board", "daily management meeting": a meeting noun after the adjective.

``every`` is ``day``, ``week``, ``2 weeks``, ``month``, ``quarter``, ``year`` or ``N
weeks``/``N months``.

The chair and the board are the IRIs of the linked ``mentions`` holding their phrases'
head words (not a modifier's: "West Midlands Police" in "West Midlands Police CONTEST
board" does not make the force the board).
**When nothing links a phrase its IRI is ""** and the name stays in the fact's quote,
which runs over both phrases: the orchestrator mints IRIs for those.
:func:`chairs_labelled` and :func:`frequencies_labelled` also give the phrases.

>>> p = CleanParagraph(40, "A CONTEST board, chaired by ACC Security, meets on a quarterly basis.")
>>> [(c.rule, c.chair, c.quote.text) for c in chairs(p)]
[('chair.chaired-by', '', 'CONTEST board, chaired by ACC Security')]
>>> [(f.rule, f.every) for f in frequencies(p)]
[('frequency.meets', 'quarter')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spr_graph.papers.cleanpaper import CleanParagraph
from spr_graph.papers.draft.model import Chair, Frequency, Mention
from spr_graph.papers.draft.numwords import WORDS
from spr_graph.papers.draft.phrases import (
    STOPS,
    head_linked,
    phrase_after,
    phrase_before,
    quote,
    sentences,
)

_CHAIRED_BY = re.compile(r"\(?\s*\b(?:(?:is|are|was|were|being|has\s+been)\s+)?"
                         r"(?:(?:currently|jointly|now)\s+)?[Cc]haired\s+by\s+")
_CHAIRS = re.compile(r"(?:\b(?:also|currently|now|jointly)\s+)?\b(?:chairs|chaired|chair)\s+"
                     r"(?=(?:the|its|their|a|an)\s|[A-Z])")
_CHAIR_OF = re.compile(r"(?:\s+(?:is|are|was|as|became|becomes|remains)\s+|\s*,\s*)(?:the\s+)?"
                       r"(?:chair|chairman|chairperson|chairwoman)\s+(?:of|for)\s+")
_MEETING = re.compile(r"(?:boards?|groups?|forums?|committees?|panels?|meetings?|reviews?|"
                      r"conferences?|briefings?|councils?|cells?|partnerships?)",
                      re.IGNORECASE)
_NOUN_STOPS = STOPS - {"meeting", "meetings", "reviews", "reports"}
_ADVERBS = {"daily": "day", "weekly": "week", "fortnightly": "2 weeks", "monthly": "month",
            "quarterly": "quarter", "annually": "year", "yearly": "year", "annual": "year",
            "bi-annually": "6 months", "biannually": "6 months", "bi-annual": "6 months",
            "six-monthly": "6 months"}
_COUNT = r"\d{1,2}|" + "|".join(WORDS)
_EVERY = (rf"(?:on\s+an?\s+)?(?P<adv>{'|'.join(_ADVERBS)}|(?P<n>{_COUNT})[- ]?(?P<u>weekly|"
          r"monthly))(?:\s+basis)?\b|every\s+(?:(?P<n2>" + _COUNT + r"|other)\s+)?"
          r"(?P<u2>days?|weeks?|months?|quarters?|years?)\b|(?P<t>once|twice|(?P<n3>"
          + _COUNT + r")\s+times)\s+(?:a|per|each|every)\s+(?P<u3>week|month|quarter|year)\b")
_EVERY_RE = re.compile(_EVERY, re.IGNORECASE)
_MEETS = re.compile(rf"\b(?:meets?|met|meeting)\s+(?:{_EVERY})", re.IGNORECASE)
_ADJECTIVE = re.compile(rf"\b(?:{'|'.join(_ADVERBS)}|(?:{_COUNT})[- ](?:weekly|monthly))\s+",
                        re.IGNORECASE)


def _count(word: str | None) -> int:
    if not word:
        return 1
    return 2 if word.lower() == "other" else int(word) if word.isdigit() else WORDS[word.lower()]


def _every(match: re.Match[str]) -> str | None:
    """``every`` for a frequency match of :data:`_EVERY`."""
    if match["adv"]:
        if match["u"]:
            return f"{_count(match['n'])} {match['u'][:-2].lower()}s"
        return _ADVERBS[match["adv"].lower()]
    if match["u2"]:
        unit, n = match["u2"].lower().rstrip("s"), _count(match["n2"])
        return unit if n == 1 else f"{n} {unit}s"
    times = {"once": 1, "twice": 2}.get(match["t"].lower()) or _count(match["n3"])
    unit = match["u3"].lower()
    months = {"year": 12, "quarter": 3, "month": 1}.get(unit)
    if times == 1:
        return unit
    if months and months % times == 0:
        each = months // times
        return {1: "month", 3: "quarter"}.get(each, f"{each} months")
    return "2 weeks" if (unit, times) == ("month", 2) else None


def _board_like(text: str, span: tuple[int, int] | None, named: bool = True) -> bool:
    """A phrase ending in a meeting noun, or (``named``) a name of several capitalised
    words."""
    if span is None:
        return False
    words = text[span[0]:span[1]].split()
    capitalised = all(w[:1].isupper() or w[:1] == "(" or w in ("of", "and", "&", "for")
                      for w in words)
    return bool(words) and (_MEETING.fullmatch(words[-1].strip("()")) is not None
                            or named and capitalised and len(words) > 1)


def _chair_spans(text: str, start: int, end: int
                 ) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(rule, chair span, board span) of each chair the sentence ``start:end`` states."""
    found = []
    for match in _CHAIRED_BY.finditer(text, start, end):
        board, chair = phrase_before(text, match.start()), phrase_after(text, match.end())
        if board and chair and board[0] >= start and chair[1] <= end:
            found.append(("chair.chaired-by", chair, board))
    for match in _CHAIRS.finditer(text, start, end):
        chair, board = phrase_before(text, match.start()), phrase_after(text, match.end())
        if (chair and board and chair[0] >= start and board[1] <= end
                and not text[board[0]].isdigit()):
            found.append(("chair.chairs", chair, board))
    for match in _CHAIR_OF.finditer(text, start, end):
        before = text[max(start, match.start() - 12):match.start()].lower()
        chair, board = phrase_before(text, match.start()), phrase_after(text, match.end())
        if chair and board and chair[0] >= start and not re.search(r"(vice|deputy)\W*$", before):
            found.append(("chair.chair-of", chair, board))
    return found


def chairs_labelled(paragraph: CleanParagraph, mentions: Sequence[Mention] = ()
                    ) -> list[tuple[Chair, str, str]]:
    """Each :class:`Chair` with the chair's and the board's names as written.

    Examples
    --------
    >>> p = CleanParagraph(12, "The Southdale Local Resilience Forum (LRF) is chaired by "
    ...                        "the Chief Constable and meets quarterly.")
    >>> [(labels, fact.rule) for fact, *labels in chairs_labelled(p)]
    [(['Chief Constable', 'Southdale Local Resilience Forum (LRF)'], 'chair.chaired-by')]
    """
    text, number = paragraph.text, paragraph.number
    found = []
    for start, end in sentences(text):
        for rule, chair, board in _chair_spans(text, start, end):
            first, last = min(chair[0], board[0]), max(chair[1], board[1])
            fact = Chair(quote(number, text, first, last), rule,
                         head_linked(mentions, number, text, *chair),
                         head_linked(mentions, number, text, *board))
            found.append((fact, text[chair[0]:chair[1]], text[board[0]:board[1]]))
    return found


def chairs(paragraph: CleanParagraph, mentions: Sequence[Mention] = ()) -> list[Chair]:
    """Who chairs which board, as the paragraph says (see the module's rules).

    Examples
    --------
    >>> p = CleanParagraph(3, "ACC Security chairs the SOCEX Board. WMP chair 4 of the 5 groups.")
    >>> [c.quote.text for c in chairs(p)]
    ['ACC Security chairs the SOCEX Board']
    """
    return [fact for fact, _, _ in chairs_labelled(paragraph, mentions)]


def _meets_board(text: str, start: int, match: re.Match[str],
                 chaired: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The board that meets: one the sentence says is chaired, else the board-like phrase
    before the verb, else the sentence's subject when it is board-like."""
    if chaired := [b for b in chaired if b[1] <= match.start()]:
        return chaired[-1]
    before = phrase_before(text, match.start())
    if before and before[0] >= start and _board_like(text, before):
        return before
    subject = phrase_after(text, start)
    return subject if _board_like(text, subject, named=False) else None


def frequencies_labelled(paragraph: CleanParagraph, mentions: Sequence[Mention] = ()
                         ) -> list[tuple[Frequency, str]]:
    """Each :class:`Frequency` with the board's name as written.

    Examples
    --------
    >>> p = CleanParagraph(39, "WMCTU attend the monthly tactical delivery board and "
    ...                        "the daily management meeting.")
    >>> [(f.every, label) for f, label in frequencies_labelled(p)]
    [('month', 'tactical delivery board'), ('day', 'management meeting')]
    """
    text, number = paragraph.text, paragraph.number
    found: list[tuple[Frequency, str]] = []
    for start, end in sentences(text):
        chaired = [board for _, _, board in _chair_spans(text, start, end)]
        for match in _MEETS.finditer(text, start, end):
            board, every = _meets_board(text, start, match, chaired), _every(match)
            if board and every:
                fact = Frequency(quote(number, text, min(board[0], match.start()),
                                       match.end()), "frequency.meets",
                                 head_linked(mentions, number, text, *board), every)
                found.append((fact, text[board[0]:board[1]]))
        for match in _ADJECTIVE.finditer(text, start, end):
            how = _EVERY_RE.fullmatch(match.group().strip())
            every = _every(how) if how else None
            board = phrase_after(text, match.end(), limit=6, stops=_NOUN_STOPS)
            if board and every and _MEETING.fullmatch(text[board[0]:board[1]].split()[-1]):
                fact = Frequency(quote(number, text, match.start(), board[1]),
                                 "frequency.adjective",
                                 head_linked(mentions, number, text, *board), every)
                found.append((fact, text[board[0]:board[1]]))
    return found


def frequencies(paragraph: CleanParagraph, mentions: Sequence[Mention] = ()
                ) -> list[Frequency]:
    """How often boards meet, as the paragraph says (see the module's rules).

    Examples
    --------
    >>> p = CleanParagraph(4, "The Southdale CONTEST Board, chaired by the Assistant Chief "
    ...                       "Constable, meets every two months.")
    >>> [f.every for f in frequencies(p)]
    ['2 months']
    """
    return [fact for fact, _ in frequencies_labelled(paragraph, mentions)]
