"""Servers for the checker's tests: the reference backend and its variants, on 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness import ServerFactory
from reference_backend import Backend, RunningServer, close_all


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that takes several seconds")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start reference backends (``defect=``, ``tolerances=``); all stop at the test's end."""
    running: list[RunningServer] = []

    def start(defect: str | None = None, tolerances: frozenset[str] = frozenset()) -> RunningServer:
        root = tmp_path / f"backend-{len(running)}"
        root.mkdir()
        server = RunningServer(Backend(root, defect, tolerances))
        running.append(server)
        return server

    yield start
    close_all(running)


@pytest.fixture(scope="module")
def defect_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], RunningServer]]:
    """One backend per defect for a whole module (a defect's tests share its server)."""
    running: dict[str, RunningServer] = {}

    def get(defect: str) -> RunningServer:
        if defect not in running:
            running[defect] = RunningServer(Backend(tmp_path_factory.mktemp(defect), defect))
        return running[defect]

    yield get
    close_all(list(running.values()))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One correct reference backend shared by a module's tests."""
    server = RunningServer(Backend(tmp_path_factory.mktemp("reference")))
    yield server
    server.close()
