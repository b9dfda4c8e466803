"""What every utility is wrapped in: errors that escape become GNU-style messages, never
tracebacks; a broken pipe and the deadline still go through to the interpreter."""

from __future__ import annotations

import errno
import functools

from mockserver.engines.simulated.process import BrokenPipe, Process, Utility
from mockserver.engines.simulated.vfs import FSError

#: Exit status of a utility that failed in a way it did not report itself.
FAILURE = 1


def guarded(utility: Utility) -> Utility:
    @functools.wraps(utility)
    async def run(proc: Process) -> int:
        try:
            return await utility(proc)
        except BrokenPipe:
            raise
        except FSError as err:
            # A write to a redirected stdout that filled the filesystem, most likely.
            where = "standard output" if err.errno == errno.ENOSPC else str(err.filename)
            await proc.error(f"{where}: {err.strerror}")
            return FAILURE
        except (RecursionError, MemoryError):
            await proc.error("memory exhausted")
            return FAILURE

    return run
