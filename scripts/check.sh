#!/usr/bin/env bash
# The gates CI runs before the tests: lint, strict types, the import layers, and the
# command reference in step with --help. Each prints what to fix and stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "check: ruff" && ruff check spr_graph tests benchmarks
echo "check: mypy --strict" && mypy spr_graph
echo "check: import layers" && lint-imports --no-cache
echo "check: docs/cli.md in step with --help" && cog --check docs/cli.md \
  || { echo "docs/cli.md is out of date: run  cog -r docs/cli.md" >&2; exit 1; }
