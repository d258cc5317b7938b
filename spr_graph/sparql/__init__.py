"""SPARQL for analysts: safe queries on the embedded store, rdflib or a remote server.

- :mod:`.safety` refuses updates, SERVICE and foreign FROM by walking the parsed query;
- :mod:`.params` binds ``--param`` values as typed RDF terms;
- :mod:`.engine` runs checked queries (Oxigraph, rdflib) with a time and a row limit,
  through :mod:`.worker`, a killable child process;
- :mod:`.results` writes tables, CSV, TSV, JSON, XML, Markdown, Turtle and TriG;
- :mod:`.catalogue` reads the named queries of ``spr_graph/queries``;
- :mod:`.store` builds and opens the persistent store of ``--db``;
- :mod:`.remote` talks to SPARQL 1.1 servers (queries, Graph Store Protocol).
"""
