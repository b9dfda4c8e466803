"""``split``: cut a file into pieces named xaa, xab, ..."""

from __future__ import annotations

import itertools
import string

from mockserver.engines.simulated.process import Process, encode
from mockserver.engines.simulated.utilities.numbers import parse_count
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import (
    locale_quote,
    read_input,
    shell_quote,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_LONG = {
    **STANDARD_LONG,
    "lines": ("l", "required"),
    "bytes": ("b", "required"),
    "number": ("n", "required"),
    "suffix-length": ("a", "required"),
    "numeric-suffixes": ("d", "optional"),
    "additional-suffix": ("additional-suffix", "required"),
    "verbose": ("verbose", "none"),
}


def _suffixes(length: int, numeric: bool) -> itertools.product[tuple[str, ...]]:
    alphabet = string.digits if numeric else string.ascii_lowercase
    return itertools.product(alphabet, repeat=length)


async def split(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "l:b:n:a:d", _LONG, usage="[OPTION]... [FILE [PREFIX]]"
    )
    if isinstance(opts, int):
        return opts
    if len(opts.operands) > 2:
        return await usage_error(proc, f"extra operand {shell_quote(opts.operands[2])}")
    source = opts.operands[0] if opts.operands else "-"
    prefix = opts.operands[1] if len(opts.operands) > 1 else "x"
    try:
        text = await read_input(proc, source)
    except FSError as err:
        await proc.error(f"cannot open {shell_quote(source)} for reading: {strerror(err)}")
        return 1
    pieces: list[bytes]
    if opts.last("b") is not None:
        size = parse_count(opts.last("b") or "")
        if not size:
            await proc.error(f"invalid number of bytes: {locale_quote(opts.last('b') or '')}")
            return 1
        data = encode(text)
        pieces = [data[i : i + size] for i in range(0, len(data), size)]
    elif opts.last("n") is not None:
        raw = opts.last("n") or ""
        if not raw.isdigit() or int(raw) == 0:
            await proc.error(f"invalid number of chunks: {locale_quote(raw)}")
            return 1
        chunks, data = int(raw), encode(text)
        step = len(data) // chunks
        pieces = [
            data[i * step : (i + 1) * step if i < chunks - 1 else len(data)] for i in range(chunks)
        ]
    else:
        raw = opts.last("l") or "1000"
        count = int(raw) if raw.isdigit() else 0
        if count == 0:
            why = ": Numerical result out of range" if raw.isdigit() else ""
            await proc.error(f"invalid number of lines: {locale_quote(raw)}{why}")
            return 1
        lines = split_lines(text)
        pieces = [encode("".join(lines[i : i + count])) for i in range(0, len(lines), count)]
    length = int(opts.last("a") or "2")
    extra = opts.last("additional-suffix") or ""
    names = _suffixes(length, opts.has("d"))
    for piece in pieces:
        await proc.checkpoint()
        try:
            suffix = "".join(next(names))
        except StopIteration:
            await proc.error("output file suffixes exhausted")
            return 1
        name = f"{prefix}{suffix}{extra}"
        try:
            proc.fs.write_bytes(proc.path(name), piece)
        except FSError as err:
            await proc.error(f"{shell_quote(name)}: {strerror(err)}")
            return 1
        if opts.has("verbose"):
            await proc.stdout.write(f"creating file {shell_quote(name)}\n")
    return 0
