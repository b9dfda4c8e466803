"""Running another command from a utility (``xargs``, ``find -exec``).

A command runs as a program would: in a fresh shell of the interpreter that shares the
filesystem and deadline, with the utility's environment and cwd, so builtins such as ``echo``
and ``sh -c`` work as the real programs do (functions and unexported variables do not reach
it). If the interpreter gives a :class:`Process` a ``spawn`` attribute, an async callable
``spawn(argv, stdin, stdout, stderr) -> int``, that is used instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from mockserver.engines.simulated.process import InputStream, OutputStream, Process

Spawn = Callable[[list[str], InputStream, OutputStream, OutputStream], Awaitable[int]]

#: Where a command name may be spelled with its directory and still be found.
COMMAND_DIRS = ("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin")


class NotFound(Exception):
    """No such command."""


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
    from mockserver.engines.simulated.builtins import builtins
    from mockserver.engines.simulated.interpreter import Runtime, Shell
    from mockserver.engines.simulated.redirection import Streams
    from mockserver.engines.simulated.utilities import UTILITIES

    table = builtins()
    name = argv[0]
    if "/" in name:
        directory, _, base = proc.path(name).rpartition("/")
        known = (directory or "/") in COMMAND_DIRS and (base in UTILITIES or base in table)
        if not known and not proc.fs.is_file(proc.path(name)):
            raise NotFound(name)
    elif name not in UTILITIES and name not in table:
        raise NotFound(name)
    runtime = Runtime(proc.fs, proc.deadline, table, UTILITIES)
    env = dict(proc.env)
    shell = Shell(runtime, variables=env, exported=set(env), cwd=proc.cwd)
    return await shell.invoke(list(argv), {}, Streams(stdin, out, proc.stderr))
