"""Redirections: ``>`` ``>>`` ``<`` ``>&N`` ``N>&-`` here-documents, applied left to right.

Targets are opened by :mod:`devices` (files, ``/dev/null``, ``/dev/full``, ``/dev/fd/N``...).
Errors are dash's (``cannot create x/y: Directory nonexistent``) and make the command fail
with status 2.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from mockserver.engines.simulated import devices, heredocs
from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.parser import Node, text
from mockserver.engines.simulated.process import (
    FileOutput,
    InputStream,
    NullOutput,
    OutputStream,
    StringInput,
    decode,
    encode,
)
from mockserver.engines.simulated.source import READ_WRITE
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.expansion import Expander


@dataclass(frozen=True, slots=True)
class Streams:
    stdin: InputStream
    stdout: OutputStream
    stderr: OutputStream
    #: Descriptors above 2 (``exec 3>file``, ``cmd 3>&1``): an output or an input each.
    extra: Mapping[int, OutputStream | InputStream] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def output(self, fd: int) -> OutputStream | None:
        if fd == 1:
            return self.stdout
        if fd == 2:
            return self.stderr
        stream = self.extra.get(fd)
        return stream if isinstance(stream, OutputStream) else None

    def input(self, fd: int) -> InputStream | None:
        if fd == 0:
            return self.stdin
        stream = self.extra.get(fd)
        return stream if isinstance(stream, InputStream) else None

    def descriptor(self, fd: int) -> InputStream | OutputStream | None:
        """The stream open as ``fd`` (``/dev/fd/N`` opens it)."""
        return self.input(fd) or self.output(fd)


class RedirectionError(Exception):
    """A redirection that cannot be made; ``str()`` is dash's message."""


def _create_message(path: str, error: FSError) -> str:
    if error.errno in {errno.ENOENT, errno.ENOTDIR}:
        return f"cannot create {path}: Directory nonexistent"
    return f"cannot create {path}: {error}"


class Context(Protocol):
    """What redirections need from the shell."""

    expander: Expander
    fs: VirtualFS
    cwd: str
    #: set -C: ``>`` refuses to overwrite an existing regular file (``>|`` still does).
    noclobber: bool
    #: The mode creation mask a new file's permissions are cut by.
    umask: int


async def apply(redirects: list[Node], streams: Streams, shell: Context) -> Streams:
    """The streams after ``redirects`` (applied left to right)."""
    expander, fs, cwd = shell.expander, shell.fs, shell.cwd
    opened: list[FileOutput] = []
    for node in redirects:
        descriptor_node = node.child_by_field_name("descriptor")
        operator = next((c for c in node.children if not c.is_named), None)
        op = text(operator) if operator is not None else ">"
        destinations = node.children_by_field_name("destination")
        target_node = destinations[0] if destinations else None
        fd = int(text(descriptor_node)) if descriptor_node is not None else (0 if "<" in op else 1)
        if op in {">&-", "<&-"}:
            if fd > 2:
                streams = replace(
                    streams,
                    extra=MappingProxyType({k: v for k, v in streams.extra.items() if k != fd}),
                )
            else:
                streams = _set(streams, fd, NullOutput(), StringInput(""))
            continue
        if target_node is None:
            continue
        document = heredocs.decode(text(target_node).strip(" \t\n"))
        if document is not None:
            body = document.body
            if document.expands:
                try:
                    body = await expander.heredoc(body)
                except ShellError as error:  # dash expands here-documents in a child: not fatal
                    raise RedirectionError(error.message) from error
            streams = _set(streams, fd, None, StringInput(body))
            continue
        target = await expander.word(target_node)
        if target.startswith(READ_WRITE):
            path = VirtualFS.normalize(target[len(READ_WRITE) :], cwd)
            both = _open_read_write(target[len(READ_WRITE) :], fs, path)
            streams = _set(streams, fd, both, both)
            continue
        if op in {">&", "<&"} and target != "-" and not (len(target) == 1 and target.isdigit()):
            raise ShellError("Syntax error: Bad fd number")  # fatal, as dash's
        if op in {">&", "<&"} and target.isdigit():
            source = int(target)
            chosen_output, chosen_input = streams.output(source), streams.input(source)
            if chosen_output is None and chosen_input is None:
                raise RedirectionError(f"{source}: Bad file descriptor")
            if fd == 0 or (chosen_output is None and chosen_input is not None):
                streams = _set(streams, fd, None, chosen_input)
            else:
                streams = _set(streams, fd, chosen_output, None)
            continue
        if op == "<":
            streams = _set(streams, fd, None, _open_input(target, streams, fs, cwd))
            continue
        path = VirtualFS.normalize(target, cwd)
        if op == ">" and shell.noclobber and fs.is_file(path) and not path.startswith("/dev/"):
            raise RedirectionError(f"cannot create {target}: File exists")
        created = not fs.exists(path)
        output = _open_output(target, streams, fs, cwd, append=op in {">>", "&>>"}, opened=opened)
        if created and fs.is_file(path):
            fs.chmod(path, 0o666 & ~shell.umask)
        streams = _set(streams, fd, output, None)
    return streams


def _set(
    streams: Streams, fd: int, output: OutputStream | None, source: InputStream | None
) -> Streams:
    """``streams`` with descriptor ``fd`` now ``output`` (or, for input, ``source``)."""
    if fd == 0:
        return replace(streams, stdin=source or StringInput(""))
    if fd == 1:
        return replace(streams, stdout=output or NullOutput())
    if fd == 2:
        return replace(streams, stderr=output or NullOutput())
    stream: OutputStream | InputStream | None = output if output is not None else source
    if stream is None:
        return streams
    return replace(streams, extra=MappingProxyType({**streams.extra, fd: stream}))


class ReadWriteFile(StringInput, OutputStream):
    """``<>``: a file open for reading and writing at one offset (writing overwrites)."""

    def __init__(self, fs: VirtualFS, path: str) -> None:
        self._data = fs.read_bytes(path)
        super().__init__(decode(self._data))
        self.fs = fs
        self.path = path

    async def write(self, text: str) -> None:
        await self.write_bytes(encode(text))

    async def write_bytes(self, data: bytes) -> None:
        offset = len(self._data) - len(encode(self._buffer))
        self._data = self._data[:offset] + data + self._data[offset + len(data) :]
        self._buffer = decode(self._data[offset + len(data) :])
        self.fs.write_bytes(self.path, self._data)


def _open_read_write(target: str, fs: VirtualFS, path: str) -> ReadWriteFile:
    try:
        if not fs.exists(path):
            fs.write_bytes(path, b"")
        return ReadWriteFile(fs, path)
    except FSError as error:
        raise RedirectionError(_create_message(target, error)) from error


def _open_input(target: str, streams: Streams, fs: VirtualFS, cwd: str) -> InputStream:
    try:
        return devices.open_input(fs, VirtualFS.normalize(target, cwd), streams.descriptor)
    except FSError as error:
        if error.errno == errno.ENOENT:
            raise RedirectionError(f"cannot open {target}: No such file") from error
        raise RedirectionError(f"cannot open {target}: {error}") from error


def _open_output(
    target: str,
    streams: Streams,
    fs: VirtualFS,
    cwd: str,
    *,
    append: bool,
    opened: list[FileOutput],
) -> OutputStream:
    path = VirtualFS.normalize(target, cwd)
    try:
        output = devices.open_output(fs, path, streams.descriptor, append=append)
    except FSError as error:
        raise RedirectionError(_create_message(target, error)) from error
    if not isinstance(output, FileOutput):
        return output
    for already in opened:
        if already.path == path:
            return already
    opened.append(output)
    return output
