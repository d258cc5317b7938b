"""`spr-graph build`: the whole evidence pack, written all at once, identical on every run."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_support import assert_one_line_error, assert_unchanged, invoke, spawn
from hostile_support import snapshot as tree_snapshot

from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.core.publish import STAGING_PREFIX, SUMS, Publication
from spr_graph.pack import build as pack
from spr_graph.render import formats

PREFIXES = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix g: <https://w3id.org/spr-graph/id/graph/wmp-spr-2020-01-21/> .
"""
#: Valid, but changes the pack: another alternative label for the force.
ALIAS = PREFIXES + 'g:p001 { ag:wmp skos:altLabel "Test alias"@en . }\n'
#: A violation: a quote that paragraph 40 does not contain.
BAD_QUOTE = PREFIXES + 'g:p040 { ag:wmp spr:quote "words paragraph forty never says" . }\n'


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def with_extra(tmp_path: Path, name: str, text: str) -> list[str]:
    extra = tmp_path / name
    extra.write_text(text, encoding="utf-8")
    return [str(p) for p in resources.default_files()] + [str(extra)]


def previous_pack(built: tuple[Path, str], tmp_path: Path) -> Path:
    """A copy of the module's pack, to build over."""
    folder = tmp_path / "exports"
    shutil.copytree(built[0], folder)
    return folder


def data_options(files: list[str]) -> list[str]:
    return [arg for f in files for arg in ("--data", f)]


def test_build_prints_each_step_then_a_summary(built: tuple[Path, str]) -> None:
    folder, output = built
    lines = output.splitlines()
    for number, name in enumerate(pack.STEPS, 1):
        assert any(line.startswith(f"[{number}/{len(pack.STEPS)}] {name}") for line in lines), name
    for word in ("Summary", "validation", "gaps", "SPOFs", "shortfalls", "cliffs"):
        assert word in output
    assert lines[-1] == f"Open {folder / 'index.html'}"


def test_build_writes_every_documented_file(built: tuple[Path, str]) -> None:
    folder, _ = built
    files = snapshot(folder)
    for name in set(pack.PACK_FILES) - set(pack.SEVERAL_FORCES):  # one force's paper
        assert name in files, f"{name} missing from the pack"
    assert sum(1 for name in files if name.startswith("maps/threat-")) >= 6
    assert not [name for name in files if name.startswith(".") or ".tmp" in name]


def test_sha256sums_covers_every_file(built: tuple[Path, str]) -> None:
    folder, _ = built
    files = snapshot(folder)
    listed = {}
    for line in files[SUMS].decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == set(files) - {SUMS}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def test_index_links_every_file_of_the_pack(built: tuple[Path, str]) -> None:
    folder, _ = built
    index = (folder / "index.html").read_text(encoding="utf-8")
    for name in set(pack.PACK_FILES) - set(pack.SEVERAL_FORCES):
        assert f'href="{name}"' in index, name


def test_two_builds_are_byte_identical(tmp_path: Path, built: tuple[Path, str]) -> None:
    """A second build in another process, with other hash seeds, gives the same bytes."""
    folder, _ = built
    env = {**os.environ, "PYTHONHASHSEED": "12345",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-m", "spr_graph", "build", "-o",
                           str(tmp_path / "again")], env=env, capture_output=True, timeout=600,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(tmp_path / "again") == snapshot(folder)


