"""Exports of the graph for people: offline interactive HTML maps.

- :mod:`.legend` reads class, concept and property labels from the ontology.
- :mod:`.evidence` reads quotes, requirement statements and paragraph texts.
- :mod:`.layout` computes a deterministic node layout.
- :mod:`.mapdata` turns a projected graph into the node and edge lists a map draws.
- :mod:`.html_map` renders the single-file HTML map and the index of maps.

Heavy imports (NetworkX, Jinja2) happen inside these modules, so importing the package
costs nothing.
"""
