"""Reading a utility's inputs (files, stdin, devices) and writing its output in reasonable
chunks; files named as operands are opened through :mod:`devices`, as the shell opens them."""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator, Callable

from mockserver.engines.simulated import devices
from mockserver.engines.simulated.process import (
    InputStream,
    OutputStream,
    Process,
    decode,
)
from mockserver.engines.simulated.vfs import FSError


def is_stream(proc: Process, operand: str) -> bool:
    """Whether ``operand`` is read as a stream rather than a file: ``-`` (stdin), a device or
    a descriptor (``/dev/zero``, ``/dev/stdin``, ``/dev/fd/3``)."""
    return operand == "-" or proc.fs.device(proc.path(operand)) is not None


def is_endless(proc: Process, operand: str) -> bool:
    return operand != "-" and devices.endless(proc.fs, proc.path(operand))


def open_stream(proc: Process, operand: str) -> InputStream:
    """``operand`` opened for reading: stdin for ``-``, a device, a descriptor or a file.
    Raises FSError."""
    if operand == "-":
        return proc.stdin
    path = proc.path(operand)
    if operand.endswith("/") and proc.fs.is_file(path):
        raise FSError(errno.ENOTDIR, operand)
    return devices.open_input(proc.fs, path, proc.descriptor)


def open_output(proc: Process, operand: str, *, append: bool = False) -> OutputStream:
    """``operand`` opened for writing as ``open(2)`` would (a file created, and emptied unless
    ``append``; ``/dev/stderr`` the process's stderr; ``/dev/full`` failing). Raises FSError."""
    return devices.open_output(proc.fs, proc.path(operand), proc.descriptor, append=append)


def device_output(proc: Process, operand: str) -> OutputStream | None:
    """The stream ``operand`` opens when it is a device or a descriptor (``/dev/stdout``,
    ``/dev/null``), or None when it is a file. Raises FSError (``/dev/fd/N`` not open)."""
    if proc.fs.device(proc.path(operand)) is None:
        return None
    return open_output(proc, operand)


async def _never_ending(proc: Process) -> str:
    """Reading all of an endless device: as the real tool, run until the deadline stops us."""
    while True:
        await proc.sleep(3600)


#: Characters gathered before one write to stdout.
CHUNK = 8192


def split_lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` (only ``\\n``: not ``str.splitlines``' other breaks)."""
    if not text:
        return []
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def read_file_bytes(proc: Process, operand: str) -> bytes:
    """The bytes of the file named by ``operand`` (relative to the cwd). Raises FSError."""
    path = proc.path(operand)
    if operand.endswith("/") and proc.fs.is_file(path):
        raise FSError(errno.ENOTDIR, operand)  # "f/" names a directory that f is not
    return proc.fs.read_bytes(path)


def read_file(proc: Process, operand: str) -> str:
    """The text of the file named by ``operand`` (relative to the cwd). Raises FSError."""
    return decode(read_file_bytes(proc, operand))


async def read_input(proc: Process, operand: str) -> str:
    """All the text of ``operand``: a file, stdin for ``-``, a device. Raises FSError."""
    if is_endless(proc, operand):
        return await _never_ending(proc)
    if is_stream(proc, operand):
        return await open_stream(proc, operand).read_all()
    return read_file(proc, operand)


async def input_lines(proc: Process, operand: str, *, exact: bool = False) -> AsyncIterator[str]:
    """The lines of ``operand`` (stdin for ``-``), read lazily from stdin. Raises FSError.

    Stdin is read in blocks, as the real tools do; ``exact`` reads it line by line instead, so
    that a utility that stops early (``head -n 1``) leaves the rest for the next reader.
    """
    if is_stream(proc, operand):
        stream = open_stream(proc, operand)
        if exact:
            async for line in stream.lines():
                await proc.checkpoint()
                yield line
            return
        async for line in _chunked_lines(proc, stream):
            yield line
        return
    for line in split_lines(read_file(proc, operand)):
        await proc.checkpoint()
        yield line


async def _chunked_lines(proc: Process, stream: InputStream) -> AsyncIterator[str]:
    """Lines of a stream read in chunks, with a checkpoint per chunk (lines may be endless)."""
    pending = ""
    while chunk := await stream.read(65536):
        await proc.checkpoint()
        pending += chunk
        *complete, pending = pending.split("\n")
        for line in complete:
            await proc.checkpoint()
            yield line + "\n"
    if pending:
        yield pending


async def rewrite_lines(
    proc: Process, operands: list[str], rewrite: Callable[[str], str], *, error_prefix: str = ""
) -> int:
    """The loop of a line filter (fold, expand, rev...): each line of each input written as
    ``rewrite`` returns it. An input that cannot be read is reported as
    ``{error_prefix}{operand}: reason``, after what came before it, and makes the status 1."""
    out = Output(proc)
    status = 0
    for operand in operands:
        try:
            async for line in input_lines(proc, operand):
                await out.write(rewrite(line))
        except FSError as err:
            await out.flush()
            await proc.error(f"{error_prefix}{operand}: {strerror(err)}")
            status = 1
    await out.flush()
    return status


def strerror(err: FSError | OSError) -> str:
    return err.strerror or str(err)


class Output:
    """Buffered writes to a process's stdout; call :meth:`flush` at the end (or to stream)."""

    def __init__(self, proc: Process, stream: OutputStream | None = None) -> None:
        self._stream = stream if stream is not None else proc.stdout
        self._parts: list[str] = []
        self._size = 0

    async def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK:
            await self.flush()

    async def flush(self) -> None:
        if self._parts:
            text = "".join(self._parts)
            self._parts.clear()
            self._size = 0
            await self._stream.write(text)


_SHELL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%+,-./:=@_^")


def shell_quote(name: str) -> str:
    """A name as GNU quotes it in messages (``'x'``, or ``"it's"``), quoting style shell-always."""
    if "'" not in name:
        return f"'{name}'"
    if not any(c in name for c in '"$`\\!'):
        return f'"{name}"'
    return "'" + name.replace("'", "'\\''") + "'"


def shell_quote_if_needed(name: str) -> str:
    """A name quoted only when it holds characters a shell would treat specially."""
    if name and all(c in _SHELL_SAFE for c in name):
        return name
    return shell_quote(name)


def locale_quote(name: str) -> str:
    """A name as GNU's ``quote()`` renders it in a UTF-8 locale: ‘x’."""
    return f"\u2018{name}\u2019"
