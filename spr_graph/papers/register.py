"""The national register: the bodies SPR papers name, looked up by any of their names.

The register is curated once (``register.ttl`` beside this module, carried in the wheel)
and shared by every paper, so that the NCA of one force's paper is the NCA of another's.
``--register FILE`` adds bodies or names to it. :func:`load_register` reads it into an
immutable :class:`Register`; :meth:`Register.lookup` finds the bodies a name may denote.

Matching rules, the same for the register's labels and for the text looked up:

- A one-word name (an abbreviation such as ``CPS``, a brand such as ``Tarian``, a force
  area such as ``Kent``) matches only in its exact case: ``cps`` is not the CPS. A name
  of several words matches in any case.
- Typography does not matter: ``&`` is ``and``, hyphens and dashes are spaces, curly and
  straight apostrophes are one, a leading "the" and full stops and commas are dropped.
- Possessives and plurals are tolerated: ``NCA's``, ``ROCUs``, "Police and Crime
  Commissioners'" match ``NCA``, ``ROCU``, "Police and Crime Commissioner".
- A generic label ("ROCU", "Local Resilience Forum", "Fire Service") is shared by every
  body of a kind. Given a region, it picks out the bodies of that region only; without
  one it returns them all. Ambiguity is reported (several entries), never guessed away.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox

from spr_graph.core.errors import InputError, Location
from spr_graph.core.namespaces import BASE, LEVEL, ORG, SKOS, SPR, Namespace, expand, shorten
from spr_graph.store.load import parse_file

__all__ = ["REGISTER_FILE", "Entry", "Kind", "Region", "Register", "label_key", "load_register"]

#: The bundled register, inside the package so that the wheel carries it.
REGISTER_FILE = Path(__file__).with_name("register.ttl")
#: The register's own terms (``reg:policeRegion``, ``reg:kind``, ``reg:genericLabel``).
REG = Namespace(f"{BASE}def/register#")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_KINDS_SCHEME = f"{BASE}id/scheme/organisation-kinds"
_ORG_CLASSES = (SPR.PoliceForce, SPR.PoliceUnit, SPR.Collaboration, SPR.PartnerAgency,
                SPR.GovernanceBoard, ORG.Organization, ORG.FormalOrganization,
                ORG.OrganizationalUnit, ORG.OrganizationalCollaboration)
_LEVELS = ("local", "regional", "national", "international")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_SEPARATORS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014/]")
_DROPPED = re.compile(r"[.,;:()\[\]\"\u201c\u201d]")
_ABBREVIATION_PLURAL = re.compile(r"^([A-Z][A-Za-z0-9]*[A-Z0-9])s$")


def _words(text: str) -> list[str]:
    """The words of a name: typography evened out, possessives and a leading 'the' dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).replace("&", " and ")
    words = _DROPPED.sub(" ", _SEPARATORS.sub(" ", text)).split()
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    return [w[:-2] if w.endswith("'s") else w.rstrip("'") for w in words if w.strip("'")]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def label_key(text: str) -> str:
    """The key under which a label is indexed and a mention is looked up.

    One word keeps its case (an abbreviation's plural ``s`` dropped); several words are
    case-folded, with the last made singular. Two texts match when their keys are equal.

    Examples
    --------
    >>> label_key("CPS"), label_key("the NCA's"), label_key("ROCUs")
    ('CPS', 'NCA', 'ROCU')
    >>> label_key("Police & Crime Commissioners'")
    'police and crime commissioner'
    >>> label_key("West Midlands Counter-Terrorism Unit") == label_key(
    ...     "west midlands counter terrorism units")
    True
    """
    words = _words(text)
    if len(words) < 2:
        return _ABBREVIATION_PLURAL.sub(r"\1", words[0]) if words else ""
    return " ".join([w.casefold() for w in words[:-1]] + [_singular(words[-1].casefold())])


