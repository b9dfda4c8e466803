"""The ends of inputs: head and tail (with GNU's obsolete ``-5``/``+5`` counts and ``tail -f``)."""

from __future__ import annotations

import re

from mockserver.engines.simulated.process import InputStream, Process, decode, encode
from mockserver.engines.simulated.utilities.numbers import parse_signed_count
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    Parsed,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    input_lines,
    is_stream,
    locale_quote,
    open_stream,
    read_input,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_HEAD_LONG = {
    **STANDARD_LONG,
    "lines": ("n", "required"),
    "bytes": ("c", "required"),
    "quiet": ("q", "none"),
    "silent": ("q", "none"),
    "verbose": ("v", "none"),
    "zero-terminated": ("z", "none"),
}
_OBSOLETE = re.compile(r"-([0-9]+)([cbkml]?)([qv]*)")


def _obsolete_count(argv: list[str], letter: str) -> list[str]:
    """``head -5`` / ``tail -5c`` (first argument only) rewritten as ``-n 5`` / ``-c 5``."""
    if len(argv) > 1:
        m = _OBSOLETE.fullmatch(argv[1])
        if m:
            unit = "c" if m.group(2) in ("c", "b", "k", "m") else letter
            suffix = {"b": "b", "k": "k", "m": "M"}.get(m.group(2), "")
            extra = [f"-{m.group(3)}"] if m.group(3) else []
            return [argv[0], f"-{unit}", m.group(1) + suffix, *extra, *argv[2:]]
    return argv


async def _count(proc: Process, opts: Parsed) -> tuple[str, str, int] | None:
    """The last ``-n``/``-c`` (ten lines by default) as (``n`` or ``c``, sign, size), or None
    once an invalid one is reported."""
    mode, raw = "n", "10"
    for key, value in opts.options:
        if key in ("n", "c") and value is not None:
            mode, raw = key, value
    count = parse_signed_count(raw)
    if count is None:
        what = "lines" if mode == "n" else "bytes"
        await proc.error(f"invalid number of {what}: {locale_quote(raw)}")
        return None
    sign, n = count
    return mode, sign, n


def _wants_headers(opts: Parsed, files: list[str]) -> bool:
    """``==> name <==`` before each input: with several inputs unless ``-q``, always with ``-v``
    (the last of the two wins)."""
    last_qv = [k for k, _ in opts.options if k in "qv"][-1:]
    return (len(files) > 1 and last_qv != ["q"]) or last_qv == ["v"]


def _header(operand: str, printed: int) -> str:
    """The ``==> name <==`` line before an input, apart from the one before by a blank line."""
    name = "standard input" if operand == "-" else operand
    return ("\n" if printed else "") + f"==> {name} <==\n"


