"""The version of spr-graph (one place: the package, the report and pyproject agree), and
a fingerprint of its code, for what is kept between runs."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__version__ = "0.1.0"


def fingerprint(root: Path) -> str:
    """A fingerprint of every file under ``root`` (names and bytes; compiled files left
    out): it changes with any change to the code, queries, shapes or templates, even
    under the same version, as while developing.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.py").write_text("x = 1")
    ...     before = fingerprint(Path(folder))
    ...     _ = (Path(folder) / "a.py").write_text("x = 2")
    ...     before == fingerprint(Path(folder)), len(before)
    (False, 16)
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)) + data)
    return digest.hexdigest()[:16]


@functools.cache
def code_fingerprint() -> str:
    """:func:`fingerprint` of the installed spr-graph package, once per process."""
    return fingerprint(Path(__file__).resolve().parent.parent)
