"""What every utility is wrapped in, the one place where a utility's end is turned into its exit
status: :class:`UtilityExit` (a bad command line, ``--help``, a fatal error) writes its message;
errors that escape become GNU-style messages, never tracebacks; a broken pipe and the deadline
still go through to the interpreter."""

from __future__ import annotations

import contextlib
import functools

from mockserver.engines.simulated.process import (
    BrokenPipe,
    Process,
    Utility,
    UtilityExit,
    WriteError,
)
from mockserver.engines.simulated.vfs import FSError

#: Exit status of a utility that failed in a way it did not report itself.
FAILURE = 1

#: How a GNU tool reports that its output could not be written (``> /dev/full``, a full disk):
#: status and message after ``name: `` ({reason}: the errno's text). Others say
#: ``write error: {reason}`` and exit 1.
_WRITE_FAILURES: dict[str, tuple[int, str]] = {
    "ls": (2, "write error: {reason}"),
    "grep": (2, "write error: {reason}"),
    "egrep": (2, "write error: {reason}"),
    "fgrep": (2, "write error: {reason}"),
    "sed": (4, "couldn't flush stdout: {reason}"),
    "awk": (2, "close failed on file /dev/stdout ({reason})"),
    "mawk": (2, "close failed on file /dev/stdout ({reason})"),
    "nawk": (2, "close failed on file /dev/stdout ({reason})"),
    "sort": (2, "fflush failed: 'standard output': {reason}\n{name}: write error"),
    "find": (1, "\u2018standard output\u2019: {reason}\n{name}: write error"),
    "wc": (1, "write error"),
    "md5sum": (1, "write error"),
    "sha1sum": (1, "write error"),
    "sha256sum": (1, "write error"),
    "sha512sum": (1, "write error"),
    "tee": (1, "'standard output': {reason}"),
    "yes": (1, "standard output: {reason}"),
}


def guarded(name: str, utility: Utility) -> Utility:
    """``utility`` (registered as ``name``) with its ending turned into an exit status."""

    @functools.wraps(utility)
    async def run(proc: Process) -> int:
        try:
            return await utility(proc)
        except UtilityExit as leaving:
            if leaving.message:
                await _say(proc, leaving.message)
            return leaving.status
        except BrokenPipe:
            raise
        except WriteError as err:
            status, words = _WRITE_FAILURES.get(name, (FAILURE, "write error: {reason}"))
            message = words.format(reason=err.strerror, name=proc.argv[0])
            await _say(proc, f"{proc.argv[0]}: {message}\n")
            return status
        except FSError as err:
            await _say(proc, f"{proc.argv[0]}: {err.filename}: {err.strerror}\n")
            return FAILURE
        except (RecursionError, MemoryError):
            await _say(proc, f"{proc.argv[0]}: memory exhausted\n")
            return FAILURE

    return run


async def _say(proc: Process, message: str) -> None:
    """Write to stderr, which may itself be full (then, as a real tool, say nothing)."""
    with contextlib.suppress(FSError, WriteError):
        await proc.stderr.write(message)
