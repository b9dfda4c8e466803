"""``cd`` and ``pwd``: the shell's own working directory (lexical by default, as dash's ``-L``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.vfs import VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def cd(shell: Shell, process: Process) -> int:
    """``cd [-L|-P] [dir|-]``: ``$CDPATH`` searched for a relative name (the directory found
    through it is printed), ``-P`` resolves symbolic links, ``-`` goes back to ``$OLDPWD``."""
    args = process.argv[1:]
    physical = False
    while args and args[0] in {"-L", "-P"}:
        physical = args.pop(0) == "-P"
    if args and args[0] == "--":
        args = args[1:]
    target = args[0] if args else shell.lookup("HOME") or ""
    announce = False
    if target == "-":
        target = shell.lookup("OLDPWD") or shell.cwd
        announce = True
    if target == "":
        return 0
    path = _directory(shell, target)
    if path is None:
        await report(shell, process, f"cd: can't cd to {target}")
        return 2
    found, announced = path
    if physical:
        found = shell.fs.realpath(VirtualFS.normalize(found, shell.fs.realpath(shell.cwd)))
    shell.variables["OLDPWD"] = shell.cwd
    shell.cwd = found
    shell.variables["PWD"] = found
    shell.exported.update({"OLDPWD", "PWD"})
    if announce or announced:
        await process.stdout.write(found + "\n")
    return 0


def _directory(shell: Shell, target: str) -> tuple[str, bool] | None:
    """The directory ``cd target`` goes to, and whether it was found through ``$CDPATH``."""
    search = shell.lookup("CDPATH")
    if search and not target.startswith(("/", "./", "../")) and target not in {".", ".."}:
        for entry in search.split(":"):
            path = VirtualFS.normalize(f"{entry}/{target}" if entry else target, shell.cwd)
            if shell.fs.is_dir(path):
                return path, bool(entry)
    path = VirtualFS.normalize(target, shell.cwd)
    return (path, False) if shell.fs.is_dir(path) else None


async def pwd(shell: Shell, process: Process) -> int:
    physical = any(arg == "-P" for arg in process.argv[1:])
    await process.stdout.write((shell.fs.realpath(shell.cwd) if physical else shell.cwd) + "\n")
    return 0


BUILTINS: dict[str, Builtin] = {"cd": cd, "pwd": pwd}
