"""Headless Chromium for the browser tests and the map benchmark: where it is, how it runs."""

from __future__ import annotations

import shutil

#: No sandbox (containers), no GPU, and nothing Chromium would fetch on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's chromium (or another Chromium on the PATH); None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None
