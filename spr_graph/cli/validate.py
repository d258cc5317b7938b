"""``spr-graph validate``: syntax, SHACL and dataset checks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from spr_graph.cli import single_line
from spr_graph.cli._options import format_option

if TYPE_CHECKING:
    from spr_graph.validation.validate import Validation


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@format_option(("table", "json"), "Report format: one line per finding, or json.")
@click.option("--no-info", is_flag=True, help="Leave out informational findings.")
@click.option("--shacl-engine", "engine", type=click.Choice(["auto", "native", "pyshacl"]),
              default="auto", show_default=True,
              help="How the SHACL shapes run: natively on the store (Oxigraph queries; "
                   "auto falls back to pySHACL, with a note, for shapes it cannot run, "
                   "such as SHACL rules), or with pySHACL (slow on big stores).")
@click.option("--db", type=click.Path(path_type=Path),
              help="Validate a persistent store (spr-graph push --db) without reading its "
                   "files again: copied into memory first when it fits in half the "
                   "memory available, else read where it is; FILES are then its shapes "
                   "(default: the bundled shapes). In a store spr-graph push made, the "
                   "findings are kept beside it until it, the shapes or the options "
                   "change.")
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], strict: bool, fmt: str,
             no_info: bool, engine: str, db: Path | None) -> None:
    """Check RDF files: syntax, SHACL shapes and the dataset rules.

    FILES default to the bundled ontology, shapes and curated data; with FILES, the
    bundled ontology and shapes come along unless the files bring their own. Files that
    declare SHACL shapes are used as shapes. Syntax errors print file:line:col and exit 2;
    violations exit 1; warnings are listed but exit 0 unless --strict. With --db, the
    persistent store is validated (never written) and FILES are its shapes.

    The shapes run natively on the store (a few queries per shape); shapes the native
    engine does not run (SHACL rules, custom components...) run in pySHACL, with a note.

    Example: spr-graph validate --format json

    Example: spr-graph validate --db national-store
    """
    from spr_graph.api.graph import Graph
    from spr_graph.api.reading import Answer, kept_answer
    from spr_graph.cli._analysis import say
    from spr_graph.store.source import open_source

    source = open_source(db=db) if db else open_source(files=list(files) or None)

    def make() -> Answer:
        report = Graph(source).validate(engine=engine, shapes=list(files) if db else None)
        return Answer(_text(report, fmt, no_info, strict), "json" if fmt == "json" else "text",
                      not report.conforms(strict))

    shapes = _contents(files) if db else None
    # A store's findings are kept beside it (for these options and shapes' bytes).
    found = kept_answer(source, ["validate", engine, strict, no_info, fmt, shapes], make) \
        if shapes is not None else make()
    say(found, None)
    ctx.exit(1 if found.findings else 0)


def _contents(files: tuple[Path, ...]) -> list[list[str]] | None:
    """Each file's name and the SHA-256 of its bytes; None when one cannot be read (the
    validation then says why)."""
    try:
        return [[str(path), hashlib.sha256(path.read_bytes()).hexdigest()] for path in files]
    except OSError:
        return None


def _text(report: Validation, fmt: str, no_info: bool, strict: bool) -> str:
    """The report as ``validate`` writes it: JSON, or one line per finding and a verdict."""
    from spr_graph.validation.validate import INFO

    if fmt == "json":
        data = report.as_dict()
        data["findings"] = [d for d in data["findings"]  # type: ignore[attr-defined]
                            if not (no_info and d["severity"] == INFO)]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    lines = [single_line(f.describe()) for f in report.findings
             if not (no_info and f.severity == INFO)]
    counts = {s: sum(1 for f in report.findings if f.severity == s)
              for s in ("violation", "warning", "info")}
    verdict = "conforms" if report.conforms(strict) else "does not conform"
    drafted = report.review.get("drafted", 0)
    review = (f"; {drafted} machine-drafted fact(s) not yet reviewed, "
              f"{report.review.get('reviewed', 0)} reviewed" if drafted else "")
    lines.append(f"{len(report.files)} file(s), {report.quads} quads in {report.graphs} "
                 f"graphs: {verdict} ({counts['violation']} violation(s), "
                 f"{counts['warning']} warning(s), {counts['info']} info){review}")
    return "".join(f"{line}\n" for line in lines)
