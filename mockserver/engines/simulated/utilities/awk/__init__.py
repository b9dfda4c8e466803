"""``awk``: a POSIX awk following the host's mawk 1.3.4 (output, exit status, messages).

``awk [-F fs] [-v var=value]... ['program' | -f progfile...] [file | var=value]...``

The pieces: :mod:`.lexer`, :mod:`.parser` and :mod:`.expressions` make a tree
(:mod:`.nodes`); :mod:`.interpreter` runs it over the state in :mod:`.state`:
:mod:`.compiler` turns I/O-free expressions and statements into closures, :mod:`.statements`
executes the rest, control flow travels as :mod:`.control` exceptions, :mod:`.builtins` and
:mod:`.clock` are the functions, :mod:`.inputs` and :mod:`.records` read records (ARGV, RS,
FS), :mod:`.output` and :mod:`.commands` are print's destinations, pipes and ``system``.
:mod:`.ere` translates regular expressions; :mod:`.values` (conversions and printf) and
:mod:`.arithmetic` hold awk's values and arithmetic; :mod:`.random` is glibc's
``random()`` behind ``rand``.

:mod:`.arrays` replays mawk's hash tables so that ``for (k in a)`` visits keys in mawk's order.

Known difference from mawk: matching is leftmost-longest only for alternations whose branches
differ in width, looking at most 256 characters further.
"""

from __future__ import annotations

import contextlib
import re

from mockserver.engines.simulated.process import BrokenPipe, Process, decode
from mockserver.engines.simulated.utilities.awk.errors import AwkRuntimeError, AwkSyntaxError
from mockserver.engines.simulated.utilities.awk.interpreter import (
    Fatal,
    Interpreter,
    OutputFailed,
)
from mockserver.engines.simulated.utilities.awk.lexer import string_escapes
from mockserver.engines.simulated.utilities.awk.parser import parse
from mockserver.engines.simulated.utilities.awk.values import (
    StrNum,
    from_stream,
    to_int,
    to_num,
    to_str,
    to_stream,
)
from mockserver.engines.simulated.vfs import FSError

_USAGE = """\
Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
"""
_VERSION = """\
mawk 1.3.4 20200120
Copyright 2008-2019,2020, Thomas E. Dickey
Copyright 1991-1996,2014, Michael D. Brennan

"""
_VERSION_DETAILS = """\
random-funcs:       srandom/random
regex-funcs:        internal
compiled limits:
sprintf buffer      8192
maximum-integer     2147483647
"""


_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=", re.DOTALL)


class _Usage(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Done(Exception):
    """``-W version`` or ``-W usage``: already answered."""


class _Command:
    def __init__(self) -> None:
        self.fs: str | None = None
        self.assignments: list[str] = []
        self.program_files: list[str] = []
        self.program: str | None = None
        self.operands: list[str] = []
        self.seed: float | None = None


async def _parse_args(proc: Process, argv: list[str]) -> _Command:
    cmd = _Command()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        letter = arg[1]
        if letter not in "fvFW":
            raise _Usage(f"not an option: {arg}")
        value = arg[2:]
        if not value:
            i += 1
            if i >= len(argv):
                raise _Usage(f"option -{letter} lacks argument")
            value = argv[i]
        i += 1
        if letter == "f":
            cmd.program_files.append(value)
        elif letter == "F":
            cmd.fs = value
        elif letter == "v":
            if not _ASSIGNMENT.match(value):
                raise _Usage(f"improper assignment: -v {value}")
            cmd.assignments.append(value)
        else:
            await _w_option(proc, cmd, value)
    rest = argv[i:]
    if not cmd.program_files:
        if not rest:
            await proc.stderr.write(_USAGE)
            raise _Done
        cmd.program = rest[0]
        rest = rest[1:]
    cmd.operands = rest
    return cmd


async def _w_option(proc: Process, cmd: _Command, value: str) -> None:
    name, _, argument = value.partition("=")
    if "version".startswith(name) and name:
        await proc.stdout.write(_VERSION)
        await proc.stderr.write(_VERSION_DETAILS)
        raise _Done
    if name and ("usage".startswith(name) or "help".startswith(name)):
        await proc.stdout.write(_USAGE)
        raise _Done
    if name and "random".startswith(name) and argument:
        cmd.seed = to_num(argument)
        return
    known = ("dump", "exec", "interactive", "posix_space", "random", "sprintf")
    if not name or not any(option.startswith(name) for option in known):
        await proc.stderr.write(f"{proc.argv[0].rsplit('/', 1)[-1]}: vacuous option: -W {value}\n")


def _fs_value(text: str) -> str:
    """``-F`` takes string escapes; ``-Ft`` is a literal ``t`` in mawk."""
    return string_escapes(from_stream(text))


async def _program_text(proc: Process, cmd: _Command) -> str:
    if cmd.program is not None:
        return from_stream(cmd.program)
    parts: list[str] = []
    for name in cmd.program_files:
        try:
            if name in ("-", "/dev/stdin"):
                parts.append(from_stream(await proc.stdin.read_all()))
            else:
                parts.append(from_stream(decode(proc.fs.read_bytes(proc.path(name)))))
        except FSError as err:
            if err.strerror == "Is a directory":
                raise Fatal(f"read error ({err.strerror})") from None
            raise Fatal(f"cannot open {name} ({err.strerror})") from None
    return "\n".join(parts)


async def awk(proc: Process) -> int:
    name = proc.argv[0].rsplit("/", 1)[-1] if proc.argv else "awk"
    try:
        cmd = await _parse_args(proc, proc.argv[1:])
    except _Usage as err:
        await proc.stderr.write(f"{name}: {err.message}\n")
        return 2
    except _Done:
        return 0
    try:
        source = await _program_text(proc, cmd)
        program = parse(source)
    except Fatal as err:
        await proc.stderr.write(f"{name}: {err.message}\n")
        return 2
    except AwkSyntaxError as err:
        await proc.stderr.write(to_stream(err.render(name)))
        return 2
    except RecursionError:
        await proc.stderr.write(f"{name}: program too deeply nested\n")
        return 2
    interp = Interpreter(proc, program, cmd.operands)
    if cmd.seed is not None:
        interp.random.seed_value = cmd.seed
        interp.random.seed(int(cmd.seed) & 0xFFFFFFFF)
    try:
        if cmd.fs is not None:
            interp.set_global("FS", _fs_value(cmd.fs))
        for assignment in cmd.assignments:
            interp.assign_operand(assignment)
        return await interp.run()
    except AwkRuntimeError as err:
        await _runtime_error(proc, interp, name, err.prefix + err.message)
        return 2
    except (Fatal, OutputFailed) as err:
        await interp.outputs.flush_stdout()
        await proc.stderr.write(to_stream(f"{name}: {err.message}\n"))
        return 2
    except RecursionError:
        await _runtime_error(proc, interp, name, "run time error: function call nesting too deep")
        return 2


async def _runtime_error(proc: Process, interp: Interpreter, name: str, message: str) -> None:
    with contextlib.suppress(BrokenPipe):
        await interp.outputs.flush_stdout()
    convfmt = interp.convfmt
    filename = to_str(interp.globals.get("FILENAME", ""), convfmt)  # type: ignore[arg-type]
    fnr = to_int(to_num(interp.globals.get("FNR", 0.0)))  # type: ignore[arg-type]
    nr = to_int(to_num(interp.globals.get("NR", 0.0)))  # type: ignore[arg-type]
    await proc.stderr.write(
        to_stream(f'{name}: {message}\n\tFILENAME="{filename}" FNR={fnr} NR={nr}\n')
    )


__all__ = ["StrNum", "awk"]
