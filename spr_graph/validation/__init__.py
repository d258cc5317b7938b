"""Checking the data before anyone relies on it: the SHACL shapes, the dataset checks
SHACL cannot express (provenance, verbatim quotes, declared terms, well-formed
literals), shapes files checked before pySHACL reads them, and pySHACL run so that
nothing in a shapes file reaches the network or the disk. It sits above
:mod:`spr_graph.sparql` (whose safety check it applies to the shapes' SPARQL) and below
:mod:`spr_graph.render`.

- :mod:`.validate`: SHACL shapes plus the dataset checks over the named graphs
- :mod:`.shapes_check`: shapes files checked first, unsafe SPARQL and malformed shapes located
- :mod:`.shacl_guard`: pySHACL guarded: every SPARQL text checked, nothing fetched, no traceback
- :mod:`.shapes_locator`: lines and readable names in a shapes file, for messages
"""
