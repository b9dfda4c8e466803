"""The exec service: resolve a call against its sandbox, run it on the engine, drain its events.

It knows sandboxes, options and engines, not HTTP: the API layer renders what it returns as JSON
or SSE. An answer that waits for the end (JSON) runs the command in its own task (``run``); a
stream or a background call starts it in a task of its own (``start``), so a client that stops
listening never stops the command: the service keeps draining it and drops the output.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from mockserver.engines.base import (
    CANNOT_RUN_EXIT_CODE,
    NOT_FOUND_EXIT_CODE,
    TIMEOUT_EXIT_CODE,
    Engine,
    Event,
    ExecRequest,
    Execution,
    Exit,
    Failure,
    Output,
    Rejected,
)
from mockserver.errors import ApiError, sandbox_not_found
from mockserver.sandboxes import Sandbox, SandboxRegistry

#: Seconds past its timeout an engine may take to stop before the service stops waiting for it.
TIMEOUT_GRACE = 1.5

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Unrunnable:
    """A call the schema accepts but no process could be started with (CONTRACT section 2)."""

    command: str
    reason: str


def unrunnable_reason(command: str, stdin: str, cwd: str | None, env: Mapping[str, str]) -> str:
    """Why no process could be started with these values, or '' when one can."""
    if "\0" in command:
        return "command contains a NUL byte"
    if "\0" in stdin:
        return "options.stdin contains a NUL byte"
    if cwd is not None:
        if "\0" in cwd:
            return "options.cwd contains a NUL byte"
        if not cwd.startswith("/"):
            return f"options.cwd must be an absolute path, got {cwd!r}"
    for name, value in env.items():
        if not name:
            return "options.env has an empty variable name"
        if "=" in name:
            return f"options.env name {name!r} contains '='"
        if "\0" in name or "\0" in value:
            return f"options.env variable {name!r} contains a NUL byte"
    return ""


class ExecService:
    def __init__(self, sandboxes: SandboxRegistry, engine: Engine, default_timeout: float) -> None:
        self.sandboxes = sandboxes
        self.engine = engine
        self.default_timeout = default_timeout
        self._tasks: set[asyncio.Task[None]] = set()

    def sandbox(self, sandbox_id: str, organization: str | None) -> Sandbox:
        """The sandbox the call may use; the contract's 404 when it is unknown or not theirs."""
        sandbox = self.sandboxes.find(sandbox_id, organization)
        if sandbox is None:
            raise sandbox_not_found(sandbox_id)
        return sandbox

    def resolve(
        self,
        sandbox_id: str,
        body: Mapping[str, Any],
        organization: str | None,
        headers: Mapping[str, str] = _NO_HEADERS,
    ) -> ExecRequest | Unrunnable:
        """The call with every option resolved. Raises ApiError for an unknown sandbox/container."""
        sandbox = self.sandbox(sandbox_id, organization)
        command: str = body["command"]
        options: Mapping[str, Any] = body.get("options") or {}
        stdin: str = options.get("stdin") or ""
        call_env: Mapping[str, str] = options.get("env") or {}
        cwd: str | None = options.get("cwd")
        reason = unrunnable_reason(command, stdin, cwd, call_env)
        if reason:
            return Unrunnable(command, reason)
        container = options.get("container") or sandbox.default_container
        if container not in sandbox.containers:
            raise ApiError(
                404,
                "Container not found",
                {"field": "options.container", "reason": f"sandbox has {list(sandbox.containers)}"},
            )
        timeout = options.get("timeout")
        return ExecRequest(
            sandbox=sandbox,
            command=command,
            stdin=stdin,
            env=MappingProxyType({**sandbox.env, **call_env}),
            call_env=MappingProxyType(dict(call_env)),
            cwd=cwd or sandbox.cwd,
            timeout=self.default_timeout
            if timeout is None
            else (None if timeout == 0 else timeout),
            container=container,
            background=bool(options.get("background", False)),
            headers=MappingProxyType({name.lower(): value for name, value in headers.items()}),
        )

    def _execute(self, request: ExecRequest) -> Execution:
        """The engine's event stream for ``request``; a scripted rejection is an ApiError."""
        try:
            execution = self.engine.execute(request)
        except Rejected as rejected:
            raise ApiError(
                rejected.status, rejected.message, rejected.details, rejected.headers
            ) from rejected
        if execution is None:
            return _events(
                Output("stderr", f"sh: 1: {request.command}: not found\n"),
                Exit(NOT_FOUND_EXIT_CODE),
            )
        return _bounded(execution, request.timeout)

    async def run(self, request: ExecRequest | Unrunnable) -> AsyncIterator[Event]:
        """The command's events, run in the caller's task: no queue, no task of its own.

        For an answer that waits for the end (JSON). A background call is started in a task of
        its own and answered at once with exit 0.
        """
        if isinstance(request, Unrunnable):
            yield Failure(request.reason)
            return
        if request.background:
            self.start(request)
            yield Exit(0)
            return
        execution = self._execute(request)
        try:
            async for event in execution:
                yield event
        except Rejected as rejected:
            yield Failure(rejected.message)

    def start(self, request: ExecRequest | Unrunnable) -> Run:
        """Start the command now in a task of its own; its events are read from the Run.

        A reader that goes away (a closed SSE stream) never stops the command.
        """
        if isinstance(request, Unrunnable):
            return Run.finished([Failure(request.reason)])
        execution = self._execute(request)
        run = Run()
        task = asyncio.create_task(run.drain(execution))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if request.background:  # answered at once; the command goes on, its output dropped
            run.detach()
            return Run.finished([Exit(0)])
        return run

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.engine.aclose()


