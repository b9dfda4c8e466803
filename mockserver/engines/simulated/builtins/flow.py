"""Control and evaluation: ``exit``, ``return``, ``break``, ``continue``, ``true``, ``false``,
``:``, ``eval``, ``.``, ``exec``, ``command``, ``type``, ``wait``, ``kill``, ``trap``, ``umask``.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from mockserver.engines.simulated import devices, signals
from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.errors import (
    ExitShell,
    LoopControl,
    ReturnFromFunction,
    ShellError,
)
from mockserver.engines.simulated.interpreter import SPECIAL_BUILTINS, Job
from mockserver.engines.simulated.parser import parse
from mockserver.engines.simulated.process import BrokenPipe, Process
from mockserver.engines.simulated.redirection import Streams
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
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
    if not args:  # in a trap's action: the status when the trap began
        return shell.status if shell.trap_status is None else shell.trap_status
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
    # dash looks a name without a slash up on $PATH only (an empty entry is the directory).
    search = shell.lookup("PATH") or ""
    candidates = [name] if "/" in name else [f"{d or '.'}/{name}" for d in search.split(":")]
    for candidate in candidates:
        path = VirtualFS.normalize(candidate, shell.cwd)
        if shell.fs.exists(path) and not shell.fs.is_dir(path):  # a file or a device
            break
    else:
        if "/" not in name:
            raise ShellError(f"{process.argv[0]}: {name}: not found")
        raise ShellError(f"{process.argv[0]}: cannot open {name}: No such file")
    try:
        stream = devices.open_input(shell.fs, path, streams_of(shell, process).descriptor)
        source = await stream.read_all()
    except FSError as error:
        raise ShellError(f"{process.argv[0]}: cannot open {name}: {error}") from error
    # dash ignores any further arguments: the file sees (and may shift) the caller's.
    shell.sourcing += 1
    try:
        return await run_source(shell, source, streams_of(shell, process))
    except ReturnFromFunction as returned:
        return returned.status
    finally:
        shell.sourcing -= 1


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
    if shell.runtime.builtin(name) is not None:
        return "builtin", name
    if "/" in name:
        if shell.fs.exists(VirtualFS.normalize(name, shell.cwd)):
            return "utility", name
        return None
    if name in shell.hashed:
        return "hashed", shell.hashed[name]
    found = shell.find(name).path
    return None if found is None else ("utility", found)


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
    name = args[0]  # dash describes the first name only
    found = describe(shell, name)
    if found is None:
        if verbose:
            await process.stdout.write(f"{name}: not found\n")
        return 127
    kind, where = found
    if verbose:
        await process.stdout.write(_type_line(name, kind, where))
    elif kind == "alias":
        await process.stdout.write(f"alias {name}={_quote(where)}\n")
    else:
        await process.stdout.write(f"{where if kind in {'utility', 'hashed'} else name}\n")
    return 0


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
    if kind == "hashed":
        return f"{name} is a tracked alias for {where}\n"
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


def _job(shell: Shell, spec: str) -> Job | None:
    """The job a specification names: ``%N``, ``%%``/``%+``/``%`` (the current, last started),
    ``%-`` (the one before) or a pid."""
    jobs = shell.runtime.jobs
    if not spec.startswith("%"):
        return next((job for job in jobs if str(job.pid) == spec), None)
    if spec in {"%", "%%", "%+"}:
        return jobs[-1] if jobs else None
    if spec == "%-":
        return jobs[-2] if len(jobs) > 1 else None
    if spec[1:].isdigit():
        return next((job for job in jobs if job.number == int(spec[1:])), None)
    return None


async def wait(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:  # 0 once all have ended, unless a signal interrupted the wait
        status = await shell.wait_jobs(interruptible=True) if shell.runtime.jobs else 0
        return status if status > 128 and shell.runtime.pending.get(shell.pid) else 0
    status = 0
    for arg in args:
        if arg.startswith("%"):
            job = _job(shell, arg)
            if job is None:
                await report(shell, process, f"wait: No such job: {arg}")
                return 2
        elif not arg.isdigit():
            await report(shell, process, f"wait: Illegal number: {arg}")
            return 2
        else:
            job = _job(shell, arg)
            if job is None:
                status = 127
                continue
        status = await shell.wait_jobs([job.pid], interruptible=True)
        if status > 128 and shell.runtime.pending.get(shell.pid):
            return status  # interrupted by a signal
    return status


async def kill(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    signal = 15
    if args and args[0] == "-l":
        return await _list_signals(shell, process, args[1:])
    if args and args[0] == "-s" and len(args) > 1:
        args = args[1:]
        args[0] = "-" + args[0]
    if args and args[0].startswith("-") and args[0] != "--":
        number = signals.number(args.pop(0)[1:])
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
    runtime = shell.runtime
    for arg in args:
        if arg == str(runtime.pid):  # the main shell: it takes it between two commands
            if signal != 0:
                runtime.send_signal(runtime.pid, signal)
            continue
        job = _job(shell, arg)
        if job is None or job.task.done():
            await report(shell, process, "kill: No such process")
            status = 1
            continue
        if signal == 0:
            continue
        caught = job.shell is not None and signals.NAMES.get(signal, "") in job.shell.traps
        if caught or signal in signals.IGNORED_BY_DEFAULT:
            runtime.send_signal(job.pid, signal)
        else:
            job.killed_status = 128 + signal
            job.task.cancel()
    return status


async def _list_signals(shell: Shell, process: Process, args: list[str]) -> int:
    """``kill -l``: every name; ``kill -l N``: the name of signal N (or of exit status N)."""
    if not args:
        names = ["0", *(signals.NAMES[n] for n in range(1, signals.LAST + 1))]
        await process.stdout.write("".join(f"{name}\n" for name in names))
        return 0
    if not args[0].isdigit():
        await report(shell, process, f"kill: Illegal number: {args[0]}")
        return 2
    value = int(args[0])
    value = value - 128 if value > 128 else value
    if value not in signals.NAMES:
        await report(shell, process, f"kill: invalid signal number or exit status: {args[0]}")
        return 2
    await process.stdout.write(signals.NAMES[value] + "\n")
    return 0


async def jobs(shell: Shell, process: Process) -> int:
    lines = []
    for number, job in enumerate(shell.runtime.jobs, start=1):
        if not job.task.done():
            lines.append(f"[{number}] + Running\n")
    await process.stdout.write("".join(lines))
    return 0


async def trap(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        listed = sorted(shell.traps.items(), key=lambda item: signals.order(item[0]))
        lines = [f"trap -- {_quote(action)} {name}\n" for name, action in listed]
        await process.stdout.write("".join(lines))
        return 0
    if len(args) == 1 or args[0].isdigit():
        args = ["-", *args]  # `trap 0 2`: a number first resets those conditions
    action, conditions = args[0], args[1:]
    status = 0
    for condition in conditions:
        name = signals.trap_name(condition)
        if name is None:  # dash stops at the first it does not know
            with contextlib.suppress(BrokenPipe):
                await process.stderr.write(f"trap: {condition}: bad trap\n")
            return 1
        if action == "-":
            shell.traps.pop(name, None)
        else:
            shell.traps[name] = action
    return status


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


async def umask(shell: Shell, process: Process) -> int:
    """``umask [-S] [mode]``: octal or symbolic (``u=rwx,g-w``); ``-S`` prints symbolically."""
    args = process.argv[1:]
    symbolic = args[:1] == ["-S"]
    args = args[1:] if symbolic else args
    if not args:
        if symbolic:
            allowed = ~shell.umask & 0o777
            parts = []
            for who, shift in (("u", 6), ("g", 3), ("o", 0)):
                bits = allowed >> shift & 7
                letters = (c for c, b in (("r", 4), ("w", 2), ("x", 1)) if bits & b)
                parts.append(who + "=" + "".join(letters))
            await process.stdout.write(",".join(parts) + "\n")
        else:
            await process.stdout.write(f"{shell.umask:04o}\n")
        return 0
    mode = args[0]
    if mode[:1].isdigit():
        if any(c not in "01234567" for c in mode) or int(mode, 8) > 0o7777:
            await report(shell, process, f"umask: Illegal number: {mode}")
            return 2
        shell.umask = int(mode, 8) & 0o777
        return 0
    changed = _symbolic_mode(~shell.umask & 0o777, mode)
    if changed is None:
        await report(shell, process, f"umask: Illegal mode: {mode}")
        return 2
    shell.umask = ~changed & 0o777
    return 0


def _symbolic_mode(permissions: int, mode: str) -> int | None:
    """Permission bits changed by a symbolic mode (``u=rwx,g-w,a+x``), or None if invalid."""
    bits = permissions
    for clause in mode.split(","):
        match = re.fullmatch(r"([ugoa]*)((?:[-+=][rwx]*)+)", clause)
        if match is None:
            return None
        who = match.group(1) or "a"
        mask = sum({"u": 0o700, "g": 0o070, "o": 0o007, "a": 0o777}[w] for w in who) & 0o777
        for op, perms in re.findall(r"([-+=])([rwx]*)", match.group(2)):
            value = sum({"r": 0o444, "w": 0o222, "x": 0o111}[p] for p in perms) & mask
            if op == "+":
                bits |= value
            elif op == "-":
                bits &= ~value
            else:
                bits = (bits & ~mask) | value
    return bits


async def hash_(shell: Shell, process: Process) -> int:
    """``hash``: list the remembered command paths (in dash's table order); ``-r`` forgets
    them; ``hash NAME`` looks NAME up and remembers it."""
    args = process.argv[1:]
    if args[:1] == ["-r"]:
        shell.hashed.clear()
        return 0
    if not args:
        listed = sorted(shell.hashed.items(), key=lambda item: _hash_bucket(item[0]))
        await process.stdout.write("".join(f"{path}\n" for _, path in listed))
        return 0
    status = 0
    for name in args:
        found = describe(shell, name)
        if found is None:
            await report(shell, process, f"hash: {name}: not found")
            status = 1
        elif found[0] in {"utility", "hashed"} and "/" not in name:
            shell.hashed[name] = found[1]
    return status


def _hash_bucket(name: str) -> int:
    """The bucket of dash's command table (31 of them) a name falls in."""
    value = ord(name[0]) << 4 if name else 0
    return (value + sum(ord(c) for c in name)) % 31


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
    "hash": hash_,
}
