"""Names in a paper: the abbreviations it defines, the entities it defines, and every
mention of an organisation linked to the register or to those entities.

:func:`abbreviations` (:mod:`.names_abbrev`, Schwartz-Hearst), :func:`own_entities` and
:func:`force_region` (:mod:`.names_own`) are re-exported here; :func:`mentions` links
names to IRIs:

- One matcher per paper: every label key of the register's bodies and of the paper's
  entities, indexed by its first word and its length in words. Each paragraph is read
  once, left to right; at each word the longest label starting there wins, so mentions
  never overlap ("West Midlands Regional Organised Crime Unit" is one mention, not two).
- The register's case rules hold (:func:`~spr_graph.papers.register.label_key`): a
  one-word name such as ``CPS`` matches only in its own case.
- The paper's own entities win over the register for the same words: a paper's "LRF"
  defined as its "Kellby Local Resilience Forum (LRF)" is that forum.
- A generic label ("ROCU", "the LRF", "Fire Service") names one body only through the
  ``region`` (the force's ``reg:policeRegion``). Without a region, with several bodies
  in it, or in the plural ("ROCUs"), the mention is ambiguous: ``iri=None`` and
  ``candidates`` lists them. Written all in lower case ("a regional counter terrorism
  unit") it describes rather than names, and is not a mention.
- A force area's name ("Staffordshire") is a force only where a force is meant: before
  "police", "constabulary" or "forces", or in a list with another organisation
  ("ROCU and West Mercia, Warwickshire and Staffordshire"); otherwise it is a place.
- "the Force", "the force" and a capitalised "Force" are the paper's own force.

Rules: ``mention.register``, ``mention.register-generic``, ``mention.force-area``,
``mention.own``, ``mention.own-force`` and ``mention.ambiguous``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spr_graph.core.namespaces import SPR
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph
from spr_graph.papers.draft.model import Entity, Mention, Quote
from spr_graph.papers.draft.names_abbrev import abbreviations
from spr_graph.papers.draft.names_own import force_region, own_entities
from spr_graph.papers.draft.names_text import POSSESSIVE, Word, words
from spr_graph.papers.register import Entry, Register, label_key

__all__ = ["abbreviations", "force_region", "mentions", "own_entities"]

_SPAN_BREAK = re.compile(r"[;:()\[\]\n]|\.\s")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+)")
_FORCE_WORDS = re.compile(r"\s+(?:police|constabulary|constabularies|forces?)\b", re.I)
_NOT_THE_FORCE = frozenset({"area", "areas", "wide", "boundary", "boundaries"})
#: label_key, remembered: a paper repeats its words and names.
_key = lru_cache(maxsize=65536)(label_key)


@dataclass
class _Hit:
    """A mention found, and whether it is a force area's name awaiting a force context."""

    mention: Mention
    area: bool = False