class Run:
    """A started command's events, buffered between the draining task and one reader.

    A deque and, while the reader waits, one future: an SSE stream holds thousands of these at
    once, so nothing heavier (an ``asyncio.Queue`` is three deques and a waiter per get).
    """

    __slots__ = ("_done", "_events", "_waiter", "detached")

    def __init__(self) -> None:
        self._events: collections.deque[Event] = collections.deque()
        self._done = False
        self._waiter: asyncio.Future[None] | None = None
        self.detached = False

    @classmethod
    def finished(cls, events: list[Event]) -> Run:
        run = cls()
        run._events.extend(events)
        run._done = True
        return run

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _put(self, event: Event) -> None:
        if not self.detached:
            self._events.append(event)
            self._wake()

    async def drain(self, execution: Execution) -> None:
        try:
            async for event in execution:
                self._put(event)
        except Rejected as rejected:
            self._put(Failure(rejected.message))
        finally:
            self._done = True
            self._wake()

    def detach(self) -> None:
        """The reader is gone: keep the command running, drop what it writes from now on.

        A reader still waiting is woken and told the end (``next`` returns None).
        """
        self.detached = True
        self._events.clear()
        self._wake()

    async def next(self, timeout: float | None = None) -> Event | None:
        """The next event; None at the end. Raises TimeoutError after ``timeout`` silent seconds."""
        while not self._events:
            if self._done or self.detached:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._waiter
            finally:
                self._waiter = None
        return self._events.popleft()

    async def events(self) -> AsyncIterator[Event]:
        while (event := await self.next()) is not None:
            yield event


async def _events(*events: Event) -> AsyncIterator[Event]:
    for event in events:
        yield event


async def _bounded(execution: Execution, timeout: float | None) -> AsyncIterator[Event]:
    """The engine's events, stopped by the service if the engine overruns its timeout."""
    if timeout is None:
        async for event in execution:
            yield event
        return
    deadline = asyncio.get_running_loop().time() + timeout + TIMEOUT_GRACE
    try:
        async with asyncio.timeout_at(deadline):
            async for event in execution:
                yield event
                if isinstance(event, Exit | Failure):
                    return
    except TimeoutError:
        yield Exit(TIMEOUT_EXIT_CODE, timed_out=True)
    finally:
        with contextlib.suppress(Exception):
            await execution.aclose()  # type: ignore[attr-defined]


def unrunnable_answer(reason: str) -> dict[str, Any]:
    return {
        "stdout": "",
        "stderr": f"{reason}\n",
        "exitCode": CANNOT_RUN_EXIT_CODE,
        "success": False,
    }


__all__ = ["ExecService", "Run", "Unrunnable", "unrunnable_answer", "unrunnable_reason"]
