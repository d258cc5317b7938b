"""Persistent stores and the build lock, probed as a hostile user would.

- PUSH_DBS: ``push --db`` onto folders that are not spr-graph stores (another program's
  database, notes holding a file named ``CURRENT``, a link, a store of the previous
  version): one line, exit 2, nothing touched; onto nothing, an empty folder or its own
  store: done.
- READ_DBS x DB_READERS: every command that reads ``--db``, on folders that hold no
  store or another program's: one line, exit 2, and the folder unchanged; on a real
  store, the store unchanged (read-only).
- A build or ``map --all`` into a folder another process holds waits, and says which.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from files_support import DEADLINE, PAPER, Lines, outside
from hostile_support import (
    assert_no_temp_files,
    assert_one_line_error,
    assert_unchanged,
    invoke,
    snapshot,
    spawn,
)

from spr_graph.core.publish import LOCK, locked
from spr_graph.core.tree import Tree
from spr_graph.store.db import MARKER, load_into_db


def _other_database(db: Path) -> None:
    db.mkdir()
    (db / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    (db / "MANIFEST-000001").write_bytes(b"\x00another program's database\x00")
    (db / "000001.log").write_bytes(b"\x01" * 64)


def _notes(db: Path) -> None:
    db.mkdir()
    (db / "CURRENT").write_text("what I am working on\n", encoding="utf-8")
    (db / "notes.txt").write_text("keep me\n", encoding="utf-8")


def _plain_folder(db: Path) -> None:
    db.mkdir()
    (db / "notes.txt").write_text("keep me\n", encoding="utf-8")


def _link_to_store(db: Path) -> None:
    load_into_db(db.parent / "real-store", [PAPER])
    db.symlink_to(db.parent / "real-store")


def _marker_is_link(db: Path) -> None:
    _plain_folder(db)
    away = outside(db.parent)
    (away / "marker").write_text("spr-graph store, format 1\n", encoding="utf-8")
    (db / MARKER).symlink_to(away / "marker")


def _previous_version(db: Path) -> None:
    """A store as the previous version left it: Oxigraph's files, no marker."""
    load_into_db(db, [PAPER])
    (db / MARKER).unlink()


PUSH_DBS = [
    # (id, what --db is, exit code, the line says)
    ("other-database", _other_database, 2, "marker"),
    ("notes-with-CURRENT", _notes, 2, "marker"),
    ("folder-of-files", _plain_folder, 2, "not an Oxigraph store"),
    ("link-to-a-store", _link_to_store, 2, "symbolic link"),
    ("marker-is-a-link", _marker_is_link, 2, "not an Oxigraph store"),
    ("previous-version", _previous_version, 2, "delete the folder and push again"),
    ("a-file", lambda db: db.write_text("x", encoding="utf-8"), 2, "file"),
    ("nothing", lambda db: None, 0, ""),
    ("empty-folder", lambda db: db.mkdir(), 0, ""),
    ("own-store", lambda db: load_into_db(db, [PAPER]) and None, 0, ""),
]


@pytest.mark.parametrize(("make", "code", "says"),
                         [pytest.param(*c[1:], id=c[0]) for c in PUSH_DBS])
def test_push_replaces_only_its_own_store(tmp_path: Path, make: object, code: int,
                                          says: str) -> None:
    db = tmp_path / "db"
    make(db)  # type: ignore[operator]
    before = snapshot(tmp_path)
    os.chdir(tmp_path)
    result = invoke(["push", "--db", str(db), str(PAPER)])
    if code == 2:
        assert_one_line_error(result, 2, contains=says)
        assert_unchanged(before, tmp_path)
    else:
        assert result.exit_code == 0, result.output
        assert (db / MARKER).read_text(encoding="utf-8") == "spr-graph store, format 1\n"
        assert invoke(["query", "ASK { ?s ?p ?o }", "--db", str(db)]).exit_code == 0
    assert_no_temp_files(tmp_path)


DB_READERS = [
    ("query", ["query", "ASK { ?s ?p ?o }"]),
    ("gaps", ["gaps"]), ("spof", ["spof"]), ("whatif", ["whatif", "--sweep"]),
    ("capacity", ["capacity"]), ("funding", ["funding"]),
    ("map", ["map", "-o", "map.html"]),
    ("serve", ["serve", "--port", "0"]),
]
READ_DBS = [
    # (id, what --db is, the line says)
    ("other-database", _other_database, "cannot open the store"),
    ("notes", _notes, "cannot open the store"),
    ("folder-of-files", _plain_folder, "not an Oxigraph store"),
    ("empty-folder", lambda db: db.mkdir(), "not an Oxigraph store"),
    ("nothing", lambda db: None, "no Oxigraph store here"),
]


@pytest.mark.parametrize(("make", "says"), [pytest.param(*c[1:], id=c[0]) for c in READ_DBS])
@pytest.mark.parametrize("args", [pytest.param(a, id=i) for i, a in DB_READERS])
def test_reading_a_folder_that_holds_no_store_changes_nothing(
        tmp_path: Path, args: list[str], make: object, says: str) -> None:
    db = tmp_path / "db"
    make(db)  # type: ignore[operator]
    before = snapshot(tmp_path)
    with spawn([*args, "--db", str(db)], cwd=tmp_path) as running:  # serve could hang
        done = running.finish(timeout=DEADLINE)
    assert_one_line_error(done, 2, contains=says)
    assert_unchanged(before, tmp_path)


@pytest.mark.parametrize("args", [pytest.param(a, id=i) for i, a in DB_READERS[:-1]])
def test_reading_a_store_changes_nothing_in_it(tmp_path: Path, args: list[str]) -> None:
    """Read-only: the store's files keep their bytes (a store of the previous version,
    without the marker, is read too)."""
    _previous_version(tmp_path / "db")
    before = snapshot(tmp_path / "db")
    os.chdir(tmp_path)
    result = invoke([*args, "--db", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    assert_unchanged(before, tmp_path / "db")


# -- a second build into the same folder ------------------------------------------------

@pytest.mark.parametrize("args", [["build", "--data", str(PAPER)],
                                  ["map", "--all", "--data", str(PAPER)]],
                         ids=["build", "map-all"])
def test_a_second_build_says_it_waits_and_for_whom(tmp_path: Path, args: list[str]) -> None:
    """This process holds the folder's lock, as a build would (its PID written in the
    lock file), before the command starts: the command names that PID on stderr, waits,
    and finishes once the lock is released. No fixed sleep: each step waits for a line
    or an exit, with a generous deadline."""
    folder = tmp_path / "out"
    folder.mkdir()
    tree = Tree(folder)
    holding = contextlib.ExitStack()
    holding.enter_context(locked(tree))
    try:
        with holding, spawn([*args, "-o", str(folder)], cwd=tmp_path) as running:
            assert running.process.stderr is not None and running.process.stdout is not None
            errors, out = Lines(running.process.stderr), Lines(running.process.stdout)
            line = errors.wait_for("waiting", running)
            assert f"process {os.getpid()}" in line and str(folder) in line, line
            assert (folder / LOCK).read_text(encoding="ascii").strip() == str(os.getpid())
            assert running.process.poll() is None  # it waits while the lock is held
            holding.close()  # the lock is free: the command goes on
            code = running.process.wait(timeout=DEADLINE)
            errors.thread.join(DEADLINE)
            out.thread.join(DEADLINE)
    finally:
        tree.close()
    assert code == 0, errors.seen
    assert errors.seen == [line] and (folder / "index.html").is_file()
    assert not (folder / LOCK).exists()
    assert_no_temp_files(folder)
