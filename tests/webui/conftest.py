"""The mock for the page's tests (one per module, reset before each test), and a headless Chromium:
one for the browser tests, a fresh tab per test.

Debian's ``chromium`` package (``/usr/bin/chromium``, or ``MOCKSERVER_CHROMIUM``) driven by
Playwright; the tests are skipped, saying why, where either is missing. Screenshots go to
``MOCKSERVER_UI_ARTIFACTS`` when it is set, else to a ``webui-artifacts`` folder under pytest's
temporary directory (its path is printed in the summary).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = os.environ.get("MOCKSERVER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def mock() -> Iterator[BackgroundServer]:
    with BackgroundServer(Settings(reload=False, log_level="warning")) as server:
        yield server


@pytest.fixture
def client(mock: BackgroundServer) -> Iterator[httpx.Client]:
    """A client of ``mock``, which starts afresh (``POST /__admin/reset``)."""
    with httpx.Client(base_url=mock.url, timeout=30) as client:
        assert client.post("/__admin/reset").status_code == 204
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser for the run: the browser tests are one module (test_page.py), which this scope
    keeps to, since Playwright's event loop stays running in the thread until it stops, and
    ``asyncio.run`` refuses to start in tests that come after it."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or MOCKSERVER_CHROMIUM)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(15_000)
    try:
        yield opened
    finally:
        context.close()  # closes the page's journal stream before its server stops
    assert errors == [], f"the page raised: {errors}"


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("MOCKSERVER_UI_ARTIFACTS")
    if chosen:
        folder = Path(chosen)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("webui-artifacts", numbered=False)
