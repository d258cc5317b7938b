"""The words a map shows for kinds, levels, pillars, statuses, 5 Cs and relations.

Everything comes from the ontology (``rdfs:label`` and ``skos:definition`` of the classes,
concepts and properties), read through a :data:`~spr_graph.store.select.Select`. A term the
source does not describe (a remote endpoint holding only data, or files given without the
ontology) is looked up in the bundled ontology instead; a term described nowhere falls back
to its IRI's local name, split into words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spr_graph.core.namespaces import C5, LEVEL, PILLAR, SPR, STATUS
from spr_graph.core.rows import Select
from spr_graph.graph.facts_model import local
from spr_graph.graph.kinds import KINDS
from spr_graph.graph.projection import RELATIONS


@dataclass(frozen=True)
class Term:
    """One legend entry: the key the map data uses, its label and its definition."""

    key: str
    label: str
    definition: str = ""


@dataclass(frozen=True)
class Legend:
    """Labels by key: ``kinds['unit']``, ``levels['local']``, ``relations['chairs']``..."""

    kinds: dict[str, Term]
    levels: dict[str, Term]
    pillars: dict[str, Term]
    statuses: dict[str, Term]
    five_cs: dict[str, Term]
    relations: dict[str, Term]


#: ``worksWith`` edges come from the ``spr:partner`` of requirement statements.
_WORKS_WITH_SOURCE = f"{SPR}partner"


def words(name: str) -> str:
    """``subOrganizationOf`` -> ``sub organization of``; ``FundingStream`` -> ``funding stream``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("-", " ").lower()


def _read(select: Select) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    described: dict[str, tuple[str, str]] = {}
    for row in select("""SELECT ?s ?label ?definition WHERE {
            ?s rdfs:label ?label FILTER(langMatches(lang(?label), "en") || lang(?label) = "")
            OPTIONAL { ?s skos:definition ?definition } }"""):
        s, label, definition = row["s"] or "", row["label"] or "", row["definition"] or ""
        if s not in described or (label, definition) < described[s]:
            described[s] = (label, definition)
    parents: dict[str, set[str]] = {}
    for row in select("SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?d)) }"):
        parents.setdefault(row["c"] or "", set()).add(row["d"] or "")
    return described, parents


@cache
def _bundled() -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    from spr_graph.core import resources
    from spr_graph.store.load import load
    from spr_graph.store.select import store_select

    return _read(store_select(load([resources.ontology_file()], vocabulary=False).store))


class _Vocabulary:
    def __init__(self, select: Select) -> None:
        self.described, self.parents = _read(select)
        bundled_described, bundled_parents = _bundled()
        for iri, text in bundled_described.items():
            self.described.setdefault(iri, text)
        for iri, supers in bundled_parents.items():
            self.parents.setdefault(iri, set()).update(supers)

    def term(self, key: str, iri: str) -> Term:
        label, definition = self.described.get(iri, (words(local(iri)), ""))
        return Term(key, label, definition)

    def ancestors(self, iri: str) -> set[str]:
        seen: set[str] = set()
        todo = [iri]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def most_general(self, classes: list[str]) -> str:
        """The class the others specialise (``spr:Document`` over ``spr:Assessment``)."""
        labelled = [c for c in classes if c in self.described] or classes
        for cls in labelled:
            if all(cls == other or cls in self.ancestors(other) for other in labelled):
                return cls
        return labelled[0]


def _concepts(vocabulary: _Vocabulary, namespace: str) -> dict[str, Term]:
    """Every described concept in ``namespace``, keyed by local name."""
    return {local(iri): vocabulary.term(local(iri), iri)
            for iri in sorted(vocabulary.described) if iri.startswith(namespace)}


def read_legend(select: Select) -> Legend:
    """Every kind and relation of the model and every level, pillar, status and C."""
    vocabulary = _Vocabulary(select)
    classes: dict[str, list[str]] = {}
    for cls, kind in KINDS:
        classes.setdefault(kind, []).append(cls)
    kinds = {kind: vocabulary.term(kind, vocabulary.most_general(found))
             for kind, found in classes.items()}
    relations: dict[str, Term] = {"worksWith": Term(
        "worksWith", words("worksWith"), vocabulary.term("", _WORKS_WITH_SOURCE).definition)}
    for predicate, (relation, reverse) in sorted(RELATIONS.items(), key=lambda kv: kv[1][1]):
        if relation not in relations:
            term = vocabulary.term(relation, predicate)
            relations[relation] = Term(relation, words(relation), term.definition) if reverse \
                else term
    return Legend(kinds, _concepts(vocabulary, str(LEVEL)), _concepts(vocabulary, str(PILLAR)),
                  _concepts(vocabulary, str(STATUS)), _concepts(vocabulary, str(C5)),
                  dict(sorted(relations.items())))
