"""A curator's review decisions: a plain text file, one decision per line.

::

    # comments and blank lines are ignored
    accept  mention:p012:national-crime-agency-nca
    reject  statement:p031:we-will-work-with-the-nca
    correct quantity:p045:224-cbrn-responders  spr:quantityRole=required
    correct entity:p020:wmctu  skos:prefLabel="West Midlands Counter Terrorism Unit"

A line is a verb, a fact key (as the review page shows it) and, for ``correct``, one or
more ``PROPERTY=VALUE``: the property as a prefixed name or ``<IRI>``, the value a word,
a quoted phrase, a prefixed name or ``<IRI>``. Words are split as a shell splits them, so
quote a value with spaces. Decisions are keyed by the fact key, which survives
re-drafting, so the same file applies to the next draft of the paper.

>>> [d.verb for d in parse("accept a:p001:x\\nreject b:p002:y  # wrong\\n", "r.txt")]
['accept', 'reject']
>>> changes = parse('correct q:p003:z spr:value=307 rdfs:label="Two words"', "r")[0].changes
>>> [(iri.rsplit("#", 1)[1], value, column) for iri, value, column in changes]
[('value', '307', 18), ('label', 'Two words', 32)]
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from spr_graph.core.errors import InputError, Location
from spr_graph.core.namespaces import expand
from spr_graph.core.textfile import read_text

__all__ = ["Decision", "VERBS", "parse", "read_decisions"]

VERBS = ("accept", "reject", "correct")
_KEY = re.compile(r"[a-z]+:p\d{3}:[a-z0-9-]*")
_FORMAT = "write one decision per line: accept KEY, reject KEY or correct KEY PROPERTY=VALUE"


@dataclass(frozen=True)
class Decision:
    """One line of a decisions file: ``changes`` are ``(property IRI, value, column)``."""

    verb: str
    key: str
    changes: tuple[tuple[str, str, int], ...]
    line: int


def _columns(line: str, words: list[str]) -> list[int]:
    """The 1-based column where each shell word of ``line`` starts (best effort)."""
    found, at = [], 0
    for word in words:
        head = word.split("=", 1)[0] or word
        at = line.find(head, at)
        found.append(at + 1 if at >= 0 else 1)
        at = max(at, 0) + len(head)
    return found


def _decision(words: list[str], columns: list[int], where: Location,
              path: str, number: int) -> Decision:
    verb = words[0]
    if verb not in VERBS:
        raise InputError(f"unknown decision '{verb}'", where, _FORMAT)
    if len(words) < 2 or not _KEY.fullmatch(words[1]):
        raise InputError("a decision needs the fact's key (kind:pNNN:words, as the review "
                         "page shows it)", Location(path, number, columns[min(1, len(words) - 1)]),
                         _FORMAT)
    changes = []
    for word, column in zip(words[2:], columns[2:], strict=True):
        at = Location(path, number, column)
        name, equals, value = word.partition("=")
        prop = expand(name)
        if verb != "correct":
            raise InputError(f"'{verb}' takes a key only", at, _FORMAT)
        if not equals or prop is None:
            raise InputError(f"not PROPERTY=VALUE: '{word}'", at,
                             "name the property as a prefixed name (spr:value) or <IRI>")
        changes.append((prop, value, column))
    if verb == "correct" and not changes:
        raise InputError("'correct' needs at least one PROPERTY=VALUE", where, _FORMAT)
    return Decision(verb, words[1], tuple(changes), number)


def parse(text: str, path: str) -> list[Decision]:
    """The decisions of ``text`` (the file at ``path``, for messages); a key decided twice
    is an :class:`InputError` naming both lines."""
    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise InputError(f"cannot split the line: {exc}", Location(path, number),
                             "close the quotes around a value") from exc
        if not words:
            continue
        start = len(line) - len(line.lstrip())
        decision = _decision(words, _columns(line, words), Location(path, number, start + 1),
                             path, number)
        if decision.key in seen:
            raise InputError(f"{decision.key} is decided twice (first on line "
                             f"{seen[decision.key]})", Location(path, number, start + 1),
                             "keep one decision per fact")
        seen[decision.key] = number
        decisions.append(decision)
    return decisions


def read_decisions(path: str | Path) -> list[Decision]:
    """The decisions of the file at ``path`` (UTF-8 text)."""
    return parse(read_text(Path(path)), str(path))
