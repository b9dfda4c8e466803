"""awk's built-in functions, with mawk's edge cases (``substr`` arithmetic, ``index(s, "")``)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.ere import Regex
from mockserver.engines.simulated.utilities.awk.formatting import format_values
from mockserver.engines.simulated.utilities.awk.records import regex_fields, split_fields
from mockserver.engines.simulated.utilities.awk.state import AwkArray, Unbound
from mockserver.engines.simulated.utilities.awk.values import (
    MAX_INT,
    StrNum,
    Value,
    to_int,
    to_num,
    to_str,
)

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter

Builtin = Callable[["Interpreter", list[n.Expr]], Awaitable[Value]]

_NEG_NAN = -math.nan
_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


async def call_builtin(interp: Interpreter, node: n.Builtin) -> Value:
    return await _BUILTINS[node.name](interp, node.args)


# --- strings --------------------------------------------------------------------------------


async def _length(interp: Interpreter, args: list[n.Expr]) -> Value:
    if not args:
        return float(len(interp.record.text))
    arg = args[0]
    if isinstance(arg, n.GlobalVar) and isinstance(interp.globals.get(arg.name), AwkArray):
        return float(len(interp.array(arg)))
    if isinstance(arg, n.LocalVar) and isinstance(interp.frame[arg.index], AwkArray):
        return float(len(interp.array(arg)))
    if isinstance(arg, n.LocalVar) and isinstance(interp.frame[arg.index], Unbound):
        return 0.0
    return float(len(await interp.string(arg)))


async def _substr(interp: Interpreter, args: list[n.Expr]) -> Value:
    text = await interp.string(args[0])
    start = await interp.number(args[1])
    count = await interp.number(args[2]) if len(args) == 3 else None
    size = len(text)
    if size == 0:
        return ""
    length = size if count is None else to_int(count)
    i = to_int(start) - 1
    if i > size:
        length = 0
    if i < 0:
        length -= i + 1
        i = 0
    length = min(length, size - i)
    return text[i : i + length] if length > 0 else ""


async def _index(interp: Interpreter, args: list[n.Expr]) -> Value:
    text = await interp.string(args[0])
    target = await interp.string(args[1])
    return float(text.find(target) + 1)


async def _split(interp: Interpreter, args: list[n.Expr]) -> Value:
    text = await interp.string(args[0])
    ref = args[1]
    assert isinstance(ref, n.GlobalVar | n.LocalVar)
    if len(args) == 3 and isinstance(args[2], n.RegexLit):
        parts = regex_fields(text, args[2].regex)
    else:
        fs = await interp.string(args[2]) if len(args) == 3 else interp.record_fs()
        parts = split_fields(text, fs, False, interp.regex)
    array = interp.array(ref)
    array.clear()
    for i, part in enumerate(parts, 1):
        array[str(i)] = StrNum(part)
    return float(len(parts))


def _expand(replacement: str, matched: str) -> str:
    if "&" not in replacement and "\\" not in replacement:
        return replacement
    out: list[str] = []
    i = 0
    while i < len(replacement):
        ch = replacement[i]
        if ch == "\\" and i + 1 < len(replacement) and replacement[i + 1] in "&\\":
            out.append(replacement[i + 1])
            i += 2
        elif ch == "&":
            out.append(matched)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def substitute(regex: Regex, replacement: str, text: str, everywhere: bool) -> tuple[str, int]:
    """``sub``/``gsub`` on ``text``: the new text and the number of replacements."""
    out: list[str] = []
    i = 0
    count = 0
    previous_end = -1
    size = len(text)
    while i <= size:
        found = regex.search(text, i)
        if found is None:
            break
        start, end = found
        if start == end and start == previous_end:
            if start >= size:
                break
            out.append(text[i : start + 1])
            i = start + 1
            continue
        out.append(text[i:start])
        out.append(_expand(replacement, text[start:end]))
        count += 1
        previous_end = end
        if start == end:
            if start < size:
                out.append(text[start])
            i = start + 1
        else:
            i = end
        if not everywhere:
            break
    out.append(text[i:])
    return "".join(out), count


async def _sub_or_gsub(interp: Interpreter, args: list[n.Expr], everywhere: bool) -> Value:
    regex = await interp.regex_of(args[0])
    replacement = await interp.string(args[1])
    target = args[2] if len(args) == 3 else n.Field(n.Num(0.0))
    assert not isinstance(target, n.Num | n.Str)
    value, store = await interp.load(target)  # type: ignore[arg-type]
    new, count = substitute(regex, replacement, to_str(value, interp.convfmt), everywhere)
    if count:
        store(new)
    return float(count)


async def _sub(interp: Interpreter, args: list[n.Expr]) -> Value:
    return await _sub_or_gsub(interp, args, False)


async def _gsub(interp: Interpreter, args: list[n.Expr]) -> Value:
    return await _sub_or_gsub(interp, args, True)


async def _match(interp: Interpreter, args: list[n.Expr]) -> Value:
    text = await interp.string(args[0])
    regex = await interp.regex_of(args[1])
    found = regex.search(text)
    if found is None:
        interp.globals["RSTART"] = 0.0
        interp.globals["RLENGTH"] = -1.0
        return 0.0
    interp.globals["RSTART"] = float(found[0] + 1)
    interp.globals["RLENGTH"] = float(found[1] - found[0])
    return float(found[0] + 1)


async def _sprintf(interp: Interpreter, args: list[n.Expr]) -> Value:
    values = [await interp.eval(arg) for arg in args]
    convfmt = interp.convfmt
    return format_values(to_str(values[0], convfmt), values[1:], convfmt, "sprintf")


async def _tolower(interp: Interpreter, args: list[n.Expr]) -> Value:
    return (await interp.string(args[0])).translate(_LOWER)


async def _toupper(interp: Interpreter, args: list[n.Expr]) -> Value:
    return (await interp.string(args[0])).translate(_UPPER)


# --- numbers --------------------------------------------------------------------------------


def _math(function: Callable[[float], float], domain: float = _NEG_NAN) -> Builtin:
    async def call(interp: Interpreter, args: list[n.Expr]) -> Value:
        x = await interp.number(args[0])
        try:
            return function(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return domain

    return call


def _log(x: float) -> float:
    if x == 0.0:
        return -math.inf
    if x < 0 or math.isnan(x):
        return _NEG_NAN if not math.isnan(x) else x
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        return _NEG_NAN
    return math.sqrt(x)


def _int(x: float) -> float:
    if not math.isfinite(x):
        return x
    return float(math.trunc(x))


async def _atan2(interp: Interpreter, args: list[n.Expr]) -> Value:
    return math.atan2(await interp.number(args[0]), await interp.number(args[1]))


async def _rand(interp: Interpreter, args: list[n.Expr]) -> Value:
    return interp.random.rand()


async def _srand(interp: Interpreter, args: list[n.Expr]) -> Value:
    previous = interp.random.seed_value
    if args:
        value = await interp.eval(args[0])
        seed: float | str = (
            value if isinstance(value, float | str) else to_str(value, interp.convfmt)
        )
    else:
        import time

        seed = float(time.time_ns())
    interp.random.seed_value = seed
    number = to_num(seed) if isinstance(seed, str) else seed
    interp.random.seed(int(math.fmod(number, 4294967295.0)) if math.isfinite(number) else 0)
    return previous


# --- input and output -----------------------------------------------------------------------


async def _close(interp: Interpreter, args: list[n.Expr]) -> Value:
    name = await interp.string(args[0])
    from mockserver.engines.simulated.utilities.awk.commands import close_command

    status = await close_command(interp, name)
    if status is not None:
        return float(status)
    closed = interp.outputs.close(name)
    if interp.close_input(name) == 0:
        closed = 0
    return float(closed)


async def _fflush(interp: Interpreter, args: list[n.Expr]) -> Value:
    if not args:
        return float(await interp.outputs.flush())
    return float(await interp.outputs.flush(await interp.string(args[0])))


async def _system(interp: Interpreter, args: list[n.Expr]) -> Value:
    from mockserver.engines.simulated.utilities.awk.commands import system

    return float(await system(interp, await interp.string(args[0])))


_BUILTINS: dict[str, Builtin] = {
    "length": _length,
    "substr": _substr,
    "index": _index,
    "split": _split,
    "sub": _sub,
    "gsub": _gsub,
    "match": _match,
    "sprintf": _sprintf,
    "tolower": _tolower,
    "toupper": _toupper,
    "sin": _math(math.sin),
    "cos": _math(math.cos),
    "exp": _math(math.exp),
    "log": _math(_log),
    "sqrt": _math(_sqrt),
    "int": _math(_int),
    "atan2": _atan2,
    "rand": _rand,
    "srand": _srand,
    "close": _close,
    "fflush": _fflush,
    "system": _system,
}

__all__ = ["MAX_INT", "call_builtin", "substitute"]