@dataclass(frozen=True)
class Entry:
    """One body of the register.

    ``labels`` holds the official name first, then every other name (variants,
    abbreviations, former names, other languages, force-area names); ``generic_labels``
    the names it shares with its kind. ``kind`` and ``level`` are keys
    (``"territorial-force"``, ``"local"``); ``regions`` and ``parents`` are IRIs.
    """

    iri: str
    name: str
    rdf_type: str
    labels: tuple[str, ...]
    generic_labels: tuple[str, ...] = ()
    kind: str | None = None
    level: str | None = None
    regions: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The IRI's last segment, as in ``ag:{key}``."""
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Region:
    """A police region (one of the nine English regions, or Wales)."""

    iri: str
    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """A kind of body, with the generic names its bodies end with ("Fire Service"), and
    the class and level all its listed bodies share (None if they differ or none is)."""

    iri: str
    key: str
    name: str
    generic_names: tuple[str, ...]
    rdf_type: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Register:
    """The register's bodies, regions and kinds, indexed by every name (immutable)."""

    entries: tuple[Entry, ...]
    regions: tuple[Region, ...] = ()
    kinds: tuple[Kind, ...] = ()
    files: tuple[str, ...] = ()
    _by_iri: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    #: label key -> ((IRI, held as a generic label), ...)
    _index: Mapping[str, tuple[tuple[str, bool], ...]] = field(init=False, repr=False,
                                                               compare=False)

    def __post_init__(self) -> None:
        index: dict[str, set[tuple[str, bool]]] = defaultdict(set)
        for entry in self.entries:
            for label in entry.labels:
                index[label_key(label)].add((entry.iri, False))
            for label in entry.generic_labels:
                if (entry.iri, False) not in index[label_key(label)]:
                    index[label_key(label)].add((entry.iri, True))
        object.__setattr__(self, "_by_iri", MappingProxyType({e.iri: e for e in self.entries}))
        object.__setattr__(self, "_index", MappingProxyType(
            {key: tuple(sorted(hits)) for key, hits in index.items() if key}))

    def get(self, iri: str) -> Entry | None:
        """The entry of an IRI or prefixed name (``ag:nca``), or None.

        Examples
        --------
        >>> load_register().get("ag:nca").name
        'National Crime Agency'
        """
        return self._by_iri.get(expand(iri) or iri)

    def lookup(self, text: str, region: str | None = None) -> list[Entry]:
        """Every body ``text`` may name, in IRI order: none, one, or several (ambiguous).

        A body's own names always match. Its generic labels match only bodies of
        ``region`` (a region's IRI or prefixed name) when one is given.

        Examples
        --------
        >>> register = load_register()
        >>> [e.key for e in register.lookup("the NCA's")]
        ['nca']
        >>> register.lookup("nca")
        []
        >>> len(register.lookup("ROCU")) > 1
        True
        >>> [e.name for e in register.lookup("ROCU", region="place:west-midlands-region")]
        ['West Midlands Regional Organised Crime Unit']
        """
        hits = self._index.get(label_key(text), ())
        place = (expand(region) or region) if region else None
        iris = {iri for iri, generic in hits
                if not generic or place is None or place in self._by_iri[iri].regions}
        return [self._by_iri[iri] for iri in sorted(iris)]

    def ambiguous_labels(self) -> dict[str, tuple[str, ...]]:
        """Every label key that names several bodies, with their IRIs."""
        return {key: tuple(iri for iri, _ in hits)
                for key, hits in sorted(self._index.items()) if len(hits) > 1}

    def collisions(self) -> dict[str, tuple[str, ...]]:
        """Label keys shared by several bodies where some body holds it as its own name,
        not as a generic label: a curation slip in the bundled register, or a user's
        ``--register`` name that makes a lookup ambiguous."""
        return {key: tuple(iri for iri, _ in hits)
                for key, hits in sorted(self._index.items())
                if len(hits) > 1 and not all(generic for _, generic in hits)}

    def of_kind(self, kind: str) -> list[Entry]:
        """The bodies of one kind (its key, such as ``"territorial-force"``)."""
        return [e for e in self.entries if e.kind == kind]

    def kinds_for(self, name: str) -> list[Kind]:
        """The kinds whose generic names ``name`` ends with, longest match first, so that
        a body missing from the register can be classed ("Kent Resilience Forum").

        Examples
        --------
        >>> [k.key for k in load_register().kinds_for("Kent Fire and Rescue Service")]
        ['fire-and-rescue-service']
        >>> [k.key for k in load_register().kinds_for("the Staffordshire LRF")]
        ['local-resilience-forum']
        """
        words = _words(name)
        found = []
        for kind in self.kinds:
            longest = max((len(tail) for tail in map(_words, kind.generic_names)
                           if tail and _ends_with(words, tail)), default=0)
            if longest:
                found.append((-longest, kind.key, kind))
        return [kind for *_, kind in sorted(found)]


