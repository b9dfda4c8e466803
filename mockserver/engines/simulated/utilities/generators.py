"""Utilities that make output from nothing: seq, yes."""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import Output, locale_quote

_SEQ_LONG = {
    **STANDARD_LONG,
    "separator": ("s", "required"),
    "equal-width": ("w", "none"),
    "format": ("f", "required"),
}
_NUMBERISH = re.compile(r"-[0-9.]")
_FORMAT = re.compile(r"%([-+ #0']*)([0-9]*)(?:\.([0-9]*))?([aAeEfFgG])")


def _split_negative_numbers(argv: list[str]) -> tuple[list[str], list[str]]:
    """Options, then operands: a negative number ends the options, as in GNU seq."""
    for i, arg in enumerate(argv):
        if _NUMBERISH.match(arg):
            return argv[:i], argv[i:]
        if arg == "--":
            return argv[:i], argv[i + 1 :]
    return argv, []


def _decimals(text: str) -> int | None:
    """Digits after the point of a fixed-notation number; None for exponent notation."""
    if re.search(r"[eE]", text):
        return None
    _, dot, frac = text.partition(".")
    return len(frac) if dot else 0


async def seq(proc: Process) -> int:
    head, tail = _split_negative_numbers(proc.argv[1:])
    opts = await parse_or_answer(proc, head, "s:wf:", _SEQ_LONG, usage="[OPTION]... LAST")
    if isinstance(opts, int):
        return opts
    operands = opts.operands + tail
    if not operands:
        return await usage_error(proc, "missing operand")
    if len(operands) > 3:
        return await usage_error(proc, f"extra operand {locale_quote(operands[3])}")
    values: list[Decimal] = []
    for raw in operands:
        try:
            value = Decimal(raw.strip())
            if value.is_nan():
                raise InvalidOperation
        except InvalidOperation:
            return await usage_error(proc, f"invalid floating point argument: {locale_quote(raw)}")
        values.append(value)
    first, step, last = Decimal(1), Decimal(1), values[-1]
    if len(values) >= 2:
        first = values[0]
    if len(values) == 3:
        step = values[1]
    if step == 0:
        return await usage_error(proc, f"invalid Zero increment value: {locale_quote(operands[1])}")
    fmt = opts.last("f")
    sep = opts.last("s")
    sep = "\n" if sep is None else sep
    given = operands[:-1] if len(operands) > 1 else []
    precisions = [_decimals(t) for t in given]
    fixed = None not in precisions
    precision = max((p for p in precisions if p is not None), default=0)

    def render(v: Decimal) -> str:
        if fmt is not None:
            return _printf(fmt, v)
        if fixed:
            return f"{v:.{precision}f}"
        return f"{float(v):g}" if v != v.to_integral_value() else str(int(v))

    width = 0
    if opts.has("w") and fmt is None:
        width = max(len(render(first)), len(render(last)))
    out = Output(proc)
    integral = all(v == v.to_integral_value() for v in (first, step, last))
    if fmt is None and not width and fixed and precision == 0 and integral:
        await _integer_run(proc, out, int(first), int(step), int(last), sep)
        return 0
    i = 0
    value = first
    started = False
    while (step > 0 and value <= last) or (step < 0 and value >= last):
        await proc.checkpoint()
        text = render(value)
        if width:
            text = (
                ("-" + text[1:].rjust(width - 1, "0"))
                if text.startswith("-")
                else text.rjust(width, "0")
            )
        await out.write((sep if started else "") + text)
        started = True
        i += 1
        value = first + step * i
    if started:
        await out.write("\n")
    await out.flush()
    return 0


async def _integer_run(
    proc: Process, out: Output, first: int, step: int, last: int, sep: str
) -> None:
    """The common case, ``seq 1000000``, a block of numbers at a time."""
    stop = last + (1 if step > 0 else -1)
    numbers = range(first, stop, step)
    if not numbers:
        return
    block = 10_000
    for start in range(0, len(numbers), block):
        await proc.checkpoint()
        text = sep.join(map(str, numbers[start : start + block]))
        await out.write((sep if start else "") + text)
    await out.write("\n")
    await out.flush()


def _printf(fmt: str, value: Decimal) -> str:
    m = _FORMAT.search(fmt)
    if m is None:
        return fmt
    spec = m.group(0).replace("'", "")
    return fmt[: m.start()] + (spec % float(value)) + fmt[m.end() :].replace("%%", "%")


async def yes(proc: Process) -> int:
    opts = await parse_or_answer(proc, proc.argv[1:], "", STANDARD_LONG, usage="[STRING]...")
    if isinstance(opts, int):
        return opts
    line = (" ".join(opts.operands) if opts.operands else "y") + "\n"
    block = line * max(1, 8192 // len(line))
    while True:
        await proc.checkpoint()
        await proc.stdout.write(block)


_SHUF_LONG = {
    **STANDARD_LONG,
    "echo": ("e", "none"),
    "input-range": ("i", "required"),
    "head-count": ("n", "required"),
    "repeat": ("r", "none"),
    "output": ("o", "required"),
    "zero-terminated": ("z", "none"),
    "random-source": ("random-source", "required"),
}


async def shuf(proc: Process) -> int:
    """Lines in a random order (as the real tool, the order differs from run to run)."""
    from mockserver.engines.simulated.utilities.streams import read_input, split_lines, strerror
    from mockserver.engines.simulated.vfs import FSError

    opts = await parse_or_answer(
        proc, proc.argv[1:], "ei:n:ro:z", _SHUF_LONG, usage="[OPTION]... [FILE]"
    )
    if isinstance(opts, int):
        return opts
    span = opts.last("i")
    if opts.has("e"):
        items = list(opts.operands)
    elif span is not None:
        lo, dash, hi = span.partition("-")
        if not (dash and lo.isdigit() and hi.isdigit()) or int(hi) + 1 < int(lo):
            await proc.error(f"invalid input range: {locale_quote(span)}")
            return 1
        items = [str(n) for n in range(int(lo), int(hi) + 1)]
    else:
        operand = opts.operands[0] if opts.operands else "-"
        try:
            items = [line.rstrip("\n") for line in split_lines(await read_input(proc, operand))]
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            return 1
    count_raw = opts.last("n")
    count = len(items) if count_raw is None else int(count_raw) if count_raw.isdigit() else -1
    if count < 0:
        await proc.error(f"invalid line count: {locale_quote(count_raw or '')}")
        return 1
    rng = random.SystemRandom()
    if opts.has("r"):
        chosen = [rng.choice(items) for _ in range(count)] if items else []
    else:
        chosen = rng.sample(items, min(count, len(items)))
    await proc.stdout.write("".join(item + "\n" for item in chosen))
    return 0
