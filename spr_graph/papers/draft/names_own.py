"""The entities a paper defines that the register does not hold: its units, boards,
programmes, strategies, plans, operations...

The candidates come from :mod:`.names_found` (abbreviations, capitalised names ending in
a head word, the force's descriptive names, the register's kind names), each with its
rule; the names one key denotes (:func:`~spr_graph.papers.register.label_key`: case,
plural and typography evened out) are one entity, anchored on its definition when an
abbreviation defines it. Two more rules: ``entity.head-word.initials`` when an
all-capitals word of the paper spells a head-word name's initials ("Public Protection
Unit" and "PPU"), and ``entity.force`` for the paper's force when the register lacks it.

The class comes from the register's kind for a name that ends like one ("... Local
Resilience Forum") or opens like one ("Counter Terrorism Policing ..."), else from the
head word (:data:`.names_text.HEADS`); a unit or hub of several agencies ("Multi Agency
Safeguarding Hub") is a collaboration; a force's descriptive name without a head word
("Force CID") is a police unit. A name opening with the force's own name ("WMP Force
Tasking and Delivery Board") is named without it: the IRI is already qualified by the
force (``ag:{force-key}-{slug}``), and the force is mentioned apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spr_graph.core.namespaces import SPR
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph, slug
from spr_graph.papers.draft.model import Abbreviation, Entity, Quote
from spr_graph.papers.draft.names_found import (
    Found,
    abbreviated_names,
    force_names,
    from_abbreviation,
    head_names,
    kind_names,
    listed_names,
    outside_register,
)
from spr_graph.papers.draft.names_text import (
    CONNECTORS,
    ORG_CLASSES,
    POSSESSIVE,
    SHARED,
    head_class,
    iri_for,
    singular,
    words,
)
from spr_graph.papers.register import Register, label_key

__all__ = ["force_region", "own_entities"]

#: The class of a name found by a rule that needs no head word.
_DEFAULT_CLASS = {"entity.force-name": SPR.PoliceUnit, "entity.listed": SPR.PartnerAgency}


def _level(name: str, rdf_type: str) -> str | None:
    if rdf_type not in ORG_CLASSES:
        return None
    lowered = name.lower()
    if "national" in lowered:
        return "national"
    return "regional" if "region" in lowered else "local"


def _initials(name: str) -> str:
    return "".join(w.text[0] for w in words(name)
                   if w.text.lower() not in CONNECTORS)


def _plural(name: str) -> bool:
    last = name.split()[-1]
    return last.endswith("s") and singular(last) != last.lower()


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _strip_force(name: str, force_labels: Sequence[str]) -> str:
    for label in force_labels:
        if name.startswith(label + " ") and len(name) > len(label) + 1:
            rest = name[len(label) + 1:]
            return rest if len(rest.split()) > 1 or rest.isupper() else name
    return name


class _Classes:
    """The class of a name, remembered for the paper: from the register's kind whose
    generic name ends the name ("... Local Resilience Forum") or opens it ("Counter
    Terrorism Policing ..."): the kind's class, else the class most of its listed bodies
    have, else a partner agency; failing a kind, from the head word. A unit or hub of
    several agencies is a collaboration."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.openers = [(label_key(g) + " ", k) for k in register.kinds
                        for g in k.generic_names if len(g.split()) > 1]
        self.known: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name not in self.known:
            rdf_type = self._kind(name) or head_class(name)
            if rdf_type == SPR.PoliceUnit and SHARED.search(name):
                rdf_type = SPR.Collaboration
            self.known[name] = rdf_type
        return self.known[name]

    def _kind(self, name: str) -> str | None:
        key = label_key(name)
        kinds = [*self.register.kinds_for(name),
                 *(k for opener, k in self.openers if key.startswith(opener))]
        for kind in kinds:
            if kind.rdf_type:
                return kind.rdf_type
            types = sorted(e.rdf_type for e in self.register.of_kind(kind.key))
            if types:
                return max(types, key=types.count)
        return SPR.PartnerAgency if kinds else None


def _held(register: Register, short: str, region: str | None) -> bool:
    """Whether a short form is the register's own name of a body (not a generic one)."""
    key = label_key(short)
    return any(key in {label_key(label) for label in e.labels}
               for e in register.lookup(short, region))


