"""pytest fixtures for SDK test suites: a real Sandbox API mock on a loopback port.

``sandbox_api`` is one server for the whole session (start-up is paid once); override
``sandbox_api_settings`` in a conftest.py to change how it is built::

    @pytest.fixture(scope="session")
    def sandbox_api_settings():
        return Settings(fixtures=(Path("tests/fixtures"),), engine="simulated")

Each test gets the same server; ``sandbox_api.url`` is its base URL and ``sandbox_api.exec_url``
the exec URL of the default sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings

DEFAULT_SANDBOX = "e7847229c547d8"


@dataclass(frozen=True)
class SandboxApi:
    url: str
    sandbox_id: str
    server: BackgroundServer

    @property
    def exec_url(self) -> str:
        return self.exec_url_for(self.sandbox_id)

    def exec_url_for(self, sandbox_id: str) -> str:
        return f"{self.url}/api/v1/sandboxes/{sandbox_id}/exec"


@pytest.fixture(scope="session")
def sandbox_api_settings() -> Settings:
    """The settings ``sandbox_api`` is built from; override to add fixtures or pick an engine."""
    return Settings(reload=False)


@pytest.fixture(scope="session")
def sandbox_api(sandbox_api_settings: Settings) -> Iterator[SandboxApi]:
    """A Sandbox API mock serving on 127.0.0.1 for the test session."""
    with BackgroundServer(sandbox_api_settings.replace(host="127.0.0.1")) as running:
        yield SandboxApi(running.url, DEFAULT_SANDBOX, running)
