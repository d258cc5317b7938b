"""Reading text input (queries, source texts, standard input) as UTF-8, once.

A file is read in one call (a named pipe or standard input can be read only once), and
bytes that are not UTF-8 are reported at their line and column, with what to do.
"""

from __future__ import annotations

from pathlib import Path

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error


def decode_utf8(data: bytes, name: str) -> str:
    """``data`` as text; an :class:`InputError` at ``name:line:col`` if it is not UTF-8.

    A UTF-8 byte-order mark is dropped.

    Examples
    --------
    >>> decode_utf8("ASK {}".encode(), "q.rq")
    'ASK {}'
    >>> decode_utf8(b"ASK\\n{ \\xff }", "q.rq")
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: q.rq:2:3: not UTF-8 text: byte 0xff (save it as UTF-8)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not UTF-8 text: byte 0x{data[exc.start]:02x}",
                         Location(name, line, column), "save it as UTF-8") from None


def read_text(path: str | Path) -> str:
    """The UTF-8 text of the file at ``path``, read once; errors name the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "q.rq")
    ...     _ = path.write_bytes("ASK { ?s ?p 'café' }".encode())
    ...     read_text(path)
    "ASK { ?s ?p 'café' }"
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise os_error(exc, path, "read") from exc
    return decode_utf8(data, str(path))
