"""Shared checks for the hostile-input suites (``test_hostile*.py``).

Every hostile case asserts the same contract, whatever the command:

- the exact exit code (2 bad input or usage, 1 findings, 130 interrupted);
- exactly one line on standard error, starting ``spr-graph: ``, with no traceback and no
  control characters;
- nothing changed in the folders the test watches (byte for byte), and no temporary or
  staging file left behind.

:func:`spawn` starts a real ``python -m spr_graph`` process that is always killed and
reaped when the ``with`` block ends, however it ends, so a failing test cannot leak a
process into the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from spr_graph.cli import main

#: Names a writer in spr-graph may leave while it works; none may survive a command.
TEMP_MARKERS = (".spr-graph-staging-", ".tmp", "~", ".part", ".spr-graph-tmp")


def invoke(args: Sequence[str], input: bytes | str | None = None,
           env: dict[str, str] | None = None) -> Result:
    """Run the command group in-process (``CliRunner``), stderr kept apart."""
    return CliRunner().invoke(main, list(args), input=input, env=env,
                              catch_exceptions=True)


def assert_one_line_error(result: Result | subprocess.CompletedProcess[str], code: int,
                          *, contains: str = "", stdout_empty: bool = True) -> str:
    """The contract above for a finished command; returns the one stderr line."""
    if isinstance(result, subprocess.CompletedProcess):
        exit_code, stderr, stdout = result.returncode, result.stderr, result.stdout
        exception = None
    else:
        exit_code, stderr, stdout = result.exit_code, result.stderr, result.stdout
        exception = result.exception
        if exception is not None and not isinstance(exception, SystemExit):
            raise AssertionError(f"the command raised {exception!r}; stderr: {stderr!r}")
    assert "Traceback" not in stderr and "Traceback" not in stdout, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    line = lines[0]
    assert line.startswith("spr-graph: "), line
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in line), repr(line)
    assert exit_code == code, f"exit {exit_code}, expected {code}: {line}"
    if contains:
        assert contains.lower() in line.lower(), line
    if stdout_empty:
        assert stdout == "", stdout
    return line


def snapshot(*folders: Path) -> dict[str, str]:
    """``{path: sha256 or 'dir' or 'link -> target'}`` of everything under ``folders``."""
    seen: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for root, dirs, files in os.walk(folder, followlinks=False):
            for name in dirs + files:
                path = Path(root) / name
                if path.is_symlink():
                    seen[str(path)] = f"link -> {os.readlink(path)}"
                elif path.is_dir():
                    seen[str(path)] = "dir"
                elif path.is_file():
                    seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    seen[str(path)] = "special"
    return seen


def assert_unchanged(before: dict[str, str], *folders: Path) -> None:
    """Nothing under ``folders`` was added, removed or changed since ``before``."""
    after = snapshot(*folders)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    assert not (added or removed or changed), f"added {added}, removed {removed}, " \
                                              f"changed {changed}"


def assert_no_temp_files(*folders: Path) -> None:
    """No staging or temporary file is left anywhere under ``folders``."""
    left = [str(p) for folder in folders if folder.exists() for p in folder.rglob("*")
            if any(marker in p.name for marker in TEMP_MARKERS)]
    assert not left, left


@dataclass
class Spawned:
    """A running ``spr-graph`` process (see :func:`spawn`)."""

    process: subprocess.Popen[str]

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far (Linux ``/proc``)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_busy(self, cpu: float, deadline: float = 120.0) -> None:
        """Wait until the process has used ``cpu`` seconds of CPU: a sign that it is past
        start-up and working, which holds however busy the machine is (a fixed sleep
        does not)."""
        end = time.monotonic() + deadline
        while self.cpu_seconds() < cpu:
            if self.process.poll() is not None:
                raise AssertionError(f"ended early with {self.process.returncode}: "
                                     f"{self.process.stderr.read() if self.process.stderr else ''}")
            if time.monotonic() > end:
                raise AssertionError(f"not {cpu} s of CPU within {deadline} s")
            time.sleep(0.05)

    def finish(self, timeout: float) -> subprocess.CompletedProcess[str]:
        """Wait at most ``timeout`` seconds; on expiry the process is killed and the
        test fails with what it printed."""
        try:
            stdout, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
            raise AssertionError(f"still running after {timeout} s; stderr: {stderr!r}") \
                from None
        return subprocess.CompletedProcess(self.process.args, self.process.returncode,
                                           stdout, stderr)


def _ctrl_c_as_a_terminal_has_it() -> None:
    """In the child: Ctrl-C (SIGINT) back to its default. A shell starts background
    jobs with SIGINT ignored, and an ignored signal stays ignored across exec, so a test
    run from such a job would otherwise test a program that cannot be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def spawn(args: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
          stdin: int | None = subprocess.DEVNULL) -> Iterator[Spawned]:
    """``python -m spr_graph ARGS`` in a process of its own, killed and reaped on exit."""
    process = subprocess.Popen([sys.executable, "-m", "spr_graph", *args], cwd=cwd,
                               env=env, stdin=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=_ctrl_c_as_a_terminal_has_it)
    try:
        yield Spawned(process)
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
            process.communicate(timeout=30)
