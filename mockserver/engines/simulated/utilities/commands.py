"""Running another command from a utility (``xargs``, ``find -exec``).

The interpreter may give a :class:`Process` a ``spawn`` attribute: an async callable
``spawn(argv, stdin, stdout, stderr) -> int`` that runs any command as the shell would
(builtins and functions included). Without it, commands are looked up among the utilities,
with ``echo``, ``printf``, ``true`` and ``false`` provided here as the programs Debian ships.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import cast

from mockserver.engines.simulated.process import InputStream, OutputStream, Process

Spawn = Callable[[list[str], InputStream, OutputStream, OutputStream], Awaitable[int]]

#: Where a command name may be spelled with its directory and still be found.
COMMAND_DIRS = ("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin")


class NotFound(Exception):
    """No such command."""


async def _echo(proc: Process) -> int:
    args = proc.argv[1:]
    newline = True
    while args and args[0] in ("-n", "-e", "-E"):
        if args[0] == "-n":
            newline = False
        args = args[1:]
    await proc.stdout.write(" ".join(args) + ("\n" if newline else ""))
    return 0


async def _true(proc: Process) -> int:
    return 0


async def _false(proc: Process) -> int:
    return 1


async def _printf(proc: Process) -> int:
    if len(proc.argv) < 2:
        await proc.error("missing operand")
        return 1
    fmt, args = proc.argv[1], proc.argv[2:]
    text = fmt.replace("\\n", "\n").replace("\\t", "\t")
    out: list[str] = []
    while True:
        piece = text
        used = 0
        for spec in ("%s", "%d"):
            while spec in piece:
                value = args[used] if used < len(args) else ""
                piece = piece.replace(spec, value, 1)
                used += 1
        out.append(piece.replace("%%", "%"))
        args = args[used:]
        if not args or used == 0:
            break
    await proc.stdout.write("".join(out))
    return 0


_FALLBACK = {"echo": _echo, "true": _true, "false": _false, "printf": _printf}


async def run(
    proc: Process,
    argv: list[str],
    stdin: InputStream,
    stdout: OutputStream | None = None,
) -> int:
    """Run ``argv`` with ``proc``'s environment and cwd; raises :class:`NotFound`."""
    out = stdout if stdout is not None else proc.stdout
    spawn = cast("Spawn | None", getattr(proc, "spawn", None))
    if spawn is not None:
        return await spawn(argv, stdin, out, proc.stderr)
    from mockserver.engines.simulated.utilities import UTILITIES

    name = argv[0]
    if "/" in name:
        directory, _, base = proc.path(name).rpartition("/")
        if (directory or "/") not in COMMAND_DIRS:
            raise NotFound(name)
        name = base
    utility = UTILITIES.get(name) or _FALLBACK.get(name)
    if utility is None:
        raise NotFound(name)
    child = replace(proc, argv=list(argv), stdin=stdin, stdout=out)
    return await utility(child)
