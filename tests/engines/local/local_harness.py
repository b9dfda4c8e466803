"""Running commands through the local engine in tests: the engine, a sandbox, timed events."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from mockserver.engines.base import Event, ExecRequest, Exit, Failure, Output
from mockserver.engines.local import LocalEngine, create
from mockserver.engines.registry import EngineError
from mockserver.sandboxes import Sandbox
from mockserver.settings import Settings

SANDBOX = Sandbox(
    "e7847229c547d8",
    env=MappingProxyType({"HOME": "/home/user", "PATH": "/usr/local/bin:/usr/bin:/bin"}),
    cwd="/app",
)


@functools.cache
def bwrap_problem() -> str | None:
    """Why sandboxes cannot run here, or None when they can."""
    try:
        create(Settings())
    except EngineError as error:
        return str(error)
    return None


requires_bwrap = pytest.mark.skipif(
    bwrap_problem() is not None,
    reason=f"bubblewrap cannot run here (CI installs it: apt-get install -y bubblewrap): "
    f"{bwrap_problem()}",
)


@dataclass
class Result:
    #: (seconds since the call started, event)
    timed: list[tuple[float, Event]] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return [event for _, event in self.timed]

    def text(self, stream: str) -> str:
        return "".join(e.data for e in self.events if isinstance(e, Output) and e.stream == stream)

    @property
    def stdout(self) -> str:
        return self.text("stdout")

    @property
    def stderr(self) -> str:
        return self.text("stderr")

    @property
    def exit(self) -> Exit:
        last = self.events[-1]
        assert isinstance(last, Exit), self.events
        return last

    @property
    def elapsed(self) -> float:
        return self.timed[-1][0]


def request(
    command: str,
    *,
    sandbox: Sandbox = SANDBOX,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdin: str = "",
    timeout: float | None = 10.0,
    background: bool = False,
) -> ExecRequest:
    call_env = dict(env or {})
    return ExecRequest(
        sandbox=sandbox,
        command=command,
        stdin=stdin,
        env={**sandbox.env, **call_env},
        call_env=call_env,
        cwd=cwd or sandbox.cwd,
        timeout=timeout,
        container=sandbox.default_container,
        background=background,
    )


async def run(engine: LocalEngine, command: str, **options: Any) -> Result:
    execution = engine.execute(request(command, **options))
    result = Result()
    start = time.monotonic()
    async for event in execution:
        result.timed.append((time.monotonic() - start, event))
    assert isinstance(result.events[-1], Exit | Failure), result.events
    return result


@contextlib.asynccontextmanager
async def local_engine(**settings: Any) -> AsyncIterator[LocalEngine]:
    engine = create(Settings(**settings))
    try:
        yield engine
    finally:
        await engine.aclose()


def processes_with(marker: str) -> list[int]:
    """PIDs whose command line holds ``marker`` (as one argument)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(marker.encode() in arg for arg in argv):
            found.append(int(entry.name))
    return found


async def gone(marker: str, within: float = 2.0) -> list[int]:
    """PIDs still holding ``marker`` after waiting up to ``within`` seconds for them to go.

    A killed sandbox's processes die with its namespace, a moment after bubblewrap itself.
    """
    deadline = time.monotonic() + within
    while (left := processes_with(marker)) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return left


def unique_sleep() -> str:
    """A sleep duration no other process uses, to find the process later."""
    return f"{300 + os.getpid() % 1000}.{time.monotonic_ns() % 10**6:06d}"


__all__ = [
    "SANDBOX",
    "Result",
    "gone",
    "local_engine",
    "processes_with",
    "request",
    "requires_bwrap",
    "run",
    "unique_sleep",
]
