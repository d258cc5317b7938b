"""Make partnership maps: read the graph once, then write one map or a whole set.

``spr-graph map`` calls :func:`write_map` and :func:`write_all`. A :class:`MapMaker`
reads everything a map needs through one :data:`~spr_graph.store.select.Select` (the
projected graph, the requirement statements, quotes, paragraph texts and the ontology's
labels) and asks the analysis which nodes are single points of failure and which threats
lack named connectivity. A single map is written atomically; a set is published all at
once (:mod:`.publish`), so a failure leaves the previous set as it was. File names made
from threat labels are bounded and unique (:func:`threat_stem`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from spr_graph.core.atomic import write_bytes
from spr_graph.core.errors import InputError, UnknownNodeError
from spr_graph.core.fs import file_stem, unique_name
from spr_graph.render.html_map import render_index, render_map
from spr_graph.render.mapdata import Highlights, MapInput, map_data, map_view
from spr_graph.render.whatifdata import WhatIfSource

if TYPE_CHECKING:
    import networkx as nx

    from spr_graph.core.publish import Waiting
    from spr_graph.core.rows import Select
    from spr_graph.graph.facts import Facts
    from spr_graph.render.since import Since

#: File name of the whole-force map in a set written by :func:`write_all`.
WHOLE_MAP = "map.html"
INDEX = "index.html"


@dataclass(frozen=True)
class MapFile:
    """What a written map holds, for the command's summary and the index."""

    path: Path
    title: str
    nodes: int
    edges: int
    spof: int
    threat: str | None = None
    gap: bool = False
    size: int = 0


def highlights(graph: nx.MultiDiGraph, gap_threats: frozenset[str]) -> Highlights:
    """Single points of failure of ``graph`` (its articulation points) and the gap threats."""
    from spr_graph.analysis.spof import articulation_nodes

    return Highlights(frozenset(articulation_nodes(graph)), gap_threats)


class MapMaker:
    """Everything maps are made from, read once from ``select``."""

    def __init__(self, select: Select, graph: nx.MultiDiGraph | None = None,
                 facts: Facts | None = None, report: str | None = None,
                 since: Since | None = None) -> None:
        """``graph`` and ``facts``, when the caller has them already (a build), are
        :func:`~spr_graph.graph.projection.project` and :func:`~spr_graph.graph.facts.read_facts` of
        ``select``; they are not read again. ``report``: where the paragraphs can be read
        in full, relative to the maps (see :class:`~.mapdata.MapInput`). ``since``: what
        changed since an earlier paper, for the maps to mark (:mod:`.since`)."""
        from spr_graph.analysis.citing import read_citing
        from spr_graph.analysis.gaps import threats_without_connectivity
        from spr_graph.graph.evidence import drafted_subjects, read_evidence
        from spr_graph.graph.facts import read_facts
        from spr_graph.graph.projection import project
        from spr_graph.render.legend import read_legend

        self.graph = graph if graph is not None else project(select)
        facts = facts if facts is not None else read_facts(select)
        self.facts = facts
        statements = facts.statements.for_force(self.graph.graph.get("force"))
        self.edition_threats = tuple(t for t in statements.threats if t in self.graph)
        # connectivity gaps are a force's: with no paper naming one, nothing is flagged
        self.gap_threats = frozenset(threats_without_connectivity(self.graph, statements)
                                     if self.graph.graph.get("force") else ())
        papers = [(p.iri, p.short) for p in read_citing(select).papers]
        self.since, self.ranks = since, (0, len(papers))
        if since is not None:  # where the two papers' paragraph keys go on the map
            iris = [iri for iri, _ in papers]
            old, new = since.diff.old, since.diff.new
            self.ranks = (iris.index(new.iri) if new.iri in iris else 0,
                          iris.index(old.iri) if old.iri in iris and old.iri != new.iri
                          else len(papers))
            papers += [(old.iri, old.short)] if self.ranks[1] == len(papers) else []
        self.made_of = MapInput(read_legend(select), read_evidence(select), tuple(statements),
                                report=report, drafted=drafted_subjects(select),
                                papers=tuple(short for _, short in papers))
        #: the nodes of the whole-force map, the only ones --focus may name
        self.on_map = frozenset(map_view(self.graph, keep_threats=self.edition_threats))

    def threats(self) -> list[str]:
        """The threats that get a map of their own: the paper's edition, else all named."""
        if self.edition_threats:
            return sorted(self.edition_threats)
        return sorted({t for _, _, a in self.graph.edges(data=True) for t in a["threats"]
                       if t in self.graph})

    def choose(self, threats: Sequence[str] = (),
               focus: str | None = None) -> tuple[list[str], str | None]:
        """The IRIs of threats and a node named on the command line."""
        from spr_graph.graph.names import NameIndex

        keep = set(self.threats())
        threat_names = NameIndex(self.graph, lambda a: a["kind"] == "threat" and a["iri"] in keep)
        chosen = []
        for name in threats:
            try:
                chosen.append(threat_names.resolve(name))
            except UnknownNodeError:
                known = ", ".join(sorted(self.graph.nodes[t]["label"] for t in keep))
                raise UnknownNodeError(f"no SPR threat is called '{name}'",
                                       hint=f"choose one of {known}") from None
        if focus is None:
            return list(dict.fromkeys(chosen)), None
        nodes = NameIndex(self.graph, lambda a: a["iri"] in self.on_map)
        return list(dict.fromkeys(chosen)), nodes.resolve(focus)

    def owner(self) -> str | None:
        """The name of the force the paper reports on, if a paper names one."""
        force = self.graph.graph.get("force")
        return str(self.graph.nodes[force]["label"]) if force in self.graph else None

    def title(self, threats: Sequence[str] = (), focus: str | None = None, depth: int = 1,
              what: str = "partnership map") -> str:
        """"West Midlands Police: partnership map for Terrorism, within 1 step of WMCTU"."""
        owner = self.owner()
        title = f"{owner}: {what}" if owner else what[0].upper() + what[1:]
        if threats:
            title += " for " + ", ".join(self.graph.nodes[t]["label"] for t in threats)
        if focus is not None:
            steps = "step" if depth == 1 else "steps"
            title += f", within {depth} {steps} of {self.graph.nodes[focus]['label']}"
        return title

    def page(self, threats: Sequence[str] = (), focus: str | None = None,
             depth: int = 1) -> tuple[str, MapFile]:
        """The HTML of one map and its summary (``path`` is left empty)."""
        if focus is not None and depth < 0:
            raise InputError(f"--depth must be 0 or more, not {depth}")
        around = map_view(self.graph, threats, keep_threats=self.edition_threats)
        if focus is not None and focus not in around:
            raise InputError(f"{self.graph.nodes[focus]['label']} is not on the map of "
                             f"{', '.join(self.graph.nodes[t]['label'] for t in threats)}",
                             hint="drop --threat, or focus on a node that the threat names")
        marked = highlights(around, self.gap_threats)
        view = map_view(around, focus=focus, depth=depth) if focus is not None else around
        title = self.title(threats, focus, depth)
        whole = WhatIfSource(self.graph, self.facts) if not threats and focus is None else None
        drawn, since = view, None
        if self.since is not None:
            from spr_graph.render.since import overlay

            drawn, since = overlay(self.since, view, threats, whole is not None, *self.ranks,
                                   self.since.diff.old.short)
        html = render_map(map_data(drawn, title, replace(self.made_of, highlights=marked,
                                                         whatif=whole, since=since)))
        threat = threats[0] if len(threats) == 1 else None
        return html, MapFile(Path(), title, view.number_of_nodes(), view.number_of_edges(),
                             len(marked.spof & set(view)), threat, threat in self.gap_threats)


