"""``spr-graph push``: load the dataset into a persistent store or a SPARQL server."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from spr_graph.cli import echo
from spr_graph.cli._options import SECONDS


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(file_okay=False, path_type=Path),
              help="Build a persistent Oxigraph store in DIR (a new or empty folder, or a "
                   "store push made before, which is replaced when the new one is "
                   "complete; any other folder is refused and left as it is).")
@click.option("--endpoint", metavar="URL",
              help="Graph Store Protocol URL of a server, e.g. http://127.0.0.1:7878/store.")
@click.option("--timeout", type=SECONDS, default=30.0,
              show_default=True, help="Per request, for --endpoint.")
@click.option("--analyse/--no-analyse", default=True, show_default=True,
              help="With --db: also read what the analyses start from (the projection, "
                   "the facts, the papers cited) while the store is written, run every "
                   "analysis command with its default options and every catalogue query "
                   "that needs no parameter, and keep it all "
                   "beside the store, so the first analysis command is as fast as the "
                   "next. It holds the data in memory while the store is written (skipped "
                   "when that does not fit); --no-analyse for a store only queried or "
                   "served.")
@click.pass_context
def push(ctx: click.Context, files: tuple[Path, ...], db: Path | None, endpoint: str | None,
         timeout: float, analyse: bool) -> None:
    """Load the dataset (FILES, default: the bundled data) into a store or a server.

    The bundled ontology and shapes come along unless the files bring their own (an
    owl:Ontology, SHACL shapes).

    With --db, a persistent Oxigraph store that 'query', 'serve' and the analysis
    commands open in a blink with --db DIR. With --endpoint, each named graph is PUT to
    the server through the SPARQL 1.1 Graph Store Protocol, so paragraph provenance
    survives; graphs already there with the same names are replaced.

    Example: spr-graph push --db graph.db
    """
    if bool(db) == bool(endpoint):
        raise click.UsageError("give exactly one of --db DIR and --endpoint URL")
    if endpoint and ctx.get_parameter_source("analyse") == ParameterSource.COMMANDLINE:
        raise click.UsageError("--analyse/--no-analyse is for a --db store")
    if db:
        from spr_graph.api.pushing import push_db

        pushed = push_db(db, list(files) or None, analyse=analyse)
        report = pushed.store
        echo(f"{report.quads} quads in {report.graphs} named graphs stored in {db}")
        if pushed.skipped:
            echo(f"spr-graph: note: no analysis cache is kept beside the store: "
                 f"{pushed.skipped}", err=True, one_line=True)
        return
    from spr_graph.store.endpoint import check_url
    from spr_graph.store.endpoint import push as push_graphs
    from spr_graph.store.load import load

    assert endpoint is not None  # exactly one of --db and --endpoint, checked above
    check_url(endpoint)
    loaded = load(list(files) or None)
    sent = push_graphs(endpoint, loaded.store.quads_for_pattern(None, None, None), timeout)
    echo(f"{sum(sent.values())} triples in {len(sent)} graphs sent to {endpoint}")

