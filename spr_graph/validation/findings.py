"""What validation finds, and where: :class:`Finding` and the :class:`Context` that gives
each finding its node's label and paragraphs, read from the store on demand."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from spr_graph.core.namespaces import SPR, shorten
from spr_graph.papers.sourcetext import normalise
from spr_graph.store.select import store_select

VIOLATION, WARNING, INFO = "violation", "warning", "info"
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
#: pySHACL's result severities; SHACL allows others, and they fail like violations.
SEVERITY = {f"http://www.w3.org/ns/shacl#{name}": severity for name, severity in
             (("Violation", VIOLATION), ("Warning", WARNING), ("Info", INFO))}


@dataclass(frozen=True)
class Finding:
    """One problem: how bad, which check, what, about which node, from which paragraphs."""

    severity: str
    check: str
    message: str
    focus: str | None = None
    label: str | None = None
    paragraphs: tuple[int, ...] = ()
    path: str | None = None
    value: str | None = None

    def describe(self) -> str:
        where = f"{self.label} ({shorten(self.focus)})" if self.focus and self.label else (
            shorten(self.focus) if self.focus else "dataset")
        paras = f" [paragraph {', '.join(map(str, self.paragraphs))}]" if self.paragraphs else ""
        path = f" {shorten(self.path)}:" if self.path else ":"
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}{paras}{path} {self.message}{value}"


class Context:
    """Labels and paragraph numbers of nodes, read once from the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        select = store_select(store)
        self._labels: dict[str, str | None] = {}
        self.graph_paragraph: dict[str, int] = {}
        self.paragraph_text: dict[int, str] = {}
        self.graph_text: dict[str, str] = {}  # per graph: numbers repeat across papers
        for row in select(f"""
            SELECT ?g ?n ?text (GROUP_CONCAT(?note; separator=" ") AS ?notes) WHERE {{
              ?p a <{SPR.Paragraph}> ; <{SPR.paragraphNumber}> ?n ; <{SPR.text}> ?text .
              OPTIONAL {{ ?p <{SPR.footnote}> ?note }}
              OPTIONAL {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?p }}
            }} GROUP BY ?g ?n ?text"""):
            try:
                number = int(row["n"] or 0)
            except ValueError:  # not a paragraph number: the literal checks report it
                continue
            self.paragraph_text[number] = normalise(f"{row['text']} {row['notes'] or ''}")
            if row["g"] is not None:
                self.graph_paragraph[row["g"]] = number
                self.graph_text[row["g"]] = self.paragraph_text[number]
        self._node_paragraphs: dict[str, tuple[int, ...]] = {}

    def paragraphs(self, node: str) -> tuple[int, ...]:
        """The paragraphs whose graphs say something about ``node`` (asked only for the
        nodes findings are about: a pass over a national store is not needed)."""
        if node not in self._node_paragraphs:
            found = {self.graph_paragraph.get(q.graph_name.value) for q in
                     self.store.quads_for_pattern(ox.NamedNode(node), None, None, None)
                     if isinstance(q.graph_name, ox.NamedNode)}
            self._node_paragraphs[node] = tuple(sorted(n for n in found if n is not None))
        return self._node_paragraphs[node]

    def finding(self, severity: str, check: str, message: str, focus: str | None = None,
                **extra: object) -> Finding:
        paragraphs = self.paragraphs(focus) if focus else ()
        return Finding(severity, check, message, focus, self.label(focus) if focus else None,
                       paragraphs, **extra)  # type: ignore[arg-type]

    def label(self, node: str) -> str | None:
        """The node's preferred label, the least when it has several (asked only for the
        nodes findings are about)."""
        if node not in self._labels:
            self._labels[node] = min((q.object.value for q in self.store.quads_for_pattern(
                ox.NamedNode(node), _PREF_LABEL, None) if isinstance(q.object, ox.Literal)),
                default=None)
        return self._labels[node]
