"""Opening a path as ``open(2)`` would: a file, a directory, a device or one of the opener's
descriptors. Redirections and utilities both open through here, so ``> /dev/full``,
``sed 'w /dev/stderr'`` and ``cat /dev/fd/3`` mean the same thing everywhere.

``descriptors`` gives the opener's open descriptors (0, 1, 2 and any others); a path that is
a descriptor (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``) opens that stream. Failures
are :class:`FSError` with the errno Linux sets; callers word them (dash's ``cannot create``,
GNU's ``name: reason``).
"""

from __future__ import annotations

import asyncio
import errno
import random
from collections.abc import Callable
from typing import TypeVar

from mockserver.engines.simulated.process import (
    FileOutput,
    InputStream,
    NullOutput,
    OutputStream,
    StringInput,
    WriteError,
    decode,
)
from mockserver.engines.simulated.vfs import Device, FSError, VirtualFS

Descriptors = Callable[[int], InputStream | OutputStream | None]
_Stream = TypeVar("_Stream", InputStream, OutputStream)


class EndlessInput(InputStream):
    """``/dev/zero`` and ``/dev/full`` (NUL bytes), ``/dev/urandom`` (seeded: runs repeat)."""

    CHUNK = 4096

    def __init__(self, *, zero: bool) -> None:
        super().__init__()
        self._random = None if zero else random.Random(0)

    async def _fill(self) -> bool:
        await asyncio.sleep(0)
        if self._random is None:
            self._buffer += "\0" * self.CHUNK
        else:
            self._buffer += decode(self._random.randbytes(self.CHUNK))
        return True


class FullOutput(OutputStream):
    """``/dev/full``: every write fails with ENOSPC."""

    async def write(self, text: str) -> None:
        raise WriteError(errno.ENOSPC)


class DirectoryInput(InputStream):
    """A directory opened for reading: the open works, every read fails with EISDIR."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    async def _fill(self) -> bool:
        raise FSError(errno.EISDIR, self.path)


def endless(fs: VirtualFS, path: str) -> bool:
    """Whether reading ``path`` never ends (``/dev/zero``, ``/dev/urandom``...)."""
    device = fs.device(path)
    return device is not None and device.endless


def open_input(fs: VirtualFS, path: str, descriptors: Descriptors) -> InputStream:
    """``path`` (absolute) opened for reading."""
    device = fs.device(path)
    if device is not None:
        return _device_input(device, path, descriptors)
    if fs.is_dir(path):
        return DirectoryInput(path)
    return StringInput(decode(fs.read_bytes(path)))


def open_output(
    fs: VirtualFS, path: str, descriptors: Descriptors, *, append: bool = False
) -> OutputStream:
    """``path`` (absolute) opened for writing: a file is created, and emptied unless
    ``append``; a device or a descriptor gives its own stream."""
    device = fs.device(path)
    if device is not None:
        return _device_output(device, path, descriptors)
    fs.write_bytes(path, b"", append=append)
    return FileOutput(fs, path)


def _descriptor(fd: int, path: str, descriptors: Descriptors, kind: type[_Stream]) -> _Stream:
    """Descriptor ``fd`` when it is open the right way: ENOENT as ``/proc/self/fd/N`` is absent
    when N is not open, EBADF when it is open the other way."""
    stream = descriptors(fd)
    if isinstance(stream, kind):
        return stream
    raise FSError(errno.ENOENT if stream is None else errno.EBADF, path)


def _device_input(device: Device, path: str, descriptors: Descriptors) -> InputStream:
    if device.fd is not None:
        return _descriptor(device.fd, path, descriptors, InputStream)
    if device.name == "null":
        return StringInput("")
    if device.endless:
        return EndlessInput(zero=device.name in {"zero", "full"})
    raise FSError(errno.ENXIO, path)


def _device_output(device: Device, path: str, descriptors: Descriptors) -> OutputStream:
    if device.fd is not None:
        return _descriptor(device.fd, path, descriptors, OutputStream)
    if device.name == "full":
        return FullOutput()
    if device.name == "tty":
        raise FSError(errno.ENXIO, path)
    return NullOutput()
