"""One confined command, from start to exit: pipes pumped, output capped, timeout enforced.

bubblewrap runs in a process group of its own (``start_new_session``) and the command in a PID
namespace of its own. Killing the group kills bubblewrap; ``--die-with-parent`` then kills the
namespace's init, and the kernel every process left in the namespace, including those the
command put in the background. A supervisor task owns the process, so the timeout holds and
the pipes keep being read whether or not anyone consumes the events.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from typing import Any

from mockserver.engines.base import TIMEOUT_EXIT_CODE, Exit, Failure, Stream
from mockserver.engines.local.backlog import Backlog
from mockserver.engines.local.output import CappedDecoder, truncation_notice

#: Bytes asked of a pipe per read: a read returns as soon as anything is there.
READ_SIZE = 64 * 1024
#: Seconds the pipes may stay open after the process group was killed.
DRAIN_GRACE = 5.0


class SandboxProcess:
    """Start with :meth:`start`; events come from ``backlog``; :meth:`kill` stops it early."""

    def __init__(self, *, stdin: bytes, timeout: float | None, max_output_bytes: int) -> None:
        self.backlog = Backlog()
        self._stdin = stdin
        self._timeout = timeout
        self._limit = max_output_bytes
        self._process: asyncio.subprocess.Process | None = None
        self._supervisor: asyncio.Task[None] | None = None
        #: Whether stderr so far ends a line (a notice then needs no newline of its own).
        self._stderr_at_line_start = True

    async def start(self, argv: Sequence[str]) -> None:
        """Spawn ``argv``; a spawn that fails ends the backlog with a Failure instead."""
        try:
            self._process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,
                env={},
            )
        except OSError as error:
            why = error.strerror or str(error)
            self.backlog.finish(Failure(f"the sandbox could not be started: {why}"))
            return
        except (ValueError, UnicodeError) as error:  # a NUL byte or a lone surrogate
            self.backlog.finish(Failure(f"the command could not be passed to the sandbox: {error}"))
            return
        self._supervisor = asyncio.create_task(self._supervise(self._process))

    @property
    def finished(self) -> bool:
        """True once the terminal event is known (a process not started yet is not finished)."""
        return self.backlog.finished

    def kill(self) -> None:
        """SIGKILL the whole process group (bubblewrap and its namespace)."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)

    async def wait(self) -> None:
        """Until the process has exited and its pipes are drained."""
        if self._supervisor is not None:
            await asyncio.wait({self._supervisor})

    async def _supervise(self, process: asyncio.subprocess.Process) -> None:
        try:
            exit = await self._run(process)
        except asyncio.CancelledError:
            self.kill()
            self.backlog.finish(Failure("the command was stopped before it ended"))
            raise
        except Exception as error:  # a bug here must not leave the process or its consumer hanging
            self.kill()
            self.backlog.finish(Failure(f"the sandbox failed while running the command: {error!r}"))
            return
        self.backlog.finish(exit)

    async def _run(self, process: asyncio.subprocess.Process) -> Exit:
        assert process.stdout is not None and process.stderr is not None
        feeder = asyncio.create_task(self._feed(process))
        # The timeout covers the exit too: a command may close its pipes and go on running.
        done = asyncio.gather(
            self._pump(process.stdout, "stdout"),
            self._pump(process.stderr, "stderr"),
            process.wait(),
        )
        done.add_done_callback(_retrieve)
        try:
            _, _, returncode = await asyncio.wait_for(asyncio.shield(done), self._timeout)
        except TimeoutError:
            self.kill()
            with contextlib.suppress(TimeoutError):  # the output written up to the kill
                await asyncio.wait_for(asyncio.shield(done), DRAIN_GRACE)
            return Exit(TIMEOUT_EXIT_CODE, timed_out=True)
        finally:
            feeder.cancel()
            done.cancel()
        # A negative code is bubblewrap itself killed by a signal: reported as a shell does.
        return Exit(returncode if returncode >= 0 else 128 - returncode)

    async def _feed(self, process: asyncio.subprocess.Process) -> None:
        """Write stdin whole, then close it (EOF), ignoring a command that does not read it."""
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self._stdin:
                process.stdin.write(self._stdin)
                await process.stdin.drain()
            process.stdin.close()
            await process.stdin.wait_closed()

    async def _pump(self, pipe: asyncio.StreamReader, stream: Stream) -> None:
        decoder = CappedDecoder(self._limit)
        while chunk := await pipe.read(READ_SIZE):
            decoded = decoder.feed(chunk)
            self._output(stream, decoded.text)
            if decoded.truncated_now:
                notice = truncation_notice(stream, self._limit)
                self._output("stderr", notice if self._stderr_at_line_start else "\n" + notice)
        self._output(stream, decoder.finish())

    def _output(self, stream: Stream, text: str) -> None:
        if text and stream == "stderr":
            self._stderr_at_line_start = text.endswith("\n")
        self.backlog.output(stream, text)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark a future's outcome as seen (pumps cancelled after a kill have nothing to report)."""
    if not future.cancelled():
        future.exception()
