"""How well :func:`.names.mentions` finds the organisations a curated graph names.

For each paragraph the truth is the set of organisation IRIs its curated graph ``g:pNNN``
mentions: subjects or objects of the graph's triples whose class (read from the whole
dataset) is one of spr:PoliceForce, spr:PoliceUnit, spr:Collaboration, spr:PartnerAgency,
spr:GovernanceBoard or org:Organization. The drafted set is the IRIs the paragraph's
mentions link to. Scores are micro-averaged over (paragraph, IRI) pairs.

The register shares the curated graph's IRIs; the paper's own entities get IRIs of their
own (``ag:wmp-operations-resilience-unit`` for the curated ``ag:oru``), so each is first
aligned with the curated organisation one of whose labels has the same key as one of its
own, or as one of its own after the force's name ("West Midlands Police" + "Special
Branch"), as a reviewer merging the draft into the graph would.

A curated graph also names organisations its paragraph only implies (the force behind
"we", a unit's parent); ``fair_recall`` is the recall over the organisations one of whose
labels appears in the paragraph's text: the ceiling a linker can fairly be held to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from spr_graph.papers.cleanpaper import CleanPaper
from spr_graph.papers.draft.model import Entity, Mention
from spr_graph.papers.draft.names import abbreviations, force_region, mentions, own_entities
from spr_graph.papers.draft.names_text import ORG_CLASSES
from spr_graph.papers.draft.score import Score, by_key, labels
from spr_graph.papers.register import Register, label_key

__all__ = ["EXAMPLE_TRIG", "Curated", "NamesScore", "curated", "measure", "score"]

_GRAPH = re.compile(r"/p(\d+)$")
#: A curated paragraph graph, for the examples: the NCA, the force and its unit.
EXAMPLE_TRIG = b"""
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/spr-graph/id/graph/x/p001> {
    ag:oru a spr:PoliceUnit ; skos:prefLabel "Operations Resilience Unit"@en ;
        org:unitOf ag:wmp .
    ag:nca a spr:PartnerAgency ; skos:prefLabel "National Crime Agency"@en ;
        skos:altLabel "NCA"@en .
    ag:wmp a spr:PoliceForce ; skos:prefLabel "West Midlands Police"@en . }
"""
_Pairs = set[tuple[int, str]]


@dataclass(frozen=True, kw_only=True)
class NamesScore(Score):
    """Micro precision and recall over (paragraph, organisation IRI) pairs; ``named`` is
    the score over the curated pairs whose organisation is named in the text."""

    named: Score

    @property
    def fair(self) -> int:
        """How many curated pairs name their organisation in the text."""
        return self.named.curated

    @property
    def fair_found(self) -> int:
        """How many of those pairs the mentions found."""
        return self.named.found

    @property
    def fair_recall(self) -> float:
        """Recall over the curated pairs whose organisation is named in the text."""
        return self.named.recall

    def summary(self) -> str:
        """One line: the three figures and the counts behind them."""
        return (f"precision {self.precision:.3f} ({self.found}/{self.drafted}), recall "
                f"{self.recall:.3f} ({self.found}/{self.curated}), recall of the named "
                f"{self.fair_recall:.3f} ({self.fair_found}/{self.fair})")


@dataclass(frozen=True)
class Curated:
    """What a curated dataset says: each paragraph's organisations and every label."""

    pairs: frozenset[tuple[int, str]]
    labels: dict[str, frozenset[str]]


def curated(store: ox.Store) -> Curated:
    """The organisations each paragraph graph ``g:pNNN`` of ``store`` mentions, and the
    preferred and alternative labels of every organisation.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.load(EXAMPLE_TRIG, ox.RdfFormat.TRIG)
    >>> truth = curated(store)
    >>> sorted(iri.rsplit("/", 1)[-1] for n, iri in truth.pairs if n == 1)
    ['nca', 'oru', 'wmp']
    >>> sorted(truth.labels["https://w3id.org/spr-graph/id/organisation/nca"])
    ['NCA', 'National Crime Agency']
    """
    classes = " ".join(f"<{c}>" for c in sorted(ORG_CLASSES))
    rows = store.query(f"""SELECT DISTINCT ?g ?x WHERE {{
        VALUES ?c {{ {classes} }} ?x a ?c .
        GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} }}""",
                       use_default_graph_as_union=True)
    pairs = set()
    for row in rows:  # type: ignore[union-attr]
        match = _GRAPH.search(row["g"].value)
        if match:
            pairs.add((int(match.group(1)), row["x"].value))
    return Curated(frozenset(pairs), labels(store, ORG_CLASSES))


