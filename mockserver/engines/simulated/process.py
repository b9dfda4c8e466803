"""What a simulated command is given: argv, environment, cwd, the filesystem, its streams,
and a way to run another command.

Utilities and builtins are plain async callables ``(Process) -> exit status``; a utility may
instead end by raising :class:`UtilityExit`, whose message is written to its stderr (in one
place, where the utilities are registered). Streams carry
``str`` text: bytes from files are decoded as UTF-8 with ``surrogateescape``, so binary content
survives a round trip through ``cat`` and redirections; text reaching the call's output is
rendered with invalid sequences replaced by U+FFFD.
"""

from __future__ import annotations

import asyncio
import collections
import errno
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.vfs import FSError, VirtualFS

#: Characters a pipe holds before its writer waits for the reader.
PIPE_CAPACITY = 64 * 1024
#: Checkpoints between two yields to the event loop.
STEPS_PER_YIELD = 64


class BrokenPipe(Exception):
    """Written to a pipe whose reader is gone; the interpreter turns it into exit 141 quietly."""


class Timeout(BaseException):
    """The call's deadline passed. A BaseException so that no ``except Exception`` swallows it."""


class WriteError(Exception):
    """Writing to an output stream failed (``/dev/full``, a full filesystem).

    Not an :class:`OSError`: a utility's handlers for the files it reads do not catch it, so
    it reaches the one place that reports it as the tool would (``write error: ...``).
    """

    def __init__(self, err: int) -> None:
        super().__init__(err)
        self.errno = err
        self.strerror = os.strerror(err)


class UtilityExit(Exception):
    """A utility ends with ``status`` after ``message`` (if any) is written to its stderr."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


class CommandNotFound(Exception):
    """A command a utility asked to run (``xargs nope``) is no program on ``$PATH``."""


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
    :class:`WriteError` (ENOSPC) to the writer.
    """

    def __init__(self, fs: VirtualFS, path: str) -> None:
        self.fs = fs
        self.path = path

    async def write(self, text: str) -> None:
        await self.write_bytes(encode(text))

    async def write_bytes(self, data: bytes) -> None:
        try:
            self.fs.write_bytes(self.path, data, append=True)
        except FSError as error:
            raise WriteError(error.errno or errno.EIO) from None


# --- finding programs ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """Where ``$PATH`` leads for a command name, as dash searches it."""

    #: The executable file to run, spelled as the search found it (``/usr/bin/ls``).
    path: str | None
    #: Nothing runnable was found, but something that could not be run was (dash then says
    #: ``Permission denied`` instead of ``not found``).
    denied: bool = False


def find_program(fs: VirtualFS, name: str, search_path: str, cwd: str) -> Found:
    """The first executable regular file ``name`` names in the directories of ``search_path``
    (an empty entry is the cwd). ``name`` must hold no ``/``."""
    denied = False
    for directory in search_path.split(":"):
        candidate = f"{directory}/{name}" if directory else name
        st = fs.stat(VirtualFS.normalize(candidate, cwd))
        if st is None:
            continue
        if st.kind == "file" and st.mode & 0o111:
            return Found(candidate)
        denied = True
    return Found(None, denied)


# --- the process ---------------------------------------------------------------------------

#: Runs ``argv`` as a program for a process (with its environment, cwd, deadline and stderr)
#: on the given stdin and stdout; raises :class:`CommandNotFound` when ``$PATH`` has no such
#: program. The interpreter provides it: utilities never import the shell.
CommandRunner = Callable[["Process", list[str], InputStream, OutputStream], Awaitable[int]]


async def _no_commands(
    process: Process, argv: list[str], stdin: InputStream, stdout: OutputStream
) -> int:
    raise CommandNotFound(argv[0])


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
    #: Descriptors above 2 the process inherited (``3>file``).
    extra: Mapping[int, InputStream | OutputStream] = field(default_factory=dict)
    #: How the process runs another command (``xargs``, ``find -exec``, ``timeout``).
    runner: CommandRunner = _no_commands

    def path(self, p: str) -> str:
        return VirtualFS.normalize(p, self.cwd)

    def descriptor(self, fd: int) -> InputStream | OutputStream | None:
        """The stream open as descriptor ``fd``, if any."""
        if fd == 0:
            return self.stdin
        if fd == 1:
            return self.stdout
        if fd == 2:
            return self.stderr
        return self.extra.get(fd)

    async def spawn(
        self, argv: list[str], stdin: InputStream | None = None, stdout: OutputStream | None = None
    ) -> int:
        """Run the program ``argv`` as this process's child (its stdin and stdout unless others
        are given) and return its status; raises :class:`CommandNotFound`."""
        source = self.stdin if stdin is None else stdin
        sink = self.stdout if stdout is None else stdout
        return await self.runner(self, argv, source, sink)

    async def sleep(self, seconds: float) -> None:
        """Sleep in real time; raises :class:`Timeout` at the deadline."""
        await self.deadline.sleep(seconds)

    async def checkpoint(self) -> None:
        """Call in every loop: yields to the event loop now and then, raises Timeout when late."""
        await self.deadline.checkpoint()

    async def error(self, message: str) -> None:
        await self.stderr.write(f"{self.argv[0]}: {message}\n")


Utility = Callable[[Process], Awaitable[int]]
