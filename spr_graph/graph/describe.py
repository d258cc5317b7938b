"""Everything the graph says about one entity, grouped as an analyst reads it.

:func:`describe` runs the catalogue query ``describe`` (``spr_graph/queries/describe.rq``,
so ``spr-graph query describe -p entity=ag:rocu`` gives the same rows) through the read
seam, looks up the labels, kinds and values of what the rows name, and groups them:
what the entity is (kind, labels, level, quotes, notes), its relations out and in, the
boards and posts it is linked to, the requirement statements it is actor or partner of
(by threat and C, with the other side), the quantities of it or scoped to it, the
funding streams it funds, receives or is paid by, and every paragraph that names it (in
its facts, or in its text by a label or abbreviation). Each row cites its paragraphs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spr_graph.core import resources
from spr_graph.core.errors import InputError
from spr_graph.core.namespaces import PREFIXES, SKOS, SPR, shorten
from spr_graph.core.paragraph_keys import paragraph_key
from spr_graph.core.rows import Row, Select
from spr_graph.graph.facts import FIVE_CS
from spr_graph.graph.facts import local as last_segment
from spr_graph.graph.reads import paper_ranks
from spr_graph.graph.search_index import most_specific_kind

RDF_TYPE = f"{PREFIXES['rdf']}type"
RDFS = PREFIXES["rdfs"]
#: Kinds whose links are listed as boards and posts rather than as relations.
BOARDS_AND_POSTS = frozenset({"board", "post"})
_ABOUT = {RDF_TYPE: "type", f"{SKOS}prefLabel": "label", f"{SKOS}altLabel": "alternative label",
          f"{SPR}level": "level", f"{SPR}evidenceStatus": "status",
          f"{SPR}addressesThreat": "addresses threat", f"{SPR}quote": "quote",
          f"{RDFS}comment": "note"}
_IRI_VALUED = frozenset({RDF_TYPE, f"{SPR}level", f"{SPR}evidenceStatus",
                         f"{SPR}addressesThreat"})
_DETAILS = {f"{SPR}{key}": name for key, name in (
    ("quantityRole", "role"), ("approximation", "approximately"), ("value", "value"),
    ("unitOfMeasure", "unit"), ("asAt", "as at"), ("startDate", "from"), ("endDate", "until"),
    ("evidenceStatus", "status"))}
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")
#: Given names, the paragraphs whose text may hold one, or None (see :func:`describe`).
Naming = Callable[[list[str]], "set[str] | None"]


@dataclass(frozen=True)
class Fact:
    """One thing said about the entity: a relation (``relation`` its IRI, ``name`` how it
    reads) to a value (an IRI, with its label and kind, or a literal), with details
    (a quantity's value, a stream's end) and the paragraphs stating it."""

    relation: str
    name: str
    value: str
    label: str
    kind: str
    paragraphs: tuple[int, ...]
    details: tuple[tuple[str, str], ...] = ()
    direction: str = "out"


@dataclass(frozen=True)
class Role:
    """A requirement statement the entity is actor or partner of, for one threat and C,
    with the other side (partners of an actor, actors of a partner)."""

    statement: str
    role: str
    threat: str
    threat_label: str
    five_c: str
    others: tuple[tuple[str, str], ...]
    status: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Mention:
    """A paragraph that names the entity: how many of its facts it states, and whether
    its text names it by a label or abbreviation."""

    paragraph: int
    section: str
    facts: int
    in_text: bool


@dataclass(frozen=True)
class Description:
    """Everything :func:`describe` found, section by section."""

    iri: str
    kind: str
    label: str
    about: tuple[Fact, ...]
    out: tuple[Fact, ...]
    into: tuple[Fact, ...]
    boards_and_posts: tuple[Fact, ...]
    statements: tuple[Role, ...]
    quantities: tuple[Fact, ...]
    funding: tuple[Fact, ...]
    paragraphs: tuple[Mention, ...]

    def facts(self) -> list[tuple[str, Fact]]:
        """Every fact but the statements, with its section's name."""
        return [(section, fact) for section, facts in (
            ("about", self.about), ("out", self.out), ("in", self.into),
            ("boards and posts", self.boards_and_posts), ("quantity", self.quantities),
            ("funding", self.funding)) for fact in facts]

    def as_dict(self) -> dict[str, object]:
        """The documented JSON (``spr-graph/describe/1``)."""
        def fact(f: Fact) -> dict[str, object]:
            return {"relation": f.relation, "name": f.name, "value": f.value, "label": f.label,
                    "kind": f.kind, "direction": f.direction, "details": dict(f.details),
                    "paragraphs": list(f.paragraphs)}

        return {"schema": "spr-graph/describe/1", "iri": self.iri, "kind": self.kind,
                "label": self.label, "about": [fact(f) for f in self.about],
                "out": [fact(f) for f in self.out], "in": [fact(f) for f in self.into],
                "boards_and_posts": [fact(f) for f in self.boards_and_posts],
                "statements": [{"statement": r.statement, "role": r.role, "threat": r.threat,
                                "threat_label": r.threat_label, "five_c": r.five_c,
                                "with": [{"iri": i, "label": label} for i, label in r.others],
                                "status": r.status, "paragraphs": list(r.paragraphs)}
                               for r in self.statements],
                "quantities": [fact(f) for f in self.quantities],
                "funding": [fact(f) for f in self.funding],
                "paragraphs": [{"paragraph": m.paragraph, "section": m.section,
                                "facts": m.facts, "in_text": m.in_text}
                               for m in self.paragraphs]}


