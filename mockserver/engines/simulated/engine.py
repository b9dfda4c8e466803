"""The ``simulated`` engine: every call is a fresh ``sh -c`` interpreted in-process.

Per sandbox it keeps a :class:`VirtualFS` (files persist between calls; ``cd`` and ``export``
do not, as each call is a new shell). Output is streamed as the script writes it: each write
is queued at once and handed to the consumer when it next iterates (so ``echo; sleep; echo``
gives two chunks at their real times, while a tight loop's many writes coalesce).

A call whose cwd does not exist answers as ``sh -c 'cd /x && ...'`` would: dash's
``sh: 1: cd: can't cd to /x`` on stderr and exit 2 (a real process cannot even be started in a
missing directory; this is the nearest thing a shell user sees).
"""

from __future__ import annotations

import asyncio
import codecs
import collections
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping

from mockserver.engines.base import TIMEOUT_EXIT_CODE, Event, ExecRequest, Exit, Output, Stream
from mockserver.engines.simulated.builtins import builtins
from mockserver.engines.simulated.catalog import DEFAULT_PATH, program_names
from mockserver.engines.simulated.interpreter import Runtime, Shell
from mockserver.engines.simulated.parser import parse
from mockserver.engines.simulated.process import (
    Deadline,
    InputStream,
    OutputStream,
    Process,
    StringInput,
    Timeout,
    Utility,
    encode,
)
from mockserver.engines.simulated.redirection import Streams
from mockserver.engines.simulated.utilities import UTILITIES
from mockserver.engines.simulated.vfs import FSError, VirtualFS
from mockserver.settings import Settings

_log = logging.getLogger(__name__)

DEFAULT_HOME = "/root"
#: Bytes one sandbox's files may hold; writes beyond fail with ENOSPC.
FS_MAX_BYTES = 64 * 1024 * 1024
#: Distinct missing command names logged (a script trying random names cannot flood the log).
MAX_MISSING_LOGGED = 1000
#: Exit code of a call stopped by :meth:`SimulatedEngine.aclose` (128 + SIGTERM, as a shell says).
KILLED_EXIT_CODE = 143


def sandbox_filesystem(*, max_bytes: int = FS_MAX_BYTES) -> VirtualFS:
    """A new sandbox's filesystem with every simulated program in /usr/bin."""
    return VirtualFS(max_bytes=max_bytes, programs=program_names(UTILITIES, builtins()))


async def run_command(
    process: Process, argv: list[str], stdin: InputStream, stdout: OutputStream
) -> int:
    """A :data:`~process.CommandRunner` for a process made outside any shell (a utility run
    on its own): ``argv`` runs in a fresh interpreter on the process's filesystem."""
    runtime = Runtime(process.fs, process.deadline, builtins(), UTILITIES)
    return await runtime.run_for(process, argv, stdin, stdout)


