"""Utilities that run another command under a condition: timeout and nohup."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

from mockserver.engines.simulated.process import CommandNotFound, Deadline, Process, Timeout
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote

_DURATION = re.compile(r"([0-9]*\.?[0-9]+)([smhd]?)")
_SCALE = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_TIMEOUT_LONG = {
    **STANDARD_LONG,
    "signal": ("s", "required"),
    "kill-after": ("k", "required"),
    "preserve-status": ("preserve-status", "none"),
    "foreground": ("foreground", "none"),
    "verbose": ("v", "none"),
}
#: Exit statuses of ``timeout`` itself.
TIMED_OUT, FAILED, CANNOT_RUN, NOT_FOUND = 124, 125, 126, 127


def parse_duration(text: str) -> float | None:
    m = _DURATION.fullmatch(text.strip())
    if m is None:
        return None
    return float(m.group(1)) * _SCALE[m.group(2)]


async def timeout(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "s:k:v",
        _TIMEOUT_LONG,
        usage="[OPTION] DURATION COMMAND [ARG]...",
        permute=False,
        usage_status=FAILED,
    )
    if isinstance(opts, int):
        return opts
    if len(opts.operands) < 2:
        if not opts.operands:
            return await usage_error(proc, "", FAILED)  # GNU gives the hint alone here
        return await usage_error(
            proc, f"missing operand after {locale_quote(opts.operands[0])}", FAILED
        )
    raw, *argv = opts.operands
    seconds = parse_duration(raw)
    if seconds is None:
        return await usage_error(proc, f"invalid time interval {locale_quote(raw)}", FAILED)
    outer = proc.deadline
    loop = asyncio.get_running_loop()
    at: float | None = loop.time() + seconds if seconds > 0 else None
    if outer.at is not None:
        at = outer.at if at is None else min(at, outer.at)
    child = replace(proc, deadline=Deadline(at))
    try:
        return await child.spawn(argv)
    except CommandNotFound:
        await proc.error(
            f"failed to run command {locale_quote(argv[0])}: No such file or directory"
        )
        return NOT_FOUND
    except Timeout:
        if outer.expired():
            raise
        if opts.has("v"):
            await proc.error(
                f"sending signal {opts.last('s') or 'TERM'} to command {locale_quote(argv[0])}"
            )
        return 128 + 15 if opts.has("preserve-status") else TIMED_OUT


async def nohup(proc: Process) -> int:
    argv = proc.argv[1:]
    if argv[:1] in (["--help"], ["--version"]):
        version = argv[0] == "--version"
        await proc.stdout.write(
            "nohup (GNU coreutils) 9.1\n" if version else "Usage: nohup COMMAND [ARG]...\n"
        )
        return 0
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        return await usage_error(proc, "missing operand", FAILED)
    try:
        return await proc.spawn(argv)
    except CommandNotFound:
        await proc.error(
            f"failed to run command {locale_quote(argv[0])}: No such file or directory"
        )
        return NOT_FOUND
