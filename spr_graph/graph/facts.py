"""The seam for the facts that are not edges: requirement statements, quantities, funding
streams, SPR editions and their crosswalk, read through a :data:`~spr_graph.store.select.Select`
into frozen dataclasses that the analysis modules take as plain data.

Everything here is read with SPARQL only, so it works the same on files, ``--db`` and
``--endpoint``. Each fact carries ``paragraphs``: the numbers of the paragraphs whose
graphs state it. Concept values (five Cs, statuses, roles, units) are kept as the local
name of their IRI (``capacity``, ``in-place``, ``held``, ``officer``); entities (threats,
actors, partners, scopes, funders) as full IRIs.

Dates are :class:`Instant` values that keep the precision the paper gave: a year-only end
date counts as the end of that year, a year-month as the end of that month.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from spr_graph.core.errors import InputError

if TYPE_CHECKING:
    from spr_graph.core.rows import Select

TIME = "http://www.w3.org/2006/time#"
_PRECISION = {f"{TIME}inXSDDate": "date", f"{TIME}inXSDgYearMonth": "year-month",
              f"{TIME}inXSDgYear": "year"}
_LEXICAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:Z|[+-]\d{2}:\d{2})?$")


def local(iri: str) -> str:
    """The last segment of an IRI: ``.../evidence-status/in-place`` -> ``in-place``.

    Examples
    --------
    >>> local("https://w3id.org/spr-graph/def/spr#Threat")
    'Threat'
    """
    return re.split(r"[/#]", iri)[-1]


@dataclass(frozen=True)
class Instant:
    """A point in time as precise as the paper states it (``2020-03``, ``2021``, a date)."""

    value: str
    precision: str  # "date" | "year-month" | "year"

    def _parts(self) -> tuple[int, int | None, int | None]:
        match = _LEXICAL.match(self.value)
        expected = {"year": 1, "year-month": 2, "date": 3}[self.precision]
        if not match or sum(1 for g in match.groups() if g) != expected:
            raise InputError(f"'{self.value}' is not a valid {self.precision}",
                             hint="write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        return year or 0, month, day

    def first_day(self) -> date:
        year, month, day = self._parts()
        try:
            return date(year, month or 1, day or 1)
        except ValueError as exc:
            raise InputError(f"'{self.value}' is not a real date", hint=str(exc)) from exc

    def last_day(self) -> date:
        """The last day the instant covers: 2020-03 -> 2020-03-31, 2021 -> 2021-12-31."""
        year, month, day = self._parts()
        if day is not None:
            return self.first_day()
        month = month or 12
        try:
            return date(year, month, calendar.monthrange(year, month)[1])
        except (ValueError, calendar.IllegalMonthError) as exc:
            raise InputError(f"'{self.value}' is not a real month", hint=str(exc)) from exc

    def __str__(self) -> str:
        return self.value


def parse_instant(text: str) -> Instant:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as an :class:`Instant` (checked).

    An :class:`~spr_graph.core.errors.InputError` when ``text`` is not such a date, or
    not a real one (``2021-02-30``).

    Examples
    --------
    >>> parse_instant("2021-03")
    Instant(value='2021-03', precision='year-month')
    >>> parse_instant("2021-03").last_day(), parse_instant("2021").last_day()
    (datetime.date(2021, 3, 31), datetime.date(2021, 12, 31))
    """
    match = _LEXICAL.match(text.strip())
    if not match:
        raise InputError(f"'{text}' is not a date", hint="write YYYY-MM, YYYY or YYYY-MM-DD")
    parts = sum(1 for g in match.groups() if g)
    instant = Instant(text.strip(), ("year", "year-month", "date")[parts - 1])
    instant.last_day()
    return instant


@dataclass(frozen=True)
class Document:
    """A source paper: the force it reports on, the SPR edition it answers to, its date."""

    iri: str
    force: str | None
    edition: str | None
    date: str | None
    force_label: str | None = None
    sha256: str | None = None  # spr:sourceDigest: the SHA-256 of the paper's text


