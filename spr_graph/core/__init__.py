"""What every layer shares: the errors and their exit codes, the IRIs and prefixes, safe
file writing, text made safe for terminals and spreadsheets, the types of the read seam
(:mod:`.rows`) and where the bundled resources live. It is the bottom layer: it imports
no other package of spr-graph, and every one may import it (cli -> api -> pack -> render
-> validation -> sparql | analysis | papers -> graph | store -> core).

- :mod:`.errors`: the exception tree; the CLI turns each into an exit code and one line
- :mod:`.namespaces`: the IRI base, the vocabulary's namespaces, the prefixes, shorten/expand
- :mod:`.rows`: the read seam's types, ``Row`` and ``Select``
- :mod:`.resources`: where the bundled ontology, shapes, data and queries live
- :mod:`.atomic`: a file written whole or not at all (temp file, fsync, rename)
- :mod:`.publish`: a set of files published into a folder all at once, or not at all
- :mod:`.tree`: a folder worked on without ever following a link inside it
- :mod:`.fs`: what an ``OSError`` means for the user, and file names made from data
- :mod:`.textfile`: text input read once as UTF-8, errors at line and column
- :mod:`.terminal`: text from data shown in a terminal with control characters escaped
- :mod:`.spreadsheet`: the formula-injection rule every CSV and TSV writer applies
- :mod:`.tables`: the one table renderer (aligned text, Markdown, CSV)
- :mod:`.version`: the version of spr-graph
"""
