"""``spr-graph map``: offline interactive partnership maps."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from spr_graph.cli import echo, write_result
from spr_graph.cli._analysis import chosen_paper, open_graph, paper_option
from spr_graph.cli._options import source_options

if TYPE_CHECKING:
    from spr_graph.core.rows import Select
    from spr_graph.render.since import Since


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _holds(item: Any) -> str:
    return f"{_count(item.nodes, 'node')}, {_count(item.edges, 'relation')}"


def _opened(data: tuple[Path, ...], db: Path | None, endpoint: str | None,
            since: str | None) -> tuple[Select, Since | None]:
    """The paper to map (``--paper``, or the latest of one force's papers) and what
    changed since the paper ``since`` names, else since the force's paper before it
    when the data holds one."""
    from spr_graph.analysis.forces import one_force_papers
    from spr_graph.graph.facts import read_documents
    from spr_graph.render.since import read_since

    whole = open_graph(data, db, endpoint, papers=False)
    mapped = chosen_paper(whole)
    if since:
        old = whole.paper(since)
    else:
        iris = [d.iri for d in one_force_papers(read_documents(whole.source.select))]
        mine = [d.iri for d in read_documents(mapped.source.select)]
        here = iris.index(mine[0]) if len(mine) == 1 and mine[0] in iris else 0
        if here == 0:
            return mapped.source.select, None
        old = whole.paper(iris[here - 1])
    return mapped.source.select, read_since(old.source.select, mapped.source.select)


@click.command("map")
@source_options
@paper_option
@click.option("--since", metavar="PAPER",
              help="Mark what changed since this earlier paper of the data (its id, force "
                   "or date), as spr-graph diff lists it; by default, since the force's "
                   "paper before the one mapped, when the data holds one. The map's "
                   "\"Since <paper>\" toggle shows it.")
@click.option("--threat", "threats", multiple=True, metavar="THREAT",
              help="Only the relations that name this threat (label, prefixed name or IRI; "
                   "repeatable).")
@click.option("--focus", metavar="NODE",
              help="Only the nodes near this one (label, abbreviation, prefixed name or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="With --focus: how many steps away a node may be.  [default: 1]")
@click.option("--all", "all_maps", is_flag=True,
              help="Write the whole-force map, one map per threat, index.html and "
                   "SHA256SUMS into -o DIR, all at once.")
@click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path), default=None,
              help="File to write (default: map.html; - for standard output), or folder "
                   "with --all (default: maps).")
@click.pass_context
def map_command(ctx: click.Context, data: tuple[Path, ...], db: Path | None,
                endpoint: str | None, since: str | None, threats: tuple[str, ...],
                focus: str | None, depth: int | None, all_maps: bool, output: Path | None
                ) -> None:
    """Write an interactive partnership map as one self-contained HTML file.

    The file works offline and fetches nothing: the page draws the map itself, a
    Content-Security-Policy forbids every request, and all data is shown as text. It
    opens on the organisations: national, regional and local partners in bands around
    the force, one line per pair (width: statements, colour: threat), single points of
    failure ringed. Filter by threat or C; ask what losing some organisations does (the
    answer of spr-graph whatif); switch to every node, or to an organisations x threats
    matrix; download the view as PNG or SVG. Click a node or line for its evidence
    (paragraphs and quotes). A table view lists the same for keyboard and screen-reader
    users. With several papers of one force, it maps the latest (or --paper) and marks
    what changed since the paper before (or --since): added, removed and changed
    organisations and links, shown by a "Since <paper>" toggle.

    Example: spr-graph map --threat Terrorism -o terrorism.html
    """
    from spr_graph.cli.build import waiting_for
    from spr_graph.render.maps import MapMaker, make_map, write_all, write_map

    if all_maps and (threats or focus):
        raise click.UsageError("--all writes every threat's map; drop --threat and --focus")
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    if all_maps and str(output) == "-":
        raise click.UsageError("-o - is standard output, but --all writes a folder: "
                               "give -o DIR")
    select, changed = _opened(data, db, endpoint, since)
    if all_maps:
        folder = output or Path("maps")
        written = write_all(select, folder, MapMaker(select, since=changed),
                            waiting=waiting_for(folder))
        for item in written:
            echo(f"{item.path}: {_holds(item)}, {_size(item.size)}")
        echo(f"{folder / 'index.html'}: index of {len(written)} maps")
        return
    depth = 1 if depth is None else depth
    if str(output) == "-":
        html, item = make_map(select, threats, focus, depth, changed)
        write_result(html, "-", "html")
    else:
        item = write_map(select, output or Path("map.html"), threats, focus, depth, changed)
    spof = _count(item.spof, "single point") + " of failure"
    echo(f"{item.path or '-'}: {item.title}: {_holds(item)}, {spof}, {_size(item.size)}",
         err=str(output) == "-")
