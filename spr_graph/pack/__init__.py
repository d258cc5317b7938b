"""The evidence pack: everything ``spr-graph build`` writes, in one folder, all at once.

The pipeline sits above every other library package: it loads the files (:mod:`~spr_graph.store`),
analyses them once (:mod:`spr_graph.analysis.findings`), renders the exports, maps and
report (:mod:`~spr_graph.render`), validates in a second process, and publishes the folder
with :mod:`spr_graph.core.publish` so a reader never sees half a pack.

- :mod:`.build`: the steps, their progress, and the folder published or left unchanged.
- :mod:`.background`: validation (SHACL) and the ontology page in a second process,
  ended with the build when it fails or is interrupted.
"""