@dataclass
class _Matcher:
    """Every label of the register and of the paper's entities, indexed once per paper."""

    register: Register
    region: str | None
    own: dict[str, tuple[str, ...]]
    own_names: dict[str, str]
    lengths: dict[str, tuple[int, ...]]
    names: dict[str, frozenset[str]]
    areas: frozenset[str]
    force: str | None = None
    _cache: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def build(cls, register: Register, own: Sequence[Entity], region: str | None,
              force: str | None) -> _Matcher:
        lengths: dict[str, set[int]] = defaultdict(set)
        own_keys: dict[str, set[str]] = defaultdict(set)
        for entity in own:
            for label in (entity.label, *entity.alt_labels):
                own_keys[label_key(label)].add(entity.iri)
        names = {e.iri: frozenset(map(label_key, e.labels)) for e in register.entries}
        keys = [k for e in register.entries for k in
                (*names[e.iri], *map(label_key, e.generic_labels))]
        for key in [*keys, *own_keys]:
            if key:
                lengths[key.split()[0].casefold()].add(len(key.split()))
        return cls(register, region, {k: tuple(sorted(v)) for k, v in own_keys.items()},
                   {e.iri: e.label for e in own},
                   {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
                   names, _areas(register), force)

    def lookup(self, text: str) -> list[Entry]:
        if text not in self._cache:
            self._cache[text] = self.register.lookup(text, self.region)
        return self._cache[text]

    def paragraph(self, paragraph: CleanParagraph) -> list[Mention]:
        """The paragraph's mentions, left to right, longest first, none overlapping."""
        text, ws = paragraph.text, words(paragraph.text)
        hits: list[_Hit] = []
        i = 0
        while i < len(ws):
            found, n = self._at(paragraph, ws, i)
            if not found and (hit := self._own_force(paragraph, ws, i)) is not None:
                found, n = [hit], 1
            hits += found
            i += max(n, 1)
        return [h.mention for h in _forces_meant(text, hits)]

    def _at(self, paragraph: CleanParagraph, ws: list[Word], i: int
            ) -> tuple[list[_Hit], int]:
        """The longest label starting at word ``i`` (its mentions), and its length."""
        text = paragraph.text
        if ws[i].text.lower() == "the":
            return [], 1
        for n in self.lengths.get(_key(ws[i].text).casefold(), ()):
            if i + n > len(ws):
                continue
            start, end = ws[i].start, ws[i + n - 1].end
            span = text[start:end]
            if n > 1 and _SPAN_BREAK.search(span):
                continue
            quote = Quote(paragraph.number, start, end, span)
            key = _key(span)
            if key in self.own:
                return self._own(paragraph, ws[i:i + n], self.own[key]), n
            entries = self.lookup(span)
            if entries and (hit := self._register(quote, key, entries)) is not None:
                return [hit], n
        return [], 1

    def _own(self, paragraph: CleanParagraph, span: list[Word], iris: tuple[str, ...]
             ) -> list[_Hit]:
        """A mention of the paper's own entity; a name opening with a body's one-word
        name ("WMCTU Organisational Learning Board") mentions that body too."""
        text, number = paragraph.text, paragraph.number
        hits = []
        if len(span) > 1 and (owner := self._one_word(span[0].text)) is not None:
            first = span[0]
            hits.append(_Hit(self._linked(Quote(number, first.start, first.end, first.text),
                                          owner, "mention.register")))
            span = span[1:]
        start, end = span[0].start, span[-1].end
        hits.append(_Hit(self._linked(Quote(number, start, end, text[start:end]), iris,
                                      "mention.own")))
        return hits

    def _one_word(self, word: str) -> tuple[str, ...] | None:
        key = _key(word)
        if " " in key or not key.isupper():
            return None
        if key in self.own:
            return self.own[key]
        named = [e.iri for e in self.lookup(word) if key in self.names[e.iri]]
        return tuple(named) or None

    def _register(self, quote: Quote, key: str, entries: list[Entry]) -> _Hit | None:
        named = [e for e in entries if key in self.names[e.iri]]
        if named:
            iris = tuple(e.iri for e in named)
            area = key in self.areas and all(e.rdf_type == SPR.PoliceForce for e in named)
            return _Hit(self._linked(quote, iris, "mention.force-area" if area
                                     else "mention.register"), area)
        if quote.text.islower():
            return None
        if self.region is None or _plural(quote.text, key):
            everyone = self.register.lookup(quote.text)
            return _Hit(Mention(quote, "mention.ambiguous", None, quote.text,
                                tuple(e.iri for e in everyone)))
        return _Hit(self._linked(quote, tuple(e.iri for e in entries),
                                 "mention.register-generic"))

    def _linked(self, quote: Quote, iris: tuple[str, ...], rule: str) -> Mention:
        if len(iris) > 1:
            return Mention(quote, "mention.ambiguous", None, quote.text, iris)
        entry = self.register.get(iris[0])
        label = entry.name if entry is not None else self.own_names.get(iris[0], quote.text)
        return Mention(quote, rule, iris[0], label)

    def _own_force(self, paragraph: CleanParagraph, ws: list[Word], i: int) -> _Hit | None:
        """"the Force", "the force", "the force's" or a capitalised "Force"."""
        if self.force is None or not ws[i].text.lower().startswith("force"):
            return None
        word = _key(ws[i].text)
        if word.lower() != "force":
            return None
        after = ws[i + 1].text.lower() if i + 1 < len(ws) else ""
        before = ws[i - 1].text.lower() if i > 0 else ""
        if after in _NOT_THE_FORCE or (word == "force" and before not in {"the", "our"}):
            return None
        start = ws[i - 1].start if before in {"the", "our"} else ws[i].start
        quote = Quote(paragraph.number, start, ws[i].end, paragraph.text[start:ws[i].end])
        return _Hit(self._linked(quote, (self.force,), "mention.own-force"))


def _plural(text: str, key: str) -> bool:
    """Whether a name is written in the plural ("ROCUs"): the kind, not one body."""
    last = POSSESSIVE.sub("", text.split()[-1])
    return last.endswith("s") and last.casefold() != key.split()[-1].casefold()


def _areas(register: Register) -> frozenset[str]:
    """Label keys that are a force area's name: a force's label that its other labels
    extend with a word of its kind ("Staffordshire" beside "Staffordshire Police")."""
    def plain(label: str) -> str:
        return " ".join(label.casefold().replace("-", " ").split())

    tails = {plain(g) for k in register.kinds if k.rdf_type == SPR.PoliceForce
             for g in k.generic_names} | {"police", "constabulary"}
    return frozenset(label_key(label) for entry in register.entries
                     if entry.rdf_type == SPR.PoliceForce for label in entry.labels
                     if any(plain(other) in {f"{plain(label)} {t}" for t in tails}
                            for other in entry.labels))


def _forces_meant(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Drop each force area's name that no force context makes a force: a list of
    names joined by commas and "and" holding another organisation, or followed by
    "police", "constabulary" or "forces"."""
    groups: list[list[_Hit]] = []
    for hit in hits:
        if groups and _LIST_GAP.fullmatch(text[groups[-1][-1].mention.quote.end:
                                               hit.mention.quote.start]):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    kept = []
    for group in groups:
        meant = (any(not h.area and h.mention.iri for h in group)
                 or bool(_FORCE_WORDS.match(text, group[-1].mention.quote.end)))
        kept += [h for h in group if meant or not h.area]
    return kept


def _force_of(paper: CleanPaper, register: Register, own: Sequence[Entity]) -> str | None:
    """The paper's force: its own police force entity, else the register's body of the
    name the paper was guessed to be by."""
    for entity in own:
        if entity.rdf_type == SPR.PoliceForce:
            return entity.iri
    hits = register.lookup(paper.force.value) if paper.force else []
    forces = [e for e in hits if e.rdf_type == SPR.PoliceForce]
    return forces[0].iri if len(forces) == 1 else None


def mentions(paper: CleanPaper, register: Register, own: Sequence[Entity] = (),
             region: str | None = None, force: str | None = None) -> list[Mention]:
    """Every name of an organisation (or of one of the paper's own entities) in each
    paragraph of ``paper``, linked to an IRI, or ambiguous with its candidates.

    Parameters
    ----------
    paper : CleanPaper
        The cleaned paper.
    register : Register
        The national register.
    own : sequence of Entity
        The paper's own entities (:func:`own_entities`); their labels win over the
        register's for the same words.
    region : str, optional
        The force's police region (an IRI or ``place:...``), through which a generic
        label names one body. Without it a generic label is ambiguous.
    force : str, optional
        The paper's force (an IRI), which "the Force" names. Without it, the paper's own
        police force entity, else the register's force of the name the paper was
        guessed to be by.

    Returns
    -------
    list of Mention
        In paragraph order, then text order.

    Examples
    --------
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanSection
    >>> from spr_graph.papers.register import load_register
    >>> text = "The Force works with the NCA, the ROCU and Staffordshire police."
    >>> paper = CleanPaper(Path("p.txt"), "text",
    ...                    [CleanSection("s", "S", None, [CleanParagraph(1, text)])], True)
    >>> register = load_register()
    >>> force = register.get("ag:wmp")
    >>> [(m.quote.text, m.iri and m.iri.rsplit("/", 1)[-1], len(m.candidates))
    ...  for m in mentions(paper, register, [Entity(Quote(1, 0, 0, ""), "x", force.iri,
    ...                    force.rdf_type, force.name)])]  # doctest: +NORMALIZE_WHITESPACE
    [('The Force', 'wmp', 0), ('NCA', 'nca', 0), ('ROCU', None, 9),
     ('Staffordshire police', 'staffordshire-police', 0)]
    >>> [m.iri.rsplit("/", 1)[-1] for m in mentions(paper, register,
    ...                                             region="place:south-west-region")][:2]
    ['nca', 'zephyr']
    """
    matcher = _Matcher.build(register, own, region, force or _force_of(paper, register, own))
    return [m for p in paper.paragraphs for m in matcher.paragraph(p)]
