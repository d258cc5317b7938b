"""What the measures of the drafting rules share (:mod:`.names_score`, :mod:`.numbers_score`):
a :class:`Score` of drafted keys against curated ones, and the curated graph's labels.

>>> s = Score.of(Counter({(1, 3): 2, (2, 5): 1}), Counter({(1, 3): 1, (4, 4): 1}))
>>> s.found, s.precision, s.recall, s.missed, s.wrong
(1, 0.5, 0.3333333333333333, ((1, 3), (2, 5)), ((4, 4),))
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Self

import pyoxigraph as ox

from spr_graph.core.namespaces import SKOS
from spr_graph.papers.register import label_key

__all__ = ["Key", "Score", "by_key", "labels"]

#: What is counted: a paragraph number first, then what the paragraph states.
Key = tuple[object, ...]


@dataclass(frozen=True)
class Score:
    """Matched (``found``), drafted and curated counts, with the curated keys missed and
    the drafted keys that are wrong."""

    found: int
    drafted: int
    curated: int
    missed: tuple[Key, ...] = ()
    wrong: tuple[Key, ...] = ()

    @property
    def precision(self) -> float:
        return self.found / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @classmethod
    def of(cls, truth: Iterable[Key], found: Iterable[Key], **more: Any) -> Self:
        """``found`` matched against ``truth`` (sets, or multisets as a :class:`Counter`),
        each key at most as often as curated; ``more`` are a subclass's own fields."""
        curated, drafted = Counter(truth), Counter(found)
        matched = curated & drafted
        return cls(sum(matched.values()), sum(drafted.values()), sum(curated.values()),
                   tuple(sorted((curated - matched).elements())),
                   tuple(sorted((drafted - matched).elements())), **more)


def labels(store: ox.Store, classes: Iterable[str] = ()) -> dict[str, frozenset[str]]:
    """The preferred and alternative labels of every entity of ``store`` (of one of
    ``classes`` when given), by IRI."""
    values = " ".join(f"<{c}>" for c in sorted(classes))
    kind = f"VALUES ?c {{ {values} }} ?x a ?c ." if values else ""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.query(f"""SELECT ?x ?l WHERE {{ {kind}
            ?x <{SKOS.prefLabel}>|<{SKOS.altLabel}> ?l }}""",
                           use_default_graph_as_union=True):  # type: ignore[union-attr]
        found[row["x"].value].add(row["l"].value)
    return {iri: frozenset(names) for iri, names in found.items()}


def by_key(named: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """:func:`label_key` -> the IRIs one of whose ``named`` labels has it.

    >>> sorted(by_key({"ag:nca": ["NCA", "National Crime Agency"], "ag:x": ["the NCA's"]})["NCA"])
    ['ag:nca', 'ag:x']
    """
    keys: dict[str, set[str]] = defaultdict(set)
    for iri, names in named.items():
        for name in names:
            keys[label_key(name)].add(iri)
    return keys
