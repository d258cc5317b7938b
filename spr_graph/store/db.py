"""The persistent Oxigraph store behind ``--db DIR``: built once, reopened in a blink.

:func:`load_into_db` builds a new store beside ``DIR`` and swaps it in only when the
load succeeded, so a failed load never leaves a half-filled store and readers of the
old one keep working. It replaces only a folder that is recognisably its own: a store
holding the marker file :data:`MARKER` that it writes when it makes one, an empty
folder, or nothing; another program's database or a user's notes are refused, never
deleted. :func:`open_db` opens a store read-only, so many commands can read it at once
and no folder is ever changed by reading it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from spr_graph.core.errors import InputError, Location
from spr_graph.core.fs import os_error

if TYPE_CHECKING:
    from spr_graph.store.load import Loaded

_HINT = "create it with: spr-graph push --db DIR [FILES...]"
#: The file that makes a folder recognisably an spr-graph store, and what it says.
MARKER = ".spr-graph-store"
FORMAT = 1
_MARKER_TEXT = f"spr-graph store, format {FORMAT}\n"


class Alongside(Protocol):
    """What :func:`load_into_db` can do beside the store it builds, from the data held in
    memory: ``read`` it on another thread while Oxigraph writes the store (its bulk
    loader runs without Python's lock, so the two overlap), then ``write`` what it read
    into the store's folder once the store is complete, before it is put in place.
    ``read`` must only read: when the store cannot be written it is abandoned,
    unfinished."""

    def read(self, loaded: Loaded) -> None: ...

    def write(self, folder: Path) -> None: ...


@dataclass(frozen=True)
class DbReport:
    """What :func:`load_into_db` built: the store's folder, its quads and named graphs."""

    path: Path
    quads: int
    graphs: int


def _kind(path: Path) -> str:
    """What ``path`` is: "missing", "link", "file", "store" (spr-graph's marker),
    "legacy" (an Oxigraph/RocksDB store without the marker), "empty" or "other"."""
    if path.is_symlink():
        return "link"
    if not path.exists():
        return "missing"
    if not path.is_dir():
        return "file"
    if _marker(path).startswith("spr-graph store"):
        return "store"
    if (path / "CURRENT").is_file():
        return "legacy"
    return "other" if any(path.iterdir()) else "empty"


def _marker(path: Path) -> str:
    """The text of the marker in ``path`` ("" when there is none, or it is not a regular
    file)."""
    marker = path / MARKER
    if marker.is_symlink() or not marker.is_file():
        return ""
    try:
        with marker.open("rb") as handle:
            return handle.read(200).decode("utf-8", "replace")
    except OSError:
        return ""


def _check_format(path: Path) -> None:
    """Refuse a store whose marker names a format this version does not know."""
    text = _marker(path).strip()
    if text.rpartition(" ")[2] != str(FORMAT):
        raise InputError(f"the store was made by another version of spr-graph ({text!r}, "
                         f"this one reads format {FORMAT})", Location(str(path)),
                         "rebuild it with this version: spr-graph push --db DIR")


def open_db(path: str | Path) -> ox.Store:
    """Open the persistent store in ``path`` read-only; InputError when there is none.

    Read-only opening writes nothing, so a store made by an older spr-graph (no marker)
    opens too; a folder that holds no store is refused before Oxigraph sees it.
    """
    path = Path(path)
    kind = _kind(path.resolve()) if path.is_symlink() else _kind(path)
    if kind in ("missing", "file"):
        raise InputError("no Oxigraph store here", Location(str(path)), _HINT)
    if kind in ("empty", "other"):
        raise InputError("this folder is not an Oxigraph store", Location(str(path)), _HINT)
    if kind == "store":
        _check_format(path)
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB finds it corrupt
        raise InputError(f"cannot open the store: {exc}", Location(str(path)),
                         "check permissions; rebuild it with spr-graph push --db") from exc


def _check_replaceable(target: Path) -> None:
    """Refuse ``target`` unless it is absent, an empty folder or an spr-graph store."""
    kind = _kind(target)
    where = Location(str(target))
    if kind == "link":
        raise InputError("is a symbolic link, which push does not replace", where,
                         "give the store's real folder")
    if kind == "file":
        raise InputError("not a folder", where, "give a folder for the store")
    if kind == "legacy":
        raise InputError(f"holds an Oxigraph store without spr-graph's {MARKER} marker "
                         "(made by an older spr-graph, or by another program), so it is "
                         "not replaced", where, "if it is an spr-graph store you no longer "
                         "need, delete the folder and push again; or push to a new folder")
    if kind == "other":
        raise InputError("this folder holds other files and is not an Oxigraph store "
                         "made by spr-graph", where, "give an empty or new folder")


def load_into_db(path: str | Path, files: Sequence[str | Path] | None = None,
                 alongside: Alongside | None = None) -> DbReport:
    """Load ``files`` (default: the bundled data) into a new persistent store at ``path``.

    ``path`` is replaced only if it is absent, an empty folder or a store spr-graph made
    (it holds :data:`MARKER`, written when the store is made), and only once the new
    store is complete; anything else is refused and left untouched. With ``alongside``
    the files are read into memory first, and it reads them there while the store is
    written (see :class:`Alongside`).
    """
    target = Path(path)
    _check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".building",
                                         dir=target.parent))
    except OSError as exc:
        raise os_error(exc, target) from exc
    try:
        quads, graphs = _fill(building, list(files) if files else None, alongside)
        (building / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        if alongside is not None:
            alongside.write(building)
        _check_replaceable(target)  # still: nothing else took its place meanwhile
        _swap(building, target)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise os_error(exc, target) from exc
        raise
    return DbReport(target, quads, graphs)


def _fill(folder: Path, files: list[str | Path] | None,
          alongside: Alongside | None) -> tuple[int, int]:
    """Write the new store in ``folder``: its quads and named graphs.

    The files are checked as :func:`~spr_graph.store.load.load` checks every file and
    written by Oxigraph's bulk loader: straight into the store (no copy in memory, no
    Python object per quad), or, with ``alongside``, from the copy in memory it reads."""
    from spr_graph.store.load import load

    store = ox.Store(str(folder))
    if alongside is None:
        load(files, store=store, bulk=True)
    else:
        loaded = load(files)
        reader = _Reader(alongside, loaded)
        reader.start()
        store.bulk_load(loaded.store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        reader.join()
        if reader.failure is not None:
            raise reader.failure
    quads = len(store)
    graphs = sum(1 for _ in store.named_graphs())
    store.flush()
    store.optimize()
    return quads, graphs


class _Reader(threading.Thread):
    """``alongside.read(loaded)`` on its own thread, keeping what it raised. A daemon:
    when the store fails, nothing waits for it (it only reads memory)."""

    def __init__(self, alongside: Alongside, loaded: Loaded) -> None:
        super().__init__(name="spr-graph-alongside", daemon=True)
        self.alongside, self.loaded = alongside, loaded
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self.alongside.read(self.loaded)
        except BaseException as exc:  # raised again on the thread that waits for it
            self.failure = exc


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
