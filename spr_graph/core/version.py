"""The version of spr-graph (one place: the package, the report and pyproject agree)."""

__version__ = "0.1.0"
