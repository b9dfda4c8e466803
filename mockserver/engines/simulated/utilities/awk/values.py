"""Awk values: numbers, strings, strnums and the uninitialized value, and their conversions.

Strings hold one character per byte (latin-1 code points), so ``length``, ``substr`` and
regular expressions count bytes as mawk does; :func:`from_stream` and :func:`to_stream`
convert at the edges. Numbers are floats. A *strnum* (a field, an input line, an element made
by ``split``, a ``-v`` value) compares as a number when its text looks like one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final

from mockserver.engines.simulated.utilities.awk.errors import AwkLimitError, AwkRuntimeError

#: mawk converts a number to an integer string only within this range (a C ``int``).
MAX_INT: Final = 2147483647
MAX_UINT: Final = 4294967295

_NUMBER_PREFIX = re.compile(
    r"[ \t\n\r\f\v]*([+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?"
    r"|[nN][aA][nN]))"
)
_TRAILING_SPACE = re.compile(r"[ \t\n\r\f\v]*")
_FIRST = frozenset("0123456789+-.")
_LAST = frozenset("0123456789.")


class Uninit:
    """The value of a variable never assigned: ``""`` and ``0`` at once."""

    _instance: Uninit | None = None

    def __new__(cls) -> Uninit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNINIT"


UNINIT: Final = Uninit()


class StrNum:
    """Text from input: a string that compares as a number when it looks like one."""

    __slots__ = ("_num", "_numeric", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._numeric: bool | None = None
        self._num = 0.0

    def _scan(self) -> None:
        # mawk's check_strnum: the text, blanks aside, starts with a digit, sign or dot, ends
        # with a digit or dot, and strtod reads all of it.
        text = self.text
        if text.isdigit() and text.isascii():
            self._num = float(text)
            self._numeric = True
            return
        m = _NUMBER_PREFIX.match(text)
        self._num = 0.0 if m is None else _parse_number(m.group(1))
        body = text.strip(" \t\n\r\f\v")
        self._numeric = False
        if m is None or not body or body[-1] not in _LAST or body[0] not in _FIRST:
            return
        end = _TRAILING_SPACE.match(text, m.end())
        self._numeric = end is not None and end.end() == len(text)

    @property
    def numeric(self) -> bool:
        if self._numeric is None:
            self._scan()
        return bool(self._numeric)

    @property
    def num(self) -> float:
        if self._numeric is None:
            self._scan()
        return self._num

    def __repr__(self) -> str:
        return f"StrNum({self.text!r})"


Value = float | str | StrNum | Uninit


def from_stream(text: str) -> str:
    """Stream text (UTF-8 with surrogate escapes) as byte characters."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def to_stream(text: str) -> str:
    """Byte characters back to stream text."""
    if text.isascii():
        return text
    return text.encode("latin-1", "replace").decode("utf-8", "surrogateescape")


def _parse_number(text: str) -> float:
    body = text.lstrip("+-")
    sign = -1.0 if text.startswith("-") else 1.0
    if body[:2] in ("0x", "0X"):
        hexa = body if "p" in body.lower() else body + "p0"
        try:
            return sign * float.fromhex(hexa)
        except (ValueError, OverflowError):
            return sign * math.inf
    if body[:1] in "nN":
        return math.copysign(math.nan, sign)
    return sign * float(body)


def str_to_num(text: str) -> float:
    """The number a string's longest numeric prefix makes (C ``strtod``), 0 if none."""
    m = _NUMBER_PREFIX.match(text)
    if m is None:
        return 0.0
    return _parse_number(m.group(1))


def format_special(x: float) -> str | None:
    """How C's printf writes an infinity or a NaN, None for a finite number."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "-nan" if math.copysign(1.0, x) < 0 else "nan"
    return None


def num_to_str(x: float, fmt: str) -> str:
    """A number as awk writes it: an integer as such, otherwise by ``fmt`` (CONVFMT/OFMT)."""
    if x.is_integer() and -MAX_INT <= x <= MAX_INT:
        return str(int(x))
    special = format_special(x)
    if special is not None:
        return special
    if fmt == "%.6g":
        return format(x, ".6g")
    return format_values(fmt, [x], fmt)


def to_num(v: Value) -> float:
    if isinstance(v, float):
        return v
    if isinstance(v, str):
        return str_to_num(v)
    if isinstance(v, StrNum):
        return v.num
    return 0.0


def to_str(v: Value, convfmt: str) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, StrNum):
        return v.text
    if isinstance(v, float):
        return num_to_str(v, convfmt)
    return ""


def to_bool(v: Value) -> bool:
    if isinstance(v, float):
        return v != 0.0
    if isinstance(v, str):
        return v != ""
    if isinstance(v, StrNum):
        return v.num != 0.0 if v.numeric else v.text != ""
    return False


def is_numeric(v: Value) -> bool:
    """Whether ``v`` takes part in a comparison as a number."""
    if isinstance(v, float | Uninit):
        return True
    return isinstance(v, StrNum) and v.numeric


def compare(a: Value, b: Value, convfmt: str) -> int:
    """-1, 0 or 1: numerically when both are numeric, otherwise as strings."""
    if is_numeric(a) and is_numeric(b):
        x, y = to_num(a), to_num(b)
        return 1 if x > y else -1 if x < y else 0
    s, t = to_str(a, convfmt), to_str(b, convfmt)
    return 1 if s > t else -1 if s < t else 0


def to_int(x: float) -> int:
    """C's conversion as mawk clamps it (``d_to_i``): truncation within ``[-MAX_INT, MAX_INT]``."""
    if x >= MAX_INT:
        return MAX_INT
    if x > -MAX_INT:
        return int(x)
    return -MAX_INT


def to_uint(x: float) -> int:
    """mawk's ``d_to_U``: truncation within ``[0, MAX_UINT]``."""
    if x >= MAX_UINT:
        return MAX_UINT
    if x > 0:
        return int(x)
    return 0


# --- printf and sprintf formats, as mawk applies them (C's printf with mawk's casts) ---------

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