async def head(proc: Process) -> int:
    argv = _obsolete_count(proc.argv, "n")
    opts = await parse_or_answer(
        proc, argv[1:], "n:c:qvz", _HEAD_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    count = await _count(proc, opts)
    if count is None:
        return 1
    mode, sign, n = count
    files = opts.operands or ["-"]
    headers = _wants_headers(opts, files)
    out = Output(proc)
    status = 0
    printed = 0
    for operand in files:
        missing = operand != "-" and (
            proc.fs.stat(proc.path(operand)) is None
            or (operand.endswith("/") and not proc.fs.is_dir(proc.path(operand)))
        )
        if headers and not missing:
            await out.write(_header(operand, printed))
            printed += 1
        try:
            if mode == "n":
                await _head_lines(proc, operand, n, sign == "-", out)
            elif sign != "-" and is_stream(proc, operand):
                await _head_chars(proc, open_stream(proc, operand), n, out)
            else:
                data = encode(await read_input(proc, operand))
                await out.write(decode(data[: max(len(data) - n, 0)] if sign == "-" else data[:n]))
        except FSError as err:
            await out.flush()
            if missing:
                await proc.error(f"cannot open '{operand}' for reading: {strerror(err)}")
            else:
                await proc.error(f"error reading '{operand}': {strerror(err)}")
            status = 1
    await out.flush()
    return status


async def _head_chars(proc: Process, stream: InputStream, n: int, out: Output) -> None:
    """The first ``n`` bytes of a stream, read no further than needed."""
    left = n
    while left > 0:
        await proc.checkpoint()
        chunk = await stream.read(min(left, 65536))
        if not chunk:
            return
        data = encode(chunk)
        if len(data) > left:
            data = data[:left]
        await out.write(decode(data))
        left -= len(data)


async def _head_lines(proc: Process, operand: str, n: int, all_but: bool, out: Output) -> None:
    if all_but:
        lines = split_lines(await read_input(proc, operand))
        for line in lines[: max(len(lines) - n, 0)]:
            await proc.checkpoint()
            await out.write(line)
        return
    if n == 0:
        if operand != "-":
            proc.fs.read_bytes(proc.path(operand))
        return
    seen = 0
    async for line in input_lines(proc, operand, exact=True):
        await out.write(line)
        seen += 1
        if seen >= n:
            break


_TAIL_LONG = {
    **_HEAD_LONG,
    "follow": ("f", "optional"),
    "retry": ("retry", "none"),
    "sleep-interval": ("s", "required"),
    "pid": ("pid", "required"),
}
_TAIL_OBSOLETE = re.compile(r"([+-])([0-9]*)([cbl]?)(f?)")


async def tail(proc: Process) -> int:
    argv = list(proc.argv)
    if len(argv) > 1 and len(argv) <= 3:
        m = _TAIL_OBSOLETE.fullmatch(argv[1])
        if m and m.group(2):
            sign = "+" if m.group(1) == "+" else ""
            unit = "c" if m.group(3) in ("c", "b") else "n"
            mult = "b" if m.group(3) == "b" else ""
            follow = ["-f"] if m.group(4) else []
            argv = [argv[0], f"-{unit}", f"{sign}{m.group(2) or '10'}{mult}", *follow, *argv[2:]]
    opts = await parse_or_answer(
        proc, argv[1:], "n:c:qvzfFs:", _TAIL_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    count = await _count(proc, opts)
    if count is None:
        return 1
    mode, sign, n = count
    files = opts.operands or ["-"]
    headers = _wants_headers(opts, files)
    out = Output(proc)
    status = 0
    printed = 0
    for operand in files:
        try:
            text = await read_input(proc, operand)
        except FSError as err:
            if proc.fs.is_dir(proc.path(operand)):
                if headers:
                    await out.write(("\n" if printed else "") + f"==> {operand} <==\n")
                    printed += 1
                await out.flush()
                await proc.error(f"error reading '{operand}': {strerror(err)}")
            else:
                await out.flush()
                await proc.error(f"cannot open '{operand}' for reading: {strerror(err)}")
            status = 1
            continue
        if headers:
            await out.write(_header(operand, printed))
        printed += 1
        if mode == "n":
            lines = split_lines(text)
            chosen = (
                lines[max(n - 1, 0) :]
                if sign == "+"
                else lines[max(len(lines) - n, 0) :]
                if n
                else []
            )
            for line in chosen:
                await proc.checkpoint()
                await out.write(line)
        else:
            data = encode(text)
            part = (
                data[max(n - 1, 0) :]
                if sign == "+"
                else data[max(len(data) - n, 0) :]
                if n
                else b""
            )
            await out.write(decode(part))
    await out.flush()
    if opts.has("f", "F") and status == 0 and "-" not in files:
        return await _follow(proc, files, out)
    return status


async def _follow(proc: Process, files: list[str], out: Output) -> int:
    """``tail -f``: print what is appended to the files until the call's deadline."""
    sizes = {f: len(proc.fs.read_bytes(proc.path(f))) for f in files}
    while True:
        await proc.sleep(0.2)
        for name in files:
            try:
                data = proc.fs.read_bytes(proc.path(name))
            except FSError:
                continue
            if len(data) > sizes[name]:
                await out.write(decode(data[sizes[name] :]))
            sizes[name] = len(data)
        await out.flush()