def threat_stem(iri: str, label: str) -> str:
    """The file-name stem of a threat's map: ``2015-terrorism`` for the SPR's own threat
    IRIs, else made from the label (bounded and safe: :func:`spr_graph.core.fs.file_stem`)."""
    match = re.search(r"/threat/(\d{4})/([a-z0-9-]+)$", iri)
    return file_stem(f"{match.group(1)}-{match.group(2)}" if match else label,
                     fallback="threat")


def make_map(select: Select, threats: Sequence[str] = (), focus: str | None = None,
             depth: int = 1, since: Since | None = None) -> tuple[bytes, MapFile]:
    """One map's HTML (UTF-8) and summary: the whole force, some threats, or around one
    node (``path`` is left empty, for the caller that writes it somewhere); ``since``:
    what changed since an earlier paper, marked (:mod:`.since`)."""
    maker = MapMaker(select, since=since)
    chosen, node = maker.choose(threats, focus)
    html, summary = maker.page(chosen, node, depth)
    data = html.encode("utf-8")
    return data, replace(summary, size=len(data))


def write_map(select: Select, path: str | Path, threats: Sequence[str] = (),
              focus: str | None = None, depth: int = 1, since: Since | None = None) -> MapFile:
    """Write one map to ``path`` atomically (see :func:`make_map`)."""
    data, summary = make_map(select, threats, focus, depth, since)
    write_bytes(path, data)
    return replace(summary, path=Path(path))


def stage_all(maker: MapMaker, write: Callable[[str, bytes], None]) -> list[MapFile]:
    """Make the whole-force map, one map per threat and ``index.html``, handing each
    file's name and bytes to ``write``; returns the maps (paths are the bare names)."""
    written: list[MapFile] = []
    jobs: list[tuple[str, list[str]]] = [(WHOLE_MAP, [])]
    used = {WHOLE_MAP, INDEX}
    for threat in maker.threats():
        stem = threat_stem(threat, maker.graph.nodes[threat]["label"])
        jobs.append((unique_name(stem, threat, used, "threat-", ".html"), [threat]))
    for name, threats in jobs:
        html, summary = maker.page(threats)
        data = html.encode("utf-8")
        write(name, data)
        written.append(replace(summary, path=Path(name), size=len(data)))
    rows = [{"file": m.path.name, "title": m.title, "nodes": m.nodes, "edges": m.edges,
             "spof": m.spof, "threat": m.threat, "gap": m.gap} for m in written]
    write(INDEX, render_index(maker.title(what="partnership maps"), rows).encode("utf-8"))
    return written


def write_all(select: Select, directory: str | Path, maker: MapMaker | None = None,
              waiting: Waiting | None = None) -> list[MapFile]:
    """Write the whole-force map, one map per threat, ``index.html`` and ``SHA256SUMS``
    into ``directory``, all at once or not at all (:mod:`.publish`: a map of a threat no
    longer named is removed, other files are kept). ``maker``: one already built from
    ``select``; ``waiting``: see :func:`~.publish.publication`."""
    from spr_graph.core.publish import publication

    maker = maker if maker is not None else MapMaker(select)
    folder = Path(directory)
    pack = {"report.html": "an evidence pack"}
    with publication(folder, waiting, expect=(WHOLE_MAP, INDEX), foreign=pack) as staged:
        written = stage_all(maker, staged.write)
        staged.commit()
    return [replace(m, path=folder / m.path) for m in written]
