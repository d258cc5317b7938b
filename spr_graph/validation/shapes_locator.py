"""Where things are in a SHACL shapes file, for messages: lines and readable names.

The loader reads each file once and keeps its quads; for line numbers the text of a
regular file is read again here (a pipe gives no line numbers: it cannot be reread).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core.errors import InputError, Location
from spr_graph.core.namespaces import shorten

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_KINDS = (("NodeShape", "shape"), ("PropertyShape", "shape"), ("SPARQLFunction", "function"),
          ("ConstraintComponent", "constraint component"), ("SPARQLTargetType", "target type"))
_TURTLE_PREFIX = re.compile(r"(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>\s]*)>", re.I)
#: Shapes files larger than this are not read a second time to find line numbers.
_MAX_TEXT = 20_000_000

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class ShapesError(InputError):
    """A shapes file that cannot be used: unsafe, malformed or crashing pySHACL."""


class Locator:
    """Lines and readable names for the nodes and literals of one shapes file.

    The quads come from the loader, which read the file once; for line numbers the
    text is read again, but only from a regular file (a pipe gives no line numbers).
    """

    def __init__(self, path: Path, quads: Sequence[ox.Quad]) -> None:
        self.path = path
        self.quads = quads
        self.text = _file_text(path)
        self.prefixes = sorted({(p, ns) for p, ns in _TURTLE_PREFIX.findall(self.text)},
                               key=lambda item: -len(item[1]))
        self.parents: dict[Term, list[Term]] = defaultdict(list)
        self.about: dict[Term, list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
        for q in quads:
            self.parents[q.object].append(q.subject)
            self.about[q.subject].append((q.predicate, q.object))

    def values(self, node: Term, predicate: ox.NamedNode) -> list[Term]:
        """The objects of ``node predicate ?``, in file order."""
        return [o for p, o in self.about.get(node, ()) if p == predicate]

    def location(self, line: int | None = None) -> Location:
        return Location(str(self.path), line)

    def name(self, node: Term) -> str:
        """``ex:S`` in the file's own prefixes, else spr-graph's, else ``<iri>``."""
        if not isinstance(node, ox.NamedNode):
            return "a blank node"
        for prefix, ns in self.prefixes:
            local = node.value[len(ns):]
            if node.value.startswith(ns) and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return shorten(node.value)

    def owner(self, node: Term) -> ox.NamedNode | None:
        """The nearest named node that refers to ``node`` (itself when named)."""
        seen, frontier = {node}, [node]
        for _ in range(32):
            for item in frontier:
                if isinstance(item, ox.NamedNode):
                    return item
            frontier = [p for item in frontier for p in self.parents.get(item, ())
                        if p not in seen]
            seen.update(frontier)
            if not frontier:
                return None
        return None

    def describe(self, node: Term) -> str:
        """``shape ex:S`` (or ``function ex:f``...) for what ``node`` belongs to."""
        owner = self.owner(node)
        if owner is None:
            return "a shape"
        types = {t.value[len(SH):] for t in self.values(owner, RDF_TYPE)
                 if isinstance(t, ox.NamedNode) and t.value.startswith(SH)}
        kind = next((f"{word} " for name, word in _KINDS if name in types), "")
        return f"{kind}{self.name(owner)}"

    def node_line(self, node: Term) -> int | None:
        """The line where the named owner of ``node`` is first written as a subject."""
        owner = self.owner(node)
        if owner is None or not self.text:
            return None
        spellings = [f"<{owner.value}>"] + [f"{p}:{owner.value[len(ns):]}"
                                             for p, ns in self.prefixes
                                             if owner.value.startswith(ns)]
        for start in (r"^[ \t]*", r"(?<![\w:<])"):  # as a statement's subject, else anywhere
            for spelling in spellings:
                pattern = re.compile(rf"{start}({re.escape(spelling)})(?=[\s;,.)\]]|$)", re.M)
                if match := pattern.search(self.text):
                    return self.text.count("\n", 0, match.start(1)) + 1
        return None

    def literal_line(self, node: Term, value: str, line_in_value: int = 1) -> int | None:
        """The file line of line ``line_in_value`` of a string literal about ``node``, when
        its first non-blank line is found verbatim (searched from ``node``'s owner on)."""
        parts = value.split("\n")
        first = next((i for i, part in enumerate(parts) if part.strip()), None)
        if first is None or not self.text:
            return None
        owner_line = self.node_line(node)
        start = 0 if owner_line is None else sum(
            len(line) for line in self.text.splitlines(keepends=True)[:owner_line - 1])
        probe = parts[first].strip()[:80]
        offset = self.text.find(probe, start)
        if offset < 0:
            offset = self.text.find(probe)
        if offset < 0:
            return None
        return self.text.count("\n", 0, offset) + 1 + max(0, line_in_value - 1 - first)


def _file_text(path: Path) -> str:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_TEXT:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
