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
        out.append(_convert(spec, flags, width, conv, arg, convfmt))
    return "".join(out)


def _convert(spec: str, flags: str, width: str | None, conv: str, arg: Value, convfmt: str) -> str:
    if conv == "s":
        return (spec + "s") % to_str(arg, convfmt)
    if conv == "c":
        if isinstance(arg, float) or (isinstance(arg, StrNum) and arg.numeric):
            ch = chr(to_int(to_num(arg)) & 0xFF)
        else:
            text = to_str(arg, convfmt)
            ch = text[0] if text else "\0"
        return ("%" + flags.replace("0", "") + (width or "") + "c") % ch
    number = to_num(arg) if not isinstance(arg, StrNum) else arg.num
    if conv in "di":
        return (spec + "d") % to_int(number)
    if conv in "ouxX":
        value = to_uint(number)
        if conv == "o" and "#" in flags:
            digits = f"{value:o}"
            digits = digits if digits.startswith("0") else "0" + digits
            spec = "%" + flags.replace("#", "").replace("0", "") + (width or "") + "s"
            return spec % digits
        if value == 0:  # C's '#' adds no prefix to zero
            spec = spec.replace("#", "")
        return (spec + ("d" if conv == "u" else conv)) % value
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