def _same_word(word: str, generic: str, last: bool) -> bool:
    """One word of a name against one of a generic name: an abbreviation in exact case."""
    if sum(c.isupper() for c in generic) > 1:
        return _ABBREVIATION_PLURAL.sub(r"\1", word) == generic
    word, generic = word.casefold(), generic.casefold()
    return _singular(word) == _singular(generic) if last else word == generic


def _ends_with(words: list[str], tail: list[str]) -> bool:
    n = len(tail)
    return len(words) >= n and all(_same_word(w, g, i == n - 1)
                                   for i, (w, g) in enumerate(zip(words[-n:], tail, strict=True)))


#################### Reading the files

_Term = ox.NamedNode | ox.Literal | ox.BlankNode
_Values = Mapping[_Term, Path]
_Facts = dict[str, dict[str, dict[_Term, Path]]]


def _facts(files: Iterable[tuple[Path, Iterable[ox.Quad]]]) -> _Facts:
    """subject -> predicate -> object -> the first file that states it (graphs merged)."""
    facts: _Facts = defaultdict(lambda: defaultdict(dict))
    for path, quads in files:
        for q in quads:
            if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple):
                facts[q.subject.value][q.predicate.value].setdefault(q.object, path)
    return facts


def _named(values: _Values) -> dict[str, Path]:
    return {v.value: path for v, path in values.items() if isinstance(v, ox.NamedNode)}


def _labels(values: _Values) -> dict[str, Path]:
    return {v.value: path for v, path in values.items()
            if isinstance(v, ox.Literal) and (v.language or "en").lower().startswith("en")}


def _texts(values: _Values) -> list[str]:
    return sorted(v.value for v in values if isinstance(v, ox.Literal))


def _one(subject: str, what: str, values: dict[str, Path], where: Location,
         hint: str) -> str | None:
    """The one value of a property, None without one; two or more is an error naming the
    files that state them (located in an added file rather than the bundled one)."""
    if len(values) > 1:
        shown = ", ".join(f"{shorten(v) if '://' in v else repr(v)} ({path})"
                          for v, path in sorted(values.items()))
        where = Location(str(max(values.values(), key=lambda p: p != REGISTER_FILE)))
        raise InputError(f"{shorten(subject)} has {len(values)} {what}: {shown}", where, hint)
    return next(iter(values), None)


def _entry(iri: str, props: Mapping[str, _Values]) -> Entry:
    types = props[_RDF_TYPE]
    where = Location(str(next(p for t, p in types.items() if t.value in _ORG_CLASSES)))
    classes = [c for c in _ORG_CLASSES if ox.NamedNode(c) in types]
    rdf_type = _one(iri, "spr classes", {c: types[ox.NamedNode(c)] for c in classes
                                          if c.startswith(str(SPR))}, where,
                    "give each body one of spr:PoliceForce, spr:PoliceUnit, spr:Collaboration, "
                    "spr:PartnerAgency, spr:GovernanceBoard") or classes[0]
    name = _one(iri, "English official names (skos:prefLabel)",
                _labels(props.get(SKOS.prefLabel, {})), where,
                "keep one as skos:prefLabel and give the others as skos:altLabel")
    if name is None:
        raise InputError(f"{shorten(iri)} has no English official name", where,
                         'give it skos:prefLabel "..."@en')
    level = _one(iri, "levels", _named(props.get(SPR.level, {})), where, "give one spr:level")
    if level is not None and level.removeprefix(str(LEVEL)) not in _LEVELS:
        raise InputError(f"{shorten(iri)} has spr:level {shorten(level)}, which is not a level",
                         where, "use level:local, level:regional, level:national or "
                         "level:international")
    kind = _one(iri, "kinds", _named(props.get(REG.kind, {})), where, "give one reg:kind")
    others = {t for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
              for t in _texts(props.get(p, {})) if t != name}
    return Entry(iri, name, rdf_type, (name, *sorted(others)),
                 tuple(_texts(props.get(REG.genericLabel, {}))),
                 kind.rsplit("/", 1)[-1] if kind else None,
                 level.removeprefix(str(LEVEL)) if level else None,
                 tuple(sorted(_named(props.get(REG.policeRegion, {})))),
                 tuple(sorted({*_named(props.get(ORG.subOrganizationOf, {})),
                               *_named(props.get(ORG.unitOf, {}))})))


