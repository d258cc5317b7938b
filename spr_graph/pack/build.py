"""``spr-graph build``: validate, analyse and write the whole evidence pack into a folder.

The pipeline loads the files, starts validation and the ontology documentation in a
second process (:mod:`.background`; SHACL is the slow part), analyses, and writes every
file of the pack into a staging folder (:mod:`.publish`): the exports and the maps, then,
once validation has finished, the ontology page, the report, ``validation.json`` and
``index.html``. Only then is the pack moved into place, with ``SHA256SUMS`` last. When
validation finds violations nothing is published (unless ``allow_invalid``); an error
or an interruption leaves the previous pack as it was. The same input gives
byte-identical files.

:data:`PACK_FILES` documents every file; :func:`build` reports each step to a
``progress`` callback and returns a :class:`BuildResult`.
"""

from __future__ import annotations

import json
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from spr_graph.core import resources
from spr_graph.core.fs import os_error
from spr_graph.core.publish import SUMS, Publication, Waiting, publication
from spr_graph.core.tree import Sink
from spr_graph.pack.background import Background

if TYPE_CHECKING:
    from spr_graph.analysis.findings import Findings
    from spr_graph.core.rows import Select
    from spr_graph.render.report import Claim, InputFile, ReportModel
    from spr_graph.render.since import Since
    from spr_graph.store.load import Loaded
    from spr_graph.validation.validate import Validation

#: Every file of the pack and what it is for (maps/ holds one map per threat besides).
PACK_FILES: dict[str, str] = {
    "index.html": "this page: every file of the pack",
    "report.html": "the assurance report, one offline file (print it for a paper copy)",
    "report.md": "the same report as Markdown",
    "maps/index.html": "partnership maps: the whole force and one map per threat",
    "graph.graphml": "the interoperability graph for yEd, Gephi or Cytoscape (GraphML)",
    "graph.gexf": "the same graph for Gephi (GEXF 1.2)",
    "nodes.csv": "one row per node, for i2 Analyst's Notebook, Neo4j or a spreadsheet",
    "edges.csv": "one row per relation, with both ends' labels",
    "dataset.trig": "the whole dataset (ontology, paragraph graphs, provenance) as TriG",
    "dataset.nq": "the same dataset as N-Quads",
    "dataset.jsonld": "the same dataset as JSON-LD with an inline @context",
    "ontology.html": "documentation of the ontology (pyLODE)",
    "validation.json": "the validation report: SHACL and dataset checks",
    "analysis/gaps.json": "the threat x 5C matrix and its gaps (JSON, schema spr-graph/gaps/1)",
    "analysis/gaps.csv": "the same matrix, one row per threat and C",
    "analysis/gaps-spr-2023.json": "the matrix re-baselined against the 2023 SPR",
    "analysis/gaps-spr-2023.csv": "the same, one row per threat and C",
    "analysis/spof.json": "single points of failure and key-person risk (spr-graph/spof/1)",
    "analysis/spof.csv": "the same, one row per finding",
    "analysis/capacity.json": "capacity held vs required and shortfalls (spr-graph/capacity/1)",
    "analysis/capacity.csv": "every quantity, one row each",
    "analysis/funding.json": "funding timeline and cliffs (spr-graph/funding/1)",
    "analysis/funding.csv": "one row per funding stream and what it pays for",
    "compare.html": "with several forces' papers: the forces side by side, every row cited",
    "analysis/compare.json": "the forces side by side (spr-graph/compare/1)",
    "analysis/compare.csv": "the same, one row per force and threat, partner, risk and cliff",
    SUMS: "the SHA-256 of every file; check with `sha256sum -c SHA256SUMS`",
}
#: The files only a pack of several forces' papers holds.
SEVERAL_FORCES = ("compare.html", "analysis/compare.json", "analysis/compare.csv")
STEPS = ("load", "analyse", "exports", "maps", "validate", "ontology", "report", "publish")


@dataclass(frozen=True)
class Step:
    """One finished step of the build, for the progress display."""

    number: int
    total: int
    name: str
    detail: str
    seconds: float


