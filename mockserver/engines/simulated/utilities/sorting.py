"""``sort`` with GNU's key definitions and orderings, in the C.UTF-8 collation (code points)."""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.engines.simulated.process import Process, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.streams import (
    locale_quote,
    open_output,
    read_input,
    strerror,
)
from mockserver.engines.simulated.utilities.versions import version_compare
from mockserver.engines.simulated.vfs import FSError

_LONG = {
    **STANDARD_LONG,
    "ignore-leading-blanks": ("b", "none"),
    "dictionary-order": ("d", "none"),
    "ignore-case": ("f", "none"),
    "general-numeric-sort": ("g", "none"),
    "ignore-nonprinting": ("i", "none"),
    "month-sort": ("M", "none"),
    "human-numeric-sort": ("h", "none"),
    "numeric-sort": ("n", "none"),
    "random-sort": ("R", "none"),
    "reverse": ("r", "none"),
    "version-sort": ("V", "none"),
    "check": ("c", "optional"),
    "key": ("k", "required"),
    "merge": ("m", "none"),
    "output": ("o", "required"),
    "stable": ("s", "none"),
    "field-separator": ("t", "required"),
    "unique": ("u", "none"),
    "zero-terminated": ("z", "none"),
    "buffer-size": ("S", "required"),
    "parallel": ("parallel", "required"),
    "temporary-directory": ("T", "required"),
    "sort": ("sort", "required"),
}
_ORDER_FLAGS = "bdfgiMhnRrV"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_NUMBER = re.compile(r"[ \t]*(-?)([0-9]*)(?:\.([0-9]*))?")
_HUMAN = re.compile(r"[ \t]*(-?)([0-9]*(?:\.[0-9]*)?)([KMGTPEZYRQk]?)")
_SUFFIX_ORDER = " kKMGTPEZYRQ"


@dataclass(frozen=True)
class _Order:
    blanks_start: bool = False
    blanks_end: bool = False
    dictionary: bool = False
    fold: bool = False
    general: bool = False
    nonprinting: bool = False
    month: bool = False
    human: bool = False
    numeric: bool = False
    reverse: bool = False
    version: bool = False
    random: bool = False

    def with_flags(self, flags: str, *, end: bool = False) -> _Order:
        o = self
        for f in flags:
            if f == "b":
                o = replace(o, blanks_end=True) if end else replace(o, blanks_start=True)
            else:
                name = {
                    "d": "dictionary",
                    "f": "fold",
                    "g": "general",
                    "i": "nonprinting",
                    "M": "month",
                    "h": "human",
                    "n": "numeric",
                    "r": "reverse",
                    "V": "version",
                    "R": "random",
                }[f]
                o = replace(o, **{name: True})
        return o


@dataclass(frozen=True)
class _Key:
    start_field: int
    start_char: int
    end_field: int  # 0: to the end of the line
    end_char: int  # 0: to the end of the field
    order: _Order


class _KeyError(Exception):
    pass


def _incompatible(o: _Order) -> str:
    """The key's options, as GNU lists them, if they cannot go together (else "")."""
    kinds = (
        o.numeric
        + o.general
        + o.human
        + o.month
        + (o.version or o.random or o.dictionary or o.nonprinting)
    )
    if kinds <= 1:
        return ""
    flags = [
        ("b", o.blanks_start or o.blanks_end),
        ("d", o.dictionary),
        ("f", o.fold),
        ("g", o.general),
        ("h", o.human),
        ("i", o.nonprinting),
        ("M", o.month),
        ("n", o.numeric),
        ("R", o.random),
        ("r", o.reverse),
        ("V", o.version),
    ]
    return "".join(letter for letter, on in flags if on)


def _parse_key(spec: str, default: _Order) -> _Key:
    start, _, end = spec.partition(",")
    m = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?([a-zA-Z]*)", start)
    if m is None:
        raise _KeyError(
            f"invalid number at field start: invalid count at start of {locale_quote(start)}"
        )
    sf, sc = int(m.group(1)), int(m.group(2) or "1")
    if sf == 0:
        raise _KeyError(f"field number is zero: invalid field specification {locale_quote(spec)}")
    if sc == 0:
        raise _KeyError(
            f"character offset is zero: invalid field specification {locale_quote(spec)}"
        )
    flags = m.group(3)
    ef, ec = 0, 0
    end_flags = ""
    if end:
        m2 = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?([a-zA-Z]*)", end)
        if m2 is None:
            raise _KeyError(
                f"invalid number after ','; invalid count at start of {locale_quote(end)}"
            )
        ef, ec = int(m2.group(1)), int(m2.group(2) or "0")
        if ef == 0:
            raise _KeyError(
                f"field number is zero: invalid field specification {locale_quote(spec)}"
            )
        end_flags = m2.group(3)
    for f in flags + end_flags:
        if f not in _ORDER_FLAGS:
            raise _KeyError(
                f"stray character in field spec: invalid field specification {locale_quote(spec)}"
            )
    if flags or end_flags:
        order = _Order().with_flags(flags).with_flags(end_flags, end=True)
    else:
        order = default
    return _Key(sf, sc, ef, ec, order)


