"""Hostile input to every command: one line, the documented exit code, nothing changed.

Tables, one row a probe:
- ERRORS: malformed options, text that is not UTF-8, malformed endpoint URLs and
  answers, missing or unusable files, usage errors; in-process (``CliRunner``).
- OUTPUTS: every command that writes a file, with ``-o`` on a full disk and on a
  read-only file system (a private mount namespace: ``unshare``), in a real process.
- TERMINAL: labels and names carrying ESC sequences, carriage returns, C1 controls and
  bidi overrides, through every human-readable output; machine formats keep them.
- DASH: ``-o -`` is standard output in every command that takes ``-o FILE``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_support import (
    assert_one_line_error,
    assert_unchanged,
    invoke,
    snapshot,
)
from sparql_support import GREEDY, canned_server

from spr_graph.core import resources

ASK = "ASK { ?s ?p ?o }"
TRUNCATED_JSON = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "ur'

ERRORS = [
    # (id, args, stdin, exit code, what the line says)
    ("timeout-nan", ["query", ASK, "--timeout", "nan"], None, 2, "--timeout"),
    ("timeout-inf", ["query", ASK, "--timeout", "inf"], None, 2, "--timeout"),
    ("timeout-negative", ["query", ASK, "--timeout", "-1"], None, 2, "--timeout"),
    ("timeout-word", ["query", ASK, "--timeout", "soon"], None, 2, "--timeout"),
    ("push-timeout-nan", ["push", "--db", "x", "--timeout", "nan"], None, 2, "--timeout"),
    ("serve-timeout-inf", ["serve", "--timeout", "inf"], None, 2, "--timeout"),
    ("limit-huge", ["query", ASK, "--limit", "99999999999999999999"], None, 2, "--limit"),
    ("limit-negative", ["query", ASK, "--limit", "-5"], None, 2, "--limit"),
    ("serve-limit-huge", ["serve", "--limit", "99999999999999999999"], None, 2, "--limit"),
    ("memory-negative", ["query", ASK, "--max-memory", "-1"], None, 2, "--max-memory"),
    ("stdin-utf16-bom", ["query", "-"], b"\xff\xfeA\x00S\x00K\x00", 2, "<stdin>:1:1"),
    ("stdin-latin1", ["query", "-"], b"ASK { ?s ?p \"caf\xe9\" }", 2, "not UTF-8"),
    ("stdin-empty", ["query", "-"], b"", 2, ""),
    ("endpoint-bracket", ["query", ASK, "--endpoint", "http://[::1"], None, 2, "not an http"),
    ("endpoint-port", ["query", ASK, "--endpoint", "http://127.0.0.1:99999/q"], None, 2,
     "not an http"),
    ("endpoint-port-word", ["gaps", "--endpoint", "http://127.0.0.1:port/q"], None, 2,
     "not an http"),
    ("endpoint-scheme", ["spof", "--endpoint", "file:///etc/passwd"], None, 2, "not an http"),
    ("endpoint-nohost", ["push", "--endpoint", "http:///x"], None, 2, "not an http"),
    ("unknown-command", ["frobnicate"], None, 2, "No such command"),
    ("unknown-option", ["gaps", "--frobnicate"], None, 2, "No such option"),
    ("group-option", ["--frobnicate"], None, 2, "No such option"),
    ("bad-choice", ["gaps", "--format", "pdf"], None, 2, "--format"),
    ("missing-data", ["gaps", "--data", "no-such-file.trig"], None, 2, "no-such-file.trig"),
    ("missing-query-file", ["query", "no-such.rq"], None, 2, "no-such"),
    ("missing-source", ["provenance", "no-such.txt"], None, 2, "no-such.txt"),
    ("stats-missing", ["stats", "nope.trig"], None, 2, "nope.trig"),
    ("validate-missing", ["validate", "nope.trig"], None, 2, "nope.trig"),
    ("whatif-nothing", ["whatif"], None, 2, "--remove"),
    ("whatif-unknown", ["whatif", "--remove", "No Such Unit"], None, 2, "No Such Unit"),
    ("map-depth", ["map", "--depth", "2"], None, 2, "--focus"),
    ("query-param", ["query", "who-chairs", "-p", "nonsense"], None, 2, "NAME=VALUE"),
]


@pytest.mark.parametrize(("args", "stdin", "code", "says"),
                         [pytest.param(*case[1:], id=case[0]) for case in ERRORS])
def test_bad_input_is_one_line_with_its_exit_code(tmp_path: Path, args: list[str],
                                                  stdin: bytes | None, code: int,
                                                  says: str) -> None:
    os.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = invoke(args, input=stdin)
    assert_one_line_error(result, code, contains=says)
    assert_unchanged(before, tmp_path)


@pytest.mark.parametrize("body", [TRUNCATED_JSON, b"", b"{}", b"[1, 2", b"\xff\xfe{"],
                         ids=["truncated", "empty", "no-head", "not-an-object", "utf16"])
@pytest.mark.parametrize("command", [["query", "SELECT ?s WHERE { ?s ?p ?o }"], ["gaps"],
                                     ["capacity"]], ids=["query", "gaps", "capacity"])
def test_a_malformed_answer_from_an_endpoint_is_one_line(body: bytes,
                                                         command: list[str]) -> None:
    with canned_server(200, body, "application/sparql-results+json") as url:
        result = invoke([*command, "--endpoint", url])
    assert_one_line_error(result, 2, contains=url)


def test_the_debug_flag_still_shows_the_traceback() -> None:
    result = invoke(["--debug", "query", ASK, "--endpoint", "http://[::1"])
    assert result.exit_code != 0 and result.exception is not None
    assert not isinstance(result.exception, SystemExit)


# -- full and read-only disks ---------------------------------------------------------

#: Commands that write a file (FILE) or a folder (DIR) of their own.
OUTPUTS = [
    ("query", ["query", "SELECT * WHERE { ?s ?p ?o }", "--limit", "0", "-f", "csv",
               "-o", "FILE"]),
    ("provenance", ["provenance", "-o", "FILE"]),
    ("export", ["export", "--format", "nquads", "-o", "FILE"]),
    ("gaps", ["gaps", "--format", "json", "-o", "FILE"]),
    ("spof", ["spof", "--format", "json", "-o", "FILE"]),
    ("whatif", ["whatif", "--sweep", "--format", "json", "-o", "FILE"]),
    ("capacity", ["capacity", "--format", "json", "-o", "FILE"]),
    ("funding", ["funding", "--format", "json", "-o", "FILE"]),
    ("synth", ["synth", "--forces", "3", "-o", "FILE"]),
    ("map", ["map", "-o", "FILE"]),
    ("map-all", ["map", "--all", "-o", "DIR"]),
    ("build", ["build", "-o", "DIR"]),
    ("push", ["push", "--db", "NEWDIR"]),
]

#: Mounts a small tmpfs (full: 96 KiB; read-only: remounted ro) in a private mount
#: namespace, leaves an old file in it, runs the command and records what is left.
SCRIPT = r"""
set -u
disk="$1"; kind="$2"; report="$3"; shift 3
mount -t tmpfs -o size=96k tmpfs "$disk" || exit 97
printf 'old results\n' > "$disk/old.txt"
mkdir "$disk/DIR" && printf 'old page\n' > "$disk/DIR/index.html"
if [ "$kind" = readonly ]; then mount -o remount,ro "$disk" || exit 97; fi
if [ "$kind" = full ]; then cat /dev/zero > "$disk/.filler" 2>/dev/null; fi
"$@"; code=$?
(cd "$disk" && find . ! -name .filler | LC_ALL=C sort && cat old.txt DIR/index.html) \
  > "$report"