@dataclass(frozen=True)
class Statement:
    """A ``spr:RequirementStatement``: one C evidenced for some threats by actors, partners."""

    iri: str
    threats: tuple[str, ...]
    five_c: str | None
    status: str | None
    actors: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()
    quote: str | None = None
    paragraphs: tuple[int, ...] = ()
    force: str | None = None
    papers: tuple[str, ...] = ()  # the source documents whose paragraphs state it


@dataclass(frozen=True)
class Statements:
    """The requirement statements of one or more papers, with the threats those papers
    answer for (every threat of their SPR edition, stated about or not).

    This is the ``statements`` argument of :func:`spr_graph.analysis.gaps.gap_matrix` and
    :func:`~spr_graph.analysis.gaps.threats_without_connectivity`. Iterating yields the
    :class:`Statement` items.
    """

    items: tuple[Statement, ...]
    threats: tuple[str, ...]
    edition: str | None = None

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def for_force(self, force: str | None) -> Statements:
        """Only the statements of papers about ``force`` (all of them when it is None)."""
        if force is None:
            return self
        return replace(self, items=tuple(s for s in self.items if s.force in (None, force)))


@dataclass(frozen=True)
class Quantity:
    """A ``spr:CapabilityQuantity``: a value of some role (required, held...) at a date."""

    iri: str
    label: str
    of: tuple[str, ...]
    value: Decimal
    unit: str | None
    role: str | None
    scope: str | None
    as_at: Instant | None = None
    approximation: str | None = None
    status: str | None = None
    paragraphs: tuple[int, ...] = ()
    papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FundingStream:
    """A ``spr:FundingStream``: who pays whom for what, and until when."""

    iri: str
    label: str
    funders: tuple[str, ...]
    recipients: tuple[str, ...]
    pays: tuple[str, ...]
    value: Decimal | None = None
    unit: str | None = None
    start: Instant | None = None
    end: Instant | None = None
    status: str | None = None
    replaces: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    papers: tuple[str, ...] = ()

    @property
    def dependents(self) -> tuple[str, ...]:
        """What stops being paid when the stream stops: what it pays for, else its recipients."""
        return self.pays or self.recipients


#: The 5 Cs in the SPR's order, for graphs that do not carry the ontology.
FIVE_CS = ("capacity", "contribution", "capability", "consistency", "connectivity")


@dataclass(frozen=True)
class Vocabulary:
    """The SPR editions, their threats and crosswalk, the 5 Cs, and labels for display."""

    #: edition scheme IRI -> its threat IRIs, sorted
    editions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (threat, "exact" | "close", threat) for every skos:exactMatch / closeMatch
    crosswalk: tuple[tuple[str, str, str], ...] = ()
    #: the 5 Cs as local names, in their notation order
    five_cs: tuple[str, ...] = FIVE_CS
    #: labels of threats, editions, Cs, units of measure, quantities, funding streams and
    #: what quantities count or are scoped to
    labels: dict[str, str] = field(default_factory=dict)

    def edition(self, name: str) -> str:
        """The edition scheme IRI for ``2023``, ``spr-2023``, ``scheme:spr-2023`` or an IRI."""
        wanted = name.strip().casefold()
        for iri in self.editions:
            short = local(iri).casefold()
            if wanted in (iri.casefold(), short, f"scheme:{short}", f"<{iri.casefold()}>") or \
                    short == f"spr-{wanted}":
                return iri
        known = ", ".join(local(e).removeprefix("spr-") for e in self.editions) or "none"
        raise InputError(f"unknown SPR edition '{name}'", hint=f"known editions: {known}")

    def matches(self, threat: str) -> list[tuple[str, str]]:
        """``(other threat, "exact" | "close")`` for every crosswalk link of ``threat``."""
        found = {(b, rel) for a, rel, b in self.crosswalk if a == threat}
        found |= {(a, rel) for a, rel, b in self.crosswalk if b == threat}
        return sorted(found)


@dataclass(frozen=True)
class Facts:
    """Everything :func:`read_facts` reads."""

    documents: tuple[Document, ...]
    statements: Statements
    quantities: tuple[Quantity, ...]
    funding: tuple[FundingStream, ...]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)


_STATEMENT_PROPS = ("threat", "fiveC", "evidenceStatus", "actor", "partner", "about",
                    "pillar", "quote")
