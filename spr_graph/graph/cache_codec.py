"""Plain JSON for what the analyses rebuild: the facts' dataclasses and the projection.

The codec is generic and column-wise. A value is encoded through its type hints (``str``,
``int``, ``bool``, ``float``, :class:`~decimal.Decimal`, ``X | None``, ``tuple[X, ...]``,
fixed tuples, ``dict[K, V]`` and dataclasses), a sequence of dataclasses as one column
per field, every string as its index in one table of distinct strings; so a field added
to a dataclass later is written and read with no change here, and a national graph's
many repeated IRIs are written, parsed and held once (and shared: the analyses compare
and hash each once).

Nothing here runs code from the data: JSON holds only strings, numbers, lists and
objects, and data of the wrong shape raises :class:`CacheError` (or another ValueError,
TypeError, IndexError or KeyError).

>>> import json
>>> from spr_graph.graph.facts import Instant
>>> value = (Instant("2021-03", "year-month"), None)
>>> hint = tuple[Instant, Instant | None]
>>> decode(hint, json.loads(json.dumps(encode(hint, value)))) == value
True
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from itertools import accumulate, starmap
from typing import Any

from spr_graph.graph.cache_graph import decode_graph, encode_graph

__all__ = ["CacheError", "decode", "decode_graph", "encode", "encode_graph"]


class CacheError(ValueError):
    """Cached data does not have the shape its type says."""


class _Strings:
    """The table of distinct strings being written."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))


def _check(kind: type, values: list[Any]) -> list[Any]:
    if not set(map(type, values)) <= {kind}:
        raise CacheError(f"expected only {kind.__name__} values")
    return values


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise CacheError(f"expected a list, found {type(value).__name__}")
    return value


def _split(lengths: list[int], items: list[Any], make: Callable[[Any], Any]) -> list[Any]:
    """``items`` cut into pieces of ``lengths``, each made into a value by ``make``."""
    if min(_check(int, lengths), default=0) < 0 or sum(lengths) != len(items):
        raise CacheError("the lengths do not match the items")
    ends = accumulate(lengths)
    return [make(items[end - n:end]) for n, end in zip(lengths, ends, strict=True)]


def _parts(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) != 1 or len(args) != 2:
            raise TypeError(f"cannot cache values of type {hint}")
        return "optional", rest
    if origin is tuple:
        return ("variadic", args[:1]) if len(args) == 2 and args[1] is Ellipsis else \
            ("fixed", args)
    if origin is dict:
        return "dict", args
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return "record", (hint,)
    if hint in (str, int, bool, float, Decimal):
        return hint, ()
    raise TypeError(f"cannot cache values of type {hint}")


def _fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]


def _encode_column(hint: Any, values: list[Any], strings: _Strings) -> Any:
    """A column of values of type ``hint`` as JSON-ready data (an empty one as None)."""
    if not values:  # (and a dataclass that holds others of its kind ends here)
        return None
    kind, args = _parts(hint)
    if kind is str:
        return [strings(v) for v in values]
    if kind is Decimal:
        return [strings(str(v)) for v in values]
    if kind in (int, bool, float):
        return list(values)
    if kind == "optional":
        present = [v for v in values if v is not None]
        return [[0 if v is None else 1 for v in values],
                _encode_column(args[0], present, strings)]
    if kind == "variadic":
        return [[len(v) for v in values],
                _encode_column(args[0], [x for v in values for x in v], strings)]
    if kind == "fixed":
        return [_encode_column(a, [v[i] for v in values], strings) for i, a in enumerate(args)]
    if kind == "dict":
        return [[len(v) for v in values],
                _encode_column(args[0], [k for v in values for k in v], strings),
                _encode_column(args[1], [x for v in values for x in v.values()], strings)]
    return [_encode_column(h, [getattr(v, name) for v in values], strings)
            for name, h in _fields(args[0])]


def _decode_column(hint: Any, data: Any, strings: list[str]) -> list[Any]:
    """The column :func:`_encode_column` wrote (``strings``: the table of strings)."""
    if data is None:
        return []
    kind, args = _parts(hint)
    if kind is str:
        if min(_check(int, _list(data)), default=0) < 0:
            raise CacheError("a negative string index")
        return list(map(strings.__getitem__, data))
    if kind is Decimal:
        try:
            return [Decimal(v) for v in _decode_column(str, data, strings)]
        except InvalidOperation as exc:
            raise CacheError("not a number") from exc
    if kind in (int, bool, float):
        return _check(kind, _list(data))
    if kind == "optional":
        mask, present = _list(data)
        values = _decode_column(args[0], present, strings)
        if sum(map(bool, _check(int, mask))) != len(values):
            raise CacheError("the mask does not match the values")
        found = iter(values)
        return [next(found) if m else None for m in mask]
    if kind == "variadic":
        lengths, items = _list(data)
        return _split(lengths, _decode_column(args[0], items, strings), tuple)
    if kind == "dict":
        lengths, keys, values = _list(data)
        pairs = list(zip(_decode_column(args[0], keys, strings),
                         _decode_column(args[1], values, strings), strict=True))
        return _split(lengths, pairs, dict)
    columns = [_decode_column(h, c, strings) for h, c in zip(
        [h for _, h in _fields(args[0])] if kind == "record" else args, _list(data),
        strict=True)]
    if kind == "fixed":
        return list(zip(*columns, strict=True))
    return _records(args[0], columns)


def _records(cls: type, columns: list[list[Any]]) -> list[Any]:
    """Instances of the dataclass ``cls``, one a row of ``columns`` (one a field).

    A plain dataclass (every field set by ``__init__`` from its argument, no
    ``__post_init__``, no slots) is filled in directly, as its ``__init__`` would: five
    times faster than calling it, for the tens of thousands of facts of a national graph.
    """
    names = [name for name, _ in _fields(cls)]
    rows = zip(*columns, strict=True)
    if len(names) == len(dataclasses.fields(cls)) and not hasattr(cls, "__post_init__") \
            and not hasattr(cls, "__slots__"):
        new, made = object.__new__, []
        for row in rows:
            value: Any = new(cls)
            value.__dict__.update(zip(names, row, strict=True))
            made.append(value)
        return made
    if any(f.kw_only for f in dataclasses.fields(cls)):
        return [cls(**dict(zip(names, row, strict=True))) for row in rows]
    return list(starmap(cls, rows))


def encode(hint: Any, value: Any) -> dict[str, Any]:
    """``value``, of type ``hint``, as JSON-ready data (see the module doc)."""
    strings = _Strings()
    data = _encode_column(hint, [value], strings)
    return {"strings": list(strings.index), "value": data}


def decode(hint: Any, data: Any) -> Any:
    """The value of type ``hint`` that :func:`encode` wrote as ``data``."""
    if type(data) is not dict:
        raise CacheError("expected an object")
    values = _decode_column(hint, data["value"], _check(str, _list(data["strings"])))
    if len(values) != 1:
        raise CacheError("expected one value")
    return values[0]
