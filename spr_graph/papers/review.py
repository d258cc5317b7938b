"""Review decisions applied to a machine draft: reviewed facts, and the draft that is left.

An accepted fact moves, unchanged, from its drafted graph
``<base>id/graph/<paper>/draft/<key>`` to the reviewed graph
``<base>id/graph/<paper>/reviewed/<key>``, derived from the same paragraph and generated
by the curators' review ``<base>id/review/<paper>`` (a ``prov:Activity`` influenced by the
rule's drafting activity), so nothing filters it out as drafted. A corrected fact moves
the same way with its corrected values; a rejected fact goes. What a rejected fact
declared about a node another fact still names (an organisation's labels, declared
with its first mention) moves to the first such fact, so rejecting one mention never
strips a name from the others. The fact's verbatim ``spr:quote`` is never corrected.

Everything is computed from the machine's complete draft and the whole decisions file,
so applying the same decisions again, or to a new draft of the same paper, gives the
same result; decisions whose key the draft no longer has are reported as ``stale``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from spr_graph.core.errors import InputError, Location
from spr_graph.core.namespaces import BASE, DRAFTING, PREFIXES, PROV, REVIEWING, SPR, expand
from spr_graph.papers.decisions import Decision
from spr_graph.papers.drafted import Draft, DraftedFact, text_of
from spr_graph.papers.provenance import document_iri, provenance_graph_iri

__all__ = ["Reviewed", "apply", "review_activity", "reviewed_graph"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}{t}" for t in ("decimal", "integer", "double")}
_RDFS_LABEL = f"{PREFIXES['rdfs']}label"
_RDF_TYPE = f"{PREFIXES['rdf']}type"


def review_activity(doc_id: str) -> str:
    """The IRI of the curators' review of paper ``doc_id``'s draft."""
    return f"{REVIEWING}{doc_id}"


def reviewed_graph(fact: DraftedFact, doc_id: str) -> str:
    """The named graph of ``fact`` once reviewed."""
    return f"{BASE}id/graph/{doc_id}/reviewed/{fact.graph.rsplit('/', 1)[-1]}"


@dataclass
class Reviewed:
    """The outcome: reviewed quads, the draft left undecided, and what was done."""

    reviewed: list[ox.Quad] = field(default_factory=list)
    draft: list[ox.Quad] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("accept", "reject", "correct"), 0))
    undecided: int = 0
    stale: list[Decision] = field(default_factory=list)


def _term(value: str, old: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple,
          where: Location) -> ox.NamedNode | ox.Literal:
    """``value`` as the kind of term it replaces: an IRI for an IRI (a bare word is a
    local name in the old IRI's namespace: ``required`` for a quantity role), a literal
    of the old literal's datatype or language for a literal."""
    if isinstance(old, ox.NamedNode):
        iri = expand(value)
        if iri is None and value and all(c.isalnum() or c in "-_." for c in value):
            iri = old.value[:max(old.value.rfind("/"), old.value.rfind("#")) + 1] + value
        if iri is None:
            raise InputError(f"not an IRI: '{value}'", where,
                             "give a prefixed name, an <IRI> or a local name")
        return ox.NamedNode(iri)
    if not isinstance(old, ox.Literal):
        raise InputError("this value cannot be corrected here", where, "edit the TriG")
    if old.datatype.value in _NUMERIC:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise InputError(f"not a number: '{value}'", where, "give a number") from None
        if not number.is_finite():
            raise InputError(f"not a number: '{value}'", where, "give a number")
        whole = value.lstrip("+-").isdigit()
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + ("integer" if whole else "decimal")))
    if old.language:
        return ox.Literal(value, language=old.language)
    return ox.Literal(value, datatype=old.datatype)


def _corrected(quads: list[ox.Quad], decision: Decision, path: str) -> list[ox.Quad]:
    out = list(quads)
    for prop, value, column in decision.changes:
        where = Location(path, decision.line, column)
        if prop == SPR.quote:
            raise InputError("a quote is the paper's own words and is never corrected",
                             where, "reject the fact instead")
        hits = [i for i, q in enumerate(out) if q.predicate.value == prop]
        if not hits:
            have = sorted({q.predicate.value for q in out} - {SPR.quote, _RDF_TYPE})
            raise InputError(f"{decision.key} has no {prop}", where,
                             f"correct one of: {', '.join(have) or 'nothing'}")
        for i in hits:
            q = out[i]
            out[i] = ox.Quad(q.subject, q.predicate, _term(value, q.object, where),
                             q.graph_name)
    return out