exit $code
"""


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30,
                          check=False)
    return done.returncode == 0


@pytest.mark.parametrize("kind", ["full", "readonly"])
@pytest.mark.parametrize("args", [pytest.param(a, id=i) for i, a in OUTPUTS])
def test_a_full_or_read_only_disk_is_one_line_and_keeps_the_old_files(
        tmp_path: Path, kind: str, args: list[str]) -> None:
    if not _can_unshare():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but 'unshare -rm' (a private mount namespace) is refused")
        pytest.skip("needs 'unshare -rm' to mount a small file system")
    disk, report = tmp_path / "disk", tmp_path / "report.txt"
    disk.mkdir()
    places = {"FILE": disk / "out.txt", "DIR": disk / "DIR", "NEWDIR": disk / "store"}
    target = [str(places[a]) if a in places else a for a in args]
    command = ["unshare", "-rm", "sh", "-c", SCRIPT, "sh", str(disk), kind, str(report),
               sys.executable, "-m", "spr_graph", *target]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 97, done.stderr
    hint = "free some space" if kind == "full" else "read-only"
    assert_one_line_error(done, 2, contains=hint, stdout_empty=False)
    left = report.read_text().splitlines()
    assert left == [".", "./DIR", "./DIR/index.html", "./old.txt", "old results",
                    "old page"], left


# -- terminal escapes -------------------------------------------------------------------

#: Put in front of every label and quote of the bundled data (valid Turtle escapes).
EVIL = r"\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\u202eevil\u202c "
EVIL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                        "\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def evil_data(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled data with :data:`EVIL` before every label, quote and note."""
    folder = tmp_path_factory.mktemp("evil")
    args = []
    for path in resources.data_files():
        text = Path(path).read_text(encoding="utf-8")
        for predicate in ("skos:prefLabel", "skos:altLabel", "rdfs:label", "spr:quote",
                          "skos:editorialNote", "rdfs:comment"):
            text = text.replace(f'{predicate} "', f'{predicate} "{EVIL}')
        (folder / Path(path).name).write_text(text, encoding="utf-8")
        args += ["--data", str(folder / Path(path).name)]
    return args


