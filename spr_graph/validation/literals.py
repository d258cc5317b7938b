"""Whether a typed literal's lexical form is valid, as rdflib judges it, without an rdflib
term per literal: the common forms (integers, decimals, years, months) are recognised
by pattern, anything else goes to rdflib once per distinct literal.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Lexical forms rdflib certainly reads, and the Python type it gives each.
_PLAIN = {f"{_XSD}integer": (re.compile(r"[+-]?[0-9]+"), int),
          f"{_XSD}decimal": (re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"), Decimal),
          f"{_XSD}gYear": (re.compile(r"[0-9]{4}"), None),
          f"{_XSD}gYearMonth": (re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])"), None)}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(lexical: str) -> date | None:
    try:
        return date.fromisoformat(lexical) if _DATE.fullmatch(lexical) else None
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def rdflib_value(lexical: str, datatype: str) -> tuple[bool, Any]:
    """``(ill_typed, value)`` of the rdflib literal for ``lexical`` typed ``datatype``.

    >>> rdflib_value("42", "http://www.w3.org/2001/XMLSchema#integer")
    (False, 42)
    >>> rdflib_value("2021-13-01", "http://www.w3.org/2001/XMLSchema#date")[0]
    True
    """
    plain = _PLAIN.get(datatype)
    if plain is not None and plain[0].fullmatch(lexical):
        kind = plain[1]
        return False, (kind(lexical) if kind is not None else lexical)
    if datatype == f"{_XSD}date" and (day := _iso_date(lexical)) is not None:
        return False, day
    import logging

    from rdflib import Literal, URIRef

    log = logging.getLogger("rdflib.term")
    disabled, log.disabled = log.disabled, True  # it logs a traceback per ill-typed literal
    try:
        literal = Literal(lexical, datatype=URIRef(datatype))
    finally:
        log.disabled = disabled
    return literal.ill_typed is True, literal.value
