"""Small coreutils that fit no family: link, unlink, sync, tty, nice, stdbuf, factor."""

from __future__ import annotations

from mockserver.engines.simulated.process import CommandNotFound, Process
from mockserver.engines.simulated.utilities.options import usage_error
from mockserver.engines.simulated.utilities.streams import locale_quote, shell_quote, strerror
from mockserver.engines.simulated.vfs import FSError


async def _about(proc: Process, usage: str) -> bool:
    """Answer a lone ``--help`` or ``--version`` as GNU does; True if it was one."""
    if proc.argv[1:] == ["--version"]:
        await proc.stdout.write(f"{proc.argv[0].rsplit('/', 1)[-1]} (GNU coreutils) 9.1\n")
        return True
    if proc.argv[1:] == ["--help"]:
        await proc.stdout.write(f"Usage: {proc.argv[0]} {usage}\n")
        return True
    return False


async def link(proc: Process) -> int:
    if await _about(proc, "FILE1 FILE2"):
        return 0
    args = proc.argv[1:]
    if len(args) != 2:
        if not args:
            return await usage_error(proc, "missing operand")
        if len(args) == 1:
            return await usage_error(proc, f"missing operand after {locale_quote(args[0])}")
        return await usage_error(proc, f"extra operand {locale_quote(args[2])}")
    source, target = args
    try:
        proc.fs.link(proc.path(source), proc.path(target))
    except FSError as err:
        await proc.error(
            f"cannot create link {shell_quote(target)} to {shell_quote(source)}: {strerror(err)}"
        )
        return 1
    return 0


async def unlink(proc: Process) -> int:
    if await _about(proc, "FILE"):
        return 0
    args = proc.argv[1:]
    if len(args) != 1:
        if not args:
            return await usage_error(proc, "missing operand")
        return await usage_error(proc, f"extra operand {locale_quote(args[1])}")
    try:
        proc.fs.remove(proc.path(args[0]))
    except FSError as err:
        await proc.error(f"cannot unlink {shell_quote(args[0])}: {strerror(err)}")
        return 1
    return 0


async def sync(proc: Process) -> int:
    if await _about(proc, "[OPTION] [FILE]..."):
        return 0
    return 0


async def tty(proc: Process) -> int:
    """Standard input is never a terminal here."""
    if await _about(proc, "[OPTION]..."):
        return 0
    if "-s" not in proc.argv[1:] and "--silent" not in proc.argv[1:]:
        await proc.stdout.write("not a tty\n")
    return 1


async def _run_after(proc: Process, argv: list[str]) -> int:
    if not argv:
        return 0
    try:
        return await proc.spawn(argv)
    except CommandNotFound:
        await proc.error(f"{shell_quote(argv[0])}: No such file or directory")
        return 127


async def nice(proc: Process) -> int:
    if await _about(proc, "[OPTION] [COMMAND [ARG]...]"):
        return 0
    args = proc.argv[1:]
    if args[:1] == ["-n"] and len(args) > 1:
        args = args[2:]
    elif (args[:1] and args[0].startswith(("-n", "--adjustment="))) or (
        args[:1] and args[0][:1] == "-" and args[0][1:].lstrip("-").isdigit()
    ):
        args = args[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        await proc.stdout.write("0\n")
        return 0
    return await _run_after(proc, args)


async def stdbuf(proc: Process) -> int:
    if await _about(proc, "OPTION... COMMAND"):
        return 0
    args = proc.argv[1:]
    while args and args[0].startswith("-") and args[0] != "--":
        option = args.pop(0)
        if option in ("-i", "-o", "-e") and args:
            args.pop(0)
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        return await usage_error(proc, "missing operand", 125)
    return await _run_after(proc, args)


def _factors(n: int) -> list[int]:
    found: list[int] = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            found.append(d)
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        found.append(n)
    return found


async def factor(proc: Process) -> int:
    if await _about(proc, "[NUMBER]..."):
        return 0
    numbers = proc.argv[1:] or (await proc.stdin.read_all()).split()
    status = 0
    for raw in numbers:
        await proc.checkpoint()
        text = raw.lstrip("+")
        if not text.isdigit():
            await proc.error(f"{locale_quote(raw)} is not a valid positive integer")
            status = 1
            continue
        value = int(text)
        listed = "".join(f" {f}" for f in _factors(value))
        await proc.stdout.write(f"{value}:{listed}\n")
    return status
