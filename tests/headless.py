"""Headless Chromium for the browser tests: the system's browser, driven by Playwright.

Needs Playwright for Python (``pip install playwright``, part of the ``test`` extra) and
a Chromium: ``/usr/bin/chromium`` (Debian: ``apt-get install -y chromium``) or the path
in ``DLCOURSE_CHROMIUM``. Never ``playwright install`` (it downloads its own browser).
Without either, the tests that need them skip and say why. Screenshots go to a
temporary folder, or to ``DLCOURSE_SCREENSHOTS``.

Tests import this module by name (``import headless``): pytest puts ``tests/`` on
``sys.path`` for ``tests/conftest.py``.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium")


def sync_api_or_skip():
    """Playwright's sync API, or a skip naming what is missing (also at module level)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: pip install playwright (or pip install -e '.[test]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium, or set "
                    f"DLCOURSE_CHROMIUM to a Chromium executable", allow_module_level=True)
    return sync_api


@contextmanager
def launch():
    """A headless Chromium (Playwright's default flags: as root, no sandbox)."""
    sync_api = sync_api_or_skip()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, **options):
    """A browser context that reaches only ``file://`` URLs: every other request fails."""
    context = browser.new_context(**options)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("file:") else route.abort())
    return context


def screenshot_folder(tmp_path_factory):
    """``DLCOURSE_SCREENSHOTS`` (created) or a fresh temporary folder."""
    folder = os.environ.get("DLCOURSE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


class Console:
    """Collects the page's console errors, uncaught exceptions and failed requests.

    ``harmless`` lists URL prefixes whose requests may fail (each such failure also
    excuses one ``Failed to load resource: net::ERR_...`` console error); nothing else
    may fail.
    """

    def __init__(self, page, harmless=()):
        self.harmless = tuple(harmless)
        self.messages, self.failed = [], []
        page.on("console", lambda m: self.messages.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        page.on("requestfailed", lambda r: self.failed.append(r.url))

    def errors(self):
        """Errors beyond the harmless ones (an empty list when all is well)."""
        unknown = [url for url in self.failed if not url.startswith(self.harmless)]
        excused = len(self.failed) - len(unknown)  # one console error per harmless failure
        errors = [f"request failed: {url}" for url in unknown]
        for kind, text in self.messages:
            if kind not in ("error", "pageerror"):
                continue
            if excused and text.startswith("Failed to load resource: net::ERR_"):
                excused -= 1
                continue
            errors.append(text)
        return errors
