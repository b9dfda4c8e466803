"""Where ``print`` goes: the call's stdout (buffered as C's stdio is), files, devices."""

from __future__ import annotations

from mockserver.engines.simulated.process import OutputStream, Process, WriteError
from mockserver.engines.simulated.utilities.awk.errors import AwkRuntimeError
from mockserver.engines.simulated.utilities.awk.values import to_stream
from mockserver.engines.simulated.utilities.streams import device_output
from mockserver.engines.simulated.vfs import FSError, VirtualFS

_STDOUT_NAMES = frozenset({"/dev/stdout"})
_BUFFER = 8192


class _File:
    """An output file: writes gathered in blocks and appended to the virtual filesystem."""

    BLOCK = 64 * 1024

    def __init__(self, fs: VirtualFS, path: str) -> None:
        self.fs = fs
        self.path = path
        self._pending: list[bytes] = []
        self._size = 0

    async def write_bytes(self, data: bytes) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            self._size = 0
            self.fs.write_bytes(self.path, data, append=True)


class OutputFailed(Exception):
    """A file that cannot be opened for output: mawk stops with exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Outputs:
    def __init__(self, proc: Process) -> None:
        self.proc = proc
        self._stdout: list[str] = []
        self._size = 0
        #: Open outputs: a file, or the stream of a device or descriptor (``/dev/fd/3``).
        self._files: dict[str, _File | OutputStream] = {}

    async def stdout(self, text: str) -> None:
        self._stdout.append(text)
        self._size += len(text)
        if self._size >= _BUFFER:
            await self.flush_stdout()

    async def flush_stdout(self) -> None:
        if self._stdout:
            text = "".join(self._stdout)
            self._stdout.clear()
            self._size = 0
            await self.proc.stdout.write(to_stream(text))

    async def write(self, mode: str | None, name: str, text: str) -> None:
        """``print ... > name`` (mode ``>``) or ``>> name``; mode None is stdout."""
        if mode is None or name in _STDOUT_NAMES:
            await self.stdout(text)
            return
        if mode == "|":
            raise AwkRuntimeError(f'cannot open pipe "{name}" (pipes are not supported)')
        if name == "/dev/stderr":
            await self.flush_stdout()
            await self.proc.stderr.write(to_stream(text))
            return
        if name not in self._files:
            self._files[name] = self._open(name, append=mode == ">>")
        target = self._files[name]
        try:
            if isinstance(target, _File):
                await target.write_bytes(text.encode("latin-1", "replace"))
            else:
                await target.write(to_stream(text))
        except (FSError, WriteError) as err:
            raise OutputFailed(f"write failure ({err.strerror})") from None

    def _open(self, name: str, *, append: bool) -> _File | OutputStream:
        path = self.proc.path(name)
        try:
            device = device_output(self.proc, name)
            if device is not None:
                return device
            if append:
                self.proc.fs.write_bytes(path, b"", append=True)
            else:
                self.proc.fs.write_bytes(path, b"")
        except FSError as err:
            reason = err.strerror or ""
            raise OutputFailed(f'cannot open "{name}" for output ({reason})') from None
        return _File(self.proc.fs, path)

    def close(self, name: str) -> int:
        """``close(name)``: 0 when it was open, -1 otherwise."""
        if name not in self._files:
            return -1
        target = self._files.pop(name)
        if isinstance(target, _File):
            self._flush_file(target)
        return 0

    async def flush(self, name: str | None = None) -> int:
        if name is None or name in _STDOUT_NAMES:
            await self.flush_stdout()
            return 0
        if name not in self._files:
            return -1
        target = self._files[name]
        if isinstance(target, _File):
            self._flush_file(target)
        return 0

    def _flush_file(self, target: _File) -> None:
        try:
            target.flush()
        except FSError as err:
            raise OutputFailed(f"write failure ({err.strerror})") from None

    async def close_all(self) -> None:
        await self.flush_stdout()
        for name in list(self._files):
            self.close(name)
