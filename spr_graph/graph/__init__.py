"""The graph as strategists reason about it, read with SPARQL only through the
:data:`~spr_graph.core.rows.Select` seam: the RDF -> NetworkX projection, the facts
that are not edges, the evidence beside them, the node a user names, and counts. No
module here imports a store, an RDF library or a renderer (the import contracts in
``pyproject.toml`` check it), so all of it runs the same on files, ``--db`` and
``--endpoint``, and the analysis builds on it as plain data.

- :mod:`.projection`: RDF -> a NetworkX multigraph, and the undirected view analysis uses
- :mod:`.kinds`: which rdf:type makes a node a force, unit, board...; short abbreviations
- :mod:`.facts`: requirement statements, quantities, funding streams, editions, as dataclasses
- :mod:`.evidence`: the quotes and paragraph texts a map shows beside nodes and edges
- :mod:`.names`: the node a name denotes (IRI, prefixed name, label or abbreviation)
- :mod:`.stats`: entities per class, statements per threat and C, paragraphs with no fact
- :mod:`.search`: ranked full-text search over labels, quotes, notes and paragraph text
- :mod:`.search_index`: what the search index (SQLite FTS5) holds, and how it is built
- :mod:`.search_store`: the search index kept beside a persistent store, rebuilt when it changes
- :mod:`.describe`: everything the graph says about one entity, grouped
"""