class CallSink:
    """The call's two output streams: capped per stream, decoded incrementally, drained in order."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pending: collections.deque[tuple[Stream, str]] = collections.deque()
        self._written: dict[Stream, int] = {"stdout": 0, "stderr": 0}
        self._decoders = {
            name: codecs.getincrementaldecoder("utf-8")("replace") for name in ("stdout", "stderr")
        }
        #: Set while the reader waits: done when output is pending or the command has ended.
        self._waiter: asyncio.Future[None] | None = None
        self.stdout = _CallOutput(self, "stdout")
        self.stderr = _CallOutput(self, "stderr")

    def put(self, stream: Stream, data: bytes) -> None:
        room = self.max_bytes - self._written[stream]
        if room <= 0:
            return
        data = data[:room]
        self._written[stream] += len(data)
        text = self._decoders[stream].decode(data)
        if text:
            self._pending.append((stream, text))
            self.wake()

    def wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self) -> None:
        """Until output is pending or ``wake`` is called (one future, no task of its own)."""
        if self._pending:
            return
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def finish(self) -> None:
        for stream, decoder in self._decoders.items():
            tail = decoder.decode(b"", final=True)
            if tail:
                self._pending.append((stream, tail))  # type: ignore[arg-type]

    def drain(self) -> list[Output]:
        """Everything queued, consecutive writes to one stream merged into one chunk."""
        chunks: list[Output] = []
        while self._pending:
            stream, text = self._pending.popleft()
            if chunks and chunks[-1].stream == stream:
                chunks[-1] = Output(stream, chunks[-1].data + text)
            else:
                chunks.append(Output(stream, text))
        return chunks


class _CallOutput(OutputStream):
    def __init__(self, sink: CallSink, stream: Stream) -> None:
        self._sink = sink
        self._stream: Stream = stream

    async def write(self, text: str) -> None:
        self._sink.put(self._stream, encode(text))

    async def write_bytes(self, data: bytes) -> None:
        self._sink.put(self._stream, data)


class SimulatedEngine:
    name = "simulated"

    def __init__(
        self,
        settings: Settings,
        utilities: Mapping[str, Utility] | None = None,
        *,
        fs_max_bytes: int = FS_MAX_BYTES,
    ) -> None:
        self.settings = settings
        self.fs_max_bytes = fs_max_bytes
        self._utilities = UTILITIES if utilities is None else utilities
        self._builtins = builtins()
        self._programs = program_names(self._utilities, self._builtins)
        #: Commands a script looked for and did not find, each logged once with a hint.
        self._missing: set[str] = set()
        self._filesystems: dict[str, VirtualFS] = {}
        self._tasks: set[asyncio.Task[tuple[int, bool]]] = set()
        #: Background jobs that outlived their call, by sandbox (``server >log 2>&1 &``).
        self._jobs: dict[str, set[asyncio.Task[int]]] = {}

    def filesystem(self, sandbox_id: str, cwd: str = "/", home: str = DEFAULT_HOME) -> VirtualFS:
        """The sandbox's filesystem, made on first use with its cwd and home directories."""
        fs = self._filesystems.get(sandbox_id)
        if fs is None:
            fs = VirtualFS(max_bytes=self.fs_max_bytes, programs=self._programs)
            for directory in (cwd, home):
                with contextlib.suppress(FSError):
                    fs.mkdir(directory, parents=True)
            self._filesystems[sandbox_id] = fs
        return fs

    def execute(self, request: ExecRequest) -> AsyncIterator[Event]:
        return self._stream(request)

    async def _stream(self, request: ExecRequest) -> AsyncIterator[Event]:
        env = dict(request.env)
        env.setdefault("PATH", DEFAULT_PATH)
        env.setdefault("HOME", DEFAULT_HOME)
        fs = self.filesystem(request.sandbox.id, request.sandbox.cwd, env["HOME"])
        sink = CallSink(self.settings.max_output_bytes)
        task = asyncio.create_task(self._main(request, fs, env, sink))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda _: sink.wake())
        try:
            while True:
                for chunk in sink.drain():
                    yield chunk
                if task.done():
                    break
                await sink.wait()
            if task.cancelled():  # the engine was closed under it: as if killed by SIGTERM
                code, timed_out = KILLED_EXIT_CODE, False
            else:
                code, timed_out = task.result()
            sink.finish()
            for chunk in sink.drain():
                yield chunk
            yield Exit(code, timed_out=timed_out)
        finally:
            if not task.done():
                task.cancel()

    async def _main(
        self, request: ExecRequest, fs: VirtualFS, env: dict[str, str], sink: CallSink
    ) -> tuple[int, bool]:
        deadline = Deadline.after(request.timeout)
        runtime = Runtime(
            fs, deadline, self._builtins, self._utilities, on_missing=self._log_missing
        )
        io = Streams(StringInput(request.stdin), sink.stdout, sink.stderr)
        if not fs.is_dir(VirtualFS.normalize(request.cwd, "/")):
            await sink.stderr.write(f"sh: 1: cd: can't cd to {request.cwd}\n")
            return 2, False
        env["PWD"] = request.cwd
        shell = Shell(runtime, variables=env, exported=set(env), cwd=request.cwd)
        loop = asyncio.get_running_loop()
        current = asyncio.current_task()
        watchdog = (
            loop.call_at(deadline.at + 0.1, current.cancel)
            if deadline.at is not None and current is not None
            else None
        )
        try:
            status = await shell.run_script(parse(request.command), io)
            await shell.wait_jobs(holding=True)
            return status, False
        except (Timeout, asyncio.CancelledError):
            if deadline.expired():
                return TIMEOUT_EXIT_CODE, True
            raise
        except Exception as error:  # a defect in a command must not break the answer
            _log.exception("simulated command failed: %r", request.command)
            await sink.stderr.write(f"sh: internal error: {error!r}\n")
            return 2, False
        finally:
            if watchdog is not None:
                watchdog.cancel()
            detached = self._jobs.setdefault(request.sandbox.id, set())
            for job in runtime.jobs:
                if job.task.done():
                    continue
                if job.holds_output or deadline.expired():
                    job.task.cancel()
                else:
                    detached.add(job.task)
                    job.task.add_done_callback(detached.discard)

    def forget(self, sandbox_id: str | None = None) -> None:
        """Drop the sandbox's files and stop its background jobs (every sandbox's when None)."""
        for sandbox in [sandbox_id] if sandbox_id is not None else [*self._filesystems]:
            self._filesystems.pop(sandbox, None)
            for job in self._jobs.pop(sandbox, set()):
                job.cancel()

    def _log_missing(self, name: str) -> None:
        """Say once per command name how a test can have it: a fixture, or a real shell."""
        if name in self._missing or len(self._missing) >= MAX_MISSING_LOGGED:
            return
        self._missing.add(name)
        _log.warning(
            "the simulated shell has no command %r (it answered 'not found', exit 127): "
            "script its answers with a fixture (match: {command: ...}, see docs/fixtures.md), "
            "or run commands for real with --engine local",
            name,
        )

    async def aclose(self) -> None:
        tasks: list[asyncio.Task[object]] = [*self._tasks]
        for jobs in self._jobs.values():
            tasks.extend(jobs)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
