"""The ``spr-graph`` program: ``python -m spr_graph`` and the console script."""

from __future__ import annotations

import signal
import sys


def entry() -> None:
    """Run the command line; Ctrl-C is one line and exit code 130 at any moment.

    The command group handles Ctrl-C while a command runs; this covers the import of
    the commands before it and the shutdown after it: once the process has decided how
    to exit, further Ctrl-C presses are ignored, so that the interpreter's own shutdown
    can neither print a traceback nor die of the signal instead of exiting with the
    command's code (a Ctrl-C that lands once the command is done changes nothing).
    """
    code: int | str | None
    try:
        from spr_graph import cli

        cli.ENDS_WITH_COMMAND = True
        cli.main(prog_name="spr-graph")
        code = 0
    except KeyboardInterrupt:
        sys.stderr.write("spr-graph: interrupted\n")
        code = 130
    except SystemExit as done:
        code = done.code
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code == 130:
        # CPython remembers a Ctrl-C that ended a string exec (dataclasses exec theirs
        # while modules are imported) and, under ``python -m``, kills itself with SIGINT
        # at exit instead of exiting 130; a string exec that succeeds clears that memory.
        exec("pass")
    sys.exit(code)


if __name__ == "__main__":
    entry()
