"""Fixtures for the backend tools' tests: reference backends on 127.0.0.1 that stop by themselves."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from backend_servers import (
    Backend,
    RunningCommand,
    RunningServer,
    StartBackend,
    StartCommand,
    close_all,
)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[StartBackend]:
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


@pytest.fixture
def start_command() -> Iterator[StartCommand]:
    """Run ``mockserver record``/``proxy`` in processes of their own; all end with the test."""
    started: list[RunningCommand] = []

    def start(command: str, target: str, *extra: str) -> RunningCommand:
        running = RunningCommand(command, target, *extra)
        started.append(running)
        return running

    yield start
    for running in started:
        running.kill()
