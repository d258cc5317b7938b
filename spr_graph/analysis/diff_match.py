"""How ``diff`` pairs the requirement statements of two papers: within one threat and
one C, by who acts, who partners and how alike the quotes are, best pairs first; every
pair comes with the words that explain it.

>>> from spr_graph.graph.facts import Statement
>>> a = Statement("a", ("t",), "connectivity", "planned", ("wmp",), ("nca",),
...               quote="We will work with the NCA on threat assessments.")
>>> b = Statement("b", ("t",), "connectivity", "in-place", ("wmp",), ("nca",),
...               quote="We work with the NCA on threat assessments.")
>>> pairs, old, new = match([a], [b], str)
>>> [(x.iri, y.iri, why) for x, y, why in pairs], old, new
([('a', 'b', 'same actors (wmp), same partners (nca), quotes 94% alike')], [], [])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher

from spr_graph.graph.facts import Statement

__all__ = ["THRESHOLD", "match", "similarity"]

#: The least similarity for two statements to be the same statement, edited.
THRESHOLD = 0.5


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left | right else 1.0


def _quote_ratio(a: str | None, b: str | None, at_least: float = 0.0) -> float:
    """How alike two quotes are (0 to 1, difflib's ratio over their words), or 0 as soon
    as it is sure to be under ``at_least``."""
    if not a or not b:
        return 0.0
    left, right = _words(a), _words(b)
    if left == right:
        return 1.0
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
        return 0.0
    return matcher.ratio()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def similarity(a: Statement, b: Statement, at_least: float = 0.0) -> float:
    """0 to 1: actors weigh 0.3, partners 0.3 and the quotes' likeness 0.4 (0 as soon as
    the result is sure to be under ``at_least``)."""
    people = 0.3 * _jaccard(a.actors, b.actors) + 0.3 * _jaccard(a.partners, b.partners)
    if people + 0.4 < at_least:
        return 0.0
    return people + 0.4 * _quote_ratio(a.quote, b.quote, (at_least - people) / 0.4)


def _explain(a: Statement, b: Statement, name: Callable[[str], str]) -> str:
    parts = []
    for word, left, right in (("actors", a.actors, b.actors),
                              ("partners", a.partners, b.partners)):
        if set(left) == set(right):
            if left:
                parts.append(f"same {word} ({', '.join(sorted(map(name, left)))})")
        else:
            shared = sorted(map(name, set(left) & set(right)))
            parts.append(f"{word} shared: {', '.join(shared) or 'none'}")
    parts.append(f"quotes {_quote_ratio(a.quote, b.quote):.0%} alike")
    return ", ".join(parts)


def _identity(s: Statement) -> tuple[object, ...]:
    return (tuple(_words(s.quote or "")), frozenset(s.actors), frozenset(s.partners))


def match(old: Sequence[Statement], new: Sequence[Statement], name: Callable[[str], str]
          ) -> tuple[list[tuple[Statement, Statement, str]], list[Statement], list[Statement]]:
    """Pairs of ``old`` and ``new`` statements that are one statement (each used once,
    the most similar first, at least :data:`THRESHOLD` alike), with why; then the old
    statements left over (removed) and the new ones (added). ``name`` labels IRIs."""
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    same: dict[tuple[object, ...], list[int]] = {}
    for j, b in enumerate(new):
        same.setdefault(_identity(b), []).append(j)
    for i, a in enumerate(old):  # the same statement in both: paired without scoring
        if waiting := same.get(_identity(a)):
            j = waiting.pop(0)
            used_old.add(i)
            used_new.add(j)
            pairs.append((a, new[j], _explain(a, new[j], name)))
    scored = sorted(((similarity(a, b, THRESHOLD), i, j) for i, a in enumerate(old)
                     if i not in used_old for j, b in enumerate(new) if j not in used_new),
                    key=lambda t: (-t[0], t[1], t[2]))
    for score, i, j in scored:
        if score < THRESHOLD:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j], _explain(old[i], new[j], name)))
    return (pairs, [s for i, s in enumerate(old) if i not in used_old],
            [s for j, s in enumerate(new) if j not in used_new])
