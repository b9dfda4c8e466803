"""Reading a utility's inputs (files or stdin) and writing its output in reasonable chunks."""

from __future__ import annotations

from collections.abc import AsyncIterator

from mockserver.engines.simulated.process import OutputStream, Process, decode
from mockserver.engines.simulated.vfs import FSError

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


def read_file(proc: Process, operand: str) -> str:
    """The text of the file named by ``operand`` (relative to the cwd). Raises FSError."""
    return decode(proc.fs.read_bytes(proc.path(operand)))


async def read_input(proc: Process, operand: str) -> str:
    """All the text of ``operand``: a file, or stdin for ``-``. Raises FSError."""
    if operand == "-":
        return await proc.stdin.read_all()
    return read_file(proc, operand)


async def input_lines(proc: Process, operand: str) -> AsyncIterator[str]:
    """The lines of ``operand`` (stdin for ``-``), read lazily from stdin. Raises FSError."""
    if operand == "-":
        async for line in proc.stdin.lines():
            await proc.checkpoint()
            yield line
        return
    for line in split_lines(read_file(proc, operand)):
        await proc.checkpoint()
        yield line


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
