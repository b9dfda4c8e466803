"""Utilities that pass text through: cat, wc, tee, tac, rev, nl."""

from __future__ import annotations

import re

from mockserver.engines.simulated.process import OutputStream, Process, WriteError, decode, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    input_lines,
    is_stream,
    open_output,
    open_stream,
    read_file_bytes,
    read_input,
    rewrite_lines,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

# ------------------------------------------------------------------------------------ cat

_CAT_LONG = {
    **STANDARD_LONG,
    "number": ("n", "none"),
    "number-nonblank": ("b", "none"),
    "squeeze-blank": ("s", "none"),
    "show-ends": ("E", "none"),
    "show-tabs": ("T", "none"),
    "show-all": ("A", "none"),
    "show-nonprinting": ("v", "none"),
}


def _nonprinting(text: str) -> str:
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n":
            out.append(ch)
        elif code < 32:
            out.append("^" + chr(code + 64))
        elif code == 127:
            out.append("^?")
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte kept as a surrogate
            byte = code - 0xDC00
            low = byte - 128
            out.append(
                "M-" + ("^" + chr(low + 64) if low < 32 else "^?" if low == 127 else chr(low))
            )
        else:
            out.append(ch)
    return "".join(out)


async def cat(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "AbeEnstTuv", _CAT_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    flags = {k for k, _ in opts.options}
    if "A" in flags:
        flags |= {"v", "E", "T"}
    if "e" in flags:
        flags |= {"v", "E"}
    if "t" in flags:
        flags |= {"v", "T"}
    plain = not flags & {"n", "b", "s", "E", "T", "v"}
    status = 0
    out = Output(proc)
    state = {"number": 0, "blank_run": 0}
    for operand in opts.operands or ["-"]:
        try:
            if plain:
                await _cat_plain(proc, operand, out)
            else:
                async for line in input_lines(proc, operand):
                    await out.write(_cat_line(line, flags, state))
        except FSError as err:
            await out.flush()
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    await out.flush()
    return status


async def _cat_plain(proc: Process, operand: str, out: Output) -> None:
    if is_stream(proc, operand):
        await out.flush()
        stream = open_stream(proc, operand)
        while chunk := await stream.read(65536):
            await proc.checkpoint()
            await proc.stdout.write(chunk)
        return
    data = read_file_bytes(proc, operand)
    for start in range(0, len(data), 65536):
        await proc.checkpoint()
        await out.write(decode(data[start : start + 65536]))


def _cat_line(line: str, flags: set[str], state: dict[str, int]) -> str:
    body = line[:-1] if line.endswith("\n") else line
    end = "\n" if line.endswith("\n") else ""
    if not body and end:
        state["blank_run"] += 1
        if "s" in flags and state["blank_run"] > 1:
            return ""
    else:
        state["blank_run"] = 0
    prefix = ""
    if "b" in flags:
        if body:
            state["number"] += 1
            prefix = f"{state['number']:6d}\t"
    elif "n" in flags:
        state["number"] += 1
        prefix = f"{state['number']:6d}\t"
    if "v" in flags:
        body = _nonprinting(body)
    if "T" in flags:
        body = body.replace("\t", "^I")
    if "E" in flags and end:
        end = "$\n"
    return prefix + body + end


# ------------------------------------------------------------------------------------ wc

_WC_LONG = {
    **STANDARD_LONG,
    "lines": ("l", "none"),
    "words": ("w", "none"),
    "chars": ("m", "none"),
    "bytes": ("c", "none"),
    "max-line-length": ("L", "none"),
    "total": ("total", "required"),
}


def _line_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == "\t":
            width += 8 - width % 8
        elif ch.isprintable():
            width += 1
    return width


def _wc_counts(text: str) -> dict[str, int]:
    lines = text.split("\n")
    return {
        "l": text.count("\n"),
        "w": len(text.split()),
        "m": len(text),
        "c": len(encode(text)),
        "L": max((_line_width(line) for line in lines), default=0),
    }


async def wc(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "clLmw", _WC_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    chosen = [k for k in "lwmcL" if opts.has(k)] or ["l", "w", "c"]
    files = opts.operands or ["-"]
    named = bool(opts.operands)
    results: list[tuple[dict[str, int], str | None]] = []
    status = 0
    width = 1
    if not (len(files) == 1 and len(chosen) == 1):
        regular, minimum = 0, 1
        for operand in files:
            st = None if operand == "-" else proc.fs.stat(proc.path(operand))
            if operand == "-" or (st is not None and st.kind != "file"):
                minimum = 7
            elif st is not None:
                regular += st.size
        width = max(len(str(regular)), minimum)
    out = Output(proc)
    totals = dict.fromkeys("lwmcL", 0)
    for operand in files:
        try:
            text = await read_input(proc, operand)
            counts = _wc_counts(text)
        except FSError as err:
            await out.flush()
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
            if err.errno != 21:  # a directory is still reported with zero counts
                continue
            counts = dict.fromkeys("lwmcL", 0)
        for k in totals:
            totals[k] = max(totals[k], counts[k]) if k == "L" else totals[k] + counts[k]
        results.append((counts, operand if named else None))
        await out.write(_wc_row(counts, chosen, width, operand if named else None))
    if len(files) > 1:
        await out.write(_wc_row(totals, chosen, width, "total"))
    await out.flush()
    return status


def _wc_row(counts: dict[str, int], chosen: list[str], width: int, name: str | None) -> str:
    row = " ".join(f"{counts[k]:>{width}}" for k in chosen)
    return f"{row} {name}\n" if name is not None else f"{row}\n"


# ------------------------------------------------------------------------------------ tee

_TEE_LONG = {
    **STANDARD_LONG,
    "append": ("a", "none"),
    "ignore-interrupts": ("i", "none"),
    "output-error": ("p", "optional"),
}


async def tee(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "aip", _TEE_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    status = 0
    targets: dict[str, OutputStream] = {}
    for operand in opts.operands:
        try:
            targets[operand] = open_output(proc, operand, append=opts.has("a"))
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    while chunk := await proc.stdin.read(65536):
        await proc.checkpoint()
        for operand, stream in list(targets.items()):
            try:
                await stream.write(chunk)
            except WriteError as err:
                await proc.error(f"{operand}: {err.strerror}")
                del targets[operand]
                status = 1
        await proc.stdout.write(chunk)
    return status


# ------------------------------------------------------------------------------------ tac, rev, nl


async def _each_line_operand(proc: Process, long_usage: str) -> tuple[list[str], int] | int:
    opts = await parse_or_answer(proc, proc.argv[1:], "", STANDARD_LONG, usage=long_usage)
    if isinstance(opts, int):
        return opts
    return opts.operands or ["-"], 0


async def tac(proc: Process) -> int:
    parsed = await _each_line_operand(proc, "[OPTION]... [FILE]...")
    if isinstance(parsed, int):
        return parsed
    files, status = parsed
    out = Output(proc)
    for operand in files:
        try:
            lines = split_lines(await read_input(proc, operand))
        except FSError as err:
            await out.flush()
            await proc.error(f"failed to open '{operand}' for reading: {strerror(err)}")
            status = 1
            continue
        if lines and not lines[-1].endswith("\n"):
            last = lines.pop()
            await out.write(last)
        for line in reversed(lines):
            await proc.checkpoint()
            await out.write(line)
    await out.flush()
    return status


async def rev(proc: Process) -> int:
    parsed = await _each_line_operand(proc, "[options] [file ...]")
    if isinstance(parsed, int):
        return parsed
    files, status = parsed
    failed = await rewrite_lines(proc, files, _reversed_line, error_prefix="cannot open ")
    return failed or status


def _reversed_line(line: str) -> str:
    body = line.rstrip("\n")
    return body[::-1] + line[len(body) :]


_NL_LONG = {
    **STANDARD_LONG,
    "body-numbering": ("b", "required"),
    "number-width": ("w", "required"),
    "number-separator": ("s", "required"),
    "starting-line-number": ("v", "required"),
    "line-increment": ("i", "required"),
    "number-format": ("n", "required"),
}


async def nl(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "b:w:s:v:i:n:h:f:d:l:p", _NL_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    style = opts.last("b") or "t"
    try:
        width = int(opts.last("w") or "6")
        number = int(opts.last("v") or "1")
        step = int(opts.last("i") or "1")
    except ValueError:
        return await usage_error(proc, "invalid line number field width")
    sep = opts.last("s")
    sep = "\t" if sep is None else sep
    fmt = opts.last("n") or "rn"
    status = 0
    out = Output(proc)
    for operand in opts.operands or ["-"]:
        try:
            async for raw in input_lines(proc, operand):
                line = raw if raw.endswith("\n") else raw + "\n"
                body = line[:-1]
                numbered = style == "a" or (style == "t" and body != "")
                if style.startswith("p"):
                    numbered = re.search(style[1:], body) is not None
                if numbered:
                    text = str(number)
                    cell = (
                        text.ljust(width)
                        if fmt == "ln"
                        else text.zfill(width)
                        if fmt == "rz"
                        else text.rjust(width)
                    )
                    await out.write(cell + sep + line)
                    number += step
                else:
                    await out.write(" " * (width + len(sep)) + line)
        except FSError as err:
            await out.flush()
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    await out.flush()
    return status
