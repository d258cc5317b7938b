"""A paper's draft measured against a curated graph of the same paper: precision and
recall per kind of fact (``spr-graph ingest --compare-with DIR``).

Each kind is a multiset of keys, a paragraph number first, scored with :class:`.Score`:

- ``paragraphs``: (number, text with white space evened out) of each ``spr:Paragraph``;
- ``section threat``: (number, threat) of each paragraph's ``spr:sectionThreat``;
- ``abbreviations``: (number, short form) of each "Long Form (SHORT)" in a paragraph's
  text whose two names are the labels of one curated entity, against those the
  Schwartz-Hearst rule finds;
- ``organisations``: (number, organisation) pairs, as :mod:`.names_score` scores them,
  and ``organisations named``: over the pairs whose organisation the paragraph's text
  names (a curated graph also names those a paragraph only implies: the force behind
  "we", a unit's parent);
- ``quantities``, ``money``, ``funding end dates`` and ``board chairs``: as
  :mod:`.numbers_score` keys them, from the drafted facts themselves.

Paragraphs and sections are read with the same query from both sides' provenance, so a
curated paper and a drafted one are compared on what each graph says, whatever made it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from spr_graph.core.namespaces import BASE, PREFIXES, SPR
from spr_graph.papers.cleanpaper import CleanPaper
from spr_graph.papers.draft.model import Chair, Entity, Fact, Funding, Mention, Quantity
from spr_graph.papers.draft.names_abbrev import abbreviations
from spr_graph.papers.draft.names_score import curated as curated_names
from spr_graph.papers.draft.names_score import score as score_names
from spr_graph.papers.draft.numbers_score import curated as curated_numbers
from spr_graph.papers.draft.numbers_score import resolve
from spr_graph.papers.draft.score import Key, Score, labels
from spr_graph.papers.register import Register, label_key

__all__ = ["Measure", "TARGETS", "compare", "paper_of"]

#: What the draft of a paper should reach, per kind: (least precision, least recall).
TARGETS = {"paragraphs": (1.0, 1.0), "section threat": (1.0, 1.0),
           "abbreviations": (0.0, 1.0), "organisations": (0.85, 0.85),
           "organisations named": (0.0, 0.85),
           "quantities": (0.0, 0.8), "money": (0.0, 0.8), "funding end dates": (0.0, 0.8),
           "board chairs": (0.0, 1.0)}


@dataclass(frozen=True)
class Measure:
    """One kind's score, and whether it reaches its :data:`TARGETS`."""

    kind: str
    score: Score

    @property
    def met(self) -> bool:
        precision, recall = TARGETS[self.kind]
        return self.score.precision >= precision and self.score.recall >= recall


def paper_of(store: ox.Store) -> str:
    """The id of the one paper whose paragraphs ``store`` holds (ValueError otherwise)."""
    rows = store.query(f"""SELECT DISTINCT ?d WHERE {{ ?p a <{SPR.Paragraph}> ;
        <{PREFIXES['dcterms']}isPartOf> ?d }}""", use_default_graph_as_union=True)
    found = sorted(row["d"].value for row in rows)  # type: ignore[union-attr]
    if len(found) != 1:
        raise ValueError(f"{len(found)} papers, not one")
    return str(found[0]).rsplit("/", 1)[-1]


def _provenance(store: ox.Store, prop: str) -> Counter[Key]:
    rows = store.query(f"""SELECT ?n ?v WHERE {{ ?p a <{SPR.Paragraph}> ;
        <{SPR.paragraphNumber}> ?n ; <{prop}> ?v }}""", use_default_graph_as_union=True)
    return Counter((int(row["n"].value), " ".join(row["v"].value.split()))
                   for row in rows)  # type: ignore[union-attr]


def _abbreviations(paper: CleanPaper, store: ox.Store) -> Score:
    pairs = {frozenset(map(label_key, names)) for names in labels(store).values()}
    truth: set[Key] = set()
    for p in paper.paragraphs:
        for match in re.finditer(r"\(([^()]{2,12})\)", p.text):
            before = label_key(p.text[max(0, match.start() - 80):match.start()])
            short = label_key(match.group(1))
            if any(short in names and any(before.endswith(n) for n in names - {short})
                   for names in pairs):
                truth.add((p.number, match.group(1)))
    found = {(a.quote.paragraph, a.short) for p in paper.paragraphs for a in abbreviations(p)}
    return Score.of(truth, found)


def _numbers(facts: Sequence[Fact], store: ox.Store, graphs: str, register: Register,
             force_labels: Sequence[str]) -> dict[str, Score]:
    truth, by_label = curated_numbers(store, graphs)
    known = {str(k[1]) for k in truth["chair"]} | {str(k[2]) for k in truth["chair"]}
    names = {f.iri: f.label for f in facts if isinstance(f, Entity)}

    def curated(iri: str) -> str:
        """The curated IRI of a drafted chair or board: by its name, or its name after
        the force's (as :mod:`.names_score` aligns the paper's own entities)."""
        entry = register.get(iri)
        name = names.get(iri) or (entry.name if entry is not None else "")
        for label in (name, *(f"{force} {name}" for force in force_labels)):
            if (found := resolve(iri, label, known, by_label)) in known:
                return found
        return iri

    found: dict[str, Counter[Key]] = {kind: Counter() for kind in truth}
    for f in facts:
        n = f.quote.paragraph
        if isinstance(f, Quantity):
            found["quantity"][(n, f.value)] += 1
        elif isinstance(f, Funding):
            found["money"].update([(n, f.value)] if f.value is not None else [])
            found["funding-end"].update([(n, f.end)] if f.end else [])
        elif isinstance(f, Chair):
            found["chair"][(n, curated(f.chair), curated(f.board))] += 1
    names_of = {"quantity": "quantities", "money": "money",
                "funding-end": "funding end dates", "chair": "board chairs"}
    return {names_of[kind]: Score.of(truth[kind], found[kind]) for kind in truth}


def compare(paper: CleanPaper, facts: Sequence[Fact], ours: ox.Store, theirs: ox.Store,
            register: Register, force_labels: Sequence[str] = ()) -> list[Measure]:
    """The draft (``paper``, its ``facts`` and the paper folder loaded in ``ours``)
    measured against the curated graph in ``theirs``."""
    graphs = f"{BASE}id/graph/{paper_of(theirs)}/"
    mentions = [f for f in facts if isinstance(f, Mention)]
    own = [f for f in facts if isinstance(f, Entity)]
    names = score_names(paper, mentions, curated_names(theirs), own, force_labels)
    scores = {
        "paragraphs": Score.of(_provenance(theirs, SPR.text), _provenance(ours, SPR.text)),
        "section threat": Score.of(_provenance(theirs, SPR.sectionThreat),
                                   _provenance(ours, SPR.sectionThreat)),
        "abbreviations": _abbreviations(paper, theirs),
        "organisations": names,
        "organisations named": names.named,
        **_numbers(facts, theirs, graphs, register, force_labels),
    }
    return [Measure(kind, scores[kind]) for kind in TARGETS]
