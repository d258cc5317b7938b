"""What drafting finds in a paper: each fact with its verbatim quote and the rule that made it.

Every rule of :mod:`spr_graph.papers.draft` returns these frozen dataclasses; the writer
(:mod:`.writer`) turns them into RDF in the paragraph's named graph, marked
machine-drafted with the rule (PROV), and the review keys decisions by :attr:`Fact.key`.
IRIs here are full IRIs (``https://w3id.org/spr-graph/id/organisation/nca``); concept
values are the local names of the ontology's schemes (``"required"``, ``"gbp"``,
``"in-place"``, ``"capacity"``).

>>> quote = Quote(12, 4, 31, "National Crime Agency (NCA)")
>>> Abbreviation(quote, "abbreviation.parenthesised", "NCA", "National Crime Agency").key
'abbreviation:p012:national-crime-agency-nca'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from spr_graph.papers.cleanpaper import slug


@dataclass(frozen=True)
class Quote:
    """A verbatim span of one paragraph's text: ``text == paragraph.text[start:end]``."""

    paragraph: int
    start: int
    end: int
    text: str


def key_words(text: str) -> str:
    """``text`` as the words of a key: accents folded, then :func:`cleanpaper.slug`.

    >>> key_words("Chief Constable's Café (CC)")
    'chief-constable-s-cafe-cc'
    """
    return slug(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode(), 48)


@dataclass(frozen=True)
class Fact:
    """What every drafted fact has: its quote and the rule that made it (``area.rule``)."""

    quote: Quote
    rule: str

    @property
    def kind(self) -> str:
        """The fact's kind: its class name in lower case (``quantity``, ``chair``...)."""
        return type(self).__name__.lower()

    @property
    def key(self) -> str:
        """A key that survives re-drafting: kind, paragraph and the quoted words (not the
        offsets, which move when a rule changes), so review decisions stay attached."""
        return f"{self.kind}:p{self.quote.paragraph:03d}:{key_words(self.quote.text)}"


@dataclass(frozen=True)
class Abbreviation(Fact):
    """``long (short)`` or ``short (long)`` defined in the text (Schwartz-Hearst)."""

    short: str
    long: str


@dataclass(frozen=True)
class Entity(Fact):
    """An entity the paper itself defines (its own units, boards, posts, programmes...):
    a class from the name's head word, both labels when an abbreviation defines it."""

    iri: str
    rdf_type: str
    label: str
    alt_labels: tuple[str, ...] = ()
    level: str | None = None


@dataclass(frozen=True)
class Mention(Fact):
    """A name in the text linked to the register or to one of the paper's entities.
    ``iri`` is None when the name is ambiguous: ``candidates`` says between what."""

    iri: str | None
    label: str
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantity(Fact):
    """A number of something: ``value`` ``unit`` (``officer``, ``psu``, ``count``,
    ``percent``, ``hour``...), its role (``required``, ``held``, ``target``,
    ``forecast``...) when a cue word gives it, ``approximation`` ("about", "just
    under"...), ``as_at`` an instant key (``2019-10``) and ``of``: the words counted."""

    value: Decimal
    unit: str
    of: str
    role: str | None = None
    approximation: str | None = None
    as_at: str | None = None


@dataclass(frozen=True)
class Funding(Fact):
    """Money or a funding stream: amount (``unit`` ``gbp`` or ``percent``), who pays,
    who receives, what it pays for (IRIs where linked), and when it ends (an instant key:
    ``2021-03`` for "until March 2021" or the end of financial year "2020/21")."""

    label: str
    value: Decimal | None = None
    unit: str | None = None
    funders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    pays: tuple[str, ...] = ()
    end: str | None = None


@dataclass(frozen=True)
class Chair(Fact):
    """``chair`` (a post, person or organisation IRI) chairs ``board``."""

    chair: str
    board: str


@dataclass(frozen=True)
class Frequency(Fact):
    """``board`` meets every ``every`` (``month``, ``quarter``, ``6 weeks``, ``year``)."""

    board: str
    every: str


@dataclass(frozen=True)
class Statement(Fact):
    """One requirement statement: one claim about one C for the paragraph's threats."""

    five_c: str
    status: str
    threats: tuple[str, ...]
    actors: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instant:
    """A date as precise as the paper gives it: ``2020``, ``2020-03`` or ``2020-03-31``."""

    key: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.key), "day")


def money(value: str) -> Decimal:
    """``"£1.2m"``, ``"£250,000"``, ``"1.5 million"`` as a number of pounds.

    >>> money("£1.2m"), money("£250,000"), money("3.5 million"), money("£40k")
    (Decimal('1200000.0'), Decimal('250000'), Decimal('3500000.0'), Decimal('40000'))
    """
    text = value.replace("£", "").replace(",", "").strip().lower()
    scale = Decimal(1)
    for suffix, factor in (("billion", 10**9), ("million", 10**6), ("bn", 10**9),
                           ("m", 10**6), ("k", 10**3)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)].strip(), Decimal(factor)
            break
    return Decimal(text) * scale