def _moved(quads: Iterable[ox.Quad], graph: str) -> list[ox.Quad]:
    node = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]


def _named(fact: DraftedFact) -> set[str]:
    return {t.value for q in fact.quads for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode)}


def _rehome(rejected: DraftedFact, kept: Sequence[tuple[DraftedFact, list[ox.Quad]]]) -> None:
    """Move what ``rejected`` declared about nodes that a ``kept`` fact names into the
    first such fact's quads."""
    for subject in sorted({q.subject.value for q in rejected.quads
                           if isinstance(q.subject, ox.NamedNode)}):
        said = [q for q in rejected.quads if text_of(q.subject) == subject
                and q.predicate.value != SPR.quote]
        heir = next((pair for pair in kept if subject in _named(pair[0])), None)
        if said and heir is not None:
            present = {(q.subject, q.predicate, q.object) for q in heir[1]}
            heir[1].extend(q for q in _moved(said, heir[0].graph)
                           if (q.subject, q.predicate, q.object) not in present)


def _provenance(doc_id: str, fact: DraftedFact, graph: str, activity: str) -> list[ox.Quad]:
    prov = ox.NamedNode(provenance_graph_iri(doc_id))
    g = ox.NamedNode(graph)
    return [ox.Quad(g, ox.NamedNode(PROV.wasDerivedFrom), ox.NamedNode(fact.derived_from), prov),
            ox.Quad(g, ox.NamedNode(PROV.wasGeneratedBy), ox.NamedNode(activity), prov)]


def _activity(doc_id: str, influences: Iterable[str]) -> list[ox.Quad]:
    prov, review = ox.NamedNode(provenance_graph_iri(doc_id)), ox.NamedNode(review_activity(doc_id))
    quads = [ox.Quad(review, ox.NamedNode(_RDF_TYPE), ox.NamedNode(PROV.Activity), prov),
             ox.Quad(review, ox.NamedNode(_RDFS_LABEL),
                     ox.Literal("curators' review of the machine draft", language="en"), prov),
             ox.Quad(review, ox.NamedNode(PROV.used), ox.NamedNode(document_iri(doc_id)), prov)]
    quads += [ox.Quad(review, ox.NamedNode(PROV.wasInfluencedBy), ox.NamedNode(a), prov)
              for a in sorted(set(influences))]
    return quads


def apply(draft: Draft, decisions: Sequence[Decision], path: str = "decisions") -> Reviewed:
    """``decisions`` (read from ``path``) applied to ``draft``."""
    by_key = draft.by_key()
    chosen = {d.key: d for d in decisions if d.key in by_key}
    result = Reviewed(stale=[d for d in decisions if d.key not in by_key])
    kept: list[tuple[DraftedFact, list[ox.Quad]]] = []
    for fact in draft.facts:
        decision = chosen.get(fact.key)
        if decision is None or decision.verb != "reject":
            quads = (_corrected(fact.quads, decision, path)
                     if decision is not None and decision.verb == "correct" else list(fact.quads))
            kept.append((fact, quads))
    for fact in draft.facts:
        if (decision := chosen.get(fact.key)) is not None and decision.verb == "reject":
            _rehome(fact, kept)
    for fact, quads in kept:
        decision = chosen.get(fact.key)
        if decision is None:
            result.undecided += 1
            result.draft += quads + _provenance(draft.doc_id, fact, fact.graph, fact.activity)
        else:
            graph = reviewed_graph(fact, draft.doc_id)
            result.reviewed += _moved(quads, graph) + _provenance(
                draft.doc_id, fact, graph, review_activity(draft.doc_id))
    for decision in chosen.values():
        result.counts[decision.verb] += 1
    used = {f.activity for f, _ in kept if f.key not in chosen}
    result.draft += [q for q in draft.other if text_of(q.subject) in used
                     or not text_of(q.subject).startswith(DRAFTING)]
    if chosen:
        result.reviewed += _activity(draft.doc_id, (by_key[k].activity for k in chosen))
    return result
