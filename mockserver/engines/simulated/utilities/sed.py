"""``sed``: the stream editor (GNU dialect): addresses, s///, y, p/d/n/N/D/P, hold space,
branches, a/i/c text, q/Q, -n, -e/-f, -E, -s and -i."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from mockserver.engines.simulated.process import OutputStream, Process, UtilityExit, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    UsageError,
    help_or_version,
    parse,
    permutes,
)
from mockserver.engines.simulated.utilities.sedscript import (
    Address,
    Command,
    Parser,
    Regex,
    SedError,
    expand_replacement,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    input_lines,
    open_output,
    read_file,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_LONG = {
    **STANDARD_LONG,
    "quiet": ("n", "none"),
    "silent": ("n", "none"),
    "expression": ("e", "required"),
    "file": ("f", "required"),
    "in-place": ("i", "optional"),
    "regexp-extended": ("E", "none"),
    "separate": ("s", "none"),
    "null-data": ("z", "none"),
    "posix": ("posix", "none"),
    "debug": ("debug", "none"),
    "sandbox": ("sandbox", "none"),
    "unbuffered": ("u", "none"),
    "line-length": ("l", "required"),
    "follow-symlinks": ("follow-symlinks", "none"),
}


_USAGE = (
    "Usage: {name} [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
    "\n"
    "  -n, --quiet, --silent\n"
    "                 suppress automatic printing of pattern space\n"
    "      --debug\n"
    "                 annotate program execution\n"
    "  -e script, --expression=script\n"
    "                 add the script to the commands to be executed\n"
    "  -f script-file, --file=script-file\n"
    "                 add the contents of script-file to the commands to be executed\n"
    "  --follow-symlinks\n"
    "                 follow symlinks when processing in place\n"
    "  -i[SUFFIX], --in-place[=SUFFIX]\n"
    "                 edit files in place (makes backup if SUFFIX supplied)\n"
    "  -l N, --line-length=N\n"
    "                 specify the desired line-wrap length for the `l' command\n"
    "  --posix\n"
    "                 disable all GNU extensions.\n"
    "  -E, -r, --regexp-extended\n"
    "                 use extended regular expressions in the script\n"
    "                 (for portability use POSIX -E).\n"
    "  -s, --separate\n"
    "                 consider files as separate rather than as a single,\n"
    "                 continuous long stream.\n"
    "      --sandbox\n"
    "                 operate in sandbox mode (disable e/r/w commands).\n"
    "  -u, --unbuffered\n"
    "                 load minimal amounts of data from the input files and flush\n"
    "                 the output buffers more often\n"
    "  -z, --null-data\n"
    "                 separate lines by NUL characters\n"
    "      --help     display this help and exit\n"
    "      --version  output version information and exit\n"
    "\n"
    "If no -e, --expression, -f, or --file option is given, then the first\n"
    "non-option argument is taken as the sed script to interpret.  All\n"
    "remaining arguments are names of input files; if no input files are\n"
    "specified, then the standard input is read.\n"
    "\n"
    "GNU sed home page: <https://www.gnu.org/software/sed/>.\n"
    "General help using GNU software: <https://www.gnu.org/gethelp/>.\n"
)


@dataclass
class _Input:
    """Lines from the operands, one line of lookahead so that ``$`` is known."""

    proc: Process
    files: list[str]
    separate: bool
    errors: list[str] = field(default_factory=list)

    async def lines(self) -> AsyncIterator[tuple[str, bool, bool]]:
        """(line without its newline, had a newline, is last)."""
        pending: tuple[str, bool] | None = None
        for operand in self.files:
            try:
                source = self._source(operand)
                async for raw in source:
                    if pending is not None:
                        yield pending[0], pending[1], False
                    pending = (raw[:-1], True) if raw.endswith("\n") else (raw, False)
            except FSError as err:
                await self.proc.error(f"can't read {operand}: {strerror(err)}")
                self.errors.append(operand)
            if self.separate and pending is not None:
                yield pending[0], pending[1], True
                pending = None
        if pending is not None:
            yield pending[0], pending[1], True

    async def _source(self, operand: str) -> AsyncIterator[str]:
        if operand != "-" and self.proc.fs.is_dir(self.proc.path(operand)):
            await self.proc.error(f"read error on {operand}: Is a directory")
            self.errors.append(operand)
            return
        async for line in input_lines(self.proc, operand):
            yield line


class _Quit(Exception):
    def __init__(self, code: int, print_space: bool) -> None:
        super().__init__(code)
        self.code = code
        self.print_space = print_space


class _Machine:
    def __init__(
        self,
        proc: Process,
        commands: list[Command],
        quiet: bool,
        out: Output,
        outputs: dict[str, OutputStream],
    ) -> None:
        self.proc = proc
        self.commands = commands
        self.quiet = quiet
        self.out = out
        self.hold = ""
        self.last_regex: re.Pattern[str] | None = None
        self.labels = {c.label: i for i, c in enumerate(commands) if c.name == ":"}
        for c in commands:
            if c.name in "btT" and c.label and c.label not in self.labels:
                raise SedError(f"can't find label for jump to `{c.label}'")
        self.line_no = 0
        #: The files of ``w`` commands, opened (and emptied) before the first line is read.
        self.outputs = outputs
        #: The last line went out without its newline (the input's last line lacked one);
        #: GNU sed supplies it if anything else is written after.
        self.owes_newline = False

    async def write_to(self, name: str, text: str) -> None:
        """``w name``: GNU sed writes ``/dev/stdout`` through its own stdout, in order."""
        stream = self.outputs[name]
        if stream is self.proc.stdout:
            await self.emit(text)
        else:
            await stream.write(text)

    async def emit(self, text: str) -> None:
        if not text:
            return
        if self.owes_newline:
            await self.out.write("\n")
            self.owes_newline = False
        await self.out.write(text)

    async def emit_space(self, space: str, newline: bool) -> None:
        await self.emit(space + ("\n" if newline else ""))
        if not newline:
            self.owes_newline = True

    def regex(self, r: Regex) -> re.Pattern[str]:
        if r.compiled is None:
            if self.last_regex is None:
                raise SedError("no previous regular expression")
            return self.last_regex if not r.flags else re.compile(self.last_regex.pattern, r.flags)
        self.last_regex = r.compiled
        return r.compiled

    def matches(self, a: Address, space: str, last: bool) -> bool:
        if a.kind == "line":
            return self.line_no == a.line
        if a.kind == "last":
            return last
        if a.kind == "step":
            if a.step <= 0:
                return self.line_no == a.line
            return self.line_no >= a.line and (self.line_no - a.line) % a.step == 0
        if a.kind == "zero":
            return False
        assert a.regex is not None
        return self.regex(a.regex).search(space) is not None

    def selected(self, c: Command, space: str, last: bool) -> bool:
        if c.addr1 is None:
            hit = True
        elif not c.addr2_kind:
            hit = self.matches(c.addr1, space, last)
        else:
            hit = self.in_range(c, space, last)
        return hit != c.negate

    def in_range(self, c: Command, space: str, last: bool) -> bool:
        """GNU's range states: a range whose first address is a line number also starts on a
        later line when that line was skipped (up to a line-number end), ends as a line-number
        end is reached or passed, and never starts again."""
        assert c.addr1 is not None
        if c.active:
            if c.addr2_kind == "plus":
                if self.line_no >= c.range_end:
                    self._close(c)
                return True
            if c.addr2 is not None and c.addr2.kind == "line":
                # Past a line-number end (its line was skipped): closed, and no match.
                if self.line_no >= c.addr2.line:
                    self._close(c)
                return self.line_no <= c.addr2.line
            if c.addr2_kind == "tilde":
                if c.addr2_n <= 0 or self.line_no % c.addr2_n == 0:
                    self._close(c)
                return True
            assert c.addr2 is not None
            if self.matches(c.addr2, space, last):
                self._close(c)
            return True
        if c.closed:
            return False
        if c.addr1.kind == "zero":
            start = self.line_no == 1
            if start and c.addr2 is not None and self.matches(c.addr2, space, last):
                return True
        elif c.addr1.kind == "line":
            # A skipped first line still starts the range while the end line is not passed.
            first = c.addr1.line
            if c.addr2_kind == "plus":
                start = self.line_no >= first
            elif c.addr2 is not None and c.addr2.kind == "line":
                start = first <= self.line_no <= c.addr2.line
            else:
                start = self.line_no == first
        else:
            start = self.matches(c.addr1, space, last)
        if not start:
            return False
        if c.addr2_kind == "plus":
            c.range_end = self.line_no + c.addr2_n
            c.active = c.addr2_n > 0
        elif c.addr2_kind == "tilde":
            c.active = not (c.addr2_n <= 0 or self.line_no % c.addr2_n == 0)
        else:
            assert c.addr2 is not None
            if c.addr2.kind == "line":
                c.active = c.addr2.line > self.line_no
            elif c.addr2.kind == "last":
                c.active = not last
            else:
                c.active = True
        if not c.active:
            self._close(c)
        return True

    @staticmethod
    def _close(c: Command) -> None:
        c.active = False
        if c.addr1 is not None and c.addr1.kind == "line":
            c.closed = True

    async def run(self, source: AsyncIterator[tuple[str, bool, bool]]) -> int:
        it = source.__aiter__()
        append_queue: list[str] = []
        while True:
            try:
                space, newline, last = await it.__anext__()
            except StopAsyncIteration:
                return 0
            self.line_no += 1
            substituted = False
            pc = 0
            restart = False
            while True:
                await self.proc.checkpoint()
                if pc >= len(self.commands):
                    break
                c = self.commands[pc]
                pc += 1
                if not self.selected(c, space, last):
                    if c.name == "{":
                        pc = c.target + 1
                    continue
                name = c.name
                if name in "{}:#":
                    continue
                if name == "=":
                    await self.emit(f"{self.line_no}\n")
                elif name == "a":
                    append_queue.append(c.text + "\n")
                elif name == "i":
                    await self.emit(c.text + "\n")
                elif name == "c":
                    if not c.addr2_kind or not c.active:
                        await self.emit(c.text + "\n")
                    space = ""
                    restart = True
                    newline = False
                    break
                elif name == "d":
                    restart = True
                    break
                elif name == "D":
                    if "\n" not in space:
                        restart = True
                        break
                    space = space.split("\n", 1)[1]
                    await self._flush_appends(append_queue)
                    pc = 0
                    continue
                elif name == "p":
                    await self.emit_space(space, newline)
                elif name == "P":
                    if "\n" in space:
                        await self.emit(space.split("\n", 1)[0] + "\n")
                    else:
                        await self.emit_space(space, newline)
                elif name == "l":
                    await self.emit(_escape_l(space))
                elif name == "h":
                    self.hold = space
                elif name == "H":
                    self.hold += "\n" + space
                elif name == "g":
                    space = self.hold
                elif name == "G":
                    space += "\n" + self.hold
                elif name == "x":
                    space, self.hold = self.hold, space
                elif name == "z":
                    space = ""
                elif name == "F":
                    await self.emit("-\n")
                elif name == "y":
                    space = "".join(c.trans.get(ch, ch) for ch in space)
                elif name == "n":
                    if not self.quiet:
                        await self.emit_space(space, newline)
                    await self._flush_appends(append_queue)
                    try:
                        space, newline, last = await it.__anext__()
                    except StopAsyncIteration:
                        return 0
                    self.line_no += 1
                elif name == "N":
                    await self._flush_appends(append_queue)
                    try:
                        nxt, newline, last = await it.__anext__()
                    except StopAsyncIteration:
                        break
                    self.line_no += 1
                    space += "\n" + nxt
                elif name == "s":
                    assert c.regex is not None
                    new, count = self.substitute(c, space)
                    if count:
                        space = new
                        substituted = True
                        for _ in range(c.print_):
                            await self.emit_space(space, newline)
                        if c.write:
                            await self.write_to(c.write, space + "\n")
                elif name == "b":
                    pc = self.labels[c.label] if c.label else len(self.commands)
                elif name == "t":
                    if substituted:
                        substituted = False
                        pc = self.labels[c.label] if c.label else len(self.commands)
                elif name == "T":
                    if not substituted:
                        pc = self.labels[c.label] if c.label else len(self.commands)
                    else:
                        substituted = False
                elif name in "qQ":
                    if name == "q" and not self.quiet:
                        await self.emit_space(space, newline)
                    if name == "q":
                        await self._flush_appends(append_queue)
                    raise _Quit(c.exit_code, False)
                elif name == "r":
                    with contextlib.suppress(FSError):
                        append_queue.append(read_file(self.proc, c.write))
                elif name == "w":
                    await self.write_to(c.write, space + "\n")
            if not restart and not self.quiet:
                await self.emit_space(space, newline)
            await self._flush_appends(append_queue)

    async def _flush_appends(self, queue: list[str]) -> None:
        for text in queue:
            await self.emit(text)
        queue.clear()

    def substitute(self, c: Command, space: str) -> tuple[str, int]:
        assert c.regex is not None
        regex = self.regex(c.regex)
        out: list[str] = []
        pos = 0
        n = 0
        count = 0
        previous_end = -1
        for m in regex.finditer(space):
            if m.start() == m.end() == previous_end:
                continue  # no empty match right after a match, as in GNU sed
            previous_end = m.end()
            n += 1
            if n < c.occurrence:
                continue
            out.append(space[pos : m.start()])
            out.append(expand_replacement(c.replacement, m))
            pos = m.end()
            count += 1
            if not c.global_:
                break
        if not count:
            return space, 0
        out.append(space[pos:])
        return "".join(out), count


def _escape_l(space: str) -> str:
    out: list[str] = []
    for ch in space:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch in "\a\b\f\n\r\t\v":
            out.append("\\" + "abfnrtv"["\a\b\f\n\r\t\v".index(ch)])
        elif code < 32 or code == 127:
            out.append(f"\\{code:03o}")
        elif code > 127:
            out.append("".join(f"\\{b:03o}" for b in encode(ch)))
        else:
            out.append(ch)
    text = "".join(out)
    lines = []
    while len(text) > 69:
        lines.append(text[:69] + "\\\n")
        text = text[69:]
    lines.append(text + "$\n")
    return "".join(lines)


async def sed(proc: Process) -> int:
    usage = _USAGE.replace("{name}", proc.argv[0], 1)
    try:
        opts = parse(proc.argv[1:], "ne:f:i::Erszul:", _LONG, permute=permutes(proc))
    except UsageError as e:
        await proc.error(e.message)
        await proc.stderr.write(usage)
        return 1
    if opts.has("help"):
        await proc.stdout.write(usage + "E-mail bug reports to: <bug-sed@gnu.org>.\n")
        return 0
    if await help_or_version(proc, opts, ""):
        return 0
    operands = list(opts.operands)
    scripts: list[str] = []
    for key, value in opts.options:
        if key == "e" and value is not None:
            scripts.append(value)
        elif key == "f" and value is not None:
            try:
                scripts.append(read_file(proc, value).rstrip("\n"))
            except FSError as err:
                await proc.error(f"couldn't open file {value}: {strerror(err)}")
                return 1
    if not scripts:
        if not operands:
            await proc.stderr.write(usage)
            return 1
        scripts.append(operands.pop(0))
    extended = opts.has("E", "r")
    commands: list[Command] = []
    blocks: list[int] = []
    try:
        # Several -e/-f scripts are one script, joined by newlines (so "a\\" may continue).
        parser = Parser("\n".join(scripts), extended, 1)
        parser.parse(commands, blocks)
        if blocks:
            raise SedError("-e expression #1, char 0: unmatched `{'")
    except SedError as err:
        await proc.error(str(err))
        return err.status
    outputs = open_writes(proc, commands)
    in_place = opts.has("i")
    suffix = opts.last("i") or ""
    files = operands or ["-"]
    status = 0
    if in_place:
        if not operands:
            await proc.error("no input files")
            return 4
        for operand in operands:
            path = proc.path(operand)
            if not proc.fs.exists(path):
                await proc.error(f"can't read {operand}: No such file or directory")
                status = 2
                continue
            if proc.fs.is_dir(path):
                await proc.error(f"couldn't edit {operand}: not a regular file")
                status = 4
                continue
            buffer = _Capture(proc)
            code = await _execute(
                proc, commands, opts.has("n"), [operand], True, buffer.out, outputs
            )
            await buffer.out.flush()
            if suffix:
                backup = suffix.replace("*", operand) if "*" in suffix else operand + suffix
                proc.fs.write_bytes(proc.path(backup), proc.fs.read_bytes(path))
            proc.fs.write_bytes(path, encode(buffer.text()))
            if code:
                return code
        return status
    out = Output(proc)
    source = _Input(proc, files, opts.has("s"))
    try:
        machine = _Machine(proc, commands, opts.has("n"), out, outputs)
        code = await machine.run(source.lines())
    except _Quit as q:
        code = q.code
    except SedError as err:
        await out.flush()
        await proc.error(str(err))
        return 4 if "label" in str(err) else 1
    await out.flush()
    if source.errors and not code:
        return 2
    return code


def open_writes(proc: Process, commands: list[Command]) -> dict[str, OutputStream]:
    """The file of every ``w`` (and ``s///w``) command, opened as GNU sed opens them: once,
    emptied, before any input is read."""
    outputs: dict[str, OutputStream] = {}
    for c in commands:
        if c.write and c.name in {"w", "W", "s"} and c.write not in outputs:
            try:
                outputs[c.write] = open_output(proc, c.write)
            except FSError as err:
                raise UtilityExit(
                    4, f"{proc.argv[0]}: couldn't open file {c.write}: {strerror(err)}\n"
                ) from None
    return outputs


class _Capture:
    """An Output whose writes are kept (for ``sed -i``)."""

    def __init__(self, proc: Process) -> None:
        from mockserver.engines.simulated.process import BufferOutput

        self.buffer = BufferOutput()
        self.out = Output(proc, self.buffer)

    def text(self) -> str:
        return self.buffer.getvalue()


async def _execute(
    proc: Process,
    commands: list[Command],
    quiet: bool,
    files: list[str],
    separate: bool,
    out: Output,
    outputs: dict[str, OutputStream],
) -> int:
    for c in commands:
        c.active = c.closed = False
    source = _Input(proc, files, separate)
    try:
        machine = _Machine(proc, commands, quiet, out, outputs)
        code = await machine.run(source.lines())
    except _Quit as q:
        code = q.code
    return code
