"""How a :class:`spr_graph.Graph` gets the projection and the facts every analysis
starts from: read from its source on first use, and, for a ``--db`` store, kept in a
cache beside the store (:mod:`spr_graph.graph.analysis_cache`) so the next command on
the same store reads neither; and the answers kept beside such a store."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.graph.facts import Facts
    from spr_graph.graph.names import NameIndex
    from spr_graph.store.source import Source

T = TypeVar("T")


def ours(db: Path | None) -> Path | None:
    """``db`` when it is a store spr-graph made (its marker file): only such a store gets
    files written beside it; another program's store, or one of an older spr-graph, is
    only ever read."""
    from spr_graph.store.db import MARKER

    return db if db is not None and (db / MARKER).is_file() and \
        not (db / MARKER).is_symlink() else None


class Codec(NamedTuple, Generic[T]):
    """How an answer is kept beside a store: its key, and its JSON data both ways."""

    key: str
    encode: Callable[[T], Any]
    decode: Callable[[Any], T]


class Answer(NamedTuple):
    """A command's answer as it writes it: the text and its format, whether it holds
    findings (what sets the exit code), and the notes said before and after the text."""

    text: str
    fmt: str
    findings: bool = False
    notes: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


#: The answers kept beside one store at most (the newest; older ones are removed).
KEPT_ANSWERS = 64


def kept_answer(source: Source, call: object, make: Callable[[], Answer]) -> Answer:
    """``make()``; for a ``--db`` store spr-graph made, kept beside it for ``call``
    (every input of the answer: plain data, else its ``repr``), so the same call on the
    unchanged store with the same code reads it back instead of reading the store and
    analysing again (:func:`spr_graph.graph.beside.kept`).

    >>> import spr_graph
    >>> kept_answer(spr_graph.open().source, ["gaps"], lambda: Answer("text", "json"))
    Answer(text='text', fmt='json', findings=False, notes=(), after=())
    """
    folder = ours(source.db)
    if folder is None:
        return make()
    from spr_graph.graph.beside import call_key, forget, kept

    made: list[Answer] = []

    def answer() -> list[object]:
        made.append(make())
        return list(made[0])

    name = call_key("answer", call)
    found = kept(folder, name, answer)
    if not made and not _an_answer(found):
        kept(folder, name, answer, fresh=True)  # kept, but not an answer's shape
    if made:
        forget(folder, "answer-", KEPT_ANSWERS)
        return made[0]
    text, fmt, findings, notes, after = found
    return Answer(text, fmt, findings, tuple(notes), tuple(after))


def _an_answer(value: Any) -> bool:
    return type(value) is list and len(value) == len(Answer._fields) and \
        [type(v) for v in value] == [str, str, bool, list, list] and \
        texts([*value[3], *value[4]])


def texts(value: Any) -> bool:
    """Whether ``value``, JSON data read back, is a list of strings only.

    >>> texts(["a", "b"]), texts(["a", 1]), texts("ab")
    (True, False, False)
    """
    return type(value) is list and all(type(text) is str for text in value)


def kept_beside(source: Source, codec: Codec[T], read: Callable[[], T]) -> T:
    """``read()``; for a ``--db`` store spr-graph made, kept beside it under the codec's
    key (:func:`spr_graph.graph.beside.kept`: read from the store once, until it
    changes), as the JSON data the codec makes and reads back.

    >>> import spr_graph
    >>> kept_beside(spr_graph.open().source, Codec("n", str, int), lambda: 1)  # not a store
    1
    """
    folder = ours(source.db)
    if folder is None:
        return read()
    from spr_graph.graph.beside import kept

    key, encode, decode = codec
    try:
        return decode(kept(folder, key, lambda: encode(read())))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return decode(kept(folder, key, lambda: encode(read()), fresh=True))  # not its shape


class Reading:
    """The projection and the facts of one source, each read once.

    >>> import spr_graph
    >>> reading = Reading(spr_graph.open().source)
    >>> reading.projection.number_of_nodes() > 0, len(reading.facts.statements)
    (True, 263)
    """

    def __init__(self, source: Source) -> None:
        from spr_graph.graph.reads import Shared

        self.source = source
        #: the reads the projection and the facts share, kept until both are read
        self.shared = Shared(source.select)
        self.read: set[str] = set()

    @cached_property
    def _both(self) -> tuple[nx.MultiDiGraph, Facts]:
        """Both, from the store's cache when it is current (a ``--db`` store only)."""
        from spr_graph.graph.analysis_cache import cached

        return cached(ours(self.source.db), lambda: (self._project(), self._read_facts()))

    def _project(self) -> nx.MultiDiGraph:
        from spr_graph.graph.projection import project

        projection = project(self.shared)
        self._done("projection")
        return projection

    def _read_facts(self) -> Facts:
        from spr_graph.graph.facts import read_facts

        facts = read_facts(self.shared)
        self._done("facts")
        return facts

    def _done(self, name: str) -> None:
        """Once the projection and the facts are both read, the shared rows can go."""
        self.read.add(name)
        if self.read >= {"projection", "facts"}:
            self.shared.forget()

    @cached_property
    def projection(self) -> nx.MultiDiGraph:
        """The interoperability graph (:func:`spr_graph.graph.projection.project`)."""
        return self._both[0] if self.source.db is not None else self._project()

    @cached_property
    def facts(self) -> Facts:
        """The facts (:func:`spr_graph.graph.facts.read_facts`)."""
        return self._both[1] if self.source.db is not None else self._read_facts()

    @cached_property
    def names(self) -> NameIndex:
        """Every name of the projection's nodes (what :meth:`spr_graph.Graph.node` asks).
        For a ``--db`` store it is kept beside the store
        (:mod:`spr_graph.graph.names_kept`), so naming a node does not read the projection.

        >>> import spr_graph
        >>> Reading(spr_graph.open().source).names.resolve("rocu").rsplit("/", 1)[-1]
        'rocu'
        """
        from spr_graph.graph.names import NameIndex

        folder = ours(self.source.db)
        if folder is None or "projection" in self.__dict__:  # no store, or read already
            return NameIndex(self.projection)
        from spr_graph.graph.names_kept import kept_names

        return kept_names(folder, lambda: NameIndex(self.projection))
