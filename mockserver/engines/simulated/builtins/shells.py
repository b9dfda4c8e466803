"""``sh``/``bash``/``dash`` (a fresh shell: ``-c``, a script file, or stdin) and ``env``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated import devices
from mockserver.engines.simulated.builtins.flow import streams_of
from mockserver.engines.simulated.process import CommandNotFound, Process, StringInput
from mockserver.engines.simulated.redirection import Streams
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def sh(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    name = process.argv[0]
    command: str | None = None
    options: list[str] = []
    while args and args[0][:1] in {"-", "+"} and len(args[0]) > 1:
        option = args.pop(0)
        if option == "--":
            break
        if "c" in option[1:]:
            if not args:
                await process.stderr.write(f"{name}: 0: -c requires an argument\n")
                return 2
            command = args.pop(0)
            options.extend(f"-{o}" for o in option[1:] if o != "c")
        else:
            options.append(option)
    io = streams_of(shell, process)
    env = dict(process.env)
    if command is not None:
        argv = args or [name]
        return await shell.run_new_shell(_with_options(options, command), argv, env, io)
    if args:
        path = VirtualFS.normalize(args[0], shell.cwd)
        try:
            source = await devices.open_input(shell.fs, path, io.descriptor).read_all()
        except FSError:
            await process.stderr.write(f"{name}: 0: cannot open {args[0]}: No such file\n")
            return 2
        return await shell.run_new_shell(_with_options(options, source), args, env, io)
    source = await process.stdin.read_all()
    empty = Streams(StringInput(""), process.stdout, process.stderr)
    return await shell.run_new_shell(_with_options(options, source), [name], env, empty)


def _with_options(options: list[str], source: str) -> str:
    flags = [o for o in options if o[1:] and all(c in "eufx" for c in o[1:])]
    return (f"set {' '.join(flags)}\n" if flags else "") + source


async def env(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    environment = dict(process.env)
    while args:
        arg = args[0]
        if arg in {"-i", "-", "--ignore-environment"}:
            environment = {}
        elif arg == "-u" and len(args) > 1:
            environment.pop(args[1], None)
            args = args[1:]
        elif "=" in arg and not arg.startswith("="):
            key, _, value = arg.partition("=")
            environment[key] = value
        elif arg == "--":
            args = args[1:]
            break
        else:
            break
        args = args[1:]
    if not args:
        await process.stdout.write("".join(f"{k}={v}\n" for k, v in environment.items()))
        return 0
    child = shell.subshell()
    child.variables = dict(environment)
    child.exported = set(environment)
    child.functions = {}
    try:
        return await child.run_program(args, {}, streams_of(shell, process))
    except CommandNotFound:
        await process.stderr.write(f"env: \u2018{args[0]}\u2019: No such file or directory\n")
        return 127


BUILTINS: dict[str, Builtin] = {
    "sh": sh,
    "bash": sh,
    "dash": sh,
    "env": env,
}
