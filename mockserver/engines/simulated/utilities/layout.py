"""Reshaping lines: fold, expand, unexpand, column."""

from __future__ import annotations

import itertools

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    locale_quote,
    read_input,
    rewrite_lines,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_FOLD_LONG = {
    **STANDARD_LONG,
    "bytes": ("b", "none"),
    "spaces": ("s", "none"),
    "width": ("w", "required"),
}


def _fold_line(body: str, width: int, at_spaces: bool, by_bytes: bool) -> list[str]:
    pieces: list[str] = []
    current = ""
    column = 0
    for ch in body:
        if by_bytes:
            advance = 1
        elif ch == "\t":
            advance = 8 - column % 8
        elif ch == "\b":
            advance = -1 if column else 0
        elif ch == "\r":
            advance = -column
        else:
            advance = 1
        if column + advance > width and current:
            if at_spaces and " " in current:
                cut = current.rfind(" ") + 1
                pieces.append(current[:cut])
                current = current[cut:]
            else:
                pieces.append(current)
                current = ""
            column = _columns(current, by_bytes)
            if not by_bytes and ch == "\t":
                advance = 8 - column % 8
        current += ch
        column += advance
    pieces.append(current)
    return pieces


def _columns(text: str, by_bytes: bool) -> int:
    column = 0
    for ch in text:
        column += 1 if by_bytes or ch != "\t" else 8 - column % 8
    return column


async def fold(proc: Process) -> int:
    argv = proc.argv[1:]
    # ``fold -20`` means ``fold -w 20``.
    argv = [f"-w{a[1:]}" if len(a) > 1 and a[0] == "-" and a[1:].isdigit() else a for a in argv]
    opts = await parse_or_answer(proc, argv, "bsw:", _FOLD_LONG, usage="[OPTION]... [FILE]...")
    if isinstance(opts, int):
        return opts
    raw = opts.last("w") or "80"
    if not raw.isdigit() or int(raw) < 1:
        await proc.error(f"invalid number of columns: {locale_quote(raw)}")
        return 1
    width = int(raw)
    at_spaces, by_bytes = opts.has("s"), opts.has("b")

    def fold_line(line: str) -> str:
        body = line[:-1] if line.endswith("\n") else line
        end = "\n" if line.endswith("\n") else ""
        return "\n".join(_fold_line(body, width, at_spaces, by_bytes)) + end

    return await rewrite_lines(proc, opts.operands or ["-"], fold_line)


def _tab_stops(specs: list[str]) -> list[int] | str:
    """Tab stops from every ``-t`` (one size, or ascending positions), or GNU's complaint."""
    stops: list[int] = []
    for spec in specs:
        for part in spec.replace(" ", ",").split(","):
            if not part:
                continue
            if not part.isdigit():
                return f"tab size contains invalid character(s): {locale_quote(part)}"
            stops.append(int(part))
    if any(b <= a for a, b in itertools.pairwise(stops)):
        return "tab sizes must be ascending"
    return stops or [8]


def _next_stop(column: int, stops: list[int]) -> int:
    if len(stops) == 1:
        return column + stops[0] - column % stops[0]
    for stop in stops:
        if stop > column:
            return stop
    return column + 1


async def expand(proc: Process) -> int:
    argv = [
        f"-t{a[1:]}" if len(a) > 1 and a[0] == "-" and a[1:].isdigit() else a for a in proc.argv[1:]
    ]
    opts = await parse_or_answer(
        proc,
        argv,
        "it:",
        {**STANDARD_LONG, "initial": ("i", "none"), "tabs": ("t", "required")},
        usage="[OPTION]... [FILE]...",
    )
    if isinstance(opts, int):
        return opts
    stops = _tab_stops(opts.values("t"))
    if isinstance(stops, str):
        await proc.error(stops)
        return 1
    initial_only = opts.has("i")
    return await rewrite_lines(
        proc, opts.operands or ["-"], lambda line: _expand_line(line, stops, initial_only)
    )


def _expand_line(line: str, stops: list[int], initial_only: bool) -> str:
    """A line with its tabs (only the leading ones, with ``-i``) turned into spaces."""
    result: list[str] = []
    column = 0
    leading = True
    for ch in line:
        if ch == "\t" and (leading or not initial_only):
            target = _next_stop(column, stops)
            result.append(" " * (target - column))
            column = target
            continue
        if ch != " ":
            leading = False
        result.append(ch)
        column = 0 if ch == "\n" else column + 1
    return "".join(result)


async def unexpand(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "at:",
        {
            **STANDARD_LONG,
            "all": ("a", "none"),
            "tabs": ("t", "required"),
            "first-only": ("first-only", "none"),
        },
        usage="[OPTION]... [FILE]...",
    )
    if isinstance(opts, int):
        return opts
    stops = _tab_stops(opts.values("t"))
    if isinstance(stops, str):
        await proc.error(stops)
        return 1
    size = stops[0] or 8
    every = opts.has("a", "t") and not opts.has("first-only")
    return await rewrite_lines(
        proc, opts.operands or ["-"], lambda line: _unexpand_line(line, size, every)
    )


def _unexpand_line(line: str, size: int, every: bool) -> str:
    out: list[str] = []
    column = 0
    pending = 0  # spaces not yet written
    leading = True
    for ch in line:
        if ch == " " and (leading or every):
            pending += 1
            column += 1
            if column % size == 0:
                out.append("\t" if pending > 1 else " ")
                pending = 0
            continue
        out.append(" " * pending)
        pending = 0
        if ch == "\t":
            column += size - column % size
        else:
            column += 1
            if ch != " ":
                leading = False
        out.append(ch)
    out.append(" " * pending)
    return "".join(out)


async def column(proc: Process) -> int:
    args = proc.argv[1:]
    table = False
    separator: str | None = None
    output_sep = "  "
    files: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-t", "--table"):
            table = True
        elif a in ("-s", "--separator") and i + 1 < len(args):
            separator = args[i + 1]
            i += 1
        elif a.startswith("-s") and len(a) > 2:
            separator = a[2:]
        elif a in ("-o", "--output-separator") and i + 1 < len(args):
            output_sep = args[i + 1]
            i += 1
        elif a.startswith("-") and a != "-" and all(c in "ts" for c in a[1:]):
            table = True
        else:
            files.append(a)
        i += 1
    text = ""
    for operand in files or ["-"]:
        try:
            text += await read_input(proc, operand)
        except FSError as err:
            await proc.error(f"cannot open {operand}: {strerror(err)}")
            return 1
    lines = [line.rstrip("\n") for line in split_lines(text)]
    out = Output(proc)
    if not table:
        for line in lines:
            if line.strip():
                await out.write(line + "\n")
        await out.flush()
        return 0
    rows: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        if separator is None:
            rows.append(line.split())
        else:
            cells = [line]
            for sep_char in separator:
                cells = [part for cell in cells for part in cell.split(sep_char)]
            rows.append(cells)
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], len(cell))
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        await out.write(
            output_sep.join(cells).rstrip(" ") + "\n"
            if output_sep == "  "
            else output_sep.join(cells) + "\n"
        )
    await out.flush()
    return 0
