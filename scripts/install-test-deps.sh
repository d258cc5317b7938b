#!/usr/bin/env bash
# Install what the test suite needs: Debian's Chromium (browser tests) and the package
# with its test extras (pytest, Playwright, axe-core, the Oxigraph server, ...).
# Playwright drives /usr/bin/chromium; it never downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "install-test-deps: chromium not found and cannot apt-get it; browser tests will skip" >&2
  fi
fi
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
