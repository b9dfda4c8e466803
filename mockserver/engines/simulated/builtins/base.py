"""What a builtin is: ``async (shell, process) -> status``, and how it reports an error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.interpreter import Shell

Builtin = Callable[["Shell", Process], Awaitable[int]]


async def report(shell: Shell, process: Process, message: str) -> None:
    """A diagnostic as dash prints one for a builtin: ``sh: LINE: message`` on its stderr."""
    await process.stderr.write(f"{shell.arg0}: {shell.lineno}: {message}\n")