_QUANTITY_PROPS = ("quantityOf", "value", "unitOfMeasure", "quantityRole", "scope", "asAt",
                   "approximation", "evidenceStatus")
_FUNDING_PROPS = ("funder", "recipient", "pays", "value", "unitOfMeasure", "startDate",
                  "endDate", "evidenceStatus")


@dataclass
class _Record:
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    paragraphs: set[int] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    def one(self, key: str) -> str | None:
        return min(self.values[key]) if self.values.get(key) else None

    def many(self, key: str) -> tuple[str, ...]:
        return tuple(sorted(self.values.get(key, ())))


def _records(select: Select, cls: str, props: Iterable[str],
             graphs: dict[str, tuple[int, str | None]]) -> dict[str, _Record]:
    """Every ``props`` value of every instance of ``cls``, with the paragraphs stating it."""
    values = " ".join(f"spr:{p}" for p in props)
    records: dict[str, _Record] = defaultdict(_Record)
    for row in select(f"""SELECT ?s ?p ?o ?g WHERE {{ ?s a {cls} .
            GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {values} skos:prefLabel dcterms:replaces }} }}"""):
        record = records[row["s"] or ""]
        key = re.split(r"[#/]", row["p"] or "")[-1]
        record.values[key].add(row["o"] or "")
        number, doc = graphs.get(row["g"] or "", (0, None))
        if number:
            record.paragraphs.add(number)
        if doc:
            record.docs.add(doc)
    return records


