"""Reading the graph from where it is kept: RDF files loaded into an in-memory Oxigraph
store, a persistent Oxigraph store (``--db DIR``) or a remote SPARQL 1.1 endpoint
(``--endpoint URL``), each offered as the same :data:`~spr_graph.core.rows.Select`, so
that everything above reads every source alike; and the bridge to rdflib, for SHACL.
It sits beside :mod:`spr_graph.graph` and imports only :mod:`spr_graph.core`.

- :mod:`.load`: RDF files into an Oxigraph store, errors at file:line:col, shapes apart
- :mod:`.select`: the ``Select`` read seam over an Oxigraph store
- :mod:`.source`: where a command reads from (files, ``--db`` or ``--endpoint``)
- :mod:`.db`: the persistent store, built aside and swapped in, opened read-only
- :mod:`.endpoint`: the HTTP client of remote servers: reading rows, pushing the dataset
- :mod:`.rdflib_bridge`: Oxigraph terms and quads as rdflib terms, graphs and datasets
"""
