"""Control and evaluation: ``exit``, ``return``, ``break``, ``continue``, ``true``, ``false``,
``:``, ``eval``, ``.``, ``exec``, ``command``, ``type``, ``wait``, ``kill``, ``trap``, ``umask``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins import report
from mockserver.engines.simulated.errors import (
    ExitShell,
    LoopControl,
    ReturnFromFunction,
    ShellError,
)
from mockserver.engines.simulated.interpreter import SPECIAL_BUILTINS
from mockserver.engines.simulated.parser import parse
from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.redirection import Streams
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins import Builtin
    from mockserver.engines.simulated.interpreter import Shell

_KEYWORDS = {
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "case",
    "esac",
    "for",
    "while",
    "until",
    "do",
    "done",
    "in",
    "{",
    "}",
    "!",
}


def _status_argument(shell: Shell, args: list[str], name: str) -> int:
    if not args:
        return shell.status
    if not args[0].isdigit():
        raise ShellError(f"{name}: Illegal number: {args[0]}")
    return int(args[0]) & 0xFF


async def exit_(shell: Shell, process: Process) -> int:
    raise ExitShell(_status_argument(shell, process.argv[1:], "exit"))


async def return_(shell: Shell, process: Process) -> int:
    status = _status_argument(shell, process.argv[1:], "return")
    if not shell.local_frames and not shell.sourcing:
        raise ExitShell(status)
    raise ReturnFromFunction(status)


async def _loop_control(shell: Shell, process: Process, is_break: bool) -> int:
    args = process.argv[1:]
    levels = 1
    if args:
        if not args[0].isdigit() or int(args[0]) == 0:
            raise ShellError(f"{process.argv[0]}: Illegal number: {args[0]}")
        levels = int(args[0])
    if shell.loop_depth == 0:
        return 0
    raise LoopControl(min(levels, shell.loop_depth), is_break=is_break)


async def break_(shell: Shell, process: Process) -> int:
    return await _loop_control(shell, process, True)


async def continue_(shell: Shell, process: Process) -> int:
    return await _loop_control(shell, process, False)


async def true(shell: Shell, process: Process) -> int:
    return 0


async def false(shell: Shell, process: Process) -> int:
    return 1


def streams_of(shell: Shell, process: Process) -> Streams:
    """The builtin's streams, with the shell's extra descriptors (``>&3``)."""
    extra = shell.io.extra if shell.io is not None else {}
    return Streams(process.stdin, process.stdout, process.stderr, extra)


async def eval_(shell: Shell, process: Process) -> int:
    source = " ".join(process.argv[1:])
    if not source.strip():
        return 0
    return await run_source(shell, source, streams_of(shell, process))


async def run_source(shell: Shell, source: str, io: Streams) -> int:
    """Text run in the current shell (``eval``, ``.``); a syntax error is fatal, as in dash."""
    script = parse(source)
    line = shell.lineno
    shell.keep(script)
    shell.status = 0
    await shell.run_statements(script.statements, io, script.root)
    if script.problem is not None:
        shell.lineno = line + script.problem.line - 1
        raise ShellError(f"Syntax error: {script.problem.message}")
    return shell.status


async def dot(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        return 0
    name = args[0]
    candidates = (
        [name]
        if "/" in name
        else [f"{d}/{name}" for d in (shell.lookup("PATH") or "").split(":") if d] + [name]
    )
    for candidate in candidates:
        path = VirtualFS.normalize(candidate, shell.cwd)
        if shell.fs.is_file(path):
            break
    else:
        raise ShellError(f"{process.argv[0]}: cannot open {name}: No such file")
    try:
        source = shell.fs.read_text(path)
    except FSError as error:
        raise ShellError(f"{process.argv[0]}: cannot open {name}: {error}") from error
    saved = shell.positional
    if len(args) > 1:
        shell.positional = args[1:]
    shell.sourcing += 1
    try:
        return await run_source(shell, source, streams_of(shell, process))
    except ReturnFromFunction as returned:
        return returned.status
    finally:
        shell.sourcing -= 1
        if len(args) > 1:
            shell.positional = saved


async def exec_(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        return 0
    status = await shell.invoke(args, {}, streams_of(shell, process))
    raise ExitShell(status)


def describe(shell: Shell, name: str) -> tuple[str, str] | None:
    """What ``name`` is: ("function"|"builtin"|"keyword"|"utility", path-or-name)."""
    if name in _KEYWORDS:
        return "keyword", name
    if name in shell.aliases:
        return "alias", shell.aliases[name]
    if name in shell.functions:
        return "function", name
    if name in shell.runtime.builtins:
        return "builtin", name
    if "/" in name:
        path = VirtualFS.normalize(name, shell.cwd)
        if shell.find_utility(name) is not None or shell.fs.is_file(path):
            return "utility", name
        return None
    if shell.find_utility(name) is not None:
        return "utility", f"{shell.program_dir()}/{name}"
    return None


async def command(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    verbose = None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        option = args.pop(0)
        if option == "--":
            break
        if option == "-v":
            verbose = False
        elif option == "-V":
            verbose = True
        elif option != "-p":
            await report(shell, process, f"command: Illegal option {option}")
            return 2
    if not args:
        return 0
    if verbose is None:
        saved = shell.functions
        shell.functions = {}
        try:
            return await shell.invoke(args, {}, streams_of(shell, process))
        finally:
            saved.update({k: v for k, v in shell.functions.items() if k not in saved})
            shell.functions = saved
    status = 0
    for name in args:
        found = describe(shell, name)
        if found is None:
            if verbose:
                await process.stdout.write(f"{name}: not found\n")
            status = 127
            continue
        kind, where = found
        if verbose:
            await process.stdout.write(_type_line(name, kind, where))
        else:
            await process.stdout.write(f"{where if kind == 'utility' else name}\n")
    return status


def _type_line(name: str, kind: str, where: str) -> str:
    if kind == "keyword":
        return f"{name} is a shell keyword\n"
    if kind == "function":
        return f"{name} is a shell function\n"
    if kind == "alias":
        return f"{name} is an alias for {where}\n"
    if kind == "builtin":
        special = "special " if name in SPECIAL_BUILTINS else ""
        return f"{name} is a {special}shell builtin\n"
    return f"{name} is {where}\n"


async def type_(shell: Shell, process: Process) -> int:
    status = 0
    for name in process.argv[1:]:
        found = describe(shell, name)
        if found is None:
            await process.stdout.write(f"{name}: not found\n")
            status = 127
            continue
        await process.stdout.write(_type_line(name, *found))
    return status


async def wait(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        await shell.wait_jobs()
        return 0
    status = 0
    for arg in args:
        if not arg.isdigit():
            await report(shell, process, f"wait: Illegal number: {arg}")
            return 2
        pid = int(arg)
        if not any(job.pid == pid for job in shell.runtime.jobs):
            status = 127
            continue
        status = await shell.wait_jobs([pid])
    return status


_SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15}


def _signal(spec: str) -> int | None:
    name = spec.upper().removeprefix("SIG")
    if name.isdigit():
        return int(name)
    return _SIGNALS.get(name)


async def kill(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    signal = 15
    if args and args[0] == "-s" and len(args) > 1:
        args = args[1:]
        args[0] = "-" + args[0]
    if args and args[0].startswith("-") and args[0] != "--":
        number = _signal(args.pop(0)[1:])
        if number is None:
            await report(shell, process, "kill: invalid signal number or name")
            return 2
        signal = number
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        await report(shell, process, "kill: usage: kill [-s sigspec | -signum | -sigspec] pid")
        return 2
    status = 0
    for arg in args:
        if arg == str(shell.runtime.pid):
            if signal == 0:
                continue
            name = next((k for k, v in _SIGNALS.items() if v == signal), str(signal))
            action = shell.traps.get(name)
            if action is not None:
                if action:
                    await run_source(shell, action, streams_of(shell, process))
                continue
            raise ExitShell(128 + signal)
        jobs = shell.runtime.jobs
        if arg.startswith("%") and arg[1:].isdigit():
            index = int(arg[1:]) - 1
            job = jobs[index] if 0 <= index < len(jobs) else None
        else:
            job = next((j for j in jobs if str(j.pid) == arg), None)
        if job is None or job.task.done():
            await report(shell, process, "kill: No such process")
            status = 1
            continue
        if signal != 0:
            job.killed_status = 128 + signal
            job.task.cancel()
    return status


async def jobs(shell: Shell, process: Process) -> int:
    lines = []
    for number, job in enumerate(shell.runtime.jobs, start=1):
        if not job.task.done():
            lines.append(f"[{number}] + Running\n")
    await process.stdout.write("".join(lines))
    return 0


async def trap(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        lines = [f"trap -- {_quote(action)} {signal}\n" for signal, action in shell.traps.items()]
        await process.stdout.write("".join(lines))
        return 0
    if len(args) == 1:
        args = ["-", *args]
    action, signals = args[0], args[1:]
    for signal in signals:
        name = signal.upper().removeprefix("SIG")
        name = "EXIT" if name == "0" else name
        if action == "-":
            shell.traps.pop(name, None)
        else:
            shell.traps[name] = action
    return 0


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


async def umask(shell: Shell, process: Process) -> int:
    if len(process.argv) == 1:
        await process.stdout.write("0022\n")
    return 0


async def noop(shell: Shell, process: Process) -> int:
    return 0


BUILTINS: dict[str, Builtin] = {
    "exit": exit_,
    "return": return_,
    "break": break_,
    "continue": continue_,
    "true": true,
    "false": false,
    ":": true,
    "eval": eval_,
    ".": dot,
    "exec": exec_,
    "command": command,
    "type": type_,
    "wait": wait,
    "kill": kill,
    "jobs": jobs,
    "trap": trap,
    "umask": umask,
    "hash": noop,
}
