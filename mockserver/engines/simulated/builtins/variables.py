"""Variables and parameters: ``export``, ``readonly``, ``unset``, ``local``, ``set``, ``shift``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell

_OPTIONS = {"e": "errexit", "u": "nounset", "f": "noglob", "x": "xtrace", "v": "verbose"}
_LONG = {
    "errexit": "e",
    "nounset": "u",
    "noglob": "f",
    "xtrace": "x",
    "verbose": "v",
    "noclobber": "C",
    "allexport": "a",
    "notify": "b",
    "ignoreeof": "",
    "monitor": "m",
    "noexec": "n",
    "vi": "",
    "emacs": "",
    "nolog": "",
    "debug": "",
}


def quote(value: str) -> str:
    """A value as dash prints it in ``set``/``export -p`` output."""
    return "'" + value.replace("'", "'\\''") + "'"


def is_name(name: str) -> bool:
    return bool(name) and not name[0].isdigit() and name.replace("_", "a").isalnum()


async def export(shell: Shell, process: Process) -> int:
    return await _mark(shell, process, "export")


async def readonly(shell: Shell, process: Process) -> int:
    return await _mark(shell, process, "readonly")


async def _mark(shell: Shell, process: Process, kind: str) -> int:
    args = process.argv[1:]
    if args and args[0] == "-p":
        args = args[1:]
    if not args:
        names = sorted(shell.exported if kind == "export" else shell.readonly)
        lines = []
        for name in names:
            value = shell.variables.get(name)
            lines.append(f"{kind} {name}" + ("" if value is None else f"={quote(value)}") + "\n")
        await process.stdout.write("".join(lines))
        return 0
    for arg in args:
        name, sep, value = arg.partition("=")
        if not is_name(name):
            raise ShellError(f"{kind}: {name}: bad variable name")
        if sep:
            shell.assign(name, value)
        if kind == "export":
            shell.exported.add(name)
        else:
            shell.readonly.add(name)
    return 0


async def unset(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    functions = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "-f":
            functions = True
        elif args[0] != "-v":
            raise ShellError(f"unset: Illegal option {args[0]}")
        args = args[1:]
    for name in args:
        if functions:
            shell.functions.pop(name, None)
        elif not is_name(name):
            raise ShellError(f"unset: {name}: bad variable name")
        elif name in shell.readonly:
            raise ShellError(f"unset: {name}: is read only")
        elif name == "OPTIND":  # dash resets getopts with the (empty) value, not a number
            raise ShellError("unset: Illegal number: ")
        else:
            shell.unset(name)
    return 0


async def local(shell: Shell, process: Process) -> int:
    if not shell.local_frames:
        raise ShellError("local: not in a function")
    frame = shell.local_frames[-1]
    for arg in process.argv[1:]:
        name, sep, value = arg.partition("=")
        if not is_name(name):
            raise ShellError(f"local: {name}: bad variable name")
        if name not in frame:
            frame[name] = shell.variables.get(name)
        if sep:
            shell.assign(name, value)
    return 0


async def set_(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        lines = [f"{name}={quote(value)}\n" for name, value in sorted(shell.variables.items())]
        await process.stdout.write("".join(lines))
        return 0
    while args:
        arg = args[0]
        if arg == "--":
            shell.positional = args[1:]
            return 0
        if arg in {"-", "+"}:
            args = args[1:]
            if arg == "-":  # `set -`: -x and -v off; the parameters stay unless some follow
                shell.xtrace = False
                if not args:
                    return 0
            break
        if arg[:1] not in {"-", "+"}:
            break
        on = arg[0] == "-"
        args = args[1:]
        letters = arg[1:]
        for letter in letters:
            if letter == "o":
                if not args:
                    await _print_options(shell, process)
                    continue
                option = args[0]
                args = args[1:]
                if option not in _LONG:
                    raise ShellError(f"set: Illegal option -o {option}")
                _set_option(shell, _LONG[option], on)
            elif letter in _OPTIONS or letter in "aCbmn":
                _set_option(shell, letter, on)
            else:
                raise ShellError(f"set: Illegal option -{letter}")
    if args or (process.argv[1:] and process.argv[-1] in {"-", "+"}):
        shell.positional = list(args)
    return 0


def _set_option(shell: Shell, letter: str, on: bool) -> None:
    if letter == "e":
        shell.errexit = on
    elif letter == "u":
        shell.nounset = on
    elif letter == "f":
        shell.noglob = on
    elif letter == "x":
        shell.xtrace = on
    elif letter == "C":
        shell.noclobber = on
    elif letter == "n":
        shell.noexec = on


async def _print_options(shell: Shell, process: Process) -> None:
    states = {
        "errexit": shell.errexit,
        "noglob": shell.noglob,
        "nounset": shell.nounset,
        "xtrace": shell.xtrace,
        "noclobber": shell.noclobber,
        "noexec": shell.noexec,
    }
    lines = [f"{name:<16}{'on' if states.get(name) else 'off'}\n" for name in _LONG]
    await process.stdout.write("".join(lines))


async def shift(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    count = 1
    if args:
        if not args[0].isdigit():
            raise ShellError(f"shift: Illegal number: {args[0]}")
        count = int(args[0])
    if count > len(shell.positional):
        raise ShellError("shift: can't shift that many")
    shell.positional = shell.positional[count:]
    return 0


BUILTINS: dict[str, Builtin] = {
    "export": export,
    "readonly": readonly,
    "unset": unset,
    "local": local,
    "set": set_,
    "shift": shift,
}
