"""Utilities that pass text through: cat, head, tail, wc, tee, tac, rev, nl."""

from __future__ import annotations

import re

from mockserver.engines.simulated.process import InputStream, Process, decode, encode
from mockserver.engines.simulated.utilities.numbers import parse_signed_count
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    UsageError,
    help_or_version,
    parse,
    permutes,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import (
    STDIN_NAMES,
    Output,
    input_lines,
    is_endless,
    locale_quote,
    open_stream,
    read_input,
    split_lines,
    standard_output,
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
    try:
        opts = parse(proc.argv[1:], "AbeEnstTuv", _CAT_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
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
    if operand in STDIN_NAMES or is_endless(proc, operand):
        await out.flush()
        stream = open_stream(proc, operand)
        while chunk := await stream.read(65536):
            await proc.checkpoint()
            await proc.stdout.write(chunk)
        return
    data = proc.fs.read_bytes(proc.path(operand))
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


# ------------------------------------------------------------------------------------ head/tail

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


async def head(proc: Process) -> int:
    argv = _obsolete_count(proc.argv, "n")
    try:
        opts = parse(argv[1:], "n:c:qvz", _HEAD_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
    mode, raw = "n", "10"
    for key, value in opts.options:
        if key in ("n", "c") and value is not None:
            mode, raw = key, value
    count = parse_signed_count(raw)
    if count is None:
        what = "lines" if mode == "n" else "bytes"
        await proc.error(f"invalid number of {what}: {locale_quote(raw)}")
        return 1
    sign, n = count
    files = opts.operands or ["-"]
    last_qv = [k for k, _ in opts.options if k in "qv"][-1:]
    headers = (len(files) > 1 and last_qv != ["q"]) or last_qv == ["v"]
    out = Output(proc)
    status = 0
    printed = 0
    for operand in files:
        missing = operand != "-" and proc.fs.stat(proc.path(operand)) is None
        if headers and not missing:
            name = "standard input" if operand == "-" else operand
            await out.write(("\n" if printed else "") + f"==> {name} <==\n")
            printed += 1
        try:
            if mode == "n":
                await _head_lines(proc, operand, n, sign == "-", out)
            elif sign != "-" and (operand in STDIN_NAMES or is_endless(proc, operand)):
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
    try:
        opts = parse(argv[1:], "n:c:qvzfFs:", _TAIL_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
    mode, raw = "n", "10"
    for key, value in opts.options:
        if key in ("n", "c") and value is not None:
            mode, raw = key, value
    count = parse_signed_count(raw)
    if count is None:
        what = "lines" if mode == "n" else "bytes"
        await proc.error(f"invalid number of {what}: {locale_quote(raw)}")
        return 1
    sign, n = count
    files = opts.operands or ["-"]
    last_qv = [k for k, _ in opts.options if k in "qv"][-1:]
    headers = (len(files) > 1 and last_qv != ["q"]) or last_qv == ["v"]
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
            name = "standard input" if operand == "-" else operand
            await out.write(("\n" if printed else "") + f"==> {name} <==\n")
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
    try:
        opts = parse(proc.argv[1:], "clLmw", _WC_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
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
    try:
        opts = parse(proc.argv[1:], "aip", _TEE_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
    status = 0
    targets: list[str] = []
    for operand in opts.operands:
        try:
            if standard_output(proc, operand) is None:
                proc.fs.write_bytes(proc.path(operand), b"", append=opts.has("a"))
            targets.append(operand)
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    while chunk := await proc.stdin.read(65536):
        await proc.checkpoint()
        for operand in list(targets):
            stream = standard_output(proc, operand)
            try:
                if stream is not None:
                    await stream.write(chunk)
                else:
                    proc.fs.write_bytes(proc.path(operand), encode(chunk), append=True)
            except FSError as err:
                await proc.error(f"{operand}: {strerror(err)}")
                targets.remove(operand)
                status = 1
        await proc.stdout.write(chunk)
    return status


# ------------------------------------------------------------------------------------ tac, rev, nl


async def _each_line_operand(proc: Process, long_usage: str) -> tuple[list[str], int] | int:
    try:
        opts = parse(proc.argv[1:], "", STANDARD_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, long_usage):
        return 0
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
    out = Output(proc)
    for operand in files:
        try:
            async for line in input_lines(proc, operand):
                body = line.rstrip("\n")
                await out.write(body[::-1] + line[len(body) :])
        except FSError as err:
            await out.flush()
            await proc.error(f"cannot open {operand}: {strerror(err)}")
            status = 1
    await out.flush()
    return status


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
    try:
        opts = parse(proc.argv[1:], "b:w:s:v:i:n:h:f:d:l:p", _NL_LONG, permute=permutes(proc))
    except UsageError as e:
        return await usage_error(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... [FILE]..."):
        return 0
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