@dataclass
class BuildResult:
    """What a build did: where, which files, the validation and the findings."""

    folder: Path
    published: bool
    validation: Validation
    findings: Findings
    claims: list[Claim]
    inputs: list[InputFile]
    files: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


Progress = Callable[[Step], None]


def _inputs(loaded: Loaded) -> list[InputFile]:
    """Each file read, with the SHA-256 of the bytes the load read (a file is read once:
    a named pipe can be read only once, and a file changed since is not what was
    analysed)."""
    from spr_graph.render.report import InputFile

    return [InputFile(p.name, loaded.sha256[str(p)])
            for p in [*loaded.data_files, *loaded.shape_files]]


def _regular(path: Path) -> bool:
    """True for a regular file (a link to one too): one the validation worker can read
    again (a named pipe or standard input cannot be)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_exports(staged: Publication, loaded: Loaded, findings: Findings) -> list[str]:
    from spr_graph.analysis.citing import Citing
    from spr_graph.core.tables import render_csv
    from spr_graph.render import formats
    from spr_graph.render.citing import cite_json, cite_table
    from spr_graph.render.reports import csv_table
    from spr_graph.store.dump import dump_all

    names: list[str] = []

    def write(name: str, data: bytes | Callable[[Sink], None]) -> None:  # one at a time
        staged.write(name, data)
        names.append(name)

    graph = findings.graph
    flat = formats.flatten(graph)  # once for both
    write("graph.graphml", formats.graphml(graph, flat))
    write("graph.gexf", formats.gexf(graph, flat))
    write("nodes.csv", formats.nodes_csv(graph))
    write("edges.csv", formats.edges_csv(graph))
    # the three dataset files at once, from one pass over the store, a graph at a time
    write("dataset.trig", lambda trig: write("dataset.nq", lambda nquads: write(
        "dataset.jsonld", partial(dump_all, loaded.store, trig, nquads))))
    for stem, analysed in findings.analysis_files().items():
        citing = findings.citing if stem != "compare" else Citing()  # compare cites itself
        write(f"analysis/{stem}.json", _json(cite_json(analysed.as_dict(), citing)))
        write(f"analysis/{stem}.csv",
              render_csv(cite_table(csv_table(analysed), citing, csv=True)).encode("utf-8"))
    if findings.compare is not None:
        from spr_graph.render.forces import compare_html

        write("compare.html", compare_html(findings.compare).encode("utf-8"))
    return names


def _write_maps(staged: Publication, select: Select, findings: Findings,
                since: Since | None) -> int:
    """The maps of the paper analysed (read by ``select``), marking what changed
    ``since`` the force's paper before, when the store holds one."""
    from spr_graph.render.maps import MapMaker, stage_all

    maker = MapMaker(select, findings.graph, findings.facts, report="../report.html",
                     since=since)
    return len(stage_all(maker, lambda name, data: staged.write(f"maps/{name}", data)))


def _write_report(staged: Publication, model: ReportModel) -> None:
    """The report in both renderings, the validation report, and the index of it all."""
    from markupsafe import Markup

    from spr_graph.render.html_map import csp, environment, report_css
    from spr_graph.render.report import render_html, render_markdown

    staged.write("report.html", render_html(model).encode("utf-8"))
    staged.write("report.md", render_markdown(model).encode("utf-8"))
    if model.validation is not None:  # file names only: where the files sit is no evidence
        staged.write("validation.json", _json({
            **model.validation.as_dict(), "files": [Path(f).name for f in model.validation.files]}))
    sizes = staged.sizes
    names = [*staged.files, "index.html", SUMS]
    rows = [{"name": name, "description": PACK_FILES.get(name, ""), "bytes": sizes.get(name)}
            for name in sorted(names, key=_file_order)
            if not name.startswith("maps/") or name == "maps/index.html"]
    css = report_css()
    html = environment().get_template("pack_index.html").render(
        title=model.title, files=rows, maps=sum(1 for n in names if n.startswith("maps/")) - 1,
        findings=model.findings, validation=model.validation, inputs=model.inputs,
        css=Markup(css), csp=csp(styles=(css,)))
    staged.write("index.html", html.encode("utf-8"))


