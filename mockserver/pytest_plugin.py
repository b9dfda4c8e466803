"""pytest fixtures for SDK test suites: a real Sandbox API mock on a loopback port, reset per test.

``sandbox_api`` is a handle (:class:`mockserver.testing.SandboxApi`) on a server shared by every
test with the same settings; each test starts with an empty journal, fresh fixture counts, fresh
sandboxes and nothing added::

    def test_retries_a_busy_sandbox(sandbox_api):
        sandbox_api.add_fixture({"match": {"command": "deploy"}, "times": 1,
                                 "respond": {"exitCode": 75}})
        my_sdk.run(sandbox_api.exec_url, "deploy")
        sandbox_api.assert_called(times=2, command="deploy")

Settings come from ``sandbox_api_settings`` (override it in a conftest.py: that folder gets its
own server), then from ``@pytest.mark.sandbox_api(engine=..., fixtures=...)`` on a test, module
or class (relative fixture paths are read from the test file's folder). ``sandbox_api_factory``
gives a handle for any other settings within one test.

Importing this plugin costs little: nothing of the server is imported until a test asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockserver.settings import Settings
    from mockserver.testing import SandboxApi, ServerPool

MARKER = "sandbox_api"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**settings): the settings of this test's sandbox_api server "
        "(engine='scripted', fixtures=['dir'], ...), over sandbox_api_settings",
    )


@pytest.fixture(scope="session")
def sandbox_api_settings() -> Settings:
    """The settings ``sandbox_api`` is built from; override to add fixtures or pick an engine."""
    from mockserver.settings import Settings

    return Settings(reload=False, log_level="warning")


@pytest.fixture(scope="session")
def sandbox_api_servers() -> Iterator[ServerPool]:
    """Every mock the session started, one per distinct settings; stopped at the end."""
    from mockserver.testing import ServerPool

    with ServerPool() as pool:
        yield pool


@pytest.fixture
def sandbox_api_factory(
    request: pytest.FixtureRequest,
    sandbox_api_settings: Settings,
    sandbox_api_servers: ServerPool,
) -> Callable[..., SandboxApi]:
    """``factory(settings=None, **changes)``: a handle on a mock with those settings, reset
    when this test first asks for it (asking again, or for ``sandbox_api``'s, resets nothing)."""
    fresh: set[int] = set()

    def make(settings: Settings | None = None, **changes: Any) -> SandboxApi:
        base = settings if settings is not None else sandbox_api_settings
        handle = sandbox_api_servers.get(_with_changes(base, changes, request.path.parent))
        if id(handle) not in fresh:
            handle.reset()
            fresh.add(id(handle))
        return handle

    return make


@pytest.fixture
def sandbox_api(
    request: pytest.FixtureRequest, sandbox_api_factory: Callable[..., SandboxApi]
) -> SandboxApi:
    """The mock for this test: empty journal, fresh counts and sandboxes, nothing added."""
    changes: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        changes.update(marker.kwargs)  # the closest marker (the test's own) wins
    return sandbox_api_factory(**changes)


def _with_changes(settings: Settings, changes: dict[str, Any], folder: Path) -> Settings:
    if "fixtures" in changes:
        given = changes["fixtures"]
        paths = [given] if isinstance(given, str | Path) else list(given)
        changes["fixtures"] = tuple(folder / Path(p) for p in paths)
    return settings.replace(**changes)
