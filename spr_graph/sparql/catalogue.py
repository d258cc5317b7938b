"""The catalogue of named queries: one ``.rq`` file per query, described by its header.

The header is a block of grlc-style comment lines at the top of the file::

    #+ summary: Who chairs which board
    #+ description: Every post or organisation the paper says chairs a governance
    #+   board, with the paragraphs that say so.
    #+ tags: governance, connectivity
    #+ param: board iri -- Only this board (e.g. ag:socex-board)
    #+ param: by date default=2021-03-31 -- Funding ending on or before this date
    #+ param: paragraph integer required -- The paragraph number

An indented ``#+`` line continues the one above. A parameter binds the query variable
of the same name (``?board``) as a typed RDF term (see :mod:`.params`); one that is
neither given, defaulted nor required stays unbound, so the query answers for every
value. A query file of one's own may carry the same header.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from spr_graph.core import resources
from spr_graph.core.errors import InputError, Location
from spr_graph.core.textfile import read_text
from spr_graph.sparql.params import TYPES, ParamSpec

KEYS = ("summary", "description", "tags", "param")
_HEADER = re.compile(r"^#\+ ?(\s*)(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?P<opts>(?:\s+(?:required|"
                    r"default=\S+))*)\s*(?:--\s*(?P<description>.*))?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class NamedQuery:
    """One query of the catalogue (or a query file with a header)."""

    name: str
    text: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[ParamSpec, ...] = ()

    def example_call(self, required_only: bool = False) -> tuple[str, ...]:
        """``--param`` assignments from the documented examples: of every parameter (an
        analyst's call), or of the required ones only (the whole graph)."""
        return tuple(f"{p.name}={p.example}" for p in self.params
                     if p.example and (p.required or not required_only))

    @property
    def source(self) -> str:
        """How error messages name the query: its file, or ``query``."""
        return str(self.path) if self.path else self.name


def _param(value: str, where: Location) -> ParamSpec:
    match = _PARAM.match(value.strip())
    if not match or match.group("type") not in TYPES:
        raise InputError(f"bad parameter declaration '{value.strip()}'", where,
                         "write: NAME TYPE [required] [default=VALUE] -- description, TYPE "
                         "one of " + ", ".join(TYPES))
    options = match.group("opts").split()
    default = next((o.split("=", 1)[1] for o in options if o.startswith("default=")), None)
    return ParamSpec(match.group("name"), match.group("type"), "required" in options, default,
                     (match.group("description") or "").strip())


def parse(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """Read the ``#+`` header of a query; InputError (file:line) when it is malformed.

    Examples
    --------
    >>> query = parse("#+ summary: Who chairs which board\\n"
    ...               "#+ param: board iri -- Only this board\\n"
    ...               "SELECT ?chair WHERE { ?chair spr:chairs ?board }", "who-chairs")
    >>> query.summary, [(p.name, p.type, p.required) for p in query.params]
    ('Who chairs which board', [('board', 'iri', False)])
    """
    source = str(path) if path else name
    fields: dict[str, list[tuple[str, Location]]] = {}
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if not match:
            continue
        indent, body = match.groups()
        if indent and last is not None:
            value, where = fields[last][-1]
            fields[last][-1] = (f"{value} {body.strip()}", where)
            continue
        key, sep, value = body.partition(":")
        where = Location(source, number)
        if not sep or key.strip() not in KEYS:
            raise InputError(f"unknown header line '#+ {body}'", where,
                             "use #+ " + ", #+ ".join(f"{k}:" for k in KEYS))
        last = key.strip()
        fields.setdefault(last, []).append((value.strip(), where))
    params = tuple(_param(value, where) for value, where in fields.get("param", []))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError("a parameter is declared twice", Location(source))

    def joined(key: str) -> str:
        return " ".join(value for value, _ in fields.get(key, []))

    tags = tuple(t.strip() for t in joined("tags").replace(" ", ",").split(",") if t.strip())
    return NamedQuery(name=name, text=text, path=path, summary=joined("summary"),
                      description=joined("description"), tags=tags, params=params)


def load_catalogue(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every ``NAME.rq`` in ``directory`` (default: the bundled catalogue), by name."""
    folder = directory or resources.queries_dir()
    found: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        if not _NAME.match(path.stem):
            raise InputError("catalogue query names are lower-case words joined by '-'",
                             Location(str(path)), "rename the file")
        query = parse(path.read_text(encoding="utf-8"), path.stem, path)
        if not query.summary:
            raise InputError("the query has no '#+ summary:' line", Location(str(path), 1))
        found[query.name] = query
    return found


def get(name: str, directory: Path | None = None) -> NamedQuery:
    """The catalogue query ``name``; InputError suggesting close names otherwise."""
    catalogue = load_catalogue(directory)
    if name in catalogue:
        return catalogue[name]
    close = difflib.get_close_matches(name, list(catalogue), n=3)
    raise InputError(f"no catalogue query or query file named '{name}'",
                     hint=(f"did you mean {', '.join(close)}? " if close else "")
                     + "list them with: spr-graph queries")


def named_query(ref: str, directory: Path | None = None) -> NamedQuery:
    """A query given as a file path, a catalogue name or inline SPARQL text."""
    path = Path(ref)
    try:
        is_file = "\n" not in ref and path.is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it
        is_file = False
    if is_file:
        return parse(read_text(path), path.stem, path)
    if re.fullmatch(r"[\w./\\-]+", ref.strip()):
        return get(ref.strip(), directory)
    return parse(ref, "query")
