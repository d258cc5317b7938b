"""Counts over a curated graph: entities per class, statements per threat and per C,
and the numbered paragraphs that carry no fact."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spr_graph.core.namespaces import DRAFTING, REVIEWING, shorten
from spr_graph.core.paragraph_keys import paragraph_key
from spr_graph.core.rows import Select
from spr_graph.graph.kinds import most_specific_types


@dataclass
class Stats:
    """The counts :func:`compute` gathers, for ``spr-graph stats``.

    Attributes
    ----------
    quads : int
        Quads in named graphs.
    entities_per_class : dict of str to int
        Entities per most specific class (prefixed name), threats left out.
    statements_per_threat, statements_per_c : dict of str to int
        Requirement statements per threat (by label) and per C (local name).
    matrix : dict of str to dict of str to int
        Requirement statements per threat and C.
    triples_per_section : dict of str to int
        Triples stated in the paragraphs of each section.
    paragraphs, paragraphs_with_facts : list of int
        The numbers of every paragraph, and of those whose graph states something.
    threat_labels : dict of str to str
        The label of each threat of the editions the papers answer to.
    review : dict of str to int
        Fact graphs (graphs derived from a paragraph) by review state: ``curated`` by
        hand, ``drafted`` by ``spr-graph ingest`` and not yet reviewed, ``reviewed``
        (drafted, then accepted or corrected with ``spr-graph review --apply``).
    """

    quads: int
    entities_per_class: dict[str, int]
    statements_per_threat: dict[str, int]
    statements_per_c: dict[str, int]
    matrix: dict[str, dict[str, int]]
    triples_per_section: dict[str, int]
    paragraphs: list[int]
    paragraphs_with_facts: list[int]
    threat_labels: dict[str, str] = field(default_factory=dict)
    review: dict[str, int] = field(default_factory=dict)

    @property
    def paragraphs_without_facts(self) -> list[int]:
        covered = set(self.paragraphs_with_facts)
        return [n for n in self.paragraphs if n not in covered]

    def as_dict(self) -> dict[str, object]:
        return {
            "quads": self.quads,
            "entities_per_class": self.entities_per_class,
            "statements_per_threat": self.statements_per_threat,
            "statements_per_c": self.statements_per_c,
            "threat_by_c": self.matrix,
            "triples_per_section": self.triples_per_section,
            "paragraphs": len(self.paragraphs),
            "paragraphs_with_facts": len(self.paragraphs_with_facts),
            "paragraphs_without_facts": self.paragraphs_without_facts,
            "facts_by_review": self.review,
        }


def _count(select: Select, query: str) -> int:
    for row in select(query):
        return int(row["n"] or 0)
    return 0


def review_states(select: Select) -> dict[str, int]:
    """Fact graphs by review state (see :class:`Stats`), from their ``prov:wasGeneratedBy``."""
    states = dict.fromkeys(("curated", "drafted", "reviewed"), 0)
    for row in select("""SELECT ?g (SAMPLE(?a) AS ?activity) WHERE {
            ?g prov:wasDerivedFrom ?p . ?p a spr:Paragraph .
            FILTER EXISTS { GRAPH ?g { ?s ?q ?o } }
            OPTIONAL { ?g prov:wasGeneratedBy ?a } } GROUP BY ?g"""):
        activity = row["activity"] or ""
        states["drafted" if activity.startswith(DRAFTING) else
               "reviewed" if activity.startswith(REVIEWING) else "curated"] += 1
    return states


def compute(select: Select) -> Stats:
    """Gather the counts with SPARQL only, so remote endpoints work the same way."""
    quads = _count(select, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    types = most_specific_types(select)
    for row in select("""SELECT DISTINCT ?s ?type WHERE { ?s a ?type VALUES ?type {
            spr:CapabilityQuantity spr:Risk spr:Inspection spr:Finding spr:ThreatCategory
            spr:ThreatLevelAssessment spr:Place spr:RequirementStatement } }"""):
        types.setdefault(row["s"] or "", row["type"] or "")
    per_class = Counter(shorten(cls) for s, cls in types.items() if "/id/threat/" not in s)
    labels = {row["t"] or "": row["l"] or "" for row in select(
        "SELECT ?t ?l WHERE { ?doc spr:edition ?e . ?t skos:inScheme ?e ; skos:prefLabel ?l }")}
    per_threat: Counter[str] = Counter()
    per_c: Counter[str] = Counter()
    matrix: dict[str, dict[str, int]] = {labels[t]: {} for t in sorted(labels)}
    for row in select("""SELECT ?t ?c (COUNT(DISTINCT ?st) AS ?n) WHERE {
            ?st a spr:RequirementStatement ; spr:threat ?t ; spr:fiveC ?c } GROUP BY ?t ?c"""):
        threat = labels.get(row["t"] or "", shorten(row["t"] or ""))
        c = (row["c"] or "").rsplit("/", 1)[-1]
        n = int(row["n"] or 0)
        per_threat[threat] += n
        per_c[c] += n
        matrix.setdefault(threat, {})[c] = n
    sections: Counter[str] = Counter()
    for row in select("""SELECT ?section (COUNT(*) AS ?n) WHERE {
            ?g prov:wasDerivedFrom ?p . ?p spr:section ?section . GRAPH ?g { ?s ?pp ?o } }
            GROUP BY ?section"""):
        sections[row["section"] or ""] = int(row["n"] or 0)
    numbers = sorted(paragraph_key(None, r["n"]) for r in select(
        "SELECT ?n WHERE { ?p a spr:Paragraph ; spr:paragraphNumber ?n }"))
    with_facts = sorted(paragraph_key(None, r["n"]) for r in select(
        """SELECT DISTINCT ?n WHERE {
             ?g prov:wasDerivedFrom ?p . ?p spr:paragraphNumber ?n . GRAPH ?g { ?s ?pp ?o } }"""))
    return Stats(quads, dict(sorted(per_class.items())), dict(sorted(per_threat.items())),
                 dict(sorted(per_c.items())), matrix, dict(sorted(sections.items())), numbers,
                 with_facts, labels, review_states(select))
