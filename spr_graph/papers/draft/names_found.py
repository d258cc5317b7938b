"""Where a paper names an entity of its own: the candidates :mod:`.names_own` merges.

Each finder yields :class:`Found` names with the rule that found them:

- :func:`from_abbreviation` (``entity.abbreviation``): a defined abbreviation's long
  form, run left over the capitalised words before it ("Kellby Local Resilience Forum
  (LRF)"), or right over a head word after the parenthesis ("Multi Agency Child CSE
  (MASE) meetings") when the long form has none.
- :func:`head_names` (``entity.head-word``): a capitalised name ending in a head word
  ("SOCEX Board"), or in a lower-case one after two capitalised words ("Eastmoor Child
  Sexual Exploitation team"); "Operation ..." and "Exercise ..." names.
- :func:`force_names` (``entity.force-name``): the force's own descriptive names, its
  name or "the force" then lower-case words ending in a head word ("WMP cyber-dependent
  investigation team", "the force tasking board"), and "Force" with capitalised words
  that no lower-case word follows ("Force CID", "Force Intelligence").
- :func:`listed_names` (``entity.listed``): capitalised names listed after "companies
  including", "partners such as"...
- :func:`abbreviated_names` (``entity.head-abbreviation``): capitalised words before a
  defined short form of a kind of body ("Economic Crime SGG").
- :func:`kind_names` (``entity.kind-name``): a generic name of a register kind ("local
  authorities").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spr_graph.core.namespaces import SPR
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph
from spr_graph.papers.draft.model import Abbreviation
from spr_graph.papers.draft.names_text import (
    CONNECTORS,
    HEADS,
    LEADING_HEADS,
    ORG_CLASSES,
    POSSESSIVE,
    Word,
    head_class,
    singular,
    words,
)
from spr_graph.papers.register import Register

__all__ = ["Found", "abbreviated_names", "clean", "force_names",
           "from_abbreviation", "head_names", "kind_names", "listed_names", "outside_register"]

_STOP = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "our", "its", "their", "it", "we",
    "they", "there", "here", "in", "within", "at", "by", "for", "from", "with", "through",
    "to", "on", "into", "and", "but", "or", "where", "when", "while", "whilst", "during",
    "since", "additionally", "currently", "however", "also", "as", "all", "each", "every",
    "both", "other", "new", "some", "many", "most", "if", "under", "over", "following",
    "after", "before", "further", "finally", "overall", "alongside"
})
_VERBS = frozenset({
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "can", "may",
    "must", "should", "would", "could", "does", "do", "did", "not", "now", "also", "then"
})
_BREAK = re.compile(r"[,;:.()!?\n\"\u201c\u201d]")
_STRAY_QUOTE = re.compile(r"(?<![sS])['\u2018\u2019](?=\s|$)|(?:^|(?<=\s))['\u2018\u2019]")
_ORG_HEADS = frozenset(h for h, c in HEADS.items() if c in ORG_CLASSES)


@dataclass(frozen=True)
class Found:
    """A name found in a paragraph, before merging: its span, rule and abbreviation."""

    paragraph: int
    start: int
    end: int
    name: str
    rule: str
    short: str | None = None
    long: str | None = None


def _name_word(word: Word) -> bool:
    text = word.text
    return (len(text) > 1 and text[0].isupper() and text.lower() not in _STOP
            and not POSSESSIVE.search(text))


def _joined(text: str, a: Word, b: Word) -> bool:
    return not _BREAK.search(text[a.end:b.start])


def _left_edge(text: str, ws: list[Word], k: int) -> int:
    """The first word of the capitalised name ending at word ``k``."""
    j = k
    while j > 0 and _joined(text, ws[j - 1], ws[j]):
        if _name_word(ws[j - 1]):
            j -= 1
        elif (ws[j - 1].text in CONNECTORS and j > 1 and _name_word(ws[j - 2])
              and _joined(text, ws[j - 2], ws[j - 1])):
            j -= 2
        else:
            break
    while j < k and ws[j].text in CONNECTORS:
        j += 1
    return j


def _continues(text: str, ws: list[Word], k: int) -> bool:
    """Whether the name goes on after word ``k`` ("Risk Assessment Working Group")."""
    n = k + 1
    if n >= len(ws) or not _joined(text, ws[k], ws[n]):
        return False
    if ws[n].text in CONNECTORS and n + 1 < len(ws) and _joined(text, ws[n], ws[n + 1]):
        n += 1
    return _name_word(ws[n])


def clean(name: str) -> str:
    """A name without stray quotes or a final possessive, its spaces evened out.

    Examples
    --------
    >>> clean("'Exploitation'  Strategic Governance Group's")
    'Exploitation Strategic Governance Group'
    """
    return re.sub(r"\s+", " ", POSSESSIVE.sub("", _STRAY_QUOTE.sub("", name))).strip()


def _sentence_start(text: str, at: int) -> bool:
    return not text[:at].strip() or text[:at].rstrip()[-1] in ".!?:\n-"


def head_names(paragraph: CleanParagraph) -> Iterator[Found]:
    """Capitalised names that end in a head word.

    Examples
    --------
    >>> p = CleanParagraph(3, "It reports to the SOCEX Board and the Risk Assessment "
    ...                       "Working Group, as Operation Encompass does.")
    >>> [f.name for f in head_names(p)]
    ['SOCEX Board', 'Risk Assessment Working Group', 'Operation Encompass']
    """
    text, ws = paragraph.text, words(paragraph.text)
    for k, word in enumerate(ws):
        head = singular(word.text)
        if head not in HEADS or head in LEADING_HEADS or k == 0 or _continues(text, ws, k):
            continue
        j = _left_edge(text, ws, k)
        if not word.text[0].isupper():
            before = singular(ws[k - 1].text)
            if (head not in _ORG_HEADS or k - j < 2 or (before in HEADS and HEADS[before]
                                                        in ORG_CLASSES)):
                continue
        if k - j >= 1 and not (k - j == 1 and _sentence_start(text, ws[j].start)
                               and not word.text[0].isupper()):
            yield Found(paragraph.number, ws[j].start, word.end,
                        clean(text[ws[j].start:word.end]), "entity.head-word")
    for match in re.finditer(r"\b(?:Operation|Exercise|Team)(?: [A-Z][\w-]*)+", text):
        yield Found(paragraph.number, match.start(), match.end(), match.group(),
                    "entity.head-word")


def from_abbreviation(paragraph: CleanParagraph, abbreviation: Abbreviation) -> Found:
    """The name an abbreviation defines, its span covering the definition.

    Examples
    --------
    >>> from spr_graph.papers.draft.names_abbrev import abbreviations
    >>> p = CleanParagraph(9, "The Kellby Local Resilience Forum (LRF) meets.")
    >>> from_abbreviation(p, abbreviations(p)[0]).name
    'Kellby Local Resilience Forum'
    """
    text, quote = paragraph.text, abbreviation.quote
    ws = words(text)
    first = next((k for k, w in enumerate(ws) if w.start >= quote.start), None)
    start, end, name = quote.start, quote.end, abbreviation.long
    if first is not None and abbreviation.rule.endswith("schwartz-hearst"):
        start = ws[_left_edge(text, ws, first)].start
        name = clean(text[start:quote.start] + abbreviation.long)
        after = next((w for w in ws if w.start >= quote.end), None)
        if (head_class(name) is None and after is not None and not text[quote.end:
                after.start].strip() and singular(after.text) in _ORG_HEADS):
            end, name = after.end, f"{name} {clean(after.text)}"
    return Found(paragraph.number, start, end, name, "entity.abbreviation",
                 abbreviation.short, abbreviation.long)


def _descriptive(text: str, ws: list[Word], k: int, number: int) -> Found | None:
    """Lower-case words after the force's name (word ``k`` its last) ending in an
    organisation's head word: "WMP's evidence-based policing unit"."""
    for n in range(k + 1, min(k + 6, len(ws))):
        word, lower = ws[n], ws[n].text.lower()
        if not _joined(text, ws[n - 1], word) or lower in _STOP or lower in _VERBS:
            return None
        if n > k + 1 and word.text.islower() and singular(lower) in _ORG_HEADS:
            start = ws[k + 1].start
            return Found(number, start, word.end, clean(text[start:word.end]),
                         "entity.force-name")
        if word.text.islower() and lower.endswith("s") and not lower.endswith("ss"):
            return None
    return None