def _found(paper: CleanPaper, abbreviations: Sequence[Abbreviation], classes: _Classes,
           region: str | None, force_labels: Sequence[str]) -> list[Found]:
    """Every candidate name, in text order, those inside a register name left out."""
    register = classes.register
    by_number = {p.number: p for p in paper.paragraphs}
    found = [from_abbreviation(by_number[a.quote.paragraph], a) for a in abbreviations
             if a.quote.paragraph in by_number]
    shorts: dict[str, str] = {}
    for f in found:
        if f.short and classes(f.name) in ORG_CLASSES and head_class(f.name):
            shorts.setdefault(f.short, POSSESSIVE.sub("", f.name))
    for paragraph in paper.paragraphs:
        found += [*head_names(paragraph), *force_names(paragraph, force_labels),
                  *listed_names(paragraph), *abbreviated_names(paragraph, shorts)]
    found += kind_names(paper, register)
    kept = [f if f.rule in ("entity.abbreviation", "entity.force-name") else
            outside_register(f, by_number[f.paragraph].text, register, region)
            for f in found]
    return sorted((f for f in kept if f is not None), key=lambda f: (f.paragraph, f.start))


def _groups(found: list[Found], classes: _Classes, region: str | None,
            force_labels: Sequence[str]) -> dict[str, list[tuple[str, str, Found]]]:
    """label key -> [(name, class, found)...] for every name the register does not hold.

    A lower-case name read as a board or in the plural ("organised crime groups (OCGs)",
    "police support units (PSUs)") names a kind of thing, not a body: it joins a group
    that another rule found, but makes none of its own.
    """
    register = classes.register
    groups: dict[str, list[tuple[str, str, Found]]] = {}
    for f in found:
        name = _capitalised(_strip_force(f.name, force_labels))
        rdf_type = classes(name) or classes(f.long or "") or _DEFAULT_CLASS.get(f.rule)
        if (rdf_type is None or rdf_type == SPR.PoliceForce
                or (len(name.split()) < 2 and not f.short and f.rule != "entity.listed")
                or register.lookup(name, region)
                or (f.short and _held(register, f.short, region))):
            continue
        groups.setdefault(label_key(name), []).append((name, rdf_type, f))
    return {key: members for key, members in groups.items()
            if not all(_kind_of_thing(f, rdf_type) for _, rdf_type, f in members)}


def _kind_of_thing(f: Found, rdf_type: str) -> bool:
    return (f.name.islower() and f.rule in ("entity.abbreviation", "entity.head-word")
            and (rdf_type == SPR.GovernanceBoard or _plural(f.name)))


def _entity(members: list[tuple[str, str, Found]], by_number: dict[int, CleanParagraph],
            force_key: str) -> Entity:
    anchor = next((m for m in members if m[2].short), members[0])
    name, rdf_type, f = anchor
    text = by_number[f.paragraph].text
    alts = [m[2].short or "" for m in members] + [m[0] for m in members]
    alts += [m[2].long or "" for m in members if m[2].rule == "entity.head-abbreviation"]
    alt_labels = tuple(dict.fromkeys(a for a in alts if a and a.lower() != name.lower()))
    return Entity(Quote(f.paragraph, f.start, f.end, text[f.start:f.end]), f.rule,
                  iri_for(rdf_type, force_key, slug(name)), rdf_type, name, alt_labels,
                  _level(name, rdf_type))


def _with_initials(entities: list[Entity], paper: CleanPaper, register: Register,
                   region: str | None) -> list[Entity]:
    """Give a head-word entity the all-capitals word of the paper that spells its
    initials ("PPU" for "Public Protection Unit"), unless something else has it."""
    capitals = {label_key(w.text) for p in paper.paragraphs for w in words(p.text)
                if re.fullmatch(r"[A-Z][A-Z0-9]+(?:s|'s|\u2019s)?", w.text)}
    taken = {label_key(a) for e in entities for a in (e.label, *e.alt_labels)}
    wanted: dict[str, list[int]] = {}
    for n, entity in enumerate(entities):
        initials = _initials(entity.label)
        if (entity.rule == "entity.head-word" and entity.rdf_type in ORG_CLASSES
                and len(initials) > 2 and initials.isupper() and initials in capitals
                and initials not in taken and not register.lookup(initials, region)):
            wanted.setdefault(initials, []).append(n)
    result = list(entities)
    for initials, (n, *others) in wanted.items():
        if not others:
            result[n] = replace(result[n], rule="entity.head-word.initials",
                                alt_labels=(*result[n].alt_labels, initials))
    return result


