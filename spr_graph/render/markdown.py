"""A Jinja2 environment for Markdown output that escapes every value it prints.

Every ``{{ value }}`` is escaped for CommonMark (backslash before each character that
could start emphasis, a link, code, a table cell boundary or raw HTML), unless it is
:class:`markupsafe.Markup`. So a label such as ``<img src=x onerror=...>`` or
``*emphasis*`` shows as text wherever the Markdown is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from spr_graph.core.tables import escape_markdown as escape

if TYPE_CHECKING:
    import jinja2

    from spr_graph.render.citing import Run

    Cited = Callable[[Iterable[int]], list[tuple[str, list[Run]]]]

def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    return escape(str(value))


def cell(value: Any) -> Any:
    """A value for a table cell: escaped, with line breaks as ``<br>``."""
    from markupsafe import Markup

    return Markup("<br>".join(escape(line) for line in str(value).splitlines()))


def cite(numbers: Iterable[int], cited: Cited | None = None) -> Any:
    """``(WMP 2020-01 ¶ [40](#para-40), [41](#para-41))``: links to the paragraphs'
    anchors; ``cited`` (:func:`.citing.cited_runs` of the report) names each paper."""
    from markupsafe import Markup

    from spr_graph.core.tables import runs

    groups = cited(numbers) if cited is not None else [
        ("", [(a, b, f"para-{a}", f"para-{b}") for a, b in runs(numbers)])]
    text = []
    for short, found in groups:
        parts = []
        for first, last, at_first, at_last in found:
            part = _link(first, at_first)
            if last > first:
                part += ("–" if last > first + 1 else ", ") + _link(last, at_last)
            parts.append(part)
        text.append(f"{escape(short)} ¶ {', '.join(parts)}".strip())
    return Markup(f"({'; '.join(text)})" if text else "")


def _link(number: int, href: str | None) -> str:
    return f"[{number}](#{href})" if href else str(number)


def names(refs: Iterable[dict[str, str]]) -> Any:
    """The labels of ``{"iri", "label"}`` references, escaped and joined."""
    from markupsafe import Markup

    return Markup(", ".join(escape(r["label"]) for r in refs))


@cache
def environment() -> jinja2.Environment:
    """Templates from ``spr_graph/templates``, printing escaped Markdown."""
    import jinja2

    from spr_graph.render.html_map import environment as html_environment

    loader = html_environment().loader
    env = jinja2.Environment(loader=loader, autoescape=False, finalize=_finalize,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cell"] = cell
    env.globals.update(cite=cite, names=names)
    return env
