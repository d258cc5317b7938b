"""What a :class:`spr_graph.Graph` offers to check its data: :meth:`Validating.validate`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spr_graph.store.source import Source
    from spr_graph.validation.validate import Validation


class Validating:
    """The validation method of :class:`spr_graph.Graph` (which provides these attributes)."""

    source: Source
    description: str

    def validate(self, shacl: bool = True, engine: str = "auto",
                 shapes: Sequence[str | Path] | None = None) -> Validation:
        """SHACL shapes and the dataset checks, for a graph opened from files or a
        persistent store (``--db``: with ``shapes``, by default the bundled shapes;
        copied into memory first when it fits, see
        :func:`~spr_graph.validation.validate.validate_store`).

        ``engine`` says how the shapes run: ``"auto"`` (natively on Oxigraph, or pySHACL
        for shapes the native engine does not run, with a note), ``"native"`` or
        ``"pyshacl"``.

        >>> import spr_graph
        >>> spr_graph.open().validate().conforms()
        True
        """
        from spr_graph.core.errors import InputError
        from spr_graph.validation.validate import validate, validate_store

        if self.source.loaded is not None:
            return validate(self.source.loaded, shacl, engine)
        if self.source.store is None:
            raise InputError(f"{self.description}: validation needs the data",
                             hint="open the RDF files or the store to validate them")
        return validate_store(self.source.store, self.description, shapes, shacl, engine)