HUMAN = [
    ("query-table", ["query", "who-chairs"]),
    ("query-markdown", ["query", "SELECT ?l WHERE { ?s skos:prefLabel ?l "
                        "FILTER(CONTAINS(?l, 'evil')) } LIMIT 50", "-f", "markdown"]),
    ("query-quotes", ["query", "SELECT ?q WHERE { ?s spr:quote ?q } LIMIT 50"]),
    ("gaps", ["gaps"]), ("gaps-md", ["gaps", "--format", "markdown"]),
    ("spof", ["spof"]), ("whatif", ["whatif", "--sweep"]),
    ("capacity", ["capacity"]), ("funding", ["funding"]),
    ("funding-md", ["funding", "--format", "markdown"]),
    ("unknown-name", ["whatif", "--remove", "\x1b]0;pwned\x07\u202eROCU"]),
    ("unknown-force", ["gaps", "--force", "\x1b[2J\u202e"]),
    ("bad-param", ["query", "who-chairs", "-p", "board=\x1b[31m\u202e"]),
]


@pytest.mark.parametrize("args", [pytest.param(a, id=i) for i, a in HUMAN])
def test_terminal_output_shows_control_characters_from_data_as_escapes(
        evil_data: list[str], args: list[str]) -> None:
    result = invoke([*args, *evil_data])
    shown = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in shown
    assert not EVIL_CHARS.findall(shown), sorted(set(EVIL_CHARS.findall(shown)))
    if result.exit_code != 2:
        assert "pwned\\x07" in shown and "\\u202eevil" in shown


@pytest.mark.parametrize("command", [["validate"], ["stats"]])
def test_validate_and_stats_text_is_terminal_safe(evil_data: list[str],
                                                  command: list[str]) -> None:
    files = [a for a in evil_data if a != "--data"]
    result = invoke([*command, *files, str(resources.ontology_file())])
    assert result.exit_code in (0, 1), result.output
    assert not EVIL_CHARS.findall(result.stdout + result.stderr)


def test_machine_formats_keep_the_data_exact(evil_data: list[str]) -> None:
    query = "SELECT ?l WHERE { ag:rocu skos:prefLabel ?l }"
    as_json = invoke(["query", query, "-f", "json", *evil_data])
    value = json.loads(as_json.stdout)["results"]["bindings"][0]["l"]["value"]
    assert value.startswith("\x1b]0;pwned\x07\x1b[2J\r\x9b31m\u202eevil\u202c ")
    as_csv = invoke(["query", query, "-f", "csv", *evil_data])
    assert "\x1b]0;pwned\x07" in as_csv.stdout and "\u202eevil" in as_csv.stdout


def test_no_command_prints_without_making_text_terminal_safe() -> None:
    """Every command prints through ``spr_graph.cli.echo`` or ``write_result``."""
    cli = Path(resources.__file__).parent / "cli"
    offenders = [p.name for p in cli.glob("*.py")
                 if p.name != "__init__.py" and "click.echo" in p.read_text(encoding="utf-8")]
    assert not offenders


# -- standard output ----------------------------------------------------------------------

DASH = [
    ("query", ["query", "who-chairs", "-f", "csv"], "chair"),
    ("provenance", ["provenance"], "prov:wasDerivedFrom"),
    ("export", ["export", "--format", "trig"], "@prefix"),
    ("gaps", ["gaps", "--format", "csv"], "threat"),
    ("capacity", ["capacity", "--format", "json"], "spr-graph/capacity/1"),
    ("synth", ["synth", "--forces", "1"], "spr:"),
    ("map", ["map", "--threat", "terrorism"], "<!DOCTYPE html>"),
]


@pytest.mark.parametrize(("args", "expect"), [pytest.param(a, e, id=i) for i, a, e in DASH])
def test_dash_is_standard_output_everywhere(tmp_path: Path, args: list[str],
                                            expect: str) -> None:
    os.chdir(tmp_path)
    result = invoke([*args, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert expect in result.stdout
    assert not (tmp_path / "-").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["map", "--all", "-o", "-"], ["build", "-o", "-"]],
                         ids=["map-all", "build"])
def test_a_folder_output_refuses_dash(tmp_path: Path, args: list[str]) -> None:
    os.chdir(tmp_path)
    assert_one_line_error(invoke(args), 2, contains="-o")
    assert list(tmp_path.iterdir()) == []


# -- memory -------------------------------------------------------------------------------

def test_the_memory_cap_stops_a_query_in_the_killable_worker() -> None:
    """The library's (and serve's) forked worker: the child is killed over the cap (the
    one-shot command's thread: test_sparql_cli)."""
    from spr_graph.core.errors import QueryMemoryError
    from spr_graph.sparql.engine import execute, open_runner

    runner = open_runner(max_memory=150 << 20)
    with pytest.raises(QueryMemoryError, match="more than 150 MB"):
        execute(runner, GREEDY, timeout=600)
    assert execute(runner, ASK).boolean is True


def test_an_error_raised_while_ctrl_c_was_handled_is_still_the_interrupt(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C that cuts an import short can surface later as ImportError or
    RecursionError raised while the KeyboardInterrupt was being handled: exit 130."""
    from spr_graph.cli import fail

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ImportError("cannot load module more than once per process") from None
    except ImportError as exc:
        assert fail(exc).exit_code == 130
    assert capsys.readouterr().err == "spr-graph: interrupted\n"
    assert fail(ImportError("no such module")).exit_code == 2
