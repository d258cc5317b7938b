"""Paragraph keys: how the graph tells paragraph 5 of one paper from paragraph 5 of another.

Everything that carries paragraphs (the projection's nodes and edges, the facts, the
evidence, ``describe``, the search index) carries *keys*, plain integers, so that the
analyses can union, sort and compare them as they always did. A key says which paper
its paragraph is of: with the papers of a store in IRI order, paragraph ``n`` of the
paper ranked ``r`` has the key ``r * STRIDE + n``. The first paper's keys are its
numbers; so, with one paper (the bundled data, ``--paper``, the evidence pack), every
key is the paragraph number and nothing shows the difference. Only a citation
(:mod:`spr_graph.analysis.citing`) turns keys back into a paper and its numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from spr_graph.core.errors import InputError

__all__ = ["STRIDE", "number_of", "numbers_of", "paragraph_key", "rank_of", "ranks"]

#: Keys of one paper lie in ``[rank * STRIDE, (rank + 1) * STRIDE)``: no paper has a
#: million paragraphs.
STRIDE = 1_000_000
_HINT = f"a paragraph is numbered from 1 to {STRIDE - 1}; `spr-graph validate` names it"


def ranks(papers: Iterable[str]) -> dict[str, int]:
    """Each paper's rank: its place among ``papers`` in IRI order.

    >>> ranks(["doc:b", "doc:a"])
    {'doc:a': 0, 'doc:b': 1}
    """
    return {iri: rank for rank, iri in enumerate(sorted(set(papers)))}


def paragraph_key(rank: int | None, number: int | str | None) -> int:
    """The key of paragraph ``number`` (an int, or the text of one, as a store gives it;
    None: 0) of the paper ranked ``rank`` (None, a paragraph of no known paper: the
    number). A number that is not a whole number from 0 to ``STRIDE - 1`` is bad input:
    its key would name another paper.

    >>> paragraph_key(0, 5), paragraph_key(2, "5"), paragraph_key(None, 5)
    (5, 2000005, 5)
    >>> for bad in (1_000_005, "-3", "abc"):
    ...     try:
    ...         paragraph_key(0, bad)
    ...     except InputError as exc:
    ...         print(exc.message)
    paragraph number 1000005 is out of range
    paragraph number -3 is out of range
    paragraph number 'abc' is not a whole number
    """
    try:
        value = int(number or 0)
    except ValueError:
        raise InputError(f"paragraph number {number!r} is not a whole number",
                         hint=_HINT) from None
    if not 0 <= value < STRIDE:
        raise InputError(f"paragraph number {value} is out of range", hint=_HINT)
    return (rank or 0) * STRIDE + value


def rank_of(key: int) -> int:
    """The rank of the paper the paragraph ``key`` is of.

    >>> rank_of(5), rank_of(2000005)
    (0, 2)
    """
    return key // STRIDE


def number_of(key: int) -> int:
    """The paragraph number of ``key``, as its paper prints it.

    >>> number_of(5), number_of(2000005)
    (5, 5)
    """
    return key % STRIDE


def numbers_of(keys: Iterable[int]) -> list[int]:
    """The paragraph numbers of ``keys``, each once, in the order first met.

    >>> numbers_of([5, 1000005, 7])
    [5, 7]
    """
    return list(dict.fromkeys(number_of(k) for k in keys))
