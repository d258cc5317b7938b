"""Node kinds: which rdf:type makes a node a force, a unit, a board... (most specific
first), and the short abbreviation among a node's labels.

Apart from the projection (which loads NetworkX) so that the search index and the counts
share the one table without loading it.
"""

from __future__ import annotations

from collections.abc import Iterable

from spr_graph.core.namespaces import PREFIXES, SPR
from spr_graph.core.rows import Select

ORG = PREFIXES["org"]
FOAF = PREFIXES["foaf"]

#: rdf:type -> node kind, most specific first.
KINDS: tuple[tuple[str, str], ...] = (
    (f"{SPR}PoliceForce", "force"),
    (f"{SPR}PoliceUnit", "unit"),
    (f"{SPR}Collaboration", "collaboration"),
    (f"{SPR}GovernanceBoard", "board"),
    (f"{SPR}PartnerAgency", "agency"),
    (f"{ORG}OrganizationalUnit", "unit"),
    (f"{ORG}OrganizationalCollaboration", "collaboration"),
    (f"{ORG}FormalOrganization", "agency"),
    (f"{ORG}Organization", "agency"),
    (f"{ORG}Post", "post"),
    (f"{FOAF}Person", "person"),
    (f"{SPR}Capability", "capability"),
    (f"{SPR}FundingStream", "funding"),
    (f"{SPR}Strategy", "strategy"),
    (f"{SPR}Plan", "plan"),
    (f"{SPR}Programme", "programme"),
    (f"{SPR}Operation", "operation"),
    (f"{SPR}Exercise", "exercise"),
    (f"{SPR}Initiative", "programme"),
    (f"{SPR}System", "system"),
    (f"{SPR}Facility", "facility"),
    (f"{SPR}Event", "event"),
    (f"{SPR}Agreement", "agreement"),
    (f"{SPR}Assessment", "document"),
    (f"{SPR}RiskRegister", "document"),
    (f"{SPR}Legislation", "document"),
    (f"{SPR}Document", "document"),
    (f"{SPR}Threat", "threat"),
)
KIND_RANK = {cls: rank for rank, (cls, _) in enumerate(KINDS)}
KIND_OF = dict(KINDS)


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def most_specific_types(select: Select) -> dict[str, str]:
    """Each node's most specific class among :data:`KINDS` (the first that it has)."""
    kinds: dict[str, str] = {}
    query = f"SELECT DISTINCT ?s ?type WHERE {{ ?s a ?type VALUES ?type {{ {_values(KIND_OF)} }} }}"
    for row in select(query):
        s, cls = row["s"] or "", row["type"] or ""
        if s not in kinds or KIND_RANK[cls] < KIND_RANK[kinds[s]]:
            kinds[s] = cls
    return kinds


def is_abbreviation(label: str) -> bool:
    """Whether a label reads as an abbreviation: a capital, no space, 12 characters at most.

    >>> is_abbreviation("ROCU"), is_abbreviation("Airwaves system")
    (True, False)
    """
    return any(c.isupper() for c in label) and " " not in label and len(label) <= 12


def short_abbreviation(labels: Iterable[str]) -> str | None:
    """The shortest label that reads as an abbreviation (ties: alphabetical), or None.

    >>> short_abbreviation(["Regional Organised Crime Unit", "ROCU", "WMROCU"])
    'ROCU'
    """
    candidates = [lab for lab in labels if is_abbreviation(lab)]
    return min(candidates, key=lambda s: (len(s), s)) if candidates else None