def force_region(register: Register, force_iri: str) -> str | None:
    """The force's police region, when the register holds the force in exactly one.

    >>> from spr_graph.papers.register import load_register
    >>> force_region(load_register(), "ag:wmp").rsplit("/", 1)[-1]
    'west-midlands-region'
    """
    force = register.get(force_iri)
    return force.regions[0] if force is not None and len(force.regions) == 1 else None


def _force(paper: CleanPaper, force_iri: str) -> Entity:
    """The paper's force, for a force the register does not hold."""
    label = paper.force.value if paper.force else force_iri.rsplit("/", 1)[-1]
    for p in paper.paragraphs:
        if (at := p.text.find(label)) >= 0:
            return Entity(Quote(p.number, at, at + len(label), label), "entity.force",
                          force_iri, SPR.PoliceForce, label, (), "local")
    first = paper.paragraphs[0].number if paper.paragraphs else 1
    return Entity(Quote(first, 0, 0, ""), "entity.force", force_iri, SPR.PoliceForce, label,
                  (), "local")


def own_entities(paper: CleanPaper, abbreviations: Sequence[Abbreviation],
                 register: Register, force_iri: str) -> list[Entity]:
    """The entities ``paper`` defines that ``register`` does not hold, each once.

    Parameters
    ----------
    paper : CleanPaper
        The cleaned paper.
    abbreviations : sequence of Abbreviation
        The paper's abbreviations (:func:`.names_abbrev.abbreviations` of each paragraph).
    register : Register
        The national register; its bodies are never redefined.
    force_iri : str
        The paper's force. Its last segment qualifies every IRI minted here, its region
        resolves generic names, and its names are dropped from the front of a name.

    Returns
    -------
    list of Entity
        In order of first definition; the force first when the register lacks it.

    Examples
    --------
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanSection
    >>> from spr_graph.papers.register import load_register
    >>> from spr_graph.papers.draft.names_abbrev import abbreviations
    >>> text = ("The Operations Resilience Unit (ORU) reports to the SOCEX Board and "
    ...         "works with the Regional Organised Crime Unit (ROCU).")
    >>> paper = CleanPaper(Path("p.txt"), "text",
    ...                    [CleanSection("s", "S", None, [CleanParagraph(1, text)])], True)
    >>> found = own_entities(paper, abbreviations(paper.paragraphs[0]), load_register(),
    ...                      "https://w3id.org/spr-graph/id/organisation/wmp")
    >>> [(e.label, e.alt_labels, e.iri.rsplit("/", 1)[-1]) for e in found]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Operations Resilience Unit', ('ORU',), 'wmp-operations-resilience-unit'),
     ('SOCEX Board', (), 'wmp-socex-board')]
    """
    force = register.get(force_iri)
    region = force_region(register, force_iri)
    force_key = force_iri.rsplit("/", 1)[-1]
    force_labels = sorted(force.labels if force else
                          ([paper.force.value] if paper.force else []), key=len, reverse=True)
    by_number = {p.number: p for p in paper.paragraphs}
    classes = _Classes(register)
    found = _found(paper, abbreviations, classes, region, force_labels)
    groups = _groups(found, classes, region, force_labels)
    entities = [_entity(members, by_number, force_key) for members in groups.values()]
    entities = _with_initials(entities, paper, register, region)
    seen: dict[str, int] = {}
    for n, entity in enumerate(entities):
        seen[entity.iri] = seen.get(entity.iri, 0) + 1
        if seen[entity.iri] > 1:
            entities[n] = replace(entity, iri=f"{entity.iri}-{seen[entity.iri]}")
    return ([_force(paper, force_iri)] if force is None else []) + entities
