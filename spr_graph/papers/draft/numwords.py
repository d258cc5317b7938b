"""The words of the quantity rules (:mod:`.numbers`): numbers written as digits or
words, the references and markers that are not quantities, units, roles and qualifiers.

>>> for n in number_spans("a 3:1 ratio, seven risks, 40+", 0, 30):
...     print(n.value, n.unit, n.rule)
3 ratio quantity.ratio
7 None quantity.word
40 None quantity.number
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORDS: dict[str, int] = {word: n for n, word in enumerate(_UNITS, 1)}
WORDS.update({word: 10 * n for n, word in enumerate(_TENS, 2)})
_WORD = re.compile(r"\b(?P<w>(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS[:9])
                   + r"))?|" + "|".join(sorted(_UNITS[1:], key=len, reverse=True))
                   + r"|a\s+dozen|one(?=\s+or\s+more\b))\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_FRACTION = re.compile(r"\b(?:(?:a|one)\s+(?P<f>quarter|third|half)|(?P<h>half)(?=\s+(?:of|the)\b)"
                       r"|(?P<m>two|three)\s+(?P<fs>thirds|quarters))\b", re.IGNORECASE)
_FRACTIONS = {"quarter": ("25", None), "third": ("33", "about"), "half": ("50", None),
              "twothirds": ("67", "about"), "threequarters": ("75", None)}
_MULTIPLE = re.compile(r"\b(?P<m>double|twice|treble|triple)(?=\s+(?:the|as|that)\b)",
                       re.IGNORECASE)
_RATIO = re.compile(r"(?<![\w:.])(?P<a>\d+):(?P<b>\d+)(?![\w:])")
_REFERENCE = re.compile(r"\b(?:version|section|page|paragraph|para|chapter|figure|table|annex|"
                        r"appendix|item|no\.|tier|level|phase|stage|category|grade|step|part|"
                        r"article|schedule|room|operation|op\.|exercise|code|ref\.|per)\s+$",
                        re.IGNORECASE)
_PEOPLE = frozenset(["officer", "constable", "detective", "staff", "personnel", "commander",
                     "advisor", "adviser", "responder", "investigator", "lead", "analyst",
                     "sergeant", "inspector", "superintendent", "pcso", "special", "recruit",
                     "ctsfo", "afo", "member", "officers"])
_TIME = {"hour": "hour", "hr": "hour", "day": "day", "week": "week", "month": "month",
         "year": "year"}
#: Cue words of each role, tried in this order when two are as near.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((role, re.compile(pattern, re.I)) for
                                                       role, pattern in (
    ("required", r"\b(?:requir\w*|needs?|needed|must|mandated|commitment|obliged|"
                 r"establishment)\b"),
    ("recommended", r"\b(?:recommend\w*|guidelines?)\b"),
    ("limit", r"\b(?:beyond|limit(?:ed|s)?|maximum|capped)\b"),
    ("target", r"\b(?:(?:aims?|aiming|plans?|intends?)\s+to\s+\w+|aims?|aiming|targets?|"
               r"aspir\w*|ambition|goal|pledged?|announce\w*)\b"),
    ("forecast", r"\b(?:(?:expect\w*|forecast\w*|projected|predicted|anticipat\w*)"
                 r"(?:\s+to\s+\w+)?|"
                 r"will\s+have|will\s+be|likely)\b"),
    ("allocated", r"\b(?:allocat\w*|funded\s+for|funding\s+for)\b"),
    ("recorded", r"\b(?:recorded|reported|saw|seen|there\s+have\s+been|there\s+were|stopped|"
                 r"(?:were|was)\s+held|"
                 r"increase[sd]?|rose|rise|fell|decrease[sd]?|disruptions?)\b"),
    ("held", r"\b(?:has|have|having|hold|holds|holding|currently|there\s+are|there\s+is|"
             r"maintains?|comprises?|includes?|employs?|retains?)\b"),
))
_APPROX_BEFORE = re.compile(
    r"\b(?P<cue>just\s+under|just\s+over|nearly|almost|about|approximately|approx\.|around|"
    r"circa|c\.|roughly|some|over|more\s+than|in\s+excess\s+of|above|at\s+least|a\s+minimum\s+of|"
    r"no\s+fewer\s+than|no\s+less\s+than|up\s+to|a\s+maximum\s+of|no\s+more\s+than|under|"
    r"less\s+than|fewer\s+than|below)\s+$", re.IGNORECASE)
#: The approximation each qualifier gives, in the ontology's words.
APPROXIMATIONS = {"about": "about", "approximately": "about", "approx.": "about",
                  "around": "about", "circa": "about", "c.": "about", "roughly": "about",
                  "some": "about", "over": "more than", "more than": "more than",
                  "in excess of": "more than", "above": "more than", "just over": "more than",
                  "at least": "at least", "a minimum of": "at least",
                  "no fewer than": "at least", "no less than": "at least",
                  "just under": "just under", "nearly": "just under", "almost": "just under",
                  "up to": "up to", "a maximum of": "up to", "no more than": "up to",
                  "under": "up to", "less than": "up to", "fewer than": "up to",
                  "below": "up to"}


class Number(NamedTuple):
    """A number in a text: span, value, unit when the number itself says it, rule and
    the approximation the number itself implies ("a third" is about 33 percent)."""

    start: int
    end: int
    value: Decimal
    unit: str | None
    rule: str
    approximation: str | None = None


def _spans(text: str, start: int, end: int) -> list[Number]:
    found = [Number(m.start(), m.end(), Decimal(m["a"]) / Decimal(m["b"]), "ratio",
                    "quantity.ratio") for m in _RATIO.finditer(text, start, end)
             if "ratio" in text[start:end].lower()]
    for m in _FRACTION.finditer(text, start, end):
        key = (m["m"] + m["fs"]) if m["m"] else (m["f"] or m["h"])
        value, approx = _FRACTIONS[key.lower()]
        if not re.search(r"\b(?:once|each|every|per|last|next|this|first|second|the|in)\s+$",
                         text[start:m.start()], re.IGNORECASE):
            found.append(Number(m.start(), m.end(), Decimal(value), "percent",
                                "quantity.fraction", approx))
    found += [Number(m.start(), m.end(), Decimal(2 if m["m"].lower() in ("double", "twice")
                                                 else 3), "ratio", "quantity.multiple")
              for m in _MULTIPLE.finditer(text, start, end)]
    for m in _WORD.finditer(text, start, end):
        words = re.split(r"[- ]", m["w"].lower())
        count = 12 if words[-1] == "dozen" else sum(WORDS.get(w, 0) for w in words) or 1
        found.append(Number(m.start(), m.end(), Decimal(count), None, "quantity.word"))
    for m in _DIGITS.finditer(text, start, end):
        sign = _PERCENT.match(text, m.end())
        plus = text[m.end():m.end() + 1] == "+"
        found.append(Number(m.start(), sign.end() if sign else m.end() + plus,
                            Decimal(m.group().replace(",", "")), "percent" if sign else None,
                            "quantity.number"))
    return found


def number_spans(text: str, start: int, end: int) -> list[Number]:
    """Every number in ``text[start:end]``, in order, none overlapping (a ratio or
    fraction before the digits or words inside it).

    >>> [(n.value, n.unit) for n in number_spans("around a third, 30.6%", 0, 21)]
    [(Decimal('33'), 'percent'), (Decimal('30.6'), 'percent')]
    """
    chosen: list[Number] = []
    covered = bytearray(end - start)
    for number in _spans(text, start, end):
        if not any(covered[number.start - start:number.end - start]):
            chosen.append(number)
            covered[number.start - start:number.end - start] = b"\x01" * (number.end
                                                                          - number.start)
    return sorted(chosen, key=lambda n: n.start)


def skipped(text: str, start: int, end: int, sentence_start: int) -> bool:
    """Whether the number at ``start:end`` is not a quantity: glued to a word ("4P",
    "team1"), an ordinal, a ``24/7``, a reference ("Category 1", "per 100", "4 P Plans"),
    after a capitalised word inside the sentence, or a paragraph number.

    >>> text = "Category 1 incidents, 4 P Plans, 24/7 cover and 10th place."
    >>> [skipped(text, s, s + n, 0) for s, n in ((9, 1), (22, 1), (33, 2), (48, 2))]
    [True, True, True, True]
    """
    before, after = text[max(0, start - 40):start], text[end:end + 3]
    if not text[start].isdigit():
        return False
    if (before[-1:].isalnum() or before[-1:] in "/£$.-" or after[:1].isalnum()
            or re.match(r"[:/]\d|(?:st|nd|rd|th)\b", after)
            or re.match(r" [A-Z]\b", text[end:end + 3]) or _REFERENCE.search(before)):
        return True
    if start == 0 and re.match(r"[.)]\s", after):
        return True
    previous = re.search(r"[A-Z][\w'’-]*\s+$", before)
    return bool(previous and start - len(previous.group()) > sentence_start)


def unit_of(words: str) -> str:
    """The unit of a number counting ``words``: its head noun decides.

    >>> [unit_of(w) for w in ("PSU's", "police support units", "trained staff", "hours",
    ...                       "risks", "")]
    ['psu', 'psu', 'officer', 'hour', 'count', 'count']
    """
    if re.search(r"\bpolice\s+support\s+units?\b|\bPSU", words, re.IGNORECASE):
        return "psu"
    head = re.sub(r"['’]s$|['‘’]", "", (words.split() or [""])[-1].lower())
    singular = head[:-1] if head.endswith("s") and head not in ("staff",) else head
    if singular in _PEOPLE or head in _PEOPLE:
        return "officer"
    return _TIME.get(singular, "count")


def role_of(text: str, start: int, end: int, n_start: int, n_end: int) -> str | None:
    """The role of the cue word nearest the number ``n_start:n_end`` in the sentence
    ``start:end`` (a cue after the number counts double the distance; a cue inside a
    longer one, "have" in "aim to have", does not count).

    >>> text = "The force holds 42 officers against a requirement of 48."
    >>> role_of(text, 0, len(text), 16, 18), role_of(text, 0, len(text), 52, 54)
    ('held', 'required')
    """
    start, end = max(start, n_start - 300), min(end, n_end + 300)  # the nearest lie near
    cues = [(match.start(), match.end(), order, role) for order, (role, pattern)
            in enumerate(ROLES) for match in pattern.finditer(text, start, end)]
    best: tuple[int, int, str] | None = None
    for c_start, c_end, order, role in cues:
        if any(s <= c_start and c_end <= e and e - s > c_end - c_start for s, e, _, _ in cues):
            continue  # "have" inside "aim to have", "rise" inside "expected to rise"
        if c_end <= n_start:
            distance = n_start - c_end
        elif c_start >= n_end:
            distance = 2 * (c_start - n_end)
        else:
            continue
        if best is None or (distance, order) < best[:2]:
            best = (distance, order, role)
    return best[2] if best else None


def approximation(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The approximation of the number at ``start:end`` and where its qualifier starts.

    >>> text = "just under 800 and 40+ carriers"
    >>> approximation(text, 11, 14), approximation(text, 19, 22)
    (('just under', 0), ('at least', 19))
    """
    if match := _APPROX_BEFORE.search(text, max(0, start - 30), start):
        cue = re.sub(r"\s+", " ", match["cue"].lower())
        return APPROXIMATIONS[cue], match.start()
    if text[end - 1:end] == "+" or re.match(r"\s+or\s+more\b", text[end:]):
        return "at least", start
    if re.match(r"\s+or\s+(?:fewer|less)\b", text[end:]):
        return "up to", start
    return None, start
