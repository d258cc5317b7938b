"""Money and funding streams in a paragraph (rules ``funding.*``), one sentence at a time.

- ``funding.amount``: a sum of money, "£1.2m", "£250,000", "£40k", "1.5 million pounds"
  (unit ``gbp``);
- ``funding.share``: a percentage of money, "57% of the regional funding contribution",
  "22% of the running costs" (unit ``percent``);
- ``funding.named``: a named stream with no sum: a capitalised name ending in Fund,
  Funding, Grant, Budget, Allocation or Precept ("The Armed Uplift Programme Funding"),
  or a name before "funding" or "grant" ("PTF funding", "Home Office grant");
- ``funding.verb``: "X funds Y", "X have agreed to fund Y", "Y is funded by X".

A lower-case "uplift" or "allocation" is not money ("an allocation of 366 officers").
In the sentence of each of them: who pays ("funded by X", "from X", "through X", "X
funding", the subject of "contribute", "pay", "fund"), who receives (the subject of
"was allocated", "secured", "received"; "to X" after a contribution; "of X" after
costs), what it pays for ("to support X", "in order to deliver X", "pays for X", "for
X") and when it ends: ``funding.until`` ("until March 2021", "through 20/21") or
``funding.ends`` ("ends in March 2021", "will end in 2020/21"), financial years at the
March they end. Funders, recipients and what is paid for are the IRIs of the linked
mentions (``mentions``) inside those phrases; :func:`funding_parties` also gives the
phrases as written, for a reviewer or when nothing is linked.

>>> [(f.rule, f.value, f.end) for f in funding(CleanParagraph(4,
...     "The unit was allocated £64,600. The grant ends in March 2021."))]
[('funding.amount', Decimal('64600'), None), ('funding.ends', None, '2021-03')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from spr_graph.papers.cleanpaper import CleanParagraph
from spr_graph.papers.draft.dates import dated
from spr_graph.papers.draft.model import Funding, Mention, Quote, money
from spr_graph.papers.draft.phrases import (
    linked,
    phrase_after,
    phrase_before,
    quote,
    sentences,
)

_SCALE = r"(?:\s?(?:million|billion|thousand|bn|m|k)\b)?"
_AMOUNT = re.compile(rf"£\s?\d[\d,]*(?:\.\d+)?{_SCALE}|(?<![\w£.,])\d[\d,]*(?:\.\d+)?"
                     r"\s?(?:million|billion|thousand|bn|m|k)?\s+(?:pounds|GBP)\b"
                     rf"|\bGBP\s?\d[\d,]*(?:\.\d+)?{_SCALE}", re.IGNORECASE)
_MONEY_WORDS = (r"funding|funds?|budgets?|costs?|contributions?|grants?|precepts?|"
                r"spend(?:ing)?|money|finance|financing|income|revenue")
_SHARE = re.compile(r"(?<![\w.,])(?P<pct>\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b|percent\b)"
                    r"\s+(?P<of>of)\s+"
                    rf"(?:[\w'’&-]+\s+){{0,5}}?(?:{_MONEY_WORDS})\b", re.IGNORECASE)
_WORD = re.compile(r"\bfund(?:s|ed|ing)?\b|\bgrants?\b|\bbudgets?\b|\bprecepts?\b",
                   re.IGNORECASE)
_KIND = re.compile(r"(?:\s+\([A-Z]{2,}\))?\s+(?P<kind>Fund|Funding|Grant|Budget|Allocation|"
                   r"Precept|funding|grant|budget)\b(?:\s+\([A-Z]{2,}\))?")
_NAME = re.compile(r"(?:[A-Z][\w'’&-]*\s+(?:(?:of|and|for|&)\s+)?)*[A-Z][\w'’&-]*$")
_LEAD = re.compile(r"(?:(?:The|A|An|This|These|Its|Their)\s+)?")
_FUNDER_AFTER = re.compile(r"\b(?:funded\s+by|paid\s+for\s+by|provided\s+by|from|through)\s+",
                           re.IGNORECASE)
_FUNDER_VERB = re.compile(r"\s+(?:(?:has|have|had)\s+)?(?:(?:agreed|decided|continued?)\s+to\s+)?"
                          r"(?:(?:no\s+longer|also|currently|jointly)\s+)?(?:contribute[sd]?|"
                          r"pays?|paid|funds?|invest(?:s|ed)?)\s")
_RECIPIENT_VERB = re.compile(r"\s+(?:(?:was|were|is|are|has|have|had)\s+)?(?:been\s+)?"
                             r"(?:also\s+)?(?:allocated|secured|received|awarded|given|won|"
                             r"granted)\s|\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
                             r"(?:\w+ly\s+)?funded\s")
_PAYS = re.compile(r"\b(?:in\s+order\s+)?to\s+(?:support|fund|pay\s+for|purchase|buy|deliver|"
                   r"set\s+up|establish|develop|recruit|provide|maintain|sustain)\s+|"
                   r"\bpays?\s+for\s+|\b(?:funding|grant|budget|money)\s+for\s+",
                   re.IGNORECASE)
_TO_WHOM = re.compile(r"\b(?:contribution|contributions|costs?|budget)\s+(?:to|of)\s+",
                      re.IGNORECASE)
_ENDS = re.compile(r"\b(?:end|ends|ended|ending|expires?|ceases?|finish(?:es)?|concludes?|"
                   r"runs?|lasts?)\s+(?:in|on|at|by|until|to)\s+$", re.IGNORECASE)
_UNTIL = frozenset({"until", "till", "through", "up to", "end of", "the end of"})


@dataclass(frozen=True)
class Parties:
    """The phrases a funding rule read, as written: who pays, who receives, for what."""

    funders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    pays: tuple[str, ...] = ()


def money_spans(text: str) -> list[tuple[int, int, Decimal]]:
    """Each sum of money in ``text``: its span and value in pounds.

    >>> money_spans("£1.2m and 3 million pounds")
    [(0, 5, Decimal('1200000.0')), (10, 26, Decimal('3000000'))]
    """
    found = []
    for match in _AMOUNT.finditer(text):
        raw = re.sub(r"(?i)pounds|gbp", "", match.group()).replace("thousand", "k")
        found.append((match.start(), match.end(), money(raw)))
    return found


def share_spans(text: str) -> list[tuple[int, int, Decimal]]:
    """Each percentage of money in ``text`` ("57% of the regional funding"), its span
    (the number and its sign) and value.

    >>> share_spans("WMP pays 22% of the running costs; 80% of staff are trained.")
    [(9, 12, Decimal('22'))]
    """
    return [(m.start(), m.start("of") - 1, Decimal(m["pct"])) for m in _SHARE.finditer(text)]


def _anchors(text: str, start: int, end: int) -> list[tuple[int, int, Decimal | None, str]]:
    """Sums and shares in the sentence; else the stream it names; else a funding verb."""
    part = text[start:end]
    found: list[tuple[int, int, Decimal | None, str]] = [
        (start + s, start + e, v, "funding.amount") for s, e, v in money_spans(part)]
    found += [(start + s, start + e, v, "funding.share") for s, e, v in share_spans(part)]
    if found:
        return sorted(found, key=lambda a: a[0])
    if named := _named(text, start, end):
        return [(named[0], named[2], None, "funding.named")]
    if word := _WORD.search(part):
        return [(start + word.start(), start + word.end(), None, "funding.verb")]
    return []


def _clause_end(text: str, position: int, end: int) -> int:
    stop = re.search(r"[,;:.(]|\s(?:in order|to|so that|which|and|until|through|by|"
                     r"ends?|will)\s", text[position:end])
    found = position + stop.start() if stop else end
    return position + len(text[position:found].rstrip())


def _named(text: str, start: int, end: int) -> tuple[int, int, int, str] | None:
    """The first named stream of ``text[start:end]`` ("The PTF funding", "Armed Uplift
    Programme Funding"): its start (after a determiner), the name's end, the stream's
    end and its kind word."""
    for kind in _KIND.finditer(text, start, end):
        window = max(start, kind.start() - 160)
        name = _NAME.search(text, window, kind.start())
        if name:
            lead = _LEAD.match(text, name.start())
            first = lead.end() if lead and lead.end() < name.end() else name.start()
            return first, name.end(), kind.end(), kind["kind"]
    return None


def _named_funder(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"PTF funding", "Home Office grant": the name before a lower-case kind pays."""
    named = _named(text, start, end)
    return [named[:2]] if named and named[3].islower() else []


def _parties(text: str, start: int, end: int, anchor: tuple[int, int]
             ) -> dict[str, list[tuple[int, int]]]:
    """The funder, recipient and pays phrases of the sentence ``start:end``."""
    roles = {"funders": _named_funder(text, start, end), "recipients": [], "pays": []}
    for match in _FUNDER_AFTER.finditer(text, anchor[0], end):
        span = phrase_after(text, match.end())
        if span and span[0] < end and not text[span[0]].isdigit():
            roles["funders"].append(span)
            break
    for pattern, role in ((_FUNDER_VERB, "funders"), (_RECIPIENT_VERB, "recipients")):
        verb = pattern.search(text, start, end)
        subject = phrase_before(text, verb.start()) if verb else None
        if verb and subject and subject[0] >= start:
            roles[role].append(subject)
            if role == "funders" and re.search(r"fund\w*\s$", verb.group()):
                roles["recipients"].append((verb.end(), _clause_end(text, verb.end(), end)))
    passive = re.search(r"\b(?:is|are|was|were)\s+an?\s+(?:\w+ly\s+)?funded\b", text[start:end])
    if passive and (subject := phrase_after(text, start)):  # "X is a nationally funded unit"
        roles["recipients"].append(subject)
    for pattern, role in ((_TO_WHOM, "recipients"), (_PAYS, "pays")):
        cue = pattern.search(text, anchor[0], end)
        span = phrase_after(text, cue.end(), limit=12) if cue else None
        if span:
            roles[role].append((span[0], _clause_end(text, span[0], end)
                                if role == "pays" else span[1]))
    return roles


def _end(text: str, start: int, end: int, reference: str | None) -> tuple[str, str] | None:
    for date in dated(text[start:end], reference):
        before = text[start:start + date.start]
        if date.cue in _UNTIL:
            return date.instant.key, "funding.until"
        if _ENDS.search(before):
            return date.instant.key, "funding.ends"
    return None


def funding_parties(paragraph: CleanParagraph, mentions: Sequence[Mention] = (),
                    reference: str | None = None) -> list[tuple[Funding, Parties]]:
    """:func:`funding` with the phrases each fact's funders, recipients and pays came from.

    Examples
    --------
    >>> text = "Eastmoor Police was allocated £5,000 from the Home Office to support Prevent."
    >>> fact, parties = funding_parties(CleanParagraph(2, text))[0]
    >>> fact.value, parties.funders, parties.recipients, parties.pays
    (Decimal('5000'), ('Home Office',), ('Eastmoor Police',), ('Prevent',))
    """
    text, number = paragraph.text, paragraph.number
    found: list[tuple[Funding, Parties]] = []
    for start, end in sentences(text):
        anchors = _anchors(text, start, end)
        ends = _end(text, start, end, reference)
        for index, anchor in enumerate(anchors):
            roles = _parties(text, start, end, anchor[:2])
            if anchor[3] == "funding.verb" and not ends and not any(roles.values()):
                continue
            q_end = anchors[index + 1][0] if index + 1 < len(anchors) else end
            span = quote(number, text, start if index == 0 else anchor[0], q_end)
            found.append(_fact(paragraph, mentions, span, anchor, roles, ends))
    return found


def _fact(paragraph: CleanParagraph, mentions: Sequence[Mention], span: Quote,
          anchor: tuple[int, int, Decimal | None, str], roles: dict[str, list[tuple[int, int]]],
          ends: tuple[str, str] | None) -> tuple[Funding, Parties]:
    """The fact of one anchor of a sentence, and the phrases it read."""
    text, number = paragraph.text, paragraph.number
    a_start, a_end, value, rule = anchor
    parties = Parties(*(tuple(text[s:e] for s, e in roles[r])
                        for r in ("funders", "recipients", "pays")))
    if rule == "funding.named":
        label = text[a_start:a_end]
    elif rule == "funding.verb":
        label = "Funding" + "".join(f" {word} {names[0]}" for word, names in (
            ("of", parties.recipients), ("by", parties.funders), ("for", parties.pays))
            if names)
    else:
        label = quote(number, text, a_start, _clause_end(text, a_end, span.end)).text
    iris = [tuple(i for s, e in roles[r] for i in linked(mentions, number, s, e))
            for r in ("funders", "recipients", "pays")]
    unit = None if value is None else "percent" if rule == "funding.share" else "gbp"
    if ends and rule in ("funding.named", "funding.verb"):
        rule = ends[1]
    return Funding(span, rule, label, value, unit, iris[0], iris[1], iris[2],
                   ends[0] if ends else None), parties


def funding(paragraph: CleanParagraph, mentions: Sequence[Mention] = (),
            reference: str | None = None) -> list[Funding]:
    """Money and funding streams the paragraph states (see the module's rules).

    Examples
    --------
    >>> p = CleanParagraph(9, "The force cyber unit is funded by the National Police "
    ...                       "Chiefs' Council cyber programme until March 2022.")
    >>> [(f.rule, f.label, f.end) for f in funding(p)]  # doctest: +NORMALIZE_WHITESPACE
    [('funding.until', "Funding of force cyber unit by National Police Chiefs' Council cyber
      programme", '2022-03')]
    """
    return [fact for fact, _ in funding_parties(paragraph, mentions, reference)]
