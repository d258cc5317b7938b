"""Rendering for people: the analysis tables, offline HTML maps, the report, file exports.

Everything here turns data into text or bytes; nothing here analyses or publishes. It sits
above :mod:`spr_graph.analysis` and :mod:`spr_graph.validation` and below the pack. The
one table renderer every command shares is :mod:`spr_graph.core.tables` (the SPARQL layer
uses it too, so it lives below both).

- :mod:`.reports`: each analysis result as tables (``--format table|markdown|csv|json``).
- :mod:`.maps`: read the graph once, then make one map or a whole set with its index.
- :mod:`.mapdata`: a projected graph -> the node and edge lists a map draws.
- :mod:`.layout`: a deterministic node layout, computed once in Python.
- :mod:`.legend`: the words a map shows for kinds, levels, pillars, statuses, relations.
- :mod:`.html_map`: the single-file offline HTML map and the index of maps.
- :mod:`.report`: the assurance report, ``report.html`` and ``report.md``.
- :mod:`.markdown`: a Jinja2 environment that escapes every value as CommonMark.
- :mod:`.formats`: exports for Gephi, yEd, i2, Neo4j and triple stores.
- :mod:`.ontodoc`: the ontology's documentation page (pyLODE).

Heavy imports (NetworkX, Jinja2, pyLODE) happen inside these modules' functions, so
importing the package costs nothing.
"""