def _align(own: Iterable[Entity], names: dict[str, frozenset[str]],
           force_labels: Sequence[str]) -> dict[str, str]:
    """Own entity IRI -> the curated organisation with one of its labels (in any case),
    else the one sharing a label key with it."""
    keyed = by_key(names)
    exact: dict[str, set[str]] = defaultdict(set)
    for iri, written in names.items():
        for label in written:
            exact[label.casefold()].add(iri)
    aligned = {}
    for entity in own:
        for name in (entity.label, *entity.alt_labels):
            keys = [label_key(name), *(label_key(f"{f} {name}") for f in force_labels)]
            hits = sorted(exact.get(name.casefold(), ())) or sorted(
                {iri for key in keys for iri in keyed.get(key, ())})
            if len(hits) == 1 or (hits and name == entity.label):
                aligned[entity.iri] = hits[0]
                break
    return aligned


def _named(text: str, names: Iterable[str]) -> bool:
    """Whether one of ``names`` appears in ``text`` (typography evened out; one word in
    its own case, several in any case; a plural or possessive ending allowed)."""
    def norm(s: str) -> str:
        s = s.replace("\u2019", "'").replace("&", " and ")
        return " ".join(re.sub(r"[-\u2010-\u2014/]", " ", s).split())
    plain = norm(text)
    for name in map(norm, names):
        flags = 0 if " " not in name else re.I
        if name and re.search(rf"(?<!\w){re.escape(name)}(?:s|'s|')?(?!\w)", plain, flags):
            return True
    return False


def score(paper: CleanPaper, found: Iterable[Mention], truth: Curated,
          own: Sequence[Entity] = (), force_labels: Sequence[str] = ()) -> NamesScore:
    """Score ``found`` mentions of ``paper`` against the ``truth`` of a curated graph.

    Parameters
    ----------
    paper : CleanPaper
        The paper the mentions were found in (only its paragraphs are scored).
    found : iterable of Mention
        The drafted mentions; ambiguous ones (no IRI) count for nothing.
    truth : Curated
        The curated graph's organisations per paragraph, and their labels.
    own : sequence of Entity
        The paper's own entities, aligned with curated organisations by their labels;
        those that are not organisations are left out of the score.
    force_labels : sequence of str
        The force's names, which a curated label may put before an entity's own.

    Returns
    -------
    NamesScore

    Examples
    --------
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanParagraph, CleanSection
    >>> from spr_graph.papers.draft.model import Quote
    >>> store = ox.Store()
    >>> store.load(EXAMPLE_TRIG, ox.RdfFormat.TRIG)
    >>> paper = CleanPaper(Path("p"), "text", [CleanSection("s", "S", None,
    ...                    [CleanParagraph(1, "The NCA helps.")])], True)
    >>> nca = Mention(Quote(1, 4, 7, "NCA"), "mention.register",
    ...               "https://w3id.org/spr-graph/id/organisation/nca", "National Crime Agency")
    >>> score(paper, [nca], curated(store)).summary()
    'precision 1.000 (1/1), recall 0.333 (1/3), recall of the named 1.000 (1/1)'
    """
    aligned = _align(own, truth.labels, force_labels)
    others = {e.iri for e in own if e.rdf_type not in ORG_CLASSES}
    drafted: _Pairs = {(m.quote.paragraph, aligned.get(m.iri, m.iri)) for m in found
                       if m.iri is not None and m.iri not in others}
    texts = {p.number: p.text for p in paper.paragraphs}
    fair = {(n, iri) for n, iri in truth.pairs
            if n in texts and _named(texts[n], truth.labels.get(iri, ()))}
    pairs = {(n, iri) for n, iri in truth.pairs if n in texts}
    return NamesScore.of(pairs, drafted, named=Score.of(fair, drafted))


def measure(paper: CleanPaper, register: Register, store: ox.Store, force_iri: str,
            region: str | None = None) -> NamesScore:
    """Draft ``paper``'s names (abbreviations, own entities, mentions) and score the
    mentions against the curated graph in ``store``.

    ``region`` defaults to the force's police region in the register.

    Examples
    --------
    >>> from pathlib import Path
    >>> from spr_graph.papers.cleanpaper import CleanParagraph, CleanSection, Guess
    >>> from spr_graph.papers.register import load_register
    >>> store = ox.Store()
    >>> store.load(EXAMPLE_TRIG, ox.RdfFormat.TRIG)
    >>> text = "The Force works with the NCA and its Operations Resilience Unit (ORU)."
    >>> paper = CleanPaper(Path("p"), "text",
    ...                    [CleanSection("s", "S", None, [CleanParagraph(1, text)])], True,
    ...                    force=Guess("West Midlands Police", "the title"))
    >>> result = measure(paper, load_register(), store,
    ...                  "https://w3id.org/spr-graph/id/organisation/wmp")
    >>> result.summary()
    'precision 1.000 (3/3), recall 1.000 (3/3), recall of the named 1.000 (2/2)'
    """
    entry = register.get(force_iri)
    if region is None:
        region = force_region(register, force_iri)
    found = [a for p in paper.paragraphs for a in abbreviations(p)]
    own = own_entities(paper, found, register, force_iri)
    drafted = mentions(paper, register, own, region, force_iri)
    force_labels = list(entry.labels) if entry is not None else []
    return score(paper, drafted, curated(store), own, force_labels)
