"""Exports of the graph for people: offline interactive HTML maps, reports and files.

The maps (``spr-graph map``):

- :mod:`.maps` reads everything once and writes one map or a whole set with its index.
- :mod:`.legend` reads class, concept and property labels from the ontology.
- :mod:`.evidence` reads quotes and paragraph texts.
- :mod:`.layout` computes a deterministic node layout.
- :mod:`.mapdata` turns a projected graph into the node and edge lists a map draws.
- :mod:`.html_map` renders the single-file HTML map and the index of maps.

The other modules here (the report, the evidence pack, the file formats) say what they do
in their own docstrings. Heavy imports (NetworkX, Jinja2) happen inside these modules, so
importing the package costs nothing.
"""
