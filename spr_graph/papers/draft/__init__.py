"""Drafting: the facts a paper states, found by explainable, deterministic rules.

Each rule module returns the dataclasses of :mod:`.model` (every fact with its verbatim
quote and the rule that made it); :mod:`.writer` turns them into RDF marked
machine-drafted, for a curator to review.
"""
