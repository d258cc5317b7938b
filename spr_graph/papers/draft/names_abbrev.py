"""Abbreviations a paragraph defines: "long form (SF)" and "SF (long form)".

The algorithm is Schwartz and Hearst's (2003, "A simple algorithm for identifying
abbreviation definitions in biomedical text"): for a short form in parentheses, take the
words before it in the same clause (at most ``min(n + 5, 2n)`` of them for ``n``
letters), then scan the short form's characters right to left, each matched further left
in that window, the first one at the start of a word. The long form is the shortest such
span, from the word holding the first character to the parenthesis. A match whose first
word is capitalised like the short form is tried first ("Office of the Police and Crime
Commissioner (OPCC)", not "of the ..."). Characters that are not letters or digits
(``CSE/A``, ``A&E``) need no match; a plural short form ("PSUs") is spelt without its
``s``; a leading "the" and a possessive ("College of Policing's (CoP)") are dropped from
the long form but kept in the quote.
"""

from __future__ import annotations

import re

from spr_graph.papers.cleanpaper import CleanParagraph
from spr_graph.papers.draft.model import Abbreviation, Quote
from spr_graph.papers.draft.names_text import POSSESSIVE

__all__ = ["RULE", "RULE_REVERSED", "abbreviations", "is_short_form", "long_form"]

RULE = "abbreviation.schwartz-hearst"
RULE_REVERSED = "abbreviation.schwartz-hearst-reversed"
_PAREN = re.compile(r"\(([^()\n]{1,160})\)")
_SHORT = re.compile(r"[A-Z][A-Za-z0-9/&.\-]{1,11}")
_CLAUSE_END = re.compile(r"[.;:!?()\n]")
_THE = re.compile(r"^the\s+", re.I)


def is_short_form(text: str) -> bool:
    """Whether ``text`` can be a short form: one token of 2 to 12 characters, starting
    with a capital, with at least two capitals or digits and no lower-case run of three.

    Examples
    --------
    >>> [is_short_form(t) for t in ("NCA", "CoP", "PSUs", "CSE/A", "Security", "UK")]
    [True, True, True, True, False, True]
    """
    if not _SHORT.fullmatch(text):
        return False
    capitals = sum(c.isupper() or c.isdigit() for c in text)
    return capitals >= 2 and not re.search(r"[a-z]{3}", text)


def _letters(short: str) -> str:
    """The characters a long form must spell: letters and digits, a plural ``s`` dropped."""
    if len(short) > 2 and short.endswith("s") and short[:-1].isupper():
        short = short[:-1]
    return "".join(c for c in short if c.isalnum())


def _most_words(letters: str) -> int:
    """How many words a long form spelling ``letters`` may have: ``min(n + 5, 2n)``."""
    return min(len(letters) + 5, 2 * len(letters))


def _spell(letters: str, window: str, strict: bool) -> int | None:
    """Where in ``window`` the shortest long form spelling ``letters`` starts, or None."""
    s, i = len(letters) - 1, len(window) - 1
    while s >= 0:
        char = letters[s].lower()
        while i >= 0:
            if window[i].lower() == char and (s > 0 or _word_start(window, i, letters[0],
                                                                   strict)):
                break
            i -= 1
        if i < 0:
            return None
        s -= 1
        i -= 1
    return window.rfind(" ", 0, i + 1) + 1


def _word_start(window: str, i: int, char: str, strict: bool) -> bool:
    starts = i == 0 or not window[i - 1].isalnum()
    return starts and (window[i] == char or not strict)


def long_form(short: str, before: str) -> tuple[int, str] | None:
    """The long form that ``short`` abbreviates at the end of ``before`` (the text up to
    its parenthesis): its offset in ``before`` and its text, or None.

    Examples
    --------
    >>> long_form("NCSC", "advice from the National Cyber Security Centre ")
    (16, 'National Cyber Security Centre')
    >>> long_form("PSUs", "it holds 9 police support units ")
    (11, 'police support units')
    >>> long_form("XYZ", "nothing here ") is None
    True
    """
    letters = _letters(short)
    if len(letters) < 2:
        return None
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    stripped = before.rstrip()
    spans = [m.start() for m in re.finditer(r"\S+", stripped[clause_start:])]
    if not spans:
        return None
    offset = clause_start + spans[-min(_most_words(letters), len(spans))]
    window = stripped[offset:]
    at = _spell(letters, window, strict=True)
    if at is None:
        at = _spell(letters, window, strict=False)
    if at is None:
        return None
    start, text = offset + at, window[at:]
    if (the := _THE.match(text)) and _spell(letters, text[the.end():], strict=False) is not None:
        start, text = start + the.end(), text[the.end():]
    text = POSSESSIVE.sub("", text).rstrip(" ,")
    if len(text) <= len(short) or text.lower() == short.lower():
        return None
    return start, text


def _reversed(paragraph: CleanParagraph, match: re.Match[str]) -> Abbreviation | None:
    """``SF (long form)``: the word before the parenthesis is the short form."""
    text, inner = paragraph.text, match.group(1).strip()
    before = re.search(r"(\S+)\s*$", text[: match.start()])
    if before is None or len(inner.split()) < 2:
        return None
    short = POSSESSIVE.sub("", before.group(1))
    if not is_short_form(short):
        return None
    letters = _letters(short)
    long = _THE.sub("", inner)
    if len(long.split()) > _most_words(letters):
        return None
    at = _spell(letters, long, strict=False)
    if at != 0:
        return None
    start = before.start(1)
    quote = Quote(paragraph.number, start, match.end(), text[start: match.end()])
    return Abbreviation(quote, RULE_REVERSED, short, long)


def abbreviations(paragraph: CleanParagraph) -> list[Abbreviation]:
    """Every abbreviation ``paragraph`` defines, in order of the text.

    Parameters
    ----------
    paragraph : CleanParagraph
        One paragraph of a cleaned paper.

    Returns
    -------
    list of Abbreviation
        One per definition. The quote spans the long form and the parenthesis ("National
        Crime Agency (NCA)"; rule ``abbreviation.schwartz-hearst``), or the short form and
        the parenthesis for "NCA (National Crime Agency)" (rule
        ``abbreviation.schwartz-hearst-reversed``). ``short`` is the short form as written
        ("PSUs"), ``long`` the long form as written without a leading "the" or a
        possessive.

    Examples
    --------
    >>> p = CleanParagraph(4, "It works with the National Crime Agency (NCA) and the "
    ...                       "College of Policing's (CoP) training, and MAPPA (Multi-Agency "
    ...                       "Public Protection Arrangements).")
    >>> [(a.short, a.long, a.quote.text) for a in abbreviations(p)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('NCA', 'National Crime Agency', 'National Crime Agency (NCA)'),
     ('CoP', 'College of Policing', "College of Policing's (CoP)"),
     ('MAPPA', 'Multi-Agency Public Protection Arrangements',
      'MAPPA (Multi-Agency Public Protection Arrangements)')]
    """
    found = []
    text = paragraph.text
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        fact = None
        if is_short_form(inner):
            hit = long_form(inner, text[: match.start()])
            if hit is not None:
                start, long = hit
                quote = Quote(paragraph.number, start, match.end(), text[start: match.end()])
                fact = Abbreviation(quote, RULE, inner, long)
        else:
            fact = _reversed(paragraph, match)
        if fact is not None:
            found.append(fact)
    return found
