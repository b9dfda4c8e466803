"""Line and column filters: uniq, cut, paste, comm."""

from __future__ import annotations

from mockserver.engines.simulated.process import Process, decode, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    input_lines,
    locale_quote,
    read_input,
    rewrite_lines,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

# ------------------------------------------------------------------------------------ uniq

_UNIQ_LONG = {
    **STANDARD_LONG,
    "count": ("c", "none"),
    "repeated": ("d", "none"),
    "all-repeated": ("D", "optional"),
    "unique": ("u", "none"),
    "ignore-case": ("i", "none"),
    "skip-fields": ("f", "required"),
    "skip-chars": ("s", "required"),
    "check-chars": ("w", "required"),
    "zero-terminated": ("z", "none"),
    "group": ("group", "optional"),
}


def _uniq_key(line: str, fields: int, chars: int, width: int | None, fold: bool) -> str:
    body = line.rstrip("\n")
    pos = 0
    for _ in range(fields):
        while pos < len(body) and body[pos] in " \t":
            pos += 1
        while pos < len(body) and body[pos] not in " \t":
            pos += 1
    body = body[pos + chars :]
    if width is not None:
        body = body[:width]
    return body.lower() if fold else body


async def uniq(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "cdDuif:s:w:z", _UNIQ_LONG, usage="[OPTION]... [INPUT [OUTPUT]]"
    )
    if isinstance(opts, int):
        return opts
    numbers: dict[str, int | None] = {}
    for key, what in (
        ("f", "number of fields to skip"),
        ("s", "number of bytes to skip"),
        ("w", "number of bytes to compare"),
    ):
        raw = opts.last(key)
        if raw is None:
            numbers[key] = None
        elif raw.isdigit():
            numbers[key] = int(raw)
        else:
            await proc.error(f"{raw}: invalid {what}")  # GNU names the value first
            return 1
    if len(opts.operands) > 2:
        return await usage_error(proc, f"extra operand {locale_quote(opts.operands[2])}")
    if opts.has("D") and opts.has("c"):
        return await usage_error(
            proc, "printing all duplicated lines and repeat counts is meaningless"
        )
    source = opts.operands[0] if opts.operands else "-"
    target = opts.operands[1] if len(opts.operands) > 1 else None
    count, only_dup, only_uniq = opts.has("c"), opts.has("d"), opts.has("u")
    all_dup = opts.has("D")
    fields, chars, width = numbers["f"] or 0, numbers["s"] or 0, numbers["w"]
    fold = opts.has("i")
    out_parts: list[str] = []
    out = Output(proc)

    async def emit(group: list[str]) -> None:
        n = len(group)
        if all_dup:
            # With -u too, GNU leaves out the last line of each group.
            if n > 1:
                for line in group[:-1] if only_uniq else group:
                    await write(line)
            return
        if (only_dup and n < 2) or (only_uniq and n > 1):
            return
        line = group[0]
        await write(f"{n:7d} {line}" if count else line)

    async def write(text: str) -> None:
        if not text.endswith("\n"):
            text += "\n"
        if target is None:
            await out.write(text)
        else:
            out_parts.append(text)

    try:
        group: list[str] = []
        last_key: str | None = None
        async for line in input_lines(proc, source):
            key = _uniq_key(line, fields, chars, width, fold)
            if group and key == last_key:
                group.append(line)
                continue
            if group:
                await emit(group)
            group, last_key = [line], key
        if group:
            await emit(group)
    except FSError as err:
        await out.flush()
        await proc.error(f"{source}: {strerror(err)}")
        return 1
    await out.flush()
    if target is not None:
        try:
            proc.fs.write_bytes(proc.path(target), encode("".join(out_parts)))
        except FSError as err:
            await proc.error(f"{target}: {strerror(err)}")
            return 1
    return 0


# ------------------------------------------------------------------------------------ cut

_CUT_LONG = {
    **STANDARD_LONG,
    "bytes": ("b", "required"),
    "characters": ("c", "required"),
    "fields": ("f", "required"),
    "delimiter": ("d", "required"),
    "only-delimited": ("s", "none"),
    "complement": ("complement", "none"),
    "output-delimiter": ("output-delimiter", "required"),
    "zero-terminated": ("z", "none"),
}