def force_names(paragraph: CleanParagraph, force_labels: Sequence[str]) -> Iterator[Found]:
    """The force's own descriptive names (``force_labels``: its names, longest first).

    Examples
    --------
    >>> p = CleanParagraph(5, "The WMP cyber-dependent investigation team works with "
    ...                       "Force CID, and the force tasking board meets.")
    >>> [f.name for f in force_names(p, ["WMP"])]
    ['cyber-dependent investigation team', 'tasking board', 'Force CID']
    """
    text, ws = paragraph.text, words(paragraph.text)
    ends = {w.end: n for n, w in enumerate(ws)}
    names = [*map(re.escape, force_labels), r"(?<=\b[Tt]he )force"]
    for match in re.finditer(rf"\b(?:{'|'.join(names)})(?:['\u2019]s)?(?!\w)", text):
        k = ends.get(match.end())
        if k is not None and (found := _descriptive(text, ws, k, paragraph.number)):
            yield found
    for k, word in enumerate(ws[:-1]):
        if word.text != "Force" or not (_name_word(ws[k + 1]) and _joined(text, word,
                                                                          ws[k + 1])):
            continue
        j = k + 1
        while j + 1 < len(ws) and _name_word(ws[j + 1]) and _joined(text, ws[j], ws[j + 1]):
            j += 1
        if j + 1 == len(ws) or not _joined(text, ws[j], ws[j + 1]):
            yield Found(paragraph.number, word.start, ws[j].end,
                        clean(text[word.start:ws[j].end]), "entity.force-name")


_LISTED = re.compile(r"\b(?:companies|businesses|organisations|partners|partnerships|agencies"
                     r"|bodies|charities|firms)\s+(?:including|such as)\s+([^.;:]+?)"
                     r"(?:\.(?:\s|$)|[;:]|$)")


