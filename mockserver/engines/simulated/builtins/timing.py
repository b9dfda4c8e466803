"""``sleep`` in real time, cut short by the call's deadline (GNU's suffixes s, m, h, d)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell

_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


async def sleep(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if not args:
        await process.stderr.write(
            "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        )
        return 1
    total = 0.0
    for arg in args:
        match = re.fullmatch(r"(\d+\.?\d*|\.\d+)([smhd]?)", arg)
        if match is None:
            await process.stderr.write(
                f"sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n"
            )
            return 1
        total += float(match.group(1)) * _UNITS[match.group(2)]
    await process.sleep(total)
    return 0


BUILTINS: dict[str, Builtin] = {"sleep": sleep}
