"""The persistent Oxigraph store behind ``--db DIR``: built once, reopened in a blink.

:func:`load_into_db` builds a new store beside ``DIR`` and swaps it in only when the
load succeeded, so a failed load never leaves a half-filled store and readers of the
old one keep working. :func:`open_db` opens a store read-only, so many commands can read
it at once.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, Location

_HINT = "create it with: spr-graph push --db DIR [FILES...]"


@dataclass(frozen=True)
class DbReport:
    path: Path
    quads: int
    graphs: int


def _is_store(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def open_db(path: str | Path) -> ox.Store:
    """Open the persistent store in ``path`` read-only; InputError when there is none."""
    path = Path(path)
    if not path.is_dir():
        raise InputError("no Oxigraph store here", Location(str(path)), _HINT)
    if not _is_store(path):
        raise InputError("this folder is not an Oxigraph store", Location(str(path)), _HINT)
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", Location(str(path)),
                         "check permissions; rebuild it with spr-graph push --db") from exc


def load_into_db(path: str | Path, files: Sequence[str | Path] | None = None) -> DbReport:
    """Load ``files`` (default: the bundled data) into a new persistent store at ``path``.

    An existing store at ``path`` is replaced only once the new one is complete; a folder
    that holds anything else is refused, never deleted.
    """
    from ..load import load

    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError("not a folder", Location(str(target)), "give a folder for the store")
    if target.is_dir() and not _is_store(target) and any(target.iterdir()):
        raise InputError("this folder holds other files and is not an Oxigraph store",
                         Location(str(target)), "give an empty or new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".building",
                                     dir=target.parent))
    try:
        # Read into memory, then bulk-insert: twice as fast as loading into the on-disk
        # store transaction by transaction (109k quads: 0.95 s vs 2.2 s).
        read = load(list(files) if files else None)
        store = ox.Store(str(building))
        store.bulk_extend(read.store.quads_for_pattern(None, None, None))
        del read
        quads = len(store)
        graphs = len(list(store.named_graphs()))
        store.flush()
        store.optimize()
        del store
        _swap(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return DbReport(target, quads, graphs)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old store, if any, is removed afterwards."""
    old = None
    if target.is_dir():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                    dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
