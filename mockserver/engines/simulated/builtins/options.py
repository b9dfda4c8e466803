"""``getopts optstring name [arg...]``: POSIX option parsing, dash's messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell


async def getopts(shell: Shell, process: Process) -> int:
    if len(process.argv) < 3:
        await report(shell, process, "getopts: usage: getopts optstring var [arg]")
        return 2
    optstring, name = process.argv[1], process.argv[2]
    args = process.argv[3:] if len(process.argv) > 3 else list(shell.positional)
    silent = optstring.startswith(":")
    raw_index = shell.lookup("OPTIND") or "1"
    index = int(raw_index) if raw_index.isdigit() and int(raw_index) > 0 else 1
    # Inside a bundled argument (-abc) OPTIND already names the next argument, as in dash; the
    # position inside it survives only while OPTIND is untouched.
    offset = 1
    if shell.getopts_index == index and shell.getopts_offset > 1:
        index, offset = index - 1, shell.getopts_offset

    def finish(next_index: int, next_offset: int) -> None:
        shown = next_index if next_offset == 1 else next_index + 1
        shell.assign("OPTIND", str(shown))
        shell.getopts_index, shell.getopts_offset = shown, next_offset

    if index > len(args):
        shell.assign(name, "?")
        finish(index, 1)
        return 1
    arg = args[index - 1]
    if offset == 1 and (arg == "--" or not arg.startswith("-") or arg == "-"):
        shell.assign(name, "?")
        finish(index + 1 if arg == "--" else index, 1)
        return 1
    letter = arg[offset]
    at_end = offset + 1 >= len(arg)
    next_index, next_offset = (index + 1, 1) if at_end else (index, offset + 1)
    spec = optstring.find(letter)
    if letter == ":" or spec < 0:
        if silent:
            shell.assign("OPTARG", letter)
        else:
            shell.variables.pop("OPTARG", None)
            await report(shell, process, f"Illegal option -{letter}")
        shell.assign(name, "?")
        finish(next_index, next_offset)
        return 0
    if spec + 1 < len(optstring) and optstring[spec + 1] == ":":
        if not at_end:
            shell.assign("OPTARG", arg[offset + 1 :])
            next_index, next_offset = index + 1, 1
        elif index < len(args):
            shell.assign("OPTARG", args[index])
            next_index, next_offset = index + 2, 1
        else:
            if silent:
                shell.assign("OPTARG", letter)
                shell.assign(name, ":")
            else:
                shell.variables.pop("OPTARG", None)
                await report(shell, process, f"No arg for -{letter} option")
                shell.assign(name, "?")
            finish(next_index, next_offset)
            return 0
    else:
        shell.variables.pop("OPTARG", None)
    shell.assign(name, letter)
    finish(next_index, next_offset)
    return 0


BUILTINS: dict[str, Builtin] = {"getopts": getopts}