def test_the_pack_does_not_depend_on_where_the_input_files_sit(
        tmp_path: Path, built: tuple[Path, str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copies = [shutil.copy(f, elsewhere / f.name) for f in resources.default_files()]
    pack.build(copies, tmp_path / "exports", in_background=False)
    assert snapshot(tmp_path / "exports") == snapshot(built[0])


def test_rebuild_in_place_is_identical_and_leaves_no_temporary_files(
        tmp_path: Path, built: tuple[Path, str]) -> None:
    folder = previous_pack(built, tmp_path)
    first = snapshot(folder)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    pack.build(None, folder)
    assert snapshot(folder) == {**first, "notes.txt": b"mine"}


def test_files_of_an_older_pack_are_removed_and_others_kept(tmp_path: Path) -> None:
    """Removed: a file the previous SHA256SUMS lists with its content. Kept: files it
    does not list, and a listed file edited since (its hash no longer matches)."""
    folder = tmp_path / "exports"
    (folder / "maps" / "gone").mkdir(parents=True)
    (folder / "maps" / "gone" / "threat-gone.html").write_text("old map", encoding="utf-8")
    (folder / "maps" / "threat-edited.html").write_text("edited", encoding="utf-8")
    (folder / "README.md").write_text("keep me", encoding="utf-8")
    listed = hashlib.sha256(b"old map").hexdigest()
    (folder / SUMS).write_text(f"{listed}  maps/gone/threat-gone.html\n"
                               f"{listed}  maps/threat-edited.html\n", encoding="utf-8")
    pack.build(None, folder, in_background=False)
    assert not (folder / "maps" / "gone").exists()
    assert (folder / "maps" / "threat-edited.html").read_text(encoding="utf-8") == "edited"
    assert (folder / "README.md").read_text(encoding="utf-8") == "keep me"


def test_a_writer_that_raises_leaves_the_previous_pack_intact(
        tmp_path: Path, built: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = previous_pack(built, tmp_path)
    before = snapshot(folder)

    def broken(*args: object) -> bytes:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(formats, "gexf", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        pack.build(with_extra(tmp_path, "alias.trig", ALIAS), folder, in_background=False)
    assert snapshot(folder) == before


def test_ctrl_c_during_the_build_leaves_the_previous_pack_intact(
        tmp_path: Path, built: tuple[Path, str]) -> None:
    folder = previous_pack(built, tmp_path)
    before = snapshot(folder)

    def interrupt(step: pack.Step) -> None:
        if step.name == "maps":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pack.build(with_extra(tmp_path, "alias.trig", ALIAS), folder, interrupt)
    assert snapshot(folder) == before


def test_a_failure_while_moving_files_into_place_rolls_back(
        tmp_path: Path, built: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = previous_pack(built, tmp_path)
    before = snapshot(folder)
    original = Publication._move
    moved: list[str] = []

    def failing(self: Publication, parts: tuple[str, ...],
                backup: str) -> tuple[tuple[str, ...], bool]:
        if len(moved) == 12:
            raise OSError(28, "No space left on device")
        moved.append("/".join(parts))
        return original(self, parts, backup)

    monkeypatch.setattr(Publication, "_move", failing)
    result = CliRunner().invoke(main, ["build", "-o", str(folder),
                                       *data_options(with_extra(tmp_path, "alias.trig", ALIAS))])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert "free some space" in result.output
    assert "unchanged" in result.output
    assert snapshot(folder) == before


def test_the_pack_changes_when_the_data_changes(tmp_path: Path, built: tuple[Path, str]) -> None:
    folder = tmp_path / "exports"
    pack.build(with_extra(tmp_path, "alias.trig", ALIAS), folder, in_background=False)
    assert b"Test alias" in (folder / "nodes.csv").read_bytes()
    assert (folder / SUMS).read_bytes() != (built[0] / SUMS).read_bytes()


def test_violations_exit_1_and_publish_nothing(tmp_path: Path, runner: CliRunner,
                                            built: tuple[Path, str]) -> None:
    folder = previous_pack(built, tmp_path)
    before = snapshot(folder)
    files = with_extra(tmp_path, "bad.trig", BAD_QUOTE)
    result = runner.invoke(main, ["build", "-o", str(folder), *data_options(files)])
    assert result.exit_code == 1, result.output
    assert "quote does not occur verbatim in paragraph 40" in result.output
    assert "nothing was published" in result.output
    assert snapshot(folder) == before


def test_allow_invalid_publishes_and_still_exits_1(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "exports"
    files = with_extra(tmp_path, "bad.trig", BAD_QUOTE)
    result = runner.invoke(main, ["build", "-o", str(folder), "--allow-invalid",
                                  *data_options(files)])
    assert result.exit_code == 1, result.output
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "the data does not conform" in report
    assert "quote does not occur verbatim in paragraph 40" in report


@pytest.mark.parametrize("args", [
    ["--data", "no-such-file.trig"], ["--data", "README.md"],
    ["--data", str(resources.ontology_file())]])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, runner: CliRunner,
                                         args: list[str]) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith("spr-graph: error: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "index.html").exists()


def test_output_that_is_a_file_exits_2(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "exports"
    target.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(main, ["build", "-o", str(target)])
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert target.read_text(encoding="utf-8") == "not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_two_builds_at_once_into_one_folder_take_turns(tmp_path: Path,
                                                        built: tuple[Path, str]) -> None:
    folder = tmp_path / "exports"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    with spawn(["build", "-o", str(folder)], env=env) as first, \
            spawn(["build", "-o", str(folder)], env=env) as second:
        for run in (first, second):
            done = run.finish(timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(folder) == snapshot(built[0])


def test_no_staging_folder_survives_a_killed_build(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    leftover = folder / f"{STAGING_PREFIX}killed"
    leftover.mkdir(parents=True)
    (leftover / "report.html").write_text("half", encoding="utf-8")
    pack.build(None, folder, in_background=False)
    assert not leftover.exists()


def test_a_build_opens_no_network_connection(tmp_path: Path) -> None:
    """Everything, pyLODE included, runs offline (checked in this process with an audit hook)."""
    seen: list[str] = []
    watching = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if watching[0] and event in ("socket.connect", "socket.getaddrinfo",
                                     "urllib.Request", "http.client.connect"):
            seen.append(f"{event} {args!r}")

    sys.addaudithook(hook)
    try:
        pack.build(None, tmp_path / "exports", in_background=False)
    finally:
        watching[0] = False
    assert seen == []


def test_a_map_set_written_over_a_pack_is_refused_and_the_pack_kept(
        built: tuple[Path, str], tmp_path: Path) -> None:
    """``map --all`` into a pack's folder would retire the pack's files (its SHA256SUMS
    lists them): refused before anything is written, and the other way round too."""
    pack = previous_pack(built, tmp_path)
    before = tree_snapshot(pack)
    result = invoke(["map", "--all", "-o", str(pack)])
    assert_one_line_error(result, 2, contains="holds an evidence pack")
    assert_unchanged(before, pack)


def test_a_pack_built_over_a_map_set_is_refused_and_the_maps_kept(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    assert invoke(["map", "--all", "-o", str(maps)]).exit_code == 0
    before = tree_snapshot(maps)
    result = invoke(["build", "-o", str(maps)])
    assert_one_line_error(result, 2, contains="holds a map set", stdout_empty=False)
    assert_unchanged(before, maps)