def local(iri: str) -> str:
    """The last segment of an IRI, as a person reads it: ``org#unitOf`` -> ``unit of``.

    >>> local("http://www.w3.org/ns/org#subOrganizationOf"), local("https://x.org/t/2024-03")
    ('sub organization of', '2024-03')
    """
    name = last_segment(iri)
    return _spaced(name) if name[:1].islower() else name


def _spaced(name: str) -> str:
    """A camel-case name as lower-case words: ``subOrganizationOf`` -> ``sub organization of``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def query_text(iri: str) -> str:
    """The catalogue query ``describe`` with ``?entity`` bound to ``iri``.

    >>> "VALUES ?entity { <https://x.org/a> }" in query_text("https://x.org/a")
    True
    """
    if not _IRI.match(iri):
        raise InputError(f"'{iri}' is not an IRI to describe", hint="name an entity")
    text = (resources.queries_dir() / "describe.rq").read_text(encoding="utf-8")
    return text.replace("WHERE {", f"WHERE {{ VALUES ?entity {{ <{iri}> }}", 1)


class _Lookup:
    """Labels, kinds and details of the IRIs the rows name, read in one query."""

    def __init__(self, select: Select, iris: Iterable[str]) -> None:
        self.values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        wanted = sorted({i for i in iris if _IRI.match(i)})
        # A FILTER, not VALUES ?p: Oxigraph would join VALUES ?p first, reading every
        # type and label of the store (3 s at 1M quads), rather than the subjects' triples.
        keys = ", ".join(f"<{p}>" for p in (RDF_TYPE, f"{SKOS}prefLabel", f"{RDFS}label",
                                             f"{SKOS}altLabel", *_DETAILS))
        for start in range(0, len(wanted), 500):
            chunk = " ".join(f"<{i}>" for i in wanted[start:start + 500])
            for row in select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} "
                              f"?s ?p ?o FILTER(?p IN ({keys})) }}"):
                self.values[row["s"] or ""][row["p"] or ""].add(row["o"] or "")

    def one(self, iri: str, key: str) -> str:
        return min(self.values.get(iri, {}).get(key, ()), default="")

    def label(self, iri: str) -> str:
        return (self.one(iri, f"{SKOS}prefLabel") or self.one(iri, f"{RDFS}label")
                or shorten(iri))

    def kind(self, iri: str) -> str:
        types = self.values.get(iri, {}).get(RDF_TYPE, set())
        if not types:
            return ""
        return most_specific_kind(types) or _spaced(last_segment(min(types)))

    def details(self, iri: str) -> tuple[tuple[str, str], ...]:
        found = []
        for key, name in _DETAILS.items():
            value = self.one(iri, key)
            if value:
                found.append((name, local(value) if _IRI.match(value) else value))
        return tuple(found)


def _group(rows: Iterable[dict[str, str | None]], rank: dict[str, int]
           ) -> dict[tuple[str, ...], set[int]]:
    """Rows -> ``(section, relation, value, threat, fiveC, via)`` -> paragraph keys (the
    paper's ``rank`` and the number: :mod:`~spr_graph.core.paragraph_keys`)."""
    grouped: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for row in rows:
        key = tuple(row[k] or "" for k in ("section", "relation", "value", "threat", "fiveC",
                                           "via"))
        numbers = grouped[key]
        if row["paragraph"]:
            numbers.add(paragraph_key(rank.get(row["paper"] or ""), row["paragraph"]))
    return grouped


def _fact(lookup: _Lookup, key: tuple[str, ...], numbers: set[int]) -> Fact:
    section, relation, value = key[:3]
    literal = section == "about" and relation not in _IRI_VALUED
    name = _ABOUT.get(relation) if section == "about" else None
    return Fact(relation, name or lookup.one(relation, f"{RDFS}label") or local(relation), value,
                value if literal else lookup.label(value), "" if literal else lookup.kind(value),
                tuple(sorted(numbers)),
                lookup.details(value) if section in ("quantity", "funding") else (),
                "in" if section == "in" else "out")


def _roles(lookup: _Lookup, grouped: dict[tuple[str, ...], set[int]]) -> tuple[Role, ...]:
    """One :class:`Role` per statement, role, threat and C, the other side gathered."""
    others: dict[tuple[str, ...], set[str]] = defaultdict(set)
    numbers: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for (section, relation, value, threat, five_c, via), paragraphs in grouped.items():
        if section == "statement":
            key = (via, local(relation), threat, five_c)
            others[key].update([value] if value else [])
            numbers[key] |= paragraphs
    roles = [Role(via, role, threat, lookup.label(threat), local(five_c).capitalize(),
                  tuple(sorted(((o, lookup.label(o)) for o in others[key]),
                               key=lambda pair: pair[1])),
                  local(lookup.one(via, f"{SPR}evidenceStatus")), tuple(sorted(numbers[key])))
             for key in numbers for via, role, threat, five_c in [key]]
    order = {c.capitalize(): i for i, c in enumerate(FIVE_CS)}
    return tuple(sorted(roles, key=lambda r: (r.threat_label, order.get(r.five_c, 9), r.five_c,
                                              r.role, r.paragraphs, r.statement)))


def _naming(select: Select, wanted: list[str], naming: Naming | None) -> Iterator[Row]:
    """The paragraphs whose text holds one of the names ``wanted``, case aside: among
    those ``naming`` says may (the store's search index), else among all of them."""
    contains = " || ".join(f"CONTAINS(LCASE(?text), {json.dumps(n.lower())})" for n in wanted)

    def query(values: str = "") -> str:
        return (f"SELECT ?n ?section ?text ?doc WHERE {{ {values} ?paragraph "
                f"spr:paragraphNumber ?n ; spr:text ?text . FILTER({contains}) "
                f"OPTIONAL {{ ?paragraph spr:section ?section }} "
                f"OPTIONAL {{ ?paragraph dcterms:isPartOf ?doc }} }}")

    found = naming(wanted) if naming is not None else None
    if found is None or not all(_IRI.match(p) for p in found):
        yield from select(query())
        return
    chosen = sorted(found)
    for start in range(0, len(chosen), 500):
        iris = " ".join(f"<{p}>" for p in chosen[start:start + 500])
        yield from select(query(f"VALUES ?paragraph {{ {iris} }}"))


def _mentions(select: Select, iri: str, grouped: dict[tuple[str, ...], set[int]],
              names: Iterable[str], rank: dict[str, int], naming: Naming | None = None
              ) -> tuple[Mention, ...]:
    """The paragraphs stating the facts, and those whose text names the entity."""
    facts: dict[int, int] = defaultdict(int)
    for numbers in grouped.values():
        for n in numbers:
            facts[n] += 1
    sections: dict[int, set[str]] = defaultdict(set)
    def key(row: dict[str, str | None]) -> int:
        return paragraph_key(rank.get(row["doc"] or ""), row["n"])

    for row in select(f"""SELECT DISTINCT ?n ?section ?doc WHERE {{ VALUES ?entity {{ <{iri}> }}
            {{ GRAPH ?g {{ ?entity ?p ?o }} }} UNION {{ GRAPH ?g {{ ?o ?p ?entity }} }}
            ?g prov:wasDerivedFrom ?paragraph . ?paragraph spr:paragraphNumber ?n .
            OPTIONAL {{ ?paragraph spr:section ?section }}
            OPTIONAL {{ ?paragraph dcterms:isPartOf ?doc }} }}"""):
        sections[key(row)].add(row["section"] or "")
    wanted = sorted({n for n in names if len(n) > 1}, key=len, reverse=True)
    in_text: set[int] = set()
    if wanted:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, wanted)) + r")(?!\w)",
                             re.IGNORECASE)
        for row in _naming(select, wanted, naming):
            if pattern.search(row["text"] or ""):
                n = key(row)
                in_text.add(n)
                sections[n].add(row["section"] or "")
    return tuple(Mention(n, " / ".join(sorted(sections[n] - {""})), facts.get(n, 0),
                         n in in_text) for n in sorted(set(facts) | in_text))


