"""Words of a paragraph as the register sees them, and what a name's head word says.

Shared by :mod:`.names_abbrev`, :mod:`.names_own` and :mod:`.names`: :func:`words` splits
a text where :func:`spr_graph.papers.register.label_key` splits a label (spaces, hyphens,
dashes, slashes; ``&`` is a word of its own), so that a run of words is a candidate name
whose key can be looked up; :data:`HEADS` maps a name's head word to its class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spr_graph.core.namespaces import BASE, ORG, SPR
from spr_graph.papers.register import _singular

_WORD = re.compile(r"[^\s\-\u2010-\u2014/.,;:()\[\]\"\u201c\u201d&!?]+|&")
_QUOTES = "'\u2018\u2019`"
#: A possessive ending: "NCA's", "Commissioners'".
POSSESSIVE = re.compile(r"['\u2019]s?$")
#: The words that join the words of a name ("Office of the Police and Crime Commissioner").
CONNECTORS = frozenset({"of", "and", "&", "for", "the"})

#: The classes that make an entity an organisation (the measure counts only these).
ORG_CLASSES = frozenset({SPR.PoliceForce, SPR.PoliceUnit, SPR.Collaboration,
                         SPR.PartnerAgency, SPR.GovernanceBoard, ORG.Organization})

#: Head word (lower case, singular) -> class. Organisations first, then the rest.
HEADS: dict[str, str] = {
    **dict.fromkeys(("unit", "team", "squad", "department", "branch", "academy", "bureau",
                     "command", "directorate", "division", "desk", "section", "hub",
                     "centre", "center", "cell", "function"), SPR.PoliceUnit),
    **dict.fromkeys(("board", "group", "meeting", "forum", "panel", "committee",
                     "subgroup", "conference", "council"), SPR.GovernanceBoard),
    **dict.fromkeys(("partnership", "network", "collaboration", "alliance", "consortium"),
                    SPR.Collaboration),
    **dict.fromkeys(("agency", "service", "office", "authority", "commission", "trust",
                     "inspectorate", "company"), SPR.PartnerAgency),
    **dict.fromkeys(("programme", "program", "project"), SPR.Programme),
    "strategy": SPR.Strategy, "plan": SPR.Plan, "operation": SPR.Operation,
    "exercise": SPR.Exercise, **dict.fromkeys(("system", "database", "app"), SPR.System),
    **dict.fromkeys(("suite", "facility"), SPR.Facility),
    "assessment": SPR.Assessment, "act": SPR.Legislation,
    **dict.fromkeys(("manual", "report", "guidance", "framework"), SPR.Document),
}
#: Heads that open the name instead of closing it: "Operation Encompass".
LEADING_HEADS = frozenset({"operation", "exercise"})
#: Words that make a unit or hub a collaboration of several bodies.
SHARED = re.compile(r"\b(?:multi[\s-]?agency|joint|partnership|multi[\s-]?force)\b", re.I)
#: The collection of each class's IRIs (CURATION.md): ag:, ini:, sys:, fac:, doc:.
COLLECTIONS: dict[str, str] = {
    **dict.fromkeys(ORG_CLASSES, "organisation"),
    **dict.fromkeys((SPR.Programme, SPR.Strategy, SPR.Plan, SPR.Operation, SPR.Exercise),
                    "initiative"),
    SPR.System: "system", SPR.Facility: "facility", ORG.Post: "post",
    **dict.fromkeys((SPR.Assessment, SPR.Legislation, SPR.Document), "document"),
}


@dataclass(frozen=True)
class Word:
    """One word of a text: where it starts and ends, and its text."""

    start: int
    end: int
    text: str


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets, quotes trimmed (a possessive kept).

    Examples
    --------
    >>> [w.text for w in words("the NCA's 'blue-light' Fire & Rescue")]
    ['the', "NCA's", 'blue', 'light', 'Fire', '&', 'Rescue']
    """
    return list(_words(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[Word, ...]:
    found = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        while start < end and text[start] in _QUOTES:
            start += 1
        while end > start + 1 and text[end - 1] in _QUOTES and text[end - 2] != "s":
            end -= 1
        if start < end and text[start:end] not in _QUOTES:
            found.append(Word(start, end, text[start:end]))
    return tuple(found)


def singular(word: str) -> str:
    """A head word's singular in lower case (``Boards`` -> ``board``, ``Authorities``
    -> ``authority``), possessives dropped: the last word of a :func:`label_key`.

    Examples
    --------
    >>> singular("Authorities"), singular("Hubs"), singular("Policing's"), singular("Unit")
    ('authority', 'hub', 'policing', 'unit')
    """
    return _singular(POSSESSIVE.sub("", word.lower()))


def head_class(name: str) -> str | None:
    """The class a name's head word gives: its last word, or the word before ``of``
    ("Office of the ..."), or a first word that opens names ("Operation ...", "Team ...").

    Examples
    --------
    >>> head_class("Operations Resilience Unit") == SPR.PoliceUnit
    True
    >>> head_class("Office of the Police and Crime Commissioner") == SPR.PartnerAgency
    True
    >>> head_class("Operation Encompass") == SPR.Operation, head_class("Public Order")
    (True, None)
    """
    parts = [w.text for w in words(name)]
    if not parts:
        return None
    if len(parts) > 1 and parts[0].lower() in LEADING_HEADS | {"team"}:
        return HEADS[parts[0].lower()]
    if "of" in parts[1:]:
        before = singular(parts[parts.index("of", 1) - 1])
        if before in HEADS:
            return HEADS[before]
    return HEADS.get(singular(parts[-1]))


def iri_for(rdf_type: str, force_key: str, slug: str) -> str:
    """The IRI of a paper's own entity: its class's collection, qualified by the force.

    Examples
    --------
    >>> iri_for(SPR.PoliceUnit, "wmp", "operations-resilience-unit")
    'https://w3id.org/spr-graph/id/organisation/wmp-operations-resilience-unit'
    """
    return f"{BASE}id/{COLLECTIONS.get(rdf_type, 'organisation')}/{force_key}-{slug}"
