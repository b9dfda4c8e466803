"""``alias`` and ``unalias``: dash expands aliases in scripts from the line after definition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins.variables import quote
from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def alias(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        lines = [f"{name}={quote(value)}\n" for name, value in sorted(shell.aliases.items())]
        await process.stdout.write("".join(lines))
        return 0
    status = 0
    for arg in args:
        name, sep, value = arg.partition("=")
        if sep:
            shell.aliases[name] = value
        elif name in shell.aliases:
            await process.stdout.write(f"{name}={quote(shell.aliases[name])}\n")
        else:
            await process.stderr.write(f"alias: {name} not found\n")  # dash: no prefix
            status = 1
    return status


async def unalias(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if args[:1] == ["-a"]:
        shell.aliases.clear()
        return 0
    status = 0
    for name in args:
        if shell.aliases.pop(name, None) is None:
            await process.stderr.write(f"unalias: {name} not found\n")
            status = 1
    return status


BUILTINS: dict[str, Builtin] = {"alias": alias, "unalias": unalias}
