"""Headless Chromium for the browser tests and the map benchmark: where it is, how it runs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

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


class Visit:
    """A page opened offline: every request that is not a local file is refused and kept,
    and every console error and uncaught exception is kept."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def axe(self) -> list[str]:
        """axe-core's violations on the page as it is now, one line each."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
                for v in results.response["violations"]]
