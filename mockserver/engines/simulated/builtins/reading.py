"""``read [-r] [-p prompt] name...``: one line from stdin, split on IFS into the names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.builtins.variables import is_name
from mockserver.engines.simulated.expansion import DEFAULT_IFS
from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.vfs import FSError

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def read(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    raw = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        option = args.pop(0)
        if option == "--":
            break
        if option == "-r":
            raw = True
        elif option == "-p":
            if args:
                await process.stderr.write(args.pop(0))
        else:
            await report(shell, process, f"read: Illegal option {option}")
            return 2
    if not args:
        await report(shell, process, "read: arg count")
        return 2
    for name in args:
        if not is_name(name):
            await report(shell, process, f"read: {name}: bad variable name")
            return 2
    # Characters read (True = escaped by a backslash, so never a separator).
    chars: list[tuple[str, bool]] = []
    reached_eof = False
    while True:
        try:
            line = await process.stdin.readline()
        except FSError:  # stdin is a directory
            return 1
        if not line:
            reached_eof = True
            break
        ended = line.endswith("\n")
        body = line[:-1] if ended else line
        i = 0
        continued = False
        while i < len(body):
            c = body[i]
            if c == "\\" and not raw:
                if i + 1 < len(body):
                    chars.append((body[i + 1], True))
                    i += 2
                    continue
                if ended:
                    continued = True
                i += 1
                continue
            chars.append((c, False))
            i += 1
        if not ended:
            reached_eof = True
            break
        if not continued:
            break
    ifs = shell.lookup("IFS")
    _assign_fields(shell, args, chars, DEFAULT_IFS if ifs is None else ifs)
    return 1 if reached_eof else 0


def _assign_fields(shell: Shell, names: list[str], chars: list[tuple[str, bool]], ifs: str) -> None:
    whitespace = "".join(c for c in ifs if c in " \t\n")
    position = 0

    def skip_whitespace() -> None:
        nonlocal position
        while position < len(chars) and not chars[position][1] and chars[position][0] in whitespace:
            position += 1

    skip_whitespace()
    for index, name in enumerate(names):
        if index == len(names) - 1:
            rest = chars[position:]
            while rest and not rest[-1][1] and rest[-1][0] in whitespace:
                rest.pop()
            shell.assign(name, "".join(c for c, _ in rest))
            return
        field: list[str] = []
        while position < len(chars):
            c, escaped = chars[position]
            if not escaped and c in ifs:
                break
            field.append(c)
            position += 1
        shell.assign(name, "".join(field))
        skip_whitespace()
        if position < len(chars) and not chars[position][1] and chars[position][0] in ifs:
            position += 1
            skip_whitespace()


BUILTINS: dict[str, Builtin] = {"read": read}
