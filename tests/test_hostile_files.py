"""Hostile file systems, on every command they apply to: one line and exit 2, or success,
and never a change outside what the command owns.

Tables, one row a probe:
- OUT_FILES x FILE_WRITERS: ``-o FILE`` that is a link, a dangling link, a folder, a
  named pipe, below a file, too long, or a hard link to another file.
- OUT_FOLDERS x FOLDER_WRITERS: ``build`` and ``map --all`` into a folder with a link, a
  folder or a pipe in a file's way, a planted ``SHA256SUMS``, a hard link, or that is a
  link itself.
- BAD_INPUTS x READERS: input files that are a folder, missing, unreadable, a dangling
  link, standard input, of no known type; and a named pipe (read once) for each.
- PUSH_DBS and READ_DBS: ``push --db`` onto folders that are not spr-graph stores, and
  reading ``--db`` from them (read-only: nothing changes).
- Another build holding the folder: the second says it waits, and whose PID.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from files_support import DEADLINE, PAPER, FedPipe, outside, sha256
from hostile_support import (
    assert_no_temp_files,
    assert_one_line_error,
    assert_unchanged,
    invoke,
    snapshot,
    spawn,
)

from spr_graph.core.publish import LOCK, STAGING_PREFIX, SUMS

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
Setup = Callable[[Path, Path], Path]


Outcome = Result | subprocess.CompletedProcess[str]


def run(args: list[str], cwd: Path, *, process: bool = False) -> Outcome:
    """In-process, or in a real process (bounded) for probes that could block."""
    if not process:
        os.chdir(cwd)
        return invoke(args)
    with spawn(args, cwd=cwd) as running:
        return running.finish(timeout=DEADLINE)


def assert_kept(before: dict[str, str], after: dict[str, str],
                replaced: tuple[str, ...]) -> None:
    """Everything in ``before`` is still there, unchanged, but the files the command
    writes (by name); new files may have come."""
    changed = [k for k, v in before.items()
               if Path(k).name not in replaced and after.get(k) != v]
    assert not changed, changed


def assert_refused(result: Outcome, says: str, args: list[str]) -> None:
    """One line, exit 2, saying one of the ``|``-separated words (click says "directory"
    where spr-graph says "folder"); only ``build`` may have shown its first steps."""
    line = assert_one_line_error(result, 2, stdout_empty=args[0] != "build").lower()
    assert any(word.lower() in line for word in says.split("|")), line


def code_of(result: Outcome) -> int:
    return result.returncode if isinstance(result, subprocess.CompletedProcess) \
        else result.exit_code


# -- -o FILE --------------------------------------------------------------------------

FILE_WRITERS = [
    ("map", ["map", "--data", str(PAPER)]),
    ("export", ["export", "--format", "nquads", "--data", str(PAPER)]),
    ("query", ["query", "ASK { ?s ?p ?o }", "--data", str(PAPER)]),
    ("provenance", ["provenance"]),
    ("synth", ["synth", "--forces", "1", "--seed", "1"]),
    ("gaps", ["gaps", "--data", str(PAPER)]),
    ("spof", ["spof", "--data", str(PAPER)]),
    ("whatif", ["whatif", "--sweep", "--data", str(PAPER)]),
    ("capacity", ["capacity", "--data", str(PAPER)]),
    ("funding", ["funding", "--data", str(PAPER)]),
]


def _link_out(work: Path, away: Path) -> Path:
    (work / "out.txt").symlink_to(away / "victim.txt")
    return work / "out.txt"


def _dangling(work: Path, away: Path) -> Path:
    (work / "out.txt").symlink_to(away / "not-yet.txt")
    return work / "out.txt"


def _folder(work: Path, away: Path) -> Path:
    (work / "out.txt").mkdir()
    (work / "out.txt" / "inside.txt").write_text("mine", encoding="utf-8")
    return work / "out.txt"


def _fifo(work: Path, away: Path) -> Path:
    os.mkfifo(work / "out.txt")
    return work / "out.txt"


def _below_a_file(work: Path, away: Path) -> Path:
    (work / "notes").write_text("a file, not a folder", encoding="utf-8")
    return work / "notes" / "out.txt"


def _too_long(work: Path, away: Path) -> Path:
    return work / ("x" * 300 + ".txt")


def _hard_link(work: Path, away: Path) -> Path:
    os.link(away / "victim.txt", work / "out.txt")
    return work / "out.txt"


OUT_FILES = [
    # (id, what stands at -o, exit code, the line says, in a real process)
    ("link", _link_out, 2, "symbolic link", False),
    ("dangling-link", _dangling, 2, "symbolic link", False),
    ("folder", _folder, 2, "folder|directory", False),
    ("named-pipe", _fifo, 2, "not a regular file", True),
    ("below-a-file", _below_a_file, 2, "not a folder", False),
    ("name-too-long", _too_long, 2, "too long", False),
    ("hard-link", _hard_link, 0, "", False),
]


@pytest.mark.parametrize(("setup", "code", "says", "process"),
                         [pytest.param(*c[1:], id=c[0]) for c in OUT_FILES])
@pytest.mark.parametrize("args", [pytest.param(a, id=i) for i, a in FILE_WRITERS])
def test_output_file_never_goes_through_a_link_or_over_a_non_file(
        tmp_path: Path, args: list[str], setup: Setup, code: int, says: str,
        process: bool) -> None:
    work, away = tmp_path / "work", outside(tmp_path)
    work.mkdir()
    target = setup(work, away)
    before = snapshot(work, away)
    result = run([*args, "-o", str(target)], work, process=process)
    if code == 2:
        assert_refused(result, says, args)
        assert_unchanged(before, work, away)
    else:
        assert code_of(result) == code, result
        assert_kept(before, snapshot(work, away), replaced=(target.name,))
        assert target.stat().st_nlink == 1 and target.stat().st_size > 0
    assert_no_temp_files(work, away)


# -- -o DIR -----------------------------------------------------------------------------

FOLDER_WRITERS = [
    ("build", ["build", "--data", str(PAPER)], "maps"),
    ("map-all", ["map", "--all", "--data", str(PAPER)], None),
]


def _in_the_way(kind: str, name: str) -> Setup:
    def setup(out: Path, away: Path) -> Path:
        at = out / name
        if kind == "link":
            at.symlink_to(away / "victim.txt" if "." in name else away)
        elif kind == "folder":
            at.mkdir()
            (at / "inside.txt").write_text("mine", encoding="utf-8")
        else:
            os.mkfifo(at)
        return out
    return setup


def _planted_sums(out: Path, away: Path) -> Path:
    """SHA256SUMS naming files outside (by .., by absolute path, through a link), each
    with its true hash, and a file inside changed since it was listed."""
    (out / "inlink").symlink_to(away)
    (out / "edited.txt").write_text("edited by the user", encoding="utf-8")
    digest = sha256(away / "victim.txt")
    names = ["../outside/victim.txt", str(away / "victim.txt"), "inlink/victim.txt",
             "./inlink/../inlink/victim.txt"]
    lines = [f"{digest}  {name}" for name in names] + [f"{'0' * 64}  edited.txt"]
    (out / SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _hard_linked_index(out: Path, away: Path) -> Path:
    os.link(away / "victim.txt", out / "index.html")
    return out


def _planted_staging(out: Path, away: Path) -> Path:
    """A link named like a staging folder left by a killed build, into the outside."""
    (out / f"{STAGING_PREFIX}planted").symlink_to(away)
    (out / f"{STAGING_PREFIX}planted-previous").symlink_to(away)
    return out


def _folder_is_link(out: Path, away: Path) -> Path:
    real = out.parent / "real"
    real.mkdir()
    out.rmdir()
    out.symlink_to(real)
    return out


OUT_FOLDERS = [
    # (id, setup, exit code, the line says, sub-folder case)
    ("file-is-link", _in_the_way("link", "index.html"), 2, "symbolic link", False),
    ("file-is-folder", _in_the_way("folder", "index.html"), 2, "a folder", False),
    ("file-is-pipe", _in_the_way("pipe", "index.html"), 2, "named pipe", False),
    ("sums-is-link", _in_the_way("link", SUMS), 2, "symbolic link", False),
    ("lock-is-link", _in_the_way("link", LOCK), 2, "symbolic link", False),
    ("sub-folder-is-link", _in_the_way("link", "maps"), 2, "symbolic link", True),
    ("planted-sums", _planted_sums, 0, "", False),
    ("hard-link", _hard_linked_index, 0, "", False),
    ("folder-is-link", _folder_is_link, 0, "", False),
    ("staging-is-link", _planted_staging, 0, "", False),
]


@pytest.mark.parametrize(("args", "setup", "code", "says"), [
    pytest.param(w[1], *c[1:4], id=f"{w[0]}-{c[0]}") for w in FOLDER_WRITERS
    for c in OUT_FOLDERS if w[2] or not c[4]])
def test_output_folder_is_never_left_through_a_link(tmp_path: Path, args: list[str],
                                                    setup: Setup, code: int,
                                                    says: str) -> None:
    out, away = tmp_path / "out", outside(tmp_path)
    out.mkdir()
    target = setup(out, away)
    before = snapshot(tmp_path)
    result = run([*args, "-o", str(target)], tmp_path)
    if code == 2:
        assert_refused(result, says, args)
        assert_unchanged(before, tmp_path)
    else:
        assert code_of(result) == 0, result
        assert_kept(before, snapshot(tmp_path), replaced=("index.html", SUMS))
        assert (target / "index.html").is_file() and (target / SUMS).is_file()
        assert not (target / LOCK).exists()
        for planted in out.glob(f"{STAGING_PREFIX}planted*"):  # not ours: left alone
            assert planted.is_symlink()
            planted.unlink()
    assert_no_temp_files(tmp_path)


# -- input files ------------------------------------------------------------------------

READERS = [
    ("build", ["build", "-o", "pack", "--data", "IN"], 0),
    ("validate", ["validate", "IN"], 0),
    ("stats", ["stats", "IN"], 0),
    ("gaps", ["gaps", "--data", "IN"], 0),
    ("spof", ["spof", "--data", "IN"], 0),
    ("whatif", ["whatif", "--sweep", "--data", "IN"], 0),
    ("capacity", ["capacity", "--data", "IN"], 0),
    ("funding", ["funding", "--data", "IN"], 0),
    ("query", ["query", "ASK { ?s ?p ?o }", "--data", "IN"], 0),
    ("export", ["export", "--format", "nquads", "--data", "IN", "-o", "out.nq"], 0),
    ("map", ["map", "--data", "IN", "-o", "map.html"], 0),
    ("push", ["push", "--db", "db", "IN"], 0),
]


def _with(args: list[str], given: str) -> list[str]:
    return [given if a == "IN" else a for a in args]


def _unreadable(work: Path) -> str:
    (work / "given.trig").write_bytes(PAPER.read_bytes())
    (work / "given.trig").chmod(0)
    return "given.trig"


BAD_INPUTS = [
    # (id, make the input in the folder -> its name, the line says)
    ("folder", lambda w: (w / "given.trig").mkdir() or "given.trig", "given.trig"),
    ("missing", lambda w: "given.trig", "given.trig"),
    ("dangling-link", lambda w: (w / "given.trig").symlink_to("gone.trig") or "given.trig",
     "symbolic link"),
    ("unreadable", _unreadable, "permission"),
    ("standard-input", lambda w: "/dev/stdin", "no file type"),
    ("unknown-type", lambda w: (w / "given.txt").write_text("x", encoding="utf-8")
     and "given.txt", "given.txt"),
]


@pytest.mark.parametrize(("make", "says"), [
    pytest.param(*c[1:], id=c[0], marks=[pytest.mark.skipif(
        c[0] == "unreadable" and IS_ROOT, reason="root reads any file")]) for c in BAD_INPUTS])
@pytest.mark.parametrize("args", [pytest.param(r[1], id=r[0]) for r in READERS])
def test_an_unusable_input_file_is_one_line(tmp_path: Path, args: list[str],
                                            make: Callable[[Path], str], says: str) -> None:
    given = make(tmp_path)
    before = snapshot(tmp_path)
    assert_refused(run(_with(args, given), tmp_path), says, args)
    assert_unchanged(before, tmp_path)
    assert_no_temp_files(tmp_path)


@pytest.mark.parametrize(("args", "code"), [pytest.param(r[1], r[2], id=r[0]) for r in READERS])
def test_a_named_pipe_is_read_once(tmp_path: Path, args: list[str], code: int) -> None:
    """A named pipe can be read once: a command that opened it twice would hang."""
    with FedPipe(tmp_path / "given.trig", PAPER.read_bytes()) as pipe, \
            spawn(_with(args, "given.trig"), cwd=tmp_path) as running:
        done = running.finish(timeout=DEADLINE)
    assert done.returncode == code, done.stderr
    assert pipe.opened == 1
    assert_no_temp_files(tmp_path)
