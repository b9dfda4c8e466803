"""``printf`` and ``sprintf`` formats, as mawk applies them (C's printf with mawk's casts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mockserver.engines.simulated.utilities.awk.errors import AwkLimitError, AwkRuntimeError
from mockserver.engines.simulated.utilities.awk.values import (
    StrNum,
    format_special,
    to_int,
    to_num,
    to_str,
    to_uint,
)

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.values import Value

#: Widths and precisions beyond this would only fill memory.
MAX_WIDTH = 1 << 24
_SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?[hlLqjzt]*(.?)", re.DOTALL)


def _star(
    args: Sequence[Value], index: int, fmt: str, caller: str, out: list[str]
) -> tuple[int, int]:
    if index >= len(args):
        raise AwkRuntimeError(f'not enough arguments passed to {caller}("{fmt}")', "".join(out))
    return to_int(to_num(args[index])), index + 1


def format_values(fmt: str, args: Sequence[Value], convfmt: str, caller: str = "sprintf") -> str:
    """Apply ``fmt`` to ``args``; raises :class:`AwkRuntimeError` as mawk would."""
    out: list[str] = []
    pos = 0
    index = 0
    conversions = 0
    while True:
        percent = fmt.find("%", pos)
        if percent < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:percent])
        m = _SPEC.match(fmt, percent)
        assert m is not None
        flags, width, precision, conv = m.groups()
        pos = m.end()
        if conv == "%" and not flags and width is None and precision is None:
            out.append("%")
            continue
        conversions += 1
        if width is not None and width != "*" and int(width) > MAX_WIDTH:
            raise AwkLimitError(f"printf width {width} > {MAX_WIDTH}")
        if width == "*":
            star, index = _star(args, index, fmt, caller, out)
            if star < 0:
                flags += "-"
            width = str(abs(star))
        if precision == "*":
            star, index = _star(args, index, fmt, caller, out)
            precision = str(star) if star >= 0 else None
        for number in (width, precision):
            if number and int(number) > MAX_WIDTH:
                raise AwkLimitError(f"printf width {number} > {MAX_WIDTH}")
        if index >= len(args):
            raise AwkRuntimeError(f'not enough arguments passed to {caller}("{fmt}")', "".join(out))
        if conv not in "cdiouxXeEfFgGs" or not conv:
            raise AwkRuntimeError(f'improper conversion(number {conversions}) in {caller}("{fmt}")')
        arg = args[index]
        index += 1
        spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
        out.append(_convert(spec, flags, width, precision, conv, arg, convfmt))
    return "".join(out)


def _convert(
    spec: str,
    flags: str,
    width: str | None,
    precision: str | None,
    conv: str,
    arg: Value,
    convfmt: str,
) -> str:
    if conv == "s":
        if precision == "":  # mawk reads "%.s" as no precision at all
            spec = "%" + flags + (width or "")
        return (spec + "s") % to_str(arg, convfmt)
    if conv == "c":
        if isinstance(arg, float) or (isinstance(arg, StrNum) and arg.numeric):
            ch = chr(to_int(to_num(arg)) & 0xFF)
        else:
            text = to_str(arg, convfmt)
            ch = text[0] if text else "\0"
        if precision is not None and precision != "" and int(precision) == 0:
            ch = ""  # "%.0c" writes only the padding
        return ("%" + flags.replace("0", "") + (width or "") + "s") % ch
    number = to_num(arg) if not isinstance(arg, StrNum) else arg.num
    if conv in "di":
        return _integer(to_int(number), conv, flags, width, precision)
    if conv in "ouxX":
        return _integer(to_uint(number), conv, flags, width, precision)
    special = format_special(number)
    if special is not None:
        if conv in "EFG":
            special = special.upper()
        if "+" in flags and not special.startswith("-"):
            special = "+" + special
        elif " " in flags and not special.startswith("-"):
            special = " " + special
        return ("%" + ("-" if "-" in flags else "") + (width or "") + "s") % special
    return (spec + conv) % number


def _integer(value: int, conv: str, flags: str, width: str | None, precision: str | None) -> str:
    """An integer conversion as C's printf writes it (Python's ``%`` differs in corners)."""
    digits = {"o": "o", "x": "x", "X": "X"}.get(conv, "d")
    body = format(abs(value), digits)
    if precision is not None:
        body = "" if value == 0 and int(precision or 0) == 0 else body.zfill(int(precision or 0))
    prefix = ""
    if conv in "di":
        prefix = "-" if value < 0 else "+" if "+" in flags else " " if " " in flags else ""
    elif "#" in flags:
        if conv == "o" and not body.startswith("0"):
            body = "0" + body
        elif conv in "xX" and value != 0:
            prefix = "0" + conv
    size = int(width or 0)
    padding = max(size - len(prefix) - len(body), 0)
    if "-" in flags:
        return prefix + body + " " * padding
    if "0" in flags and precision is None:
        return prefix + "0" * padding + body
    return " " * padding + prefix + body