def _analyse(loaded: Loaded) -> tuple[Findings, Select, Since | None]:
    """The findings of the paper in ``loaded`` and what reads it; of the latest, with
    what changed since the one before (:attr:`Findings.since`, and for the maps), when
    it holds several papers of one force."""
    from spr_graph.analysis.findings import analyse
    from spr_graph.analysis.forces import one_force_papers
    from spr_graph.graph.facts import read_documents
    from spr_graph.render.since import read_since
    from spr_graph.store.paper import paper_source
    from spr_graph.store.select import store_select
    from spr_graph.store.source import Source

    whole = Source(store_select(loaded.store), "the data", store=loaded.store)
    documents = one_force_papers(read_documents(whole.select))
    if not documents:
        return analyse(whole.select), whole.select, None
    latest = paper_source(whole, documents[-1].iri)
    findings = analyse(latest.select)
    since = read_since(paper_source(whole, documents[-2].iri).select, latest.select)
    findings.since = since.diff
    return findings, latest.select, since


def _file_order(name: str) -> tuple[int, str]:
    order = list(PACK_FILES)
    return (order.index(name) if name in order else len(order), name)


def build(paths: Sequence[str | Path] | None, folder: str | Path,
          progress: Progress | None = None, allow_invalid: bool = False,
          in_background: bool = True, waiting: Waiting | None = None) -> BuildResult:
    """Build the evidence pack of ``paths`` (default: the bundled data) into ``folder``.

    ``in_background`` runs validation and the ontology page in a second process (only
    when every input is a regular file, which that process can read again); ``waiting``
    is told the PID of another build of the same folder before this one waits for it.
    """
    from spr_graph.render.report import report_model
    from spr_graph.store.load import load

    files = [Path(p) for p in paths] if paths else resources.default_files()
    clock = [time.perf_counter()]

    def done(name: str, detail: str) -> None:
        now = time.perf_counter()
        if progress is not None:
            progress(Step(STEPS.index(name) + 1, len(STEPS), name, detail, now - clock[0]))
        clock[0] = now

    loaded = load(files, digests=True)
    inputs = _inputs(loaded)
    done("load", f"{len(inputs)} file(s), {len(loaded.store)} quads in "
                 f"{sum(1 for _ in loaded.store.named_graphs())} graphs")
    background = Background(loaded, [str(p) for p in files],
                            in_background and all(_regular(p) for p in files))
    try:
        maps = {"map.html": "a map set (spr-graph map --all)"}
        with publication(folder, waiting, expect=PACK_FILES, foreign=maps) as staged:
            findings, select, since = _analyse(loaded)
            done("analyse", f"{findings.graph.number_of_nodes()} nodes, "
                            f"{findings.graph.number_of_edges()} relations, "
                            f"{len(findings.facts.statements)} requirement statements")
            written = _write_exports(staged, loaded, findings)
            done("exports", f"{len(written)} files: graph, CSV, RDF and analysis data")
            done("maps", f"{_write_maps(staged, select, findings, since)} maps")
            report, ontology_page = background.result()
            verdict = "conforms" if report.conforms() else "does not conform"
            done("validate", f"{verdict}: {len(report.violations)} violation(s), "
                             f"{len(report.warnings)} warning(s)")
            staged.write("ontology.html", ontology_page)
            done("ontology", "ontology.html (made alongside validation)")
            model = report_model(findings, report, inputs)
            result = BuildResult(Path(folder), False, report, findings, model.claims, inputs)
            if not report.conforms() and not allow_invalid:
                return result
            _write_report(staged, model)
            done("report", "report.html, report.md, validation.json, index.html")
            result.files = staged.commit()
            result.published = True
            done("publish", f"{len(result.files) + 1} files into {folder}")
            return result
    except OSError as exc:
        where = exc.filename if exc.filename is not None else folder
        raise os_error(exc, where, after="the previous pack is unchanged") from exc
    finally:
        background.close()
