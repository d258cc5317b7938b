"""papers: paper folders, the national register, ingest and review.

Everything that turns a force's SPR paper into a graph lives here: the national register
of the bodies papers name (:mod:`spr_graph.papers.register`, bundled as
``register.ttl`` and extendable with ``--register FILE``), and in time the paper
folders, the ingest drafting rules and the review round trip.
"""
