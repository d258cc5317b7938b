"""The facts that are not edges, as frozen dataclasses the analysis modules take as plain
data: requirement statements, quantities, funding streams, SPR editions and their
crosswalk (read by :func:`spr_graph.graph.facts.read_facts`, which re-exports them).

Dates are :class:`Instant` values that keep the precision the paper gave: a year-only end
date counts as the end of that year, a year-month as the end of that month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from spr_graph.core.errors import InputError

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
    return iri[max(iri.rfind("/"), iri.rfind("#")) + 1:]


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
