"""How well the number, funding and board rules find what a curated graph states.

Four kinds, each a multiset of keys per paragraph graph ``g:pNNN`` of the paper:

- ``quantity``: (paragraph, value) of each ``spr:CapabilityQuantity``;
- ``money``: (paragraph, value) of each ``spr:FundingStream`` with a ``spr:value``
  (pounds or a percentage share);
- ``funding-end``: (paragraph, instant) of each funding stream's ``spr:endDate``;
- ``chair``: (paragraph, chair, board) of each ``spr:chairs``.

A drafted fact matches a curated one with the same key, each at most once. A drafted
chair or board is the curated IRI its linked mention gives when that IRI is curated,
else the curated entity one of whose labels has the same :func:`label_key` as the
phrase (the linker's own entities get IRIs of their own, and an unlinked phrase none),
as a reviewer merging the draft would.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES
from spr_graph.papers.cleanpaper import CleanPaper
from spr_graph.papers.draft.boards import chairs_labelled
from spr_graph.papers.draft.funding import funding
from spr_graph.papers.draft.model import Mention
from spr_graph.papers.draft.numbers import quantities
from spr_graph.papers.draft.phrases import by_paragraph
from spr_graph.papers.draft.score import Key, Score, by_key, labels
from spr_graph.papers.register import label_key

__all__ = ["KINDS", "curated", "drafted", "measure", "resolve"]

KINDS = ("quantity", "money", "funding-end", "chair")
_HEADER = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
_QUERIES = {
    "quantity": "SELECT DISTINCT ?g ?x ?a WHERE { GRAPH ?g { ?x spr:value ?a } "
                "?x a spr:CapabilityQuantity }",
    "money": "SELECT DISTINCT ?g ?x ?a WHERE { GRAPH ?g { ?x spr:value ?a } "
             "?x a spr:FundingStream }",
    "funding-end": "SELECT DISTINCT ?g ?x ?a WHERE { GRAPH ?g { ?x spr:endDate ?t } "
                   "?x a spr:FundingStream . ?t time:inXSDDate|time:inXSDgYearMonth|"
                   "time:inXSDgYear ?a }",
    "chair": "SELECT DISTINCT ?g ?x ?a WHERE { GRAPH ?g { ?x spr:chairs ?a } }",
}


def curated(store: ox.Store, graphs: str = PREFIXES["g"]
            ) -> tuple[dict[str, Counter[Key]], dict[str, str]]:
    """The keys of each kind in the paragraph graphs under ``graphs`` (the bundled
    paper's), and every entity's label keys -> its IRI."""
    truth: dict[str, Counter[Key]] = {kind: Counter() for kind in KINDS}
    paragraph = re.compile(re.escape(graphs) + r"p(\d+)")
    for kind, query in _QUERIES.items():
        for row in store.query(f"{_HEADER}\n{query}",  # type: ignore[union-attr]
                               use_default_graph_as_union=True):
            match = paragraph.fullmatch(row["g"].value)
            if match is None:
                continue
            value = row["a"].value
            key: Key = ((row["x"].value, value) if kind == "chair"
                        else (Decimal(value),) if kind in ("quantity", "money") else (value,))
            truth[kind][(int(match.group(1)), *key)] += 1
    keyed = by_key(labels(store))
    return truth, {k: min(v) for k, v in keyed.items() if len(v) == 1}


def resolve(iri: str, label: str, known: set[str], by_label: dict[str, str]) -> str:
    """``iri`` if the curated graph knows it, else the curated IRI one of whose labels has
    ``label``'s key (a leading article dropped), else ``iri`` (or ``label:<label>``)."""
    if iri in known:
        return iri
    bare = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.IGNORECASE)
    return by_label.get(label_key(bare), iri or f"label:{bare}")


def drafted(paper: CleanPaper, mentions: Sequence[Mention] = (),
            reference: str | None = None, by_label: dict[str, str] | None = None,
            known: set[str] | None = None) -> dict[str, Counter[Key]]:
    """The keys of each kind the rules draft from ``paper``; chairs and boards resolved
    to curated IRIs through ``known`` IRIs and ``by_label`` (see the module)."""
    found: dict[str, Counter[Key]] = {kind: Counter() for kind in KINDS}
    known, by_label = known or set(), by_label or {}
    mentioned = by_paragraph(mentions)
    for paragraph in paper.paragraphs:
        number, linked = paragraph.number, mentioned[paragraph.number]
        for quantity in quantities(paragraph, reference):
            found["quantity"][(number, quantity.value)] += 1
        for fact in funding(paragraph, linked, reference):
            if fact.value is not None:
                found["money"][(number, fact.value)] += 1
            if fact.end:
                found["funding-end"][(number, fact.end)] += 1
        for chair, chair_label, board_label in chairs_labelled(paragraph, linked):
            found["chair"][(number, resolve(chair.chair, chair_label, known, by_label),
                            resolve(chair.board, board_label, known, by_label))] += 1
    return found


def measure(paper: CleanPaper, store: ox.Store, mentions: Sequence[Mention] = (),
            reference: str | None = None, graphs: str = PREFIXES["g"]
            ) -> dict[str, Score]:
    """Draft ``paper``'s numbers, funding and chairs and score each kind against the
    curated graphs under ``graphs`` in ``store``; ``reference`` defaults to the paper's
    date.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanSection, CleanParagraph
    >>> store = ox.Store()
    >>> store.load(b'''PREFIX spr: <https://w3id.org/spr-graph/def/spr#>
    ... <https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/p001> {
    ...     <https://w3id.org/spr-graph/id/quantity/psus> a spr:CapabilityQuantity ;
    ...         spr:value 21 . }''', format=ox.RdfFormat.TRIG)
    >>> paragraph = CleanParagraph(1, "The force must deploy 21 PSUs and holds 3 carriers.")
    >>> paper = CleanPaper(Path("p.txt"), "text", [CleanSection("x", "X", None, [paragraph])],
    ...                    True)
    >>> result = measure(paper, store)["quantity"]
    >>> result.found, result.precision, result.recall, result.wrong
    (1, 0.5, 1.0, ((1, Decimal('3')),))
    """
    truth, by_label = curated(store, graphs)
    known = {str(k[1]) for k in truth["chair"]} | {str(k[2]) for k in truth["chair"]}
    if reference is None and paper.date is not None:
        reference = paper.date.value
    found = drafted(paper, mentions, reference, by_label, known)
    numbers = {p.number for p in paper.paragraphs}
    return {kind: Score.of(Counter({k: n for k, n in truth[kind].items() if k[0] in numbers}),
                           found[kind]) for kind in KINDS}
