"""The Python entry point: open a graph, ask it questions, render or build.

>>> import spr_graph
>>> g = spr_graph.open()                  # the bundled West Midlands paper
>>> gaps = g.gaps()
>>> gaps.has_findings, gaps.data.force_label
(True, 'West Midlands Police')
>>> print(gaps.csv().splitlines()[0])
threat,threat_label,five_c,count,best,worst,paragraphs,cited,named_connectivity,gap

Every analysis method returns a :class:`Report`: the analysis result itself
(``.data``, a dataclass of :mod:`spr_graph.analysis`) and its renderings
(``.table()``, ``.markdown()``, ``.csv()``, ``.json()``). The command line is a thin
layer over this module; what a command prints is what these methods return.
"""

from spr_graph.api.graph import Graph, build, open
from spr_graph.api.report import Report

__all__ = ["Graph", "Report", "build", "open"]
