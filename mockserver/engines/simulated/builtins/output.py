"""``echo`` (dash's: ``-n`` and backslash escapes) and ``printf``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mockserver.engines.simulated.arithmetic import parse_integer
from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.process import Process

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell

_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
}


def _escapes(text: str, *, echo_style: bool) -> tuple[str, bool]:
    """Backslash escapes as dash's echo and ``%b`` (``\\0NNN`` or ``\\NNN``) or printf's
    format (``\\NNN``) read them.

    Returns the text and whether ``\\c`` stopped it.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "c":
            return "".join(out), True
        elif nxt in "01234567":
            # \0NNN and \NNN in echo and %b; \NNN (leading 0 included) in a format
            start = i + 2 if echo_style and nxt == "0" else i + 1
            digits = re.match(r"[0-7]{0,3}", text[start:])
            value = digits.group(0) if digits else ""
            byte = int(value or "0", 8) & 0xFF
            # A byte, not a character: high bytes travel as surrogate escapes (see process.py).
            out.append(chr(byte) if byte < 0x80 else chr(0xDC00 + byte))
            i = start + len(value)
        else:
            out.append(c)
            i += 1
    return "".join(out), False


async def echo(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    newline = True
    if args and args[0] == "-n":
        newline = False
        args = args[1:]
    text, stopped = _escapes(" ".join(args), echo_style=True)
    if not stopped and newline:
        text += "\n"
    await process.stdout.write(text)
    return 0


_SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([a-zA-Z%])")


_INT64 = (-(1 << 63), (1 << 63) - 1)


def _unbounded(raw: str) -> int | None:
    """A numeric operand's value without C's bounds (to detect overflow), or None."""
    text = raw.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    try:
        if digits[:2].lower() == "0x":
            return sign * int(digits[2:], 16)
        if digits.startswith("0") and len(digits) > 1:
            return sign * int(digits, 8)
        return sign * int(digits, 10)
    except ValueError:
        return None


def _alternate(value: int, conversion: str, flags: str, width: str | None) -> str:
    """``%#o`` / ``%#x`` as C prints them: ``0`` and ``0x`` prefixes, none for zero in hex."""
    if conversion == "o":
        digits = format(value, "o")
        prefix = "" if digits.startswith("0") else "0"
    else:
        digits = format(value, conversion)
        prefix = ("0" + conversion) if value else ""
    size = int(width) if width and width.isdigit() else 0
    if "0" in flags and "-" not in flags:
        return prefix + digits.zfill(size - len(prefix))
    text = prefix + digits
    return text.ljust(size) if "-" in flags else text.rjust(size)


async def printf(shell: Shell, process: Process) -> int:
    if len(process.argv) < 2:
        await report(shell, process, "printf: usage: printf format [arg ...]")
        return 2
    operands = process.argv[1:]
    if operands[0] == "--":
        operands = operands[1:]
    elif operands[0].startswith("-") and len(operands[0]) > 1:
        await report(shell, process, f"printf: Illegal option {operands[0][:2]}")
        return 2
    if not operands:
        await report(shell, process, "printf: usage: printf format [arg ...]")
        return 2
    fmt = operands[0]
    args = operands[1:]
    status = 0
    out: list[str] = []
    index = 0

    def take() -> str | None:
        nonlocal index
        if index < len(args):
            index += 1
            return args[index - 1]
        return None

    async def number(raw: str | None, *, unsigned: bool = False) -> int:
        nonlocal status
        if raw is None or raw == "":
            return 0
        if raw[:1] in "'\"" and len(raw) > 1:
            return ord(raw[1])
        value = parse_integer(raw)
        big = _unbounded(raw)
        if big is not None and not _INT64[0] <= big <= _INT64[1]:
            await report(shell, process, f"printf: {raw}: Numerical result out of range")
            status = 1
            return max(_INT64[0], min(big, _INT64[1] if not unsigned else (1 << 64) - 1))
        if value is None:
            match = re.match(r"\s*[-+]?[0-9]+", raw)
            await report(shell, process, f"printf: {raw}: expected numeric value")
            status = 1
            return int(match.group(0)) if match else 0
        return value

    while True:
        consumed_before = index
        position = 0
        stop = False
        while position < len(fmt):
            char = fmt[position]
            if char == "\\":
                end = position + 2
                if position + 1 < len(fmt) and fmt[position + 1] in "01234567":
                    digits = re.match(r"[0-7]{1,3}", fmt[position + 1 :])
                    end = position + 1 + (len(digits.group(0)) if digits else 1)
                piece, stopped = _escapes(fmt[position:end], echo_style=False)
                out.append(piece)
                if stopped:
                    stop = True
                    break
                position = end
                continue
            if char != "%":
                out.append(char)
                position += 1
                continue
            match = _SPEC.match(fmt, position)
            if match is None:
                await report(
                    shell,
                    process,
                    f"printf: %{fmt[position + 1 : position + 2]}: invalid directive",
                )
                return 1
            position = match.end()
            flags, width, precision, conversion = match.groups()
            if conversion == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(await number(take()))
            if precision == "*":
                precision = str(await number(take()))
            spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
            if conversion == "s":
                out.append((spec + "s") % (take() or ""))
            elif conversion == "b":
                piece, stopped = _escapes(take() or "", echo_style=True)
                out.append((spec + "s") % piece)
                if stopped:
                    stop = True
                    break
            elif conversion == "c":
                raw = take() or ""
                out.append((spec + "s") % (raw[:1] or "\0"))  # dash prints NUL for none
            elif conversion in "diouxX":
                value = await number(take(), unsigned=conversion in "ouxX")
                if conversion in "ouxX" and value < 0:
                    value += 1 << 64
                if "#" in flags and conversion in "oxX":
                    out.append(_alternate(value, conversion, flags, width))
                    continue
                py = "d" if conversion in "iu" else conversion
                out.append((spec + py) % value)
            elif conversion in "feEgGaA":
                real_raw = take()
                try:
                    real = float(real_raw) if real_raw else 0.0
                except ValueError:
                    await report(shell, process, f"printf: {real_raw}: expected numeric value")
                    status = 1
                    real = 0.0
                out.append((spec + conversion) % real)
            else:
                await report(shell, process, f"printf: %{conversion}: invalid directive")
                return 1
        if stop or index == consumed_before or index >= len(args):
            break
    await process.stdout.write("".join(out))
    return status


BUILTINS: dict[str, Builtin] = {"echo": echo, "printf": printf}
