"""The one table renderer: a :class:`Table` as aligned text, Markdown or CSV.

Every command that prints a table (the analyses, ``query``, ``stats``, ``validate``,
``queries``) renders it here, so all of them align, escape and quote alike. The
renderers return strings; they never print. Markdown cells are escaped as literal
CommonMark (:func:`escape_markdown`). CSV cells that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are
prefixed with an apostrophe, unless they are plain numbers.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spr_graph.core.spreadsheet import neutralise

FORMATS = ("table", "markdown", "csv", "json")
"""The formats every report renders in (``--format`` of every command that prints one)."""

_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


@dataclass
class Table:
    """A table: column names and rows of cells (already text), under a title (none for a
    bare table such as a query's results), with a note under it.

    >>> print(render_text([Table("Boards", ["board", "chair"], [["SOCEX", "ACC Security"]])]))
    Boards
    ======
    board  chair
    -----  ------------
    SOCEX  ACC Security
    <BLANKLINE>
    """

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#~!])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)", re.M)


def escape_markdown(text: str) -> str:
    """``text`` as literal CommonMark inline text (no emphasis, link, HTML or list).

    >>> print(escape_markdown("a|b *c* <d>"))
    a\\|b \\*c\\* \\<d\\>
    """
    return _LINE_START.sub(r"\1\\\2\3", _SPECIAL.sub(r"\\\1", text))


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as ``(first, last)`` runs.

    >>> runs([54, 49, 50, 51])
    [(49, 51), (54, 54)]
    """
    found: list[list[int]] = []
    for n in sorted(set(numbers)):
        if found and n == found[-1][1] + 1:
            found[-1][1] = n
        else:
            found.append([n, n])
    return [(a, b) for a, b in found]


def numbers_text(numbers: Iterable[int]) -> str:
    """Paragraph numbers for a CSV cell: separated by spaces.

    >>> numbers_text([49, 50, 54])
    '49 50 54'
    """
    return " ".join(map(str, numbers))


def paragraphs_text(numbers: Iterable[int]) -> str:
    """Paragraph numbers as compact ranges (a pair stays two numbers).

    >>> paragraphs_text([49, 50, 51, 54, 60, 61])
    '49-51, 54, 60, 61'
    """
    return ", ".join(f"{a}-{b}" if b - a > 1 else ", ".join(map(str, range(a, b + 1)))
                     for a, b in runs(numbers))


def number_text(value: object) -> str:
    """A Decimal, int or float without a pointless ``.0``; None as empty."""
    if value is None:
        return ""
    text = format(value, "f") if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text



class _Wrapper(textwrap.TextWrapper):
    """``textwrap``'s wrapping, its whitespace replaced without ``str.translate``, which
    walks a long text that is not ASCII one character at a time (a cell citing 1,700
    papers: 30 ms each)."""

    def _munge_whitespace(self, text: str) -> str:
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            for space in "\t\n\x0b\x0c\r":  # textwrap's whitespace, but for " "
                text = text.replace(space, " ")
        return text


def _wrap(cell: str, width: int, break_words: bool = False) -> list[str]:
    if len(cell) <= width and cell.isprintable() and not cell.endswith(" "):
        return [cell]  # what textwrap gives a short line, without its cost (20k cells: 1 s)
    lines: list[str] = []
    wrapper = _Wrapper(width, break_long_words=break_words, break_on_hyphens=False)
    for part in cell.splitlines() or [""]:
        lines.extend(wrapper.wrap(part) or [""])
    return lines


#: The narrowest a column is wrapped to when a table is fitted to a width.
MIN_COLUMN = 10
#: The width a table fits when the output is not a terminal.
DEFAULT_WIDTH = 100


def fit_widths(natural: Sequence[int], total: int,
               minimum: int | Sequence[int] = MIN_COLUMN) -> list[int]:
    """Column widths that fit ``total`` characters with two spaces between columns: the
    widest columns give way first, none below its ``minimum`` (or its natural width).

    >>> fit_widths([4, 80, 30], 60)
    [4, 26, 26]
    >>> fit_widths([4, 8], 60), fit_widths([40, 40], 30, [25, 10])
    ([4, 8], [25, 10])
    """
    floors = [min(n, m) for n, m in zip(natural, [minimum] * len(natural)
                                         if isinstance(minimum, int) else minimum, strict=True)]
    widths = list(natural)
    room = total - 2 * (len(widths) - 1)
    while sum(widths) > room:
        movable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not movable:
            break
        widest = max(widths[i] for i in movable)
        top = [i for i in movable if widths[i] == widest]
        lower = max([widths[i] for i in movable if widths[i] < widest] +
                    [floors[i] for i in top])
        step = min(widest - lower, -(-(sum(widths) - room) // len(top)))
        for i in top:
            widths[i] = max(widths[i] - step, floors[i])
    return widths


def _natural(table: Table) -> list[int]:
    return [max([len(col)] + [len(line) for row in table.rows for line in row[i].splitlines()])
            for i, col in enumerate(table.columns)]


def _longest_words(table: Table, cap: int = 24) -> list[int]:
    """Per column, its longest word (at most ``cap``): the narrowest it wraps to whole."""
    return [max([MIN_COLUMN] + [min(len(word), cap) for row in table.rows
                                for word in row[i].split()]) for i in range(len(table.columns))]


def render_text(tables: Sequence[Table], width: int | None = 48, fit: int | None = None) -> str:
    """Aligned plain-text tables; long cells wrap at ``width`` characters (``None``: no
    wrapping), or with ``fit``, so that each line fits ``fit`` characters (the widest
    columns wrapped first, a word longer than its column broken). A titled table without
    rows reads ``(none)``; a bare one shows its header.

    >>> print(render_text([Table("", ["a", "b"], [["x" * 3, "one two three four"]])], fit=16))
    a    b
    ---  ----------
    xxx  one two
         three four
    <BLANKLINE>
    """
    out: list[str] = []
    for table in tables:
        if table.title:
            out.append(table.title)
            out.append("=" * len(table.title))
        if not table.rows and table.title:
            out.append("(none)")
        else:
            limits = (fit_widths(_natural(table), fit, _longest_words(table)) if fit else
                      [width] * len(table.columns) if width else [0] * len(table.columns))
            wrapped = [[_wrap(c, w, bool(fit)) if w else c.splitlines() or [""]
                        for c, w in zip(row, limits, strict=True)] for row in table.rows]
            widths = [max([len(col)] + [len(line) for row in wrapped for line in row[i]])
                      for i, col in enumerate(table.columns)]
            header = zip(table.columns, widths, strict=True)
            out.append("  ".join(c.ljust(w) for c, w in header).rstrip())
            out.append("  ".join("-" * w for w in widths))
            for row in wrapped:
                for i in range(max((len(cell) for cell in row), default=0)):
                    out.append("  ".join((cell[i] if i < len(cell) else "").ljust(w)
                                         for cell, w in zip(row, widths, strict=True)).rstrip())
        if table.note:
            out.append(table.note)
        out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return "<br>".join(escape_markdown(line) for line in text.splitlines())


def render_markdown(tables: Sequence[Table]) -> str:
    """GitHub-flavoured Markdown tables under ``##`` headings (a bare table: none)."""
    out: list[str] = []
    for table in tables:
        if table.title:
            out.append(f"## {table.title}\n")
        if not table.rows and table.title:
            out.append("(none)\n")
        else:
            out.append("| " + " | ".join(map(_md_cell, table.columns)) + " |")
            out.append("|" + "|".join("---" for _ in table.columns) + "|")
            for row in table.rows:
                out.append("| " + " | ".join(map(_md_cell, row)) + " |")
            out.append("")
        if table.note:
            out.append(f"{table.note}\n")
    return "\n".join(out)


def _csv_cell(text: str) -> str:
    return neutralise(text, numeric=bool(_NUMBER.match(text)))


def render_csv(table: Table) -> str:
    """One table as CSV with a header row (RFC 4180 quoting, ``\\r\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(c) for c in row] for row in table.rows)
    return buffer.getvalue()
