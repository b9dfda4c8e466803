"""Shell builtins: commands that need the shell itself (its variables, cwd, control flow).

A builtin is ``async (shell, process) -> status``; ``process`` carries argv and the streams.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.interpreter import Shell

Builtin = Callable[["Shell", Process], Awaitable[int]]


async def report(shell: Shell, process: Process, message: str) -> None:
    """A diagnostic as dash prints one for a builtin: ``sh: LINE: message`` on its stderr."""
    await process.stderr.write(f"{shell.arg0}: {shell.lineno}: {message}\n")


def _table() -> Mapping[str, Builtin]:
    from mockserver.engines.simulated.builtins import (
        aliases,
        flow,
        navigation,
        options,
        output,
        reading,
        shells,
        testing,
        timing,
        variables,
    )

    table: dict[str, Builtin] = {}
    for module in (
        aliases,
        flow,
        navigation,
        options,
        output,
        reading,
        shells,
        testing,
        timing,
        variables,
    ):
        table.update(module.BUILTINS)
    return MappingProxyType(table)


def builtins() -> Mapping[str, Builtin]:
    """Every builtin by name."""
    return _table()


__all__ = ["Builtin", "builtins", "report"]