def _decimal(text: str | None, iri: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError(f"<{iri}> has spr:value '{text}', which is not a number",
                         hint="fix the literal; `spr-graph validate` names its paragraph") from None


def read_documents(select: Select) -> tuple[Document, ...]:
    """Every source paper of the store: its force (and its label), edition, date, digest."""
    rows = sorted(tuple(r[k] or "" for k in ("doc", "force", "edition", "date", "label", "sha"))
                  for r in select("""SELECT ?doc ?force ?edition ?date ?label ?sha WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc spr:force ?force
                OPTIONAL { ?force skos:prefLabel ?label } } OPTIONAL { ?doc spr:sourceDigest ?sha }
            OPTIONAL { ?doc spr:edition ?edition } OPTIONAL { ?doc dcterms:date ?date } }"""))
    docs = {doc: Document(doc, *(v or None for v in rest)) for doc, *rest in reversed(rows)}
    return tuple(docs[doc] for doc in sorted(docs))


def _vocabulary(select: Select) -> Vocabulary:
    editions: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in select("""SELECT ?e ?label WHERE { ?e a spr:SprEdition .
            OPTIONAL { ?e rdfs:label ?label } }"""):
        editions[row["e"] or ""]
        labels[row["e"] or ""] = row["label"] or local(row["e"] or "")
    for row in select("""SELECT ?t ?scheme ?label WHERE { ?t a spr:Threat ; skos:inScheme ?scheme .
            OPTIONAL { ?t skos:prefLabel ?label } }"""):
        editions[row["scheme"] or ""].add(row["t"] or "")
        labels[row["t"] or ""] = row["label"] or local(row["t"] or "")
    crosswalk = sorted({(row["a"] or "", "exact" if (row["rel"] or "").endswith("exactMatch")
                         else "close", row["b"] or "") for row in select(
        """SELECT ?a ?rel ?b WHERE { ?a ?rel ?b . ?a a spr:Threat . ?b a spr:Threat .
           VALUES ?rel { skos:exactMatch skos:closeMatch } }""")})
    cs: list[tuple[str, str]] = []
    for row in select("""SELECT ?c ?label ?notation WHERE { ?c a spr:FiveC .
            OPTIONAL { ?c skos:prefLabel ?label } OPTIONAL { ?c skos:notation ?notation } }"""):
        cs.append((row["notation"] or "9", local(row["c"] or "")))
        labels[local(row["c"] or "")] = row["label"] or local(row["c"] or "")
    for row in select("SELECT ?u ?label WHERE { ?u a spr:UnitOfMeasure ; skos:prefLabel ?label }"):
        labels[local(row["u"] or "")] = row["label"] or ""
    counted = {row["o"] or "": row["label"] or "" for row in select(  # places, categories...
        """SELECT DISTINCT ?o ?label WHERE { ?q spr:quantityOf|spr:scope ?o .
           ?o skos:prefLabel ?label } ORDER BY ?o DESC(?label)""")}  # the least label wins
    labels.update({iri: text for iri, text in counted.items() if iri not in labels})
    five_cs = tuple(dict.fromkeys(name for _, name in sorted(cs))) or FIVE_CS
    return Vocabulary({e: tuple(sorted(ts)) for e, ts in sorted(editions.items()) if e},
                      tuple(crosswalk), five_cs, labels)


def read_facts(select: Select) -> Facts:
    """Read statements, quantities, funding streams, editions and the crosswalk."""
    documents = read_documents(select)
    force_of = {d.iri: d.force for d in documents}
    graphs: dict[str, tuple[int, str | None]] = {}
    for row in select("""SELECT ?g ?n ?doc WHERE { ?g prov:wasDerivedFrom ?p .
            ?p spr:paragraphNumber ?n . OPTIONAL { ?p dcterms:isPartOf ?doc } }"""):
        graphs[row["g"] or ""] = (int(row["n"] or 0), row["doc"])
    instants: dict[str, Instant] = {}
    for row in select("""SELECT ?t ?p ?v WHERE { ?t ?p ?v
            VALUES ?p { time:inXSDDate time:inXSDgYearMonth time:inXSDgYear } }"""):
        instants[row["t"] or ""] = Instant(row["v"] or "", _PRECISION[row["p"] or ""])
    vocabulary = _vocabulary(select)
    labels = vocabulary.labels

    statements = []
    for iri, rec in sorted(_records(select, "spr:RequirementStatement", _STATEMENT_PROPS,
                                    graphs).items()):
        forces = sorted({f for d in rec.docs if (f := force_of.get(d))})
        statements.append(Statement(
            iri, rec.many("threat"), local(rec.one("fiveC") or "") or None,
            local(rec.one("evidenceStatus") or "") or None, rec.many("actor"),
            rec.many("partner"), rec.many("about"),
            tuple(sorted(local(p) for p in rec.many("pillar"))), rec.one("quote"),
            tuple(sorted(rec.paragraphs)), forces[0] if forces else None,
            tuple(sorted(rec.docs))))
    used = sorted({d.edition for d in documents if d.edition})
    threats = tuple(sorted({t for e in used for t in vocabulary.editions.get(e, ())}))

    quantities = []
    for iri, rec in sorted(_records(select, "spr:CapabilityQuantity", _QUANTITY_PROPS,
                                    graphs).items()):
        labels[iri] = rec.one("prefLabel") or local(iri)
        quantities.append(Quantity(
            iri, labels[iri], rec.many("quantityOf"),
            _decimal(rec.one("value"), iri) or Decimal(0),
            local(rec.one("unitOfMeasure") or "") or None,
            local(rec.one("quantityRole") or "") or None, rec.one("scope"),
            instants.get(rec.one("asAt") or ""), rec.one("approximation"),
            local(rec.one("evidenceStatus") or "") or None, tuple(sorted(rec.paragraphs)),
            tuple(sorted(rec.docs))))

    funding = []
    for iri, rec in sorted(_records(select, "spr:FundingStream", _FUNDING_PROPS,
                                    graphs).items()):
        labels[iri] = rec.one("prefLabel") or local(iri)
        funding.append(FundingStream(
            iri, labels[iri], rec.many("funder"), rec.many("recipient"), rec.many("pays"),
            _decimal(rec.one("value"), iri), local(rec.one("unitOfMeasure") or "") or None,
            instants.get(rec.one("startDate") or ""), instants.get(rec.one("endDate") or ""),
            local(rec.one("evidenceStatus") or "") or None, rec.many("replaces"),
            tuple(sorted(rec.paragraphs)), tuple(sorted(rec.docs))))

    return Facts(documents, Statements(tuple(statements), threats, used[0] if len(used) == 1
                                       else None),
                 tuple(quantities), tuple(funding), vocabulary)