def _kinds(facts: _Facts, entries: tuple[Entry, ...]) -> tuple[Kind, ...]:
    kinds = []
    for iri, props in sorted(facts.items()):
        if ox.NamedNode(_KINDS_SCHEME) not in props.get(SKOS.inScheme, {}):
            continue
        key = iri.rsplit("/", 1)[-1]
        members = [e for e in entries if e.kind == key]
        types = {e.rdf_type for e in members}
        levels = {e.level for e in members}
        names = sorted(_labels(props.get(SKOS.prefLabel, {})))
        kinds.append(Kind(iri, key, names[0] if names else key,
                          tuple(_texts(props.get(SKOS.altLabel, {}))),
                          types.pop() if len(types) == 1 else None,
                          levels.pop() if len(levels) == 1 else None))
    return tuple(kinds)


def _build(files: list[tuple[Path, Iterable[ox.Quad]]]) -> Register:
    facts = _facts(files)
    for iri, props in sorted(facts.items()):
        if SKOS.prefLabel in props and _RDF_TYPE not in props:
            raise InputError(f"{shorten(iri)} has a name but no class",
                             Location(str(next(iter(props[SKOS.prefLabel].values())))),
                             "give it a class, such as spr:PartnerAgency")
    entries = tuple(_entry(iri, props) for iri, props in sorted(facts.items())
                    if any(t.value in _ORG_CLASSES for t in props.get(_RDF_TYPE, {})))
    regions = tuple(
        Region(iri, names[0], tuple(_texts(props.get(SKOS.prefLabel, {}))
                                    + _texts(props.get(SKOS.altLabel, {}))))
        for iri, props in sorted(facts.items())
        if ox.NamedNode(SPR.Place) in props.get(_RDF_TYPE, {})
        and (names := sorted(_labels(props.get(SKOS.prefLabel, {})))))
    return Register(entries, regions, _kinds(facts, entries), tuple(str(p) for p, _ in files))


@cache
def _bundled_quads() -> tuple[ox.Quad, ...]:
    return tuple(parse_file(REGISTER_FILE))


@cache
def _bundled() -> Register:
    return _build([(REGISTER_FILE, _bundled_quads())])


def load_register(extra: Iterable[str | Path] = ()) -> Register:
    """The bundled register, with the bodies and names of ``extra`` files added.

    Extra files are RDF in any format :mod:`spr_graph.store.load` reads (Turtle, TriG...),
    written like ``register.ttl``; a body they share with the register gets their labels
    too. A syntax error raises :class:`~spr_graph.core.errors.ParseError` (an
    :class:`~spr_graph.core.errors.InputError`) naming file:line:column; a body without an
    English ``skos:prefLabel``, with two, or with two classes, levels or kinds raises
    :class:`~spr_graph.core.errors.InputError` naming the file. The bundled register alone
    is read once per process.

    Examples
    --------
    >>> register = load_register()
    >>> len(register.of_kind("territorial-force")), len(register.regions)
    (43, 10)
    >>> [e.name for e in register.lookup("Heddlu Gwent")]
    ['Gwent Police']
    """
    paths = [Path(p) for p in extra]
    if not paths:
        return _bundled()
    return _build([(REGISTER_FILE, _bundled_quads()), *((p, parse_file(p)) for p in paths)])
