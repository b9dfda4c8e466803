"""``cd`` and ``pwd``: the shell's own working directory (lexical, as dash's default ``-L``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.vfs import VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def cd(shell: Shell, process: Process) -> int:
    args = [a for a in process.argv[1:] if a not in {"-L", "-P"}]
    if args and args[0] == "--":
        args = args[1:]
    target = args[0] if args else shell.lookup("HOME") or ""
    announce = False
    if target == "-":
        target = shell.lookup("OLDPWD") or shell.cwd
        announce = True
    if target == "":
        return 0
    path = VirtualFS.normalize(target, shell.cwd)
    if not shell.fs.is_dir(path):
        await report(shell, process, f"cd: can't cd to {target}")
        return 2
    shell.variables["OLDPWD"] = shell.cwd
    shell.cwd = path
    shell.variables["PWD"] = path
    shell.exported.update({"OLDPWD", "PWD"})
    if announce:
        await process.stdout.write(path + "\n")
    return 0


async def pwd(shell: Shell, process: Process) -> int:
    await process.stdout.write(shell.cwd + "\n")
    return 0


BUILTINS: dict[str, Builtin] = {"cd": cd, "pwd": pwd}
