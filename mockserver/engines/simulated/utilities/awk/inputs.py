"""Where records come from: the operands in ARGV (files, ``-``, ``var=value``), stdin, and
the files ``getline < file`` reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.process import Process, decode
from mockserver.engines.simulated.utilities.awk.records import RecordReader
from mockserver.engines.simulated.utilities.awk.state import AwkArray
from mockserver.engines.simulated.utilities.awk.values import from_stream, to_int, to_num, to_str
from mockserver.engines.simulated.utilities.streams import is_stream, open_stream
from mockserver.engines.simulated.vfs import FSError

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter


class Fatal(Exception):
    """An error mawk reports as ``awk: message`` (no FILENAME line) before exiting 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Inputs:
    def __init__(self, interp: Interpreter, proc: Process) -> None:
        self.interp = interp
        self.proc = proc
        self._argi = 1
        self._used_operand = False
        self._main: RecordReader | None = None
        self._stdin_reader: RecordReader | None = None
        self._inputs: dict[str, RecordReader] = {}

    def skip_file(self) -> None:
        """``nextfile``: the current input file is done."""
        self._main = None

    def stdin_reader(self) -> RecordReader:
        if self._stdin_reader is None:
            self._stdin_reader = RecordReader(self.proc.stdin)
        return self._stdin_reader

    async def next_main_record(self) -> str | None:
        while True:
            if self._main is None and not self._open_next_main():
                return None
            assert self._main is not None
            text = await self._main.read(self.interp.rs, self.interp.regex)
            if text is not None:
                return text
            self._main = None

    def _open_next_main(self) -> bool:
        argv = self.interp.globals["ARGV"]
        while self._argi < to_int(to_num(self.interp.get_global("ARGC"))):
            index = self._argi
            self._argi += 1
            if not isinstance(argv, AwkArray) or not argv.has(float(index), str(index)):
                continue
            arg = argv.ref(float(index), str(index))
            operand = to_str(arg, self.interp.convfmt)
            if operand == "" or self.interp.assign_operand(operand):
                continue
            self._used_operand = True
            self._main = self._reader_for(operand)
            self.interp.globals["FILENAME"] = operand
            self.interp.globals["FNR"] = 0.0
            return True
        if self._used_operand:
            return False
        self._used_operand = True
        self._main = self.stdin_reader()
        self.interp.globals["FILENAME"] = "-"
        self.interp.globals["FNR"] = 0.0
        return True

    def _reader_for(self, operand: str) -> RecordReader:
        if operand in ("-", "/dev/stdin"):
            return self.stdin_reader()
        try:
            if is_stream(self.proc, operand):
                return RecordReader(open_stream(self.proc, operand))
            data = self.proc.fs.read_bytes(self.proc.path(operand))
        except FSError as err:
            if err.strerror == "Is a directory":
                raise Fatal(f"read error ({err.strerror})") from None
            raise Fatal(f"cannot open {operand} ({err.strerror})") from None
        return RecordReader(from_stream(decode(data)))

    def input_file(self, name: str) -> RecordReader | None:
        """The reader ``getline < name`` uses (None when it cannot be opened)."""
        reader = self._inputs.get(name)
        if reader is None:
            if name in ("-", "/dev/stdin"):
                reader = RecordReader(self.proc.stdin)
            else:
                try:
                    if is_stream(self.proc, name):
                        reader = RecordReader(open_stream(self.proc, name))
                    else:
                        data = self.proc.fs.read_bytes(self.proc.path(name))
                        reader = RecordReader(from_stream(decode(data)))
                except FSError:
                    return None
            self._inputs[name] = reader
        return reader

    def close_input(self, name: str) -> int:
        return 0 if self._inputs.pop(name, None) is not None else -1