def describe(select: Select, iri: str, naming: Naming | None = None) -> Description:
    """Everything the graph ``select`` reads says about ``iri`` (see the module doc).

    Parameters
    ----------
    select : Select
        The read seam over the graph.
    iri : str
        The entity's IRI (``spr_graph.Graph.node`` finds it from a name).
    naming : callable, optional
        Given names, the paragraphs whose text may hold one (a superset), or None when
        it cannot tell: the store's search index
        (:func:`~spr_graph.graph.search_index.paragraphs_naming`), so that only those
        paragraphs' texts are read. Default: every paragraph's text is read.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from spr_graph.store.select import store_select
    >>> store = ox.Store()
    >>> store.load(f'''<urn:g:1> {{ <urn:cid> a <{SPR}PoliceUnit> ;
    ...     <{SKOS}prefLabel> "Force CID" ; <http://www.w3.org/ns/org#unitOf> <urn:wmp> .
    ...     <urn:wmp> a <{SPR}PoliceForce> ; <{SKOS}prefLabel> "WMP" . }}
    ...     <urn:g:1> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:p1> .
    ...     <urn:p1> <{SPR}paragraphNumber> 19 ; <{SPR}text> "Force CID is part of WMP." .
    ...     ''', format=ox.RdfFormat.TRIG)
    >>> cid = describe(store_select(store), "urn:cid")
    >>> cid.kind, [(f.name, f.label, f.kind, f.paragraphs) for f in cid.out]
    ('unit', [('unit of', 'WMP', 'force', (19,))])
    >>> [(m.paragraph, m.facts, m.in_text) for m in cid.paragraphs]
    [(19, 3, True)]
    """
    rank = paper_ranks(select)
    grouped = _group(select(query_text(iri)), rank)
    iris = {iri} | {v for key in grouped for v in key[1:]
                    if v and not (key[0] == "about" and key[1] not in _IRI_VALUED and v == key[2])}
    lookup = _Lookup(select, iris)
    facts: dict[str, list[Fact]] = defaultdict(list)
    for key, numbers in grouped.items():
        if key[0] != "statement":
            fact = _fact(lookup, key, numbers)
            section = ("boards and posts" if key[0] in ("out", "in") and
                       fact.kind in BOARDS_AND_POSTS else key[0])
            facts[section].append(fact)
    order = {f"{SKOS}prefLabel": 0, f"{SKOS}altLabel": 1, RDF_TYPE: 2}
    about = sorted(facts["about"], key=lambda f: (order.get(f.relation, 3), f.name,
                                                  f.paragraphs, f.label))

    def by_name(section: str) -> tuple[Fact, ...]:
        return tuple(sorted(facts[section], key=lambda f: (f.name, f.label.casefold(),
                                                           f.paragraphs, f.value)))

    label = lookup.label(iri)
    names = [*([label] if label != shorten(iri) else []),
             *lookup.values.get(iri, {}).get(f"{SKOS}altLabel", ())]
    return Description(iri, lookup.kind(iri), label, tuple(about), by_name("out"),
                       by_name("in"), by_name("boards and posts"), _roles(lookup, grouped),
                       by_name("quantity"), by_name("funding"),
                       _mentions(select, iri, grouped, names, rank, naming))
