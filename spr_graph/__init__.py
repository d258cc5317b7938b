"""spr-graph: a knowledge graph toolkit for the UK Strategic Policing Requirement.

The library never prints or exits; :mod:`spr_graph.cli` is the only module that does.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