def listed_names(paragraph: CleanParagraph) -> Iterator[Found]:
    """Capitalised names listed after "companies including", "partners such as"...

    Examples
    --------
    >>> p = CleanParagraph(8, "Support comes from companies including Lloyds, PWC and KPMG.")
    >>> [f.name for f in listed_names(p)]
    ['Lloyds', 'PWC', 'KPMG']
    """
    text = paragraph.text
    for match in _LISTED.finditer(text):
        offset = match.start(1)
        for item in re.finditer(r"[^,]+?(?=,|\s+and\s+|\s+or\s+|$)", match.group(1)):
            name = re.sub(r"^(?:\s*(?:and|or|the)\s+)+", "", item.group(), flags=re.I).strip()
            ws = words(name)
            if ws and len(ws) <= 5 and "(" not in name and all(
                    _name_word(w) or w.text in CONNECTORS for w in ws):
                start = offset + item.start() + item.group().index(name)
                yield Found(paragraph.number, start, start + len(name), name, "entity.listed")


def abbreviated_names(paragraph: CleanParagraph, shorts: dict[str, str]) -> Iterator[Found]:
    """Capitalised words before a defined short form that names a kind of body
    ("Economic Crime SGG", where "SGG" is a "Strategic Governance Group").

    Examples
    --------
    >>> p = CleanParagraph(2, "An Economic Crime SGG is in its infancy.")
    >>> [(f.name, f.long) for f in abbreviated_names(p, {"SGG": "Strategic Governance Group"})]
    [('Economic Crime SGG', 'Economic Crime Strategic Governance Group')]
    """
    text, ws = paragraph.text, words(paragraph.text)
    for k, word in enumerate(ws):
        long = shorts.get(POSSESSIVE.sub("", word.text))
        j = k
        while long and j > 0 and _name_word(ws[j - 1]) and ws[j - 1].text not in shorts \
                and _joined(text, ws[j - 1], ws[j]):
            j -= 1
        if long and j < k and not _continues(text, ws, k):
            prefix = clean(text[ws[j].start:ws[k - 1].end])
            yield Found(paragraph.number, ws[j].start, word.end,
                        clean(text[ws[j].start:word.end]), "entity.head-abbreviation",
                        long=f"{prefix} {long}")


def kind_names(paper: CleanPaper, register: Register) -> Iterator[Found]:
    """Generic names of the register's kinds other than forces' ("local authorities"),
    and names a kind's generic name opens ("Counter Terrorism Policing Lowlands East").

    Examples
    --------
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanSection
    >>> from spr_graph.papers.register import load_register
    >>> p = CleanParagraph(1, "Local authorities and Counter Terrorism Policing Lowlands East")
    >>> paper = CleanPaper(Path("p"), "text", [CleanSection("s", "S", None, [p])], True)
    >>> [f.name for f in kind_names(paper, load_register())]
    ['Counter Terrorism Policing Lowlands East', 'Counter Terrorism Policing', 'Local authorities']
    """
    for kind in register.kinds:
        if kind.rdf_type == SPR.PoliceForce:
            continue
        for generic in kind.generic_names:
            parts = generic.split()
            if len(parts) < 2:
                continue
            last = parts[-1][:-1] + "(?:y|ies)" if parts[-1].endswith("y") else parts[-1] + "s?"
            named = re.compile(r"\b" + re.escape(generic) + r"(?: [A-Z][\w-]*)+")
            plain = re.compile(r"\b" + r"\s+".join([*map(re.escape, parts[:-1]), last])
                               + r"\b", re.I)
            for p in paper.paragraphs:
                for m in [*named.finditer(p.text), *plain.finditer(p.text)]:
                    yield Found(p.number, m.start(), m.end(), m.group(), "entity.kind-name")


def outside_register(found: Found, text: str, register: Register,
                     region: str | None) -> Found | None:
    """``found`` unless it is the tail of a register name ("Her Majesty's Inspectorate
    ..."); without a register name before an "and" ("National Crime Agency and Child
    Exploitation ... Centre").

    Examples
    --------
    >>> from spr_graph.papers.register import load_register
    >>> text = "It works with the NCA and Kellby Partnership Board."
    >>> joined = Found(1, 18, 50, "NCA and Kellby Partnership Board", "entity.head-word")
    >>> outside_register(joined, text, load_register(), None).name
    'Kellby Partnership Board'
    """
    ws = words(text)
    k = next(n for n, w in enumerate(ws) if w.start >= found.start)
    for m in range(1, min(k, 4) + 1):
        if _BREAK.search(text[ws[k - m].end:ws[k - m + 1].start]):
            break
        if register.lookup(text[ws[k - m].start:found.end], region):
            return None
    raw = text[found.start:found.end]
    for conn in re.finditer(r"\s(?:and|&)\s", raw):
        if register.lookup(raw[:conn.start()], region):
            start = found.start + conn.end()
            return replace(found, start=start, name=clean(text[start:found.end]))
    return found