def _fields(line: str, sep: str | None) -> list[tuple[int, int]]:
    """(start, end) of each field; without a separator a field keeps its leading blanks."""
    if sep is not None:
        spans, pos = [], 0
        while True:
            idx = line.find(sep, pos)
            if idx < 0:
                spans.append((pos, len(line)))
                return spans
            spans.append((pos, idx))
            pos = idx + len(sep)
    spans = []
    for m in re.finditer(r"[ \t]*[^ \t]+|[ \t]+$", line):
        spans.append((m.start(), m.end()))
    return spans or [(0, 0)]


def _extract(line: str, key: _Key, sep: str | None) -> str:
    spans = _fields(line, sep)
    if key.start_field > len(spans):
        return ""
    fs, fe = spans[key.start_field - 1]
    begin = fs
    if key.order.blanks_start:
        while begin < fe and line[begin] in " \t":
            begin += 1
    begin = min(begin + key.start_char - 1, fe if key.end_field == key.start_field else len(line))
    if key.end_field == 0 or key.end_field > len(spans):
        end = len(line)
    else:
        es, ee = spans[key.end_field - 1]
        if key.end_char == 0:
            end = ee
        else:
            estart = es
            if key.order.blanks_end:
                while estart < ee and line[estart] in " \t":
                    estart += 1
            end = min(estart + key.end_char, ee)
    return line[begin:end] if end > begin else ""


def _numeric_value(text: str) -> Decimal:
    m = _NUMBER.match(text)
    assert m is not None
    digits = (m.group(2) or "") + ("." + m.group(3) if m.group(3) else "")
    if not m.group(2) and not m.group(3):
        return Decimal(0)
    value = Decimal(digits or "0")
    return -value if m.group(1) else value


def _general_value(text: str) -> tuple[int, float]:
    m = re.match(
        r"[ \t]*[-+]?(?:inf(?:inity)?|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)",
        text,
        re.I,
    )
    if m is None:
        return (0, 0.0)
    value = float(m.group(0))
    if math.isnan(value):
        return (1, 0.0)
    return (2, value)


def _human_value(text: str) -> tuple[int, int, Decimal]:
    m = _HUMAN.match(text)
    assert m is not None
    number = m.group(2)
    try:
        value = Decimal(number) if number and number != "." else Decimal(0)
    except InvalidOperation:
        value = Decimal(0)
    sign = -1 if m.group(1) and value else 1
    rank = _SUFFIX_ORDER.index(m.group(3)) if m.group(3) else 0
    if value == 0:
        return (0, 0, Decimal(0))
    return (sign, sign * rank, sign * value if sign < 0 else value)


def _text_filter(text: str, o: _Order) -> str:
    if o.dictionary:
        text = "".join(c for c in text if c.isalnum() or c in " \t")
    elif o.nonprinting:
        text = "".join(c for c in text if c.isprintable())
    if o.fold:
        text = text.upper()
    return text


def _compare_one(a: str, b: str, o: _Order) -> int:
    if o.blanks_start and not (o.numeric or o.general or o.human):
        a, b = a.lstrip(" \t"), b.lstrip(" \t")
    result: int
    if o.numeric:
        x, y = _numeric_value(a), _numeric_value(b)
        result = (x > y) - (x < y)
    elif o.general:
        gx, gy = _general_value(a), _general_value(b)
        result = (gx > gy) - (gx < gy)
    elif o.human:
        hx, hy = _human_value(a), _human_value(b)
        result = (hx > hy) - (hx < hy)
    elif o.month:
        mx = _MONTHS.get(a.strip(" \t")[:3].upper(), 0)
        my = _MONTHS.get(b.strip(" \t")[:3].upper(), 0)
        result = (mx > my) - (mx < my)
    elif o.random:
        rx, ry = hashlib.md5(encode(a)).digest(), hashlib.md5(encode(b)).digest()
        result = (rx > ry) - (rx < ry)
    elif o.version:
        result = version_compare(_text_filter(a, o), _text_filter(b, o))
    else:
        ta, tb = _text_filter(a, o), _text_filter(b, o)
        result = (ta > tb) - (ta < tb)
    return -result if o.reverse else result


def _comparator(
    keys: list[_Key], sep: str | None, default: _Order, *, last_resort: bool
) -> Callable[[str, str], int]:
    def compare(a: str, b: str) -> int:
        if keys:
            for key in keys:
                r = _compare_one(_extract(a, key, sep), _extract(b, key, sep), key.order)
                if r:
                    return r
        else:
            r = _compare_one(a, b, default)
            if r:
                return r
        if not last_resort:
            return 0
        ea, eb = encode(a), encode(b)
        r = (ea > eb) - (ea < eb)
        return -r if default.reverse else r

    return compare


