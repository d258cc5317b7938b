"""Reviewers' and strategists' analysis: pure functions over the NetworkX projection
(:mod:`spr_graph.graph.projection`) and the facts dataclasses (:mod:`spr_graph.graph.facts`).

No module here imports rdflib or pyoxigraph; each takes graphs and dataclasses and
returns dataclasses that serialise to a documented JSON schema (``as_dict`` and the
module's ``JSON_SCHEMA``) and to tables (``tables``, ``csv_table``).

- :mod:`.gaps`: the threat x 5C matrix and the threats without named connectivity
- :mod:`.spof`: articulation points, bridges, per-threat minimum cuts, key-person risk
- :mod:`.whatif`: what the loss of nodes does, one removal or a sweep over every cut vertex
- :mod:`.capacity`: required vs held vs target vs forecast, and shortfalls
- :mod:`.funding`: funding streams ending by a date and what depends on them
"""
