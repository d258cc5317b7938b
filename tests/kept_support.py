"""What the tests of files kept beside a store share: running a command, and finding and
changing the files of one kind (``answer``, ``drawn``, ``result``)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from spr_graph.cli import main


def kept(store: Path, kind: str) -> list[Path]:
    """The files of ``kind`` kept beside ``store``."""
    return sorted(store.glob(f".spr-graph-summary.{kind}-*.json"))


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of ``spr-graph ARGS``."""
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def plant(store: Path, kind: str, change: dict[str, object]) -> None:
    """Every file of ``kind`` (a JSON object after its header) with ``change`` made."""
    for path in kept(store, kind):
        head, body = path.read_bytes().split(b"\n", 1)
        path.write_bytes(head + b"\n" + json.dumps({**json.loads(body), **change}).encode())