def _key_function(o: _Order) -> Callable[[str], Any]:
    """What one key sorts by, as a Python sort key (the same order as :func:`_compare_one`)."""
    if o.numeric:
        return _numeric_value
    if o.general:
        return _general_value
    if o.human:
        return _human_value
    if o.month:
        return lambda t: _MONTHS.get(t.strip(" \t")[:3].upper(), 0)
    if o.random:
        return lambda t: hashlib.md5(encode(t)).digest()
    if o.version:
        versions = functools.cmp_to_key(version_compare)
        return lambda t: versions(_text_filter(t, o))
    if o.blanks_start:
        return lambda t: _text_filter(t.lstrip(" \t"), o)
    if o.dictionary or o.nonprinting or o.fold:
        return lambda t: _text_filter(t, o)
    return str


def _sorted(
    lines: list[str], keys: list[_Key], sep: str | None, default: _Order, *, last_resort: bool
) -> list[str]:
    """Lines in order: stable sorts from the last key to the first, over a whole-line order
    (GNU's last resort) unless ``-s``/``-u``; each key reversed on its own."""
    result = list(lines)
    if last_resort:
        result.sort(reverse=default.reverse)
    if not keys:
        whole = _key_function(default)
        result.sort(key=whole, reverse=default.reverse)
        return result
    for key in reversed(keys):
        result.sort(key=_line_key(key, sep), reverse=key.order.reverse)
    return result


def _line_key(key: _Key, sep: str | None) -> Callable[[str], Any]:
    function = _key_function(key.order)

    def line_key(line: str) -> Any:
        return function(_extract(line, key, sep))

    return line_key


def _identity(
    keys: list[_Key], sep: str | None, default: _Order
) -> Callable[[str], tuple[object, ...]]:
    """What makes two lines the same for ``-u``: their keys' values."""
    if not keys:
        whole = _key_function(default)
        return lambda line: (whole(line),)
    functions = [(k, _key_function(k.order)) for k in keys]
    return lambda line: tuple(f(_extract(line, k, sep)) for k, f in functions)


async def sort(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "bcCdfghik:mMno:rRsS:t:T:uVz",
        _LONG,
        usage="[OPTION]... [FILE]...",
        usage_status=2,
    )
    if isinstance(opts, int):
        return opts
    default = _Order().with_flags(
        "".join(k for k, _ in opts.options if len(k) == 1 and k in _ORDER_FLAGS)
    )
    for k, v in opts.options:
        if k == "sort" and v:
            default = default.with_flags(
                {
                    "numeric": "n",
                    "general-numeric": "g",
                    "human-numeric": "h",
                    "month": "M",
                    "version": "V",
                }.get(v, "")
            )
    sep = opts.last("t")
    if len(set(opts.values("t"))) > 1:
        await proc.error("incompatible tabs")
        return 2
    if sep is not None:
        if sep == "\\0":
            sep = "\0"
        elif len(sep) != 1:
            if sep == "":
                await proc.error("empty tab")
            else:
                await proc.error(f"multi-character tab {locale_quote(sep)}")
            return 2
    try:
        keys = [_parse_key(spec, default) for spec in opts.values("k")]
    except _KeyError as e:
        await proc.error(str(e))
        return 2
    for order in [k.order for k in keys] or [default]:
        clash = _incompatible(order)
        if clash:
            await proc.error(f"options '-{clash}' are incompatible")
            return 2
    lines: list[str] = []
    terminator = "\0" if opts.has("z") else "\n"
    for operand in opts.operands or ["-"]:
        try:
            text = await read_input(proc, operand)
        except FSError as err:
            if err.errno == 21:
                await proc.error(f"read failed: {operand}: {strerror(err)}")
            else:
                await proc.error(f"cannot read: {operand}: {strerror(err)}")
            return 2
        if text:
            parts = text.split(terminator)
            if parts[-1] == "":
                parts.pop()
            lines.extend(parts)
        await proc.checkpoint()
    unique = opts.has("u")
    compare = _comparator(keys, sep, default, last_resort=not (unique or opts.has("s")))
    if opts.has("c", "C"):
        for i in range(1, len(lines)):
            r = compare(lines[i - 1], lines[i])
            if r > 0 or (unique and r == 0):
                if not opts.has("C") and opts.last("c") not in ("quiet", "silent"):
                    name = opts.operands[0] if opts.operands else "-"
                    await proc.error(f"{name}:{i + 1}: disorder: {lines[i]}")
                return 1
        return 0
    ordered = _sorted(lines, keys, sep, default, last_resort=not (unique or opts.has("s")))
    if unique:
        same = _identity(keys, sep, default)
        kept: list[str] = []
        previous: tuple[object, ...] | None = None
        for line in ordered:
            identity = same(line)
            if previous is None or identity != previous:
                kept.append(line)
                previous = identity
        ordered = kept
    result = "".join(line + terminator for line in ordered)
    output = opts.last("o")
    stream = proc.stdout
    if output is not None:
        try:
            stream = open_output(proc, output)
        except FSError as err:
            await proc.error(f"open failed: {output}: {strerror(err)}")
            return 2
    await stream.write(result)
    return 0
