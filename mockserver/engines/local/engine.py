"""The local engine: each call is a real ``/bin/sh -c`` in a bubblewrap sandbox of its own."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path

from mockserver.engines.base import Event, ExecRequest, Failure
from mockserver.engines.local.bubblewrap import command_line
from mockserver.engines.local.process import SandboxProcess
from mockserver.engines.local.trees import SandboxTrees
from mockserver.settings import Settings


class LocalEngine:
    """Runs every request (it never declines one); :meth:`aclose` kills what still runs."""

    name = "local"

    def __init__(self, settings: Settings, bwrap: str) -> None:
        self._bwrap = bwrap
        self._max_output_bytes = settings.max_output_bytes
        self._trees = SandboxTrees(settings.data_dir)
        self._processes: set[SandboxProcess] = set()
        #: Which sandbox each running process belongs to (for :meth:`forget`).
        self._owners: dict[SandboxProcess, str] = {}
        self._closed = False

    @property
    def root(self) -> Path:
        """The directory holding every sandbox's tree."""
        return self._trees.root

    def tree(self, sandbox_id: str) -> Path:
        """The host directory of one sandbox's writable tree (it may not exist yet)."""
        return self._trees.tree(sandbox_id)

    def execute(self, request: ExecRequest) -> AsyncGenerator[Event, None]:
        return self._run(request)

    async def _run(self, request: ExecRequest) -> AsyncGenerator[Event, None]:
        if self._closed:
            yield Failure("the local engine is shut down")
            return
        try:
            layout = self._trees.layout(request.sandbox)
        except OSError as error:
            yield Failure(f"the sandbox's directories could not be prepared: {error}")
            return
        argv = command_line(self._bwrap, layout, request.env, request.cwd, request.command)
        process = SandboxProcess(
            stdin=request.stdin.encode("utf-8", "replace"),
            timeout=request.timeout,
            max_output_bytes=self._max_output_bytes,
        )
        self._processes = {p for p in self._processes if not p.finished}
        self._owners = {p: self._owners[p] for p in self._processes if p in self._owners}
        self._processes.add(process)
        self._owners[process] = request.sandbox.id
        try:
            await process.start(argv)
            async for event in process.backlog.events():
                yield event
        finally:
            # A consumer that leaves early: the command goes on, its output is no longer kept.
            process.backlog.detach()

    def forget(self, sandbox_id: str | None = None) -> None:
        """Kill the sandbox's commands and delete its tree (every sandbox's when None)."""
        for process, owner in list(self._owners.items()):
            if sandbox_id is None or owner == sandbox_id:
                process.kill()
        if sandbox_id is None:
            self._trees.clear()
        else:
            self._trees.clear(sandbox_id)

    async def aclose(self) -> None:
        self._closed = True
        processes, self._processes = self._processes, set()
        for process in processes:
            process.kill()
        for process in processes:
            await process.wait()
        self._trees.remove()
