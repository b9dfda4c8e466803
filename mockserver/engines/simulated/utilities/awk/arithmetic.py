"""awk's arithmetic and comparisons on doubles, with C's answers where Python raises."""

from __future__ import annotations

import math
from collections.abc import Callable

_NEG_NAN = -math.nan


def divide(a: float, b: float) -> float:
    if math.isnan(a) or math.isnan(b):
        return a if math.isnan(a) else b
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return _NEG_NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def modulo(a: float, b: float) -> float:
    try:
        return math.fmod(a, b)
    except ValueError:
        return _NEG_NAN


def power(a: float, b: float) -> float:
    if math.isnan(b):
        return 1.0 if a == 1.0 else b
    if math.isnan(a):  # what glibc's pow gives mawk: odd powers lose the NaN's sign
        if b == 0.0:
            return 1.0
        return math.nan if b.is_integer() and b % 2 == 1 else a
    try:
        return math.pow(a, b)
    except OverflowError:
        odd = b.is_integer() and int(b) % 2 == 1
        return -math.inf if a < 0 and odd else math.inf
    except ValueError:
        if a == 0.0:
            return math.inf
        return _NEG_NAN


ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": divide,
    "%": modulo,
    "^": power,
}
COMPARISONS: dict[str, Callable[[int], bool]] = {
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}
