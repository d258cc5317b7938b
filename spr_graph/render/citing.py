"""Citations that name their paper, in every rendering of an analysis.

The table builders of :mod:`.reports` and :mod:`.lookup` write paragraph keys
(:mod:`spr_graph.core.paragraph_keys`: the numbers themselves, with one paper) in a
column named ``paragraphs`` (``49-51, 54`` for people, ``49 50 51 54`` in CSV); the
JSON of the analysis modules has ``paragraphs`` lists of keys. Here, once for every
command, each is given its paper through a :class:`~spr_graph.analysis.citing.Citing`,
and its keys become the numbers the paper prints:

- tables and Markdown: the column becomes ``cited``, ``WMP 2020-01 ¶49-51, 54``;
- CSV: ``paragraphs`` stays (numbers) and a ``cited`` column follows it;
- JSON: every object with ``paragraphs`` (a list of numbers; ``describe``'s naming
  paragraphs: ``paragraph``, one number) gains ``cited`` (the same text) and
  ``citations`` (``[{"paper", "short", "paragraphs"}]``, one per paper), and the document
  gains ``papers`` (``[{"iri", "short", "force", "date", "sha256"}]``). With several
  papers, ``paragraphs`` lists each number once, whichever papers it is cited in.

With no paper known (data without provenance) everything is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spr_graph.core.paragraph_keys import number_of, numbers_of
from spr_graph.core.tables import Table

if TYPE_CHECKING:
    from spr_graph.analysis.citing import Citing

__all__ = ["anchor", "cite_json", "cite_table", "cited_runs", "parse_numbers"]

_RUN = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_numbers(cell: str) -> list[int] | None:
    """The paragraph numbers a ``paragraphs`` cell holds (``49-51, 54`` or ``49 50``);
    None when it holds something else.

    >>> parse_numbers("49-51, 54"), parse_numbers(""), parse_numbers("none")
    ([49, 50, 51, 54], [], None)
    """
    numbers: list[int] = []
    for token in filter(None, re.split(r"[,\s]+", cell)):
        match = _RUN.match(token)
        if not match:
            return None
        first = int(match[1])
        numbers.extend(range(first, int(match[2] or first) + 1))
    return numbers


def cite_table(table: Table, citing: Citing, csv: bool = False) -> Table:
    """``table`` with its ``paragraphs`` column cited (see the module doc); with several
    papers, a ``paragraph`` column (one key a row) names its paper too."""
    if len(citing.papers) > 1 and "paragraph" in table.columns:
        one = table.columns.index("paragraph")
        table = Table(table.title, table.columns, [
            [*row[:one], citing.text(parse_numbers(row[one]) or []) or row[one], *row[one + 1:]]
            for row in table.rows], table.note)
    if not citing.papers or "paragraphs" not in table.columns:
        return table
    at = table.columns.index("paragraphs")

    def cited(cell: str, otherwise: str) -> str:
        keys = parse_numbers(cell)
        return otherwise if keys is None else citing.text(keys)

    def numbers(cell: str) -> str:
        keys = parse_numbers(cell)
        return cell if keys is None or len(citing.papers) < 2 else " ".join(
            map(str, numbers_of(keys)))

    if csv:
        return Table(table.title, [*table.columns[:at + 1], "cited", *table.columns[at + 1:]],
                     [[*row[:at], numbers(row[at]), cited(row[at], ""), *row[at + 1:]]
                      for row in table.rows], table.note)
    return Table(table.title, [*table.columns[:at], "cited", *table.columns[at + 1:]],
                 [[*row[:at], cited(row[at], row[at]), *row[at + 1:]] for row in table.rows],
                 table.note)


def cite_json(document: Any, citing: Citing) -> Any:
    """``document`` (an analysis's ``as_dict()``) with its citations (see the module doc)."""
    if not citing.papers:
        return document
    cited = _cite(document, citing)
    if isinstance(cited, dict) and "schema" in cited and "papers" not in cited:
        schema = cited.pop("schema")
        return {"schema": schema, "papers": citing.described(), **cited}
    return cited


def _cite(value: Any, citing: Citing) -> Any:
    if isinstance(value, list):
        return [_cite(v, citing) for v in value]
    if not isinstance(value, dict):
        return value
    found: dict[str, Any] = {}
    for key, item in value.items():
        found[key] = _cite(item, citing)
        keys = _numbers(item if key == "paragraphs" else [item] if key == "paragraph"
                        else None)
        if keys is not None and "cited" not in value:
            if len(citing.papers) > 1:  # keys, as the numbers their papers print
                found[key] = numbers_of(keys) if key == "paragraphs" else number_of(keys[0])
            found["cited"] = citing.text(keys)
            found["citations"] = citing.as_list(keys)
    return found


def _numbers(item: object) -> list[int] | None:
    """``item`` when it is a list of paragraph numbers, else None."""
    if isinstance(item, list) and all(isinstance(n, int) and not isinstance(n, bool)
                                      for n in item):
        return item
    return None


def anchor(home: str, paper: str, number: int) -> str:
    """The report's anchor of paragraph ``number`` of ``paper``: ``para-N`` for the paper
    the report shows (``home``), ``para-ID-N`` for any other, so a page holding several
    papers' paragraphs has one anchor per paragraph of each.

    >>> anchor("https://x/doc/a", "https://x/doc/a", 5), anchor("https://x/doc/a",
    ...                                                          "https://x/doc/b", 5)
    ('para-5', 'para-b-5')
    """
    if paper == home:
        return f"para-{number}"
    return f"para-{re.sub(r'[^A-Za-z0-9]+', '-', paper.rsplit('/', 1)[-1])}-{number}"


Run = tuple[int, int, "str | None", "str | None"]


def cited_runs(citing: Citing, home: str, numbers: Iterable[int]) -> list[tuple[str, list[Run]]]:
    """A citation as a page links it: per paper, its short name and its runs of numbers
    ``(first, last, anchor of first, anchor of last)``; only the paragraphs of ``home``
    (the paper the page shows) have an anchor to link to.

    >>> from spr_graph.analysis.citing import Citing, PaperRef
    >>> one = Citing((PaperRef("doc:a", "WMP 2020-01", "ag:wmp", "WMP", "2020-01-21"),))
    >>> cited_runs(one, "doc:a", [40, 41, 42, 45])
    [('WMP 2020-01', [(40, 42, 'para-40', 'para-42'), (45, 45, 'para-45', 'para-45')])]
    """
    from spr_graph.core.tables import runs

    numbers = sorted(set(numbers))
    groups = [(p.short, p.iri, n) for p, n in citing.split(numbers)] if citing.papers else [
        ("", home, tuple(numbers))]
    found = []
    for short, iri, these in groups:
        def href(n: int, iri: str = iri) -> str | None:
            return anchor(home, iri, n) if iri == home else None
        found.append((short, [(a, b, href(a), href(b)) for a, b in runs(these)]))
    return found
