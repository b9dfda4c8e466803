"""Shared test support: a programmable engine and the mock on a real loopback port."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from mockserver.app import MockServer
from mockserver.engines.base import Event, ExecRequest, Execution, Exit, Output
from mockserver.sandboxes import Sandbox, SandboxRegistry
from mockserver.server import BackgroundServer
from mockserver.settings import Settings

SANDBOX = "e7847229c547d8"
EXEC = f"/api/v1/sandboxes/{SANDBOX}/exec"

Step = tuple[str, Any]


class ProgrammedEngine:
    """Answers commands from a script of steps; any other command echoes the resolved request.

    Steps: ("stdout", text), ("stderr", text), ("sleep", seconds), ("exit", code).
    """

    name = "programmed"

    def __init__(self, programs: dict[str, list[Step]] | None = None) -> None:
        self.programs = programs or {}
        self.started: list[ExecRequest] = []
        self.finished: list[str] = []

    def execute(self, request: ExecRequest) -> Execution:
        self.started.append(request)
        return self._run(request)

    async def _run(self, request: ExecRequest) -> AsyncIterator[Event]:
        steps = self.programs.get(request.command)
        if steps is None:
            echo = {
                "command": request.command,
                "stdin": request.stdin,
                "env": dict(request.env),
                "cwd": request.cwd,
                "timeout": request.timeout,
                "container": request.container,
                "background": request.background,
            }
            steps = [("stdout", json.dumps(echo)), ("exit", 0)]
        try:
            for kind, value in steps:
                if kind == "sleep":
                    await asyncio.sleep(value)
                elif kind == "exit":
                    yield Exit(value)
                    return
                else:
                    yield Output(kind, value)
        finally:
            self.finished.append(request.command)

    def forget(self, sandbox_id: str | None = None) -> None:
        return None

    async def aclose(self) -> None:
        return None


def default_sandboxes() -> SandboxRegistry:
    return SandboxRegistry(
        [
            Sandbox(SANDBOX, "default", {"HOME": "/home/user", "LANG": "C"}, "/app", ("app", "db")),
            Sandbox("other-org-box", "acme", {}, "/", ("app",)),
        ]
    )


@pytest.fixture
def serve_programmed() -> Iterator[Callable[..., tuple[BackgroundServer, ProgrammedEngine]]]:
    """Start the mock over a ProgrammedEngine: ``serve(programs, **settings)``."""
    running: list[BackgroundServer] = []

    def start(
        programs: dict[str, list[Step]] | None = None, **settings: Any
    ) -> tuple[BackgroundServer, ProgrammedEngine]:
        engine = ProgrammedEngine(programs)
        config = Settings(reload=False, port=0, log_level="warning", **settings)
        server = MockServer.assemble(config, default_sandboxes(), engine)
        background = BackgroundServer(config, server).start()
        running.append(background)
        return background, engine

    yield start
    for background in running:
        background.stop()


@pytest.fixture
def client_for() -> Iterator[Callable[[BackgroundServer], httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(background: BackgroundServer) -> httpx.Client:
        client = httpx.Client(base_url=background.url, timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
