"""What a simulated command is given: argv, environment, cwd, the filesystem and three streams.

Utilities and builtins are plain async callables ``(Process) -> exit status``. Streams carry
``str`` text: bytes from files are decoded as UTF-8 with ``surrogateescape``, so binary content
survives a round trip through ``cat`` and redirections; text reaching the call's output is
rendered with invalid sequences replaced by U+FFFD.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.vfs import VirtualFS

#: Characters a pipe holds before its writer waits for the reader.
PIPE_CAPACITY = 64 * 1024
#: Checkpoints between two yields to the event loop.
STEPS_PER_YIELD = 64


class BrokenPipe(Exception):
    """Written to a pipe whose reader is gone; the interpreter turns it into exit 141 quietly."""


class Timeout(BaseException):
    """The call's deadline passed. A BaseException so that no ``except Exception`` swallows it."""


def decode(data: bytes) -> str:
    """Bytes as stream text (UTF-8, undecodable bytes kept as surrogates)."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    """Stream text back to the bytes it came from."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


class Deadline:
    """When the call must stop (event-loop time), and the counter that paces yields to the loop."""

    def __init__(self, at: float | None = None) -> None:
        self.at = at
        self._steps = 0

    @classmethod
    def after(cls, seconds: float | None) -> Deadline:
        """A deadline ``seconds`` from now (None: none); call it inside the running loop."""
        if seconds is None:
            return cls()
        return cls(asyncio.get_running_loop().time() + seconds)

    def remaining(self) -> float | None:
        if self.at is None:
            return None
        return self.at - asyncio.get_running_loop().time()

    def expired(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    async def checkpoint(self) -> None:
        self._steps += 1
        if self._steps % STEPS_PER_YIELD == 0:
            await asyncio.sleep(0)
            if self.expired():
                raise Timeout

    async def sleep(self, seconds: float) -> None:
        remaining = self.remaining()
        if remaining is not None and seconds >= remaining:
            await asyncio.sleep(max(remaining, 0))
            raise Timeout
        await asyncio.sleep(max(seconds, 0))


# --- input ---------------------------------------------------------------------------------


class InputStream:
    """A command's stdin. Subclasses implement :meth:`_fill`; reading is shared logic."""

    def __init__(self) -> None:
        self._buffer = ""
        self._eof = False

    async def _fill(self) -> bool:
        """Append more text to ``self._buffer``; False at EOF."""
        return False

    async def _more(self) -> bool:
        if self._eof:
            return False
        if not await self._fill():
            self._eof = True
            return False
        return True

    async def read(self, n: int = -1) -> str:
        """Up to ``n`` characters (at least one unless at EOF); ``-1`` reads everything."""
        if n < 0:
            return await self.read_all()
        while not self._buffer:
            if not await self._more():
                return ""
        text, self._buffer = self._buffer[:n], self._buffer[n:]
        return text

    async def readline(self) -> str:
        """One line including its ``\\n``; the last may lack it; ``''`` at EOF."""
        start = 0
        while True:
            index = self._buffer.find("\n", start)
            if index >= 0:
                line, self._buffer = self._buffer[: index + 1], self._buffer[index + 1 :]
                return line
            start = len(self._buffer)
            if not await self._more():
                line, self._buffer = self._buffer, ""
                return line

    async def read_all(self) -> str:
        parts = [self._buffer]
        self._buffer = ""
        while await self._more():
            parts.append(self._buffer)
            self._buffer = ""
        return "".join(parts)

    async def lines(self) -> AsyncIterator[str]:
        while True:
            line = await self.readline()
            if not line:
                return
            yield line


class StringInput(InputStream):
    """Input from a fixed text: the call's stdin, a here-document, a file's content."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._buffer = text
        self._eof = True


class Pipe:
    """A bounded pipe between two commands of a pipeline (or a command substitution)."""

    def __init__(self, capacity: int = PIPE_CAPACITY) -> None:
        self.capacity = capacity
        self._chunks: collections.deque[str] = collections.deque()
        self._size = 0
        self._writer_open = True
        self._reader_open = True
        self._changed = asyncio.Condition()
        self.reader = PipeReader(self)
        self.writer = PipeWriter(self)

    async def _put(self, text: str) -> None:
        if not text:
            return
        async with self._changed:
            while True:
                if not self._reader_open:
                    raise BrokenPipe
                if self._size < self.capacity:
                    break
                await self._changed.wait()
            self._chunks.append(text)
            self._size += len(text)
            self._changed.notify_all()

    async def _take(self) -> str | None:
        async with self._changed:
            while not self._chunks:
                if not self._writer_open:
                    return None
                await self._changed.wait()
            text = "".join(self._chunks)
            self._chunks.clear()
            self._size = 0
            self._changed.notify_all()
            return text

    async def close_writer(self) -> None:
        async with self._changed:
            self._writer_open = False
            self._changed.notify_all()

    async def close_reader(self) -> None:
        async with self._changed:
            self._reader_open = False
            self._chunks.clear()
            self._size = 0
            self._changed.notify_all()


class PipeReader(InputStream):
    def __init__(self, pipe: Pipe) -> None:
        super().__init__()
        self._pipe = pipe

    async def _fill(self) -> bool:
        text = await self._pipe._take()
        if text is None:
            return False
        self._buffer += text
        return True

    async def close(self) -> None:
        await self._pipe.close_reader()


# --- output --------------------------------------------------------------------------------


class OutputStream:
    """stdout or stderr of a command. Subclasses implement :meth:`write`."""

    async def write(self, text: str) -> None:
        raise NotImplementedError

    async def write_bytes(self, data: bytes) -> None:
        await self.write(decode(data))


class NullOutput(OutputStream):
    """``/dev/null``."""

    async def write(self, text: str) -> None:
        return None


class OutOfSpace(ShellError):
    """A value or captured output beyond the shell's memory budget (dash: ``Out of space``)."""

    def __init__(self) -> None:
        super().__init__("Out of space")


class BufferOutput(OutputStream):
    """Collects everything written (command substitution, tests), up to ``limit`` characters."""

    def __init__(self, limit: int | None = None) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._limit = limit

    async def write(self, text: str) -> None:
        self._size += len(text)
        if self._limit is not None and self._size > self._limit:
            raise OutOfSpace
        self._parts.append(text)

    def getvalue(self) -> str:
        return "".join(self._parts)


class PipeWriter(OutputStream):
    def __init__(self, pipe: Pipe) -> None:
        self._pipe = pipe

    async def write(self, text: str) -> None:
        await self._pipe._put(text)

    async def close(self) -> None:
        await self._pipe.close_writer()


class FileOutput(OutputStream):
    """A redirection to a file of the virtual filesystem (truncated, or not, by the caller).

    Every write is appended at once, so other commands see it; a full filesystem raises
    the filesystem's ``FSError`` (ENOSPC) to the writer.
    """

    def __init__(self, fs: VirtualFS, path: str) -> None:
        self.fs = fs
        self.path = path

    async def write(self, text: str) -> None:
        self.fs.write_bytes(self.path, encode(text), append=True)

    async def write_bytes(self, data: bytes) -> None:
        self.fs.write_bytes(self.path, data, append=True)


# --- the process ---------------------------------------------------------------------------


@dataclass
class Process:
    """What a utility or builtin is given."""

    argv: list[str]
    env: Mapping[str, str]
    cwd: str
    fs: VirtualFS
    stdin: InputStream = field(default_factory=StringInput)
    stdout: OutputStream = field(default_factory=BufferOutput)
    stderr: OutputStream = field(default_factory=BufferOutput)
    deadline: Deadline = field(default_factory=Deadline)

    def path(self, p: str) -> str:
        return VirtualFS.normalize(p, self.cwd)

    async def sleep(self, seconds: float) -> None:
        """Sleep in real time; raises :class:`Timeout` at the deadline."""
        await self.deadline.sleep(seconds)

    async def checkpoint(self) -> None:
        """Call in every loop: yields to the event loop now and then, raises Timeout when late."""
        await self.deadline.checkpoint()

    async def error(self, message: str) -> None:
        await self.stderr.write(f"{self.argv[0]}: {message}\n")


Utility = Callable[[Process], Awaitable[int]]
