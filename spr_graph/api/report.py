"""One analysis result and its renderings: what every analysis method of
:class:`spr_graph.Graph` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from spr_graph.analysis.citing import Citing
    from spr_graph.render.reports import Reportable

A = TypeVar("A", bound="Reportable")


class HasCiting(Protocol):
    """What a report's citations are read from: a :class:`spr_graph.Graph`."""

    @property
    def citing(self) -> Citing: ...


@dataclass(frozen=True)
class Report(Generic[A]):
    """One analysis result and its renderings.

    Attributes
    ----------
    data
        The result as the analysis module returns it (e.g. a
        :class:`~spr_graph.analysis.gaps.GapMatrix`).
    has_findings
        Whether it holds what ``--fail-on-gap`` fails on: a gap, a threat at risk, a
        shortfall, a funding cliff or a loss that costs something.
    papers
        The graph the result was computed from, whose papers its citations name
        (``WMP 2020-01 ¶93``); None: bare paragraph numbers.
    """

    data: A
    has_findings: bool
    papers: HasCiting | None = field(default=None, repr=False, compare=False)

    @property
    def citing(self) -> Citing | None:
        """The papers the result's paragraph numbers are paragraphs of
        (:class:`~spr_graph.analysis.citing.Citing`).

        >>> import spr_graph
        >>> [p.short for p in spr_graph.open().gaps().citing.papers]
        ['WMP 2020-01']
        """
        return self.papers.citing if self.papers is not None else None

    def render(self, fmt: str = "table", fit: int | None = None, wide: bool = False) -> str:
        """The report as ``table``, ``markdown``, ``csv`` or ``json`` text; table cells wrap
        at 48 characters, or so that lines fit ``fit`` characters (``wide``: never).

        >>> import spr_graph
        >>> spr_graph.open().capacity().render("markdown").splitlines()[0]
        '## Shortfalls (held below required)'
        """
        from spr_graph.render.lookup import render_drawn

        return render_drawn(self.drawn(fmt), fmt, fit, wide)

    def drawn(self, fmt: str = "table") -> Any:
        """What :meth:`render` makes the text of ``fmt`` from, plain data, its citations
        naming their papers: the JSON document (``json``), one table (``csv``), or the
        tables (``table``, ``markdown``); see :func:`spr_graph.render.lookup.draw_with`.

        >>> import spr_graph
        >>> spr_graph.open().spof().drawn("csv").columns[:3]
        ['kind', 'rank', 'iri']
        """
        from spr_graph.render import lookup

        citing = self.citing
        drawn = lookup.draw(self.data, fmt, citing)  # search, describe: no analyses
        if drawn is not None:
            return drawn
        from spr_graph.render.reports import draw

        return draw(self.data, fmt, citing)

    def table(self) -> str:
        """Aligned plain-text tables, as a terminal shows them.

        >>> import spr_graph
        >>> spr_graph.open().capacity().table().splitlines()[0]
        'Shortfalls (held below required)'
        """
        return self.render("table")

    def markdown(self) -> str:
        """GitHub-flavoured Markdown tables under ``##`` headings.

        >>> import spr_graph
        >>> spr_graph.open().funding().markdown().splitlines()[0]
        '## Funding cliffs: nothing pays after'
        """
        return self.render("markdown")

    def csv(self) -> str:
        """One long table with a header row, for a spreadsheet.

        >>> import spr_graph
        >>> spr_graph.open().spof().csv().splitlines()[0]
        'kind,rank,iri,label,threat,score,why,paragraphs,cited'
        """
        return self.render("csv")

    def json(self) -> str:
        """The documented JSON (``schema`` names its version).

        >>> import json, spr_graph
        >>> json.loads(spr_graph.open().gaps().json())["schema"]
        'spr-graph/gaps/1'
        """
        return self.render("json")

    def as_dict(self) -> dict[str, object]:
        """The JSON as Python data, every citation naming its paper.

        >>> import spr_graph
        >>> spr_graph.open().spof().as_dict()["schema"]
        'spr-graph/spof/1'
        """
        from spr_graph.analysis.citing import Citing
        from spr_graph.render.citing import cite_json

        document: dict[str, object] = cite_json(self.data.as_dict(), self.citing or Citing())
        return document