class _ListError(Exception):
    pass


def _parse_list(spec: str, fields: bool) -> list[tuple[int, int | None]]:
    zero = (
        "fields are numbered from 1" if fields else "byte/character positions are numbered from 1"
    )
    ranges: list[tuple[int, int | None]] = []
    for part in spec.replace(" ", ",").split(","):
        lo_s, dash, hi_s = part.partition("-")
        if dash and not lo_s and not hi_s:
            raise _ListError("invalid range with no endpoint: -")
        if part == "" or (lo_s and not lo_s.isdigit()) or (hi_s and not hi_s.isdigit()):
            if part == "":
                raise _ListError(zero)
            what = "field value" if fields else "byte/character position"
            raise _ListError(f"invalid {what} {locale_quote(part)}")
        lo = int(lo_s) if lo_s else 1
        hi: int | None = (int(hi_s) if hi_s else None) if dash else lo
        if lo == 0 or hi == 0:
            raise _ListError(zero)
        if hi is not None and hi < lo:
            raise _ListError("invalid decreasing range")
        ranges.append((lo, hi))
    return ranges


def _selected(index: int, ranges: list[tuple[int, int | None]]) -> bool:
    return any(lo <= index and (hi is None or index <= hi) for lo, hi in ranges)


def _spans(ranges: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """The ranges as merged, ordered slice bounds (0-based, end exclusive; None: to the end)."""
    merged: list[list[int | None]] = []
    for lo, hi in sorted(ranges, key=lambda r: r[0]):
        start, end = lo - 1, hi
        if merged:
            last_end = merged[-1][1]
            if last_end is None or start <= last_end:
                if last_end is not None and (end is None or end > last_end):
                    merged[-1][1] = end
                continue
        merged.append([start, end])
    return [(int(a or 0), b) for a, b in merged]


def _chosen(count: int, ranges: list[tuple[int, int | None]], complement: bool) -> list[int]:
    """The 1-based positions out of ``count`` that a list selects (or, complemented, leaves)."""
    return [i for i in range(1, count + 1) if _selected(i, ranges) != complement]


async def cut(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "b:c:f:d:snz", _CUT_LONG, usage="OPTION... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    modes = [(k, v) for k, v in opts.options if k in ("b", "c", "f") and v is not None]
    if not modes:
        return await usage_error(proc, "you must specify a list of bytes, characters, or fields")
    if len({k for k, _ in modes}) > 1:
        return await usage_error(proc, "only one list may be specified")
    mode, spec = modes[-1]
    delim = opts.last("d")
    if delim is not None and mode != "f":
        return await usage_error(
            proc, "an input delimiter may be specified only when operating on fields"
        )
    if opts.has("s") and mode != "f":
        return await usage_error(
            proc, "suppressing non-delimited lines makes sense\n\tonly when operating on fields"
        )
    if delim is not None and len(delim) > 1:
        return await usage_error(proc, "the delimiter must be a single character")
    try:
        ranges = _parse_list(spec, mode == "f")
    except _ListError as e:
        return await usage_error(proc, str(e))
    if delim is None:
        delim = "\t"
    elif delim == "":
        delim = "\0"
    complement = opts.has("complement")
    out_delim = opts.last("output-delimiter")
    cache: dict[int, list[int]] = {}
    spans = None if complement or mode == "f" else _spans(ranges)
    only_delimited = opts.has("s")

    def cut_line(line: str) -> str:
        body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "\n")
        if mode == "f":
            if delim not in body:
                return "" if only_delimited else body + nl
            parts = body.split(delim)
            keep = [parts[i - 1] for i in _chosen(len(parts), ranges, complement)]
            return (delim if out_delim is None else out_delim).join(keep) + nl
        data = encode(body)
        if spans is not None and out_delim is None:
            return decode(b"".join(data[a:b] for a, b in spans)) + nl
        chosen = cache.get(len(data))
        if chosen is None:
            chosen = cache[len(data)] = _chosen(len(data), ranges, complement)
        if out_delim is None:
            return decode(bytes(data[i - 1] for i in chosen)) + nl
        pieces: list[bytes] = []
        prev = -2
        for i in chosen:
            if i == prev + 1 and pieces:
                pieces[-1] += data[i - 1 : i]
            else:
                pieces.append(data[i - 1 : i])
            prev = i
        return out_delim.join(decode(p) for p in pieces) + nl

    return await rewrite_lines(proc, opts.operands or ["-"], cut_line)


# ------------------------------------------------------------------------------------ paste

_PASTE_LONG = {
    **STANDARD_LONG,
    "delimiters": ("d", "required"),
    "serial": ("s", "none"),
    "zero-terminated": ("z", "none"),
}


def _delimiters(spec: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(spec):
        c = spec[i]
        if c == "\\" and i + 1 < len(spec):
            nxt = spec[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\", "0": ""}.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return out


async def paste(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "d:sz", _PASTE_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    delims = _delimiters(opts.last("d") or "\t") if opts.last("d") != "" else [""]
    contents: list[list[str]] = []
    stdin_lines: list[str] | None = None
    for operand in opts.operands or ["-"]:
        try:
            if operand == "-":
                if stdin_lines is None:
                    stdin_lines = [
                        line.rstrip("\n") for line in split_lines(await proc.stdin.read_all())
                    ]
                    contents.append(stdin_lines)
                else:
                    # A serial paste reads stdin through once: later "-" find it empty.
                    contents.append(stdin_lines if not opts.has("s") else [])
            else:
                contents.append(
                    [line.rstrip("\n") for line in split_lines(await read_input(proc, operand))]
                )
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            return 1
    out = Output(proc)
    if opts.has("s"):
        for lines in contents:
            row = ""
            for i, line in enumerate(lines):
                row += (delims[(i - 1) % len(delims)] if i else "") + line
            await out.write(row + "\n")
    else:
        shared = sum(1 for c in contents if c is stdin_lines) > 1
        if shared and stdin_lines is not None:
            # Several "-" operands take stdin lines in turn, as the real tool does.
            n = sum(1 for c in contents if c is stdin_lines)
            split = [stdin_lines[k::n] for k in range(n)]
            it = iter(split)
            contents = [next(it) if c is stdin_lines else c for c in contents]
        height = max((len(c) for c in contents), default=0)
        for r in range(height):
            await proc.checkpoint()
            row = ""
            for i, lines in enumerate(contents):
                row += (delims[(i - 1) % len(delims)] if i else "") + (
                    lines[r] if r < len(lines) else ""
                )
            await out.write(row + "\n")
    await out.flush()
    return 0


# ------------------------------------------------------------------------------------ comm

_COMM_LONG = {
    **STANDARD_LONG,
    "check-order": ("check-order", "none"),
    "nocheck-order": ("nocheck-order", "none"),
    "output-delimiter": ("output-delimiter", "required"),
    "total": ("total", "none"),
    "zero-terminated": ("z", "none"),
}


async def comm(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "123z", _COMM_LONG, usage="[OPTION]... FILE1 FILE2"
    )
    if isinstance(opts, int):
        return opts
    if len(opts.operands) < 2:
        if not opts.operands:
            return await usage_error(proc, "missing operand")
        return await usage_error(proc, f"missing operand after {locale_quote(opts.operands[0])}")
    if len(opts.operands) > 2:
        return await usage_error(proc, f"extra operand {locale_quote(opts.operands[2])}")
    sides: list[list[str]] = []
    for operand in opts.operands:
        try:
            sides.append(
                [line.rstrip("\n") for line in split_lines(await read_input(proc, operand))]
            )
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            return 1
    sep = opts.last("output-delimiter") or "\t"
    show = [not opts.has("1"), not opts.has("2"), not opts.has("3")]
    a, b = sides
    i = j = 0
    out = Output(proc)
    totals = [0, 0, 0]

    async def put(column: int, text: str) -> None:
        totals[column] += 1
        if show[column]:
            await out.write(sep * sum(show[:column]) + text + "\n")

    while i < len(a) or j < len(b):
        await proc.checkpoint()
        if j >= len(b) or (i < len(a) and a[i] < b[j]):
            await put(0, a[i])
            i += 1
        elif i >= len(a) or b[j] < a[i]:
            await put(1, b[j])
            j += 1
        else:
            await put(2, a[i])
            i += 1
            j += 1
    if opts.has("total"):
        await out.write(sep.join(str(t) for t in totals) + sep + "total\n")
    await out.flush()
    return 0
