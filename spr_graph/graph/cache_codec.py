"""Plain JSON for what the analyses rebuild: the projection and the facts' dataclasses.

The codec is generic: a dataclass becomes the list of its fields' values, in field order,
and is read back through its type hints (``str``, ``int``, ``bool``, :class:`~decimal.Decimal`,
``X | None``, ``tuple[X, ...]``, fixed tuples, ``dict[str, X]`` and nested dataclasses), so
a field added later is written and read with no change here. :func:`signature` names every
dataclass reached and its fields' types: a cache written before a field changed carries
another signature and is not read.

Nothing here runs code from the data: JSON holds only strings, numbers, lists and
objects, and a value of the wrong shape raises :class:`CacheError`.

>>> from spr_graph.graph.facts import Instant
>>> decode(Instant, json.loads(json.dumps(encode(Instant("2021-03", "year-month")))))
Instant(value='2021-03', precision='year-month')
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import networkx as nx

Decoder = Callable[[Any], Any]


class CacheError(ValueError):
    """A cached value does not have the shape its type says."""


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as lists of field values.

    >>> encode((Decimal("1.50"), None, {"a": ("b",)}))
    ['1.50', None, {'a': ['b']}]
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init]
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _scalar(kind: type) -> Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise CacheError(f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    return check


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(_scalar(str)(value))
    except InvalidOperation as exc:
        raise CacheError(f"not a number: {value!r}") from exc


def _sequence(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CacheError(f"expected a list, found {type(value).__name__}")
    return value


def _optional(inner: Decoder) -> Decoder:
    return lambda value: None if value is None else inner(value)


def _variadic(inner: Decoder) -> Decoder:
    return lambda value: tuple(inner(v) for v in _sequence(value))


def _fixed(inners: tuple[Decoder, ...]) -> Decoder:
    def read(value: Any) -> tuple[Any, ...]:
        if len(_sequence(value)) != len(inners):
            raise CacheError(f"expected {len(inners)} items, found {len(value)}")
        return tuple(inner(v) for inner, v in zip(inners, value, strict=True))

    return read


def _mapping(key: Decoder, inner: Decoder) -> Decoder:
    def read(value: Any) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise CacheError(f"expected an object, found {type(value).__name__}")
        return {key(k): inner(v) for k, v in value.items()}

    return read


def _record(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.init]

    def read(value: Any) -> Any:
        if len(_sequence(value)) != len(fields):
            raise CacheError(f"{cls.__name__}: expected {len(fields)} fields, found {len(value)}")
        return cls(**{name: inner(v) for (name, inner), v in zip(fields, value, strict=True)})

    return read


@cache
def decoder(hint: Any) -> Decoder:
    """The function that reads JSON data back into a value of type ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise TypeError(f"cannot cache values of type {hint}")
        return _optional(decoder(rest[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _variadic(decoder(args[0]))
        return _fixed(tuple(decoder(a) for a in args))
    if origin is dict:
        return _mapping(decoder(args[0]), decoder(args[1]))
    if hint is Decimal:
        return _decimal
    if hint in (str, int, bool, float):
        return _scalar(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    raise TypeError(f"cannot cache values of type {hint}")


def decode(hint: Any, data: Any) -> Any:
    """The value of type ``hint`` that :func:`encode` wrote as ``data``."""
    return decoder(hint)(data)


def _describe(hint: Any, seen: dict[str, list[str]]) -> None:
    for arg in typing.get_args(hint):
        _describe(arg, seen)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = f"{hint.__module__}.{hint.__qualname__}"
        if name not in seen:
            hints = typing.get_type_hints(hint)
            seen[name] = [f"{f.name}: {hints[f.name]}" for f in dataclasses.fields(hint)]
            for field in dataclasses.fields(hint):
                _describe(hints[field.name], seen)


def signature(hint: Any) -> str:
    """A short fingerprint of ``hint``'s dataclasses and their fields' types.

    >>> from spr_graph.graph.facts import Facts
    >>> len(signature(Facts))
    16
    """
    seen: dict[str, list[str]] = {}
    _describe(hint, seen)
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:16]


def encode_graph(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """A projection as JSON-ready data: its attributes, nodes in order, edges in the order
    the projection adds them (sorted by subject, object and relation).

    Attribute values must be JSON values already (strings, numbers, lists, objects):
    the projection's are.
    """
    return {"graph": dict(graph.graph),
            "nodes": [[n, a] for n, a in graph.nodes(data=True)],
            "edges": sorted([u, v, k, a] for u, v, k, a in graph.edges(keys=True, data=True))}


def decode_graph(data: Any) -> nx.MultiDiGraph:
    """The projection :func:`encode_graph` wrote, nodes and edges in the same order."""
    if not isinstance(data, dict):
        raise CacheError("the projection is not an object")
    graph = nx.MultiDiGraph()
    graph.graph.update(_mapping(_scalar(str), lambda v: v)(data.get("graph")))
    nodes, edges = _sequence(data.get("nodes")), _sequence(data.get("edges"))
    try:
        graph.add_nodes_from((_scalar(str)(n), _mapping(_scalar(str), lambda v: v)(a))
                             for n, a in nodes)
        for u, v, key, attrs in edges:
            if u not in graph or v not in graph:
                raise CacheError("an edge names a node that is not in the projection")
            graph.add_edge(u, v, key=key, **_mapping(_scalar(str), lambda v: v)(attrs))
    except (TypeError, ValueError) as exc:  # a node or edge of the wrong shape
        raise CacheError(f"a node or edge of the wrong shape: {exc}") from exc
    return graph
