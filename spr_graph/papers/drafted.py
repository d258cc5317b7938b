"""A paper folder's machine draft read back: one :class:`DraftedFact` per drafted graph.

The review page shows these beside their paragraphs and ``review --apply`` decides on
them. What a fact is comes from the draft itself, not from re-running the rules: its
graph ``<base>id/graph/<paper>/draft/<kind>-pNNN-<words>`` (the key
``<kind>:pNNN:<words>`` of :attr:`spr_graph.papers.draft.model.Fact.key`), its quads, its
paragraph (``prov:wasDerivedFrom``) and its rule (``prov:wasGeneratedBy`` the drafting
activity ``<base>id/drafting/<paper>/<rule>``).

>>> graph_key("https://w3id.org/spr-graph/id/graph/x-2021/draft/mention-p012-the-nca")
'mention:p012:the-nca'
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error
from spr_graph.core.namespaces import BASE, DRAFTING, PROV, SPR
from spr_graph.papers.provenance import provenance_graph_iri

__all__ = ["text_of", "DraftedFact", "Draft", "graph_key", "manifest_id", "read_manifest",
           "parse_draft",
           "read_draft", "MACHINE_DRAFT"]

#: Where a reviewed folder keeps the machine's complete draft (not loaded by commands:
#: only the RDF files directly in a paper folder are).
MACHINE_DRAFT = "machine/draft.trig"


def graph_key(graph: str) -> str:
    """The fact key of a drafted (or reviewed) fact's graph IRI."""
    kind, paragraph, words = graph.rsplit("/", 1)[-1].split("-", 2)
    return f"{kind}:{paragraph}:{words}"


@dataclass
class DraftedFact:
    """One drafted fact: its key and graph, the paragraph it was derived from, the
    drafting activity that generated it, and its quads."""

    key: str
    graph: str
    derived_from: str
    activity: str
    quads: list[ox.Quad] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def paragraph(self) -> int:
        number = self.derived_from.rsplit("/p", 1)[-1]
        return int(number) if number.isdigit() else 0

    @property
    def rule(self) -> str:
        return self.activity.removeprefix(DRAFTING).split("/", 1)[-1]

    @property
    def quote(self) -> str:
        """The fact's verbatim quote (the shortest, when a fact quotes several spans)."""
        quotes = sorted((str(q.object.value) for q in self.quads
                         if q.predicate.value == SPR.quote and isinstance(q.object, ox.Literal)),
                        key=lambda s: (len(s), s))
        return quotes[0] if quotes else ""


@dataclass
class Draft:
    """A paper folder's id, its drafted facts in paragraph order, and the quads that are
    no fact's own (the activities that drafted them)."""

    doc_id: str
    facts: list[DraftedFact]
    other: list[ox.Quad]

    def by_key(self) -> dict[str, DraftedFact]:
        return {f.key: f for f in self.facts}


def read_manifest(folder: Path) -> dict[str, object]:
    """A paper folder's ``manifest.json``, which names the paper's id (an
    :class:`InputError` for a file that is not one)."""
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise os_error(exc, path, "read") from exc
    except ValueError as exc:
        raise InputError(f"not a paper folder's manifest: {exc}", Location(str(path)),
                         "give a folder written by spr-graph ingest") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("id"), str):
        raise InputError("the manifest names no paper id", Location(str(path)),
                         "give a folder written by spr-graph ingest")
    return manifest


def manifest_id(folder: Path) -> str:
    """The paper id a paper folder's manifest names."""
    return str(read_manifest(folder)["id"])


def draft_file(folder: Path) -> Path:
    """The machine's complete draft of ``folder``: kept aside once a review has been
    applied, ``draft.trig`` before; an :class:`InputError` for a folder with neither (a
    hand-curated paper has nothing to review)."""
    for path in (folder / MACHINE_DRAFT, folder / "draft.trig"):
        if path.is_file():
            return path
    raise InputError("the paper folder holds no machine draft (draft.trig)",
                     Location(str(folder)), "review a folder written by spr-graph ingest")


def read_draft(folder: str | Path) -> tuple[Draft, bytes]:
    """The machine's complete draft of the paper folder ``folder``, and its TriG."""
    folder = Path(folder)
    doc_id, path = manifest_id(folder), draft_file(folder)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path, "read") from exc
    return parse_draft(doc_id, data, path), data


def parse_draft(doc_id: str, data: bytes, path: Path) -> Draft:
    """The draft of paper ``doc_id`` in the TriG ``data`` (read from ``path``)."""
    try:
        quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise InputError(f"not the TriG ingest writes: {exc}", Location(str(path)),
                         "run spr-graph ingest again to re-draft the paper") from exc
    return _facts(doc_id, quads)


def text_of(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's IRI, blank node id or lexical value (a quoted triple as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _facts(doc_id: str, quads: list[ox.Quad]) -> Draft:
    prefix = f"{BASE}id/graph/{doc_id}/draft/"
    provenance = provenance_graph_iri(doc_id)
    own: dict[str, list[ox.Quad]] = defaultdict(list)
    said: dict[str, dict[str, str]] = defaultdict(dict)
    other: list[ox.Quad] = []
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        subject = text_of(quad.subject)
        if graph.startswith(prefix):
            own[graph].append(quad)
        elif graph == provenance and subject.startswith(prefix):
            said[subject][quad.predicate.value] = text_of(quad.object)
        else:
            other.append(quad)
    facts = [DraftedFact(graph_key(graph), graph, said[graph].get(PROV.wasDerivedFrom, ""),
                         said[graph].get(PROV.wasGeneratedBy, ""), own[graph])
             for graph in sorted(own)]
    facts.sort(key=lambda f: (f.paragraph, f.key))
    return Draft(doc_id, facts, other)
