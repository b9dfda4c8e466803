"""awk's built-in functions, with mawk's edge cases (``substr`` arithmetic, ``index(s, "")``).

The functions here do no I/O, so they are synchronous: each gets its arguments as thunks
(already compiled, or values the caller evaluated), the argument nodes (for array names and
``/re/`` literals) and, for ``sub``/``gsub``, the place its result goes. ``close``, ``fflush``
and ``system`` touch streams and live in the interpreter's asynchronous path.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockserver.engines.simulated.utilities.awk import clock
from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.ere import Regex
from mockserver.engines.simulated.utilities.awk.errors import AwkLimitError, check_length
from mockserver.engines.simulated.utilities.awk.records import regex_fields, split_fields
from mockserver.engines.simulated.utilities.awk.state import AwkArray, Unbound
from mockserver.engines.simulated.utilities.awk.values import (
    UNINIT,
    Value,
    format_values,
    to_int,
    to_num,
    to_str,
)

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter

Thunk = Callable[[], Value]
#: A place evaluated once: its getter and its setter.
Place = Callable[[], tuple[Callable[[], Value], Callable[[Value], None]]]

#: Built-ins that write or run something: only the interpreter's asynchronous path runs them.
ASYNC_BUILTINS = frozenset({"close", "fflush", "system"})
#: mawk's buffer for ``sprintf`` results.
SPRINTF_BUFFER = 8192

_NEG_NAN = -math.nan
_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class Args:
    nodes: list[n.Expr]
    #: One per argument; None where the function reads the node itself (arrays, ``/re/``).
    thunks: list[Thunk | None]
    #: ``sub``/``gsub``: where the substituted text goes (the third argument or ``$0``).
    target: Place | None = None

    def value(self, i: int) -> Value:
        thunk = self.thunks[i]
        assert thunk is not None
        return thunk()


def node_position(name: str, index: int, node: n.Expr) -> bool:
    """Whether argument ``index`` of ``name`` is read from its node rather than its value."""
    if name == "split" and index == 1:
        return True
    if name == "length" and isinstance(node, n.GlobalVar | n.LocalVar):
        return True
    if name in ("sub", "gsub") and index == 2:
        return True
    regex_position = (name in ("sub", "gsub") and index == 0) or (
        name in ("match", "split") and index in (1, 2) and not (name == "split" and index == 1)
    )
    return regex_position and isinstance(node, n.RegexLit)


def call(interp: Interpreter, name: str, args: Args) -> Value:
    return _BUILTINS[name](interp, args)


def _string(interp: Interpreter, args: Args, i: int) -> str:
    return to_str(args.value(i), interp.convfmt)


def _number(args: Args, i: int) -> float:
    return to_num(args.value(i))


def _regex(interp: Interpreter, args: Args, i: int) -> Regex:
    node = args.nodes[i]
    if isinstance(node, n.RegexLit):
        return node.regex
    return interp.regex(_string(interp, args, i))


# --- strings --------------------------------------------------------------------------------


def _length(interp: Interpreter, args: Args) -> Value:
    if not args.nodes:
        return float(len(interp.record.text))
    node = args.nodes[0]
    if isinstance(node, n.GlobalVar):
        cell = interp.globals.get(node.name, UNINIT)
        if isinstance(cell, AwkArray):
            return float(len(cell))
        value = interp.get_global(node.name)
    elif isinstance(node, n.LocalVar):
        local = interp.frame[node.index]
        if isinstance(local, AwkArray):
            return float(len(local))
        value = UNINIT if isinstance(local, Unbound) else local
    else:
        value = args.value(0)
    return float(len(to_str(value, interp.convfmt)))


def _substr(interp: Interpreter, args: Args) -> Value:
    text = _string(interp, args, 0)
    start = _number(args, 1)
    count = _number(args, 2) if len(args.nodes) == 3 else None
    size = len(text)
    if size == 0:
        return ""
    length = size if count is None else to_int(count)
    i = to_int(start) - 1
    if i > size:
        length = 0
    if i < 0:
        length = _int32(length - (i + 1))
        i = 0
    length = min(length, size - i)
    return text[i : i + length] if length > 0 else ""


def _int32(x: int) -> int:
    """``x`` as a C ``int`` holds it (wrapping around)."""
    return (x + 2**31) % 2**32 - 2**31


def _index(interp: Interpreter, args: Args) -> Value:
    return float(_string(interp, args, 0).find(_string(interp, args, 1)) + 1)


def _split(interp: Interpreter, args: Args) -> Value:
    text = _string(interp, args, 0)
    ref = args.nodes[1]
    assert isinstance(ref, n.GlobalVar | n.LocalVar)
    if len(args.nodes) == 3 and isinstance(args.nodes[2], n.RegexLit):
        parts = regex_fields(text, args.nodes[2].regex)
    else:
        fs = _string(interp, args, 2) if len(args.nodes) == 3 else interp.sv["FS"]
        parts = split_fields(text, fs, interp.regex)
    interp.array(ref).load(parts)
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
    return check_length("".join(out)), count


def _substitution(everywhere: bool) -> Callable[[Interpreter, Args], Value]:
    def run(interp: Interpreter, args: Args) -> Value:
        regex = _regex(interp, args, 0)
        replacement = _string(interp, args, 1)
        assert args.target is not None
        get, store = args.target()
        text, count = substitute(regex, replacement, to_str(get(), interp.convfmt), everywhere)
        if count:
            store(text)
        return float(count)

    return run


def _match(interp: Interpreter, args: Args) -> Value:
    text = _string(interp, args, 0)
    found = _regex(interp, args, 1).search(text)
    if found is None:
        interp.globals["RSTART"] = 0.0
        interp.globals["RLENGTH"] = -1.0
        return 0.0
    interp.globals["RSTART"] = float(found[0] + 1)
    interp.globals["RLENGTH"] = float(found[1] - found[0])
    return float(found[0] + 1)


def _sprintf(interp: Interpreter, args: Args) -> Value:
    values = [args.value(i) for i in range(len(args.nodes))]
    convfmt = interp.convfmt
    text = format_values(to_str(values[0], convfmt), values[1:], convfmt, "sprintf")
    if len(text) >= SPRINTF_BUFFER - 1:
        raise AwkLimitError(f"sprintf buffer size={SPRINTF_BUFFER}")
    return text


def _tolower(interp: Interpreter, args: Args) -> Value:
    return _string(interp, args, 0).translate(_LOWER)


def _toupper(interp: Interpreter, args: Args) -> Value:
    return _string(interp, args, 0).translate(_UPPER)


# --- numbers --------------------------------------------------------------------------------


def _math(function: Callable[[float], float]) -> Callable[[Interpreter, Args], Value]:
    def run(interp: Interpreter, args: Args) -> Value:
        x = _number(args, 0)
        try:
            return function(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return _NEG_NAN

    return run


def _log(x: float) -> float:
    if x == 0.0:
        return -math.inf
    if math.isnan(x):
        return x
    if x < 0:
        return _NEG_NAN
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        return _NEG_NAN
    return math.sqrt(x)


def _int(x: float) -> float:
    if not math.isfinite(x):
        return x
    return float(math.trunc(x))


def _atan2(interp: Interpreter, args: Args) -> Value:
    return math.atan2(_number(args, 0), _number(args, 1))


def _rand(interp: Interpreter, args: Args) -> Value:
    return interp.random.rand()


def _srand(interp: Interpreter, args: Args) -> Value:
    previous = interp.random.seed_value
    seed: float | str
    if args.nodes:
        value = args.value(0)
        seed = value if isinstance(value, float | str) else to_str(value, interp.convfmt)
    else:
        seed = float(time.time_ns())
    interp.random.seed_value = seed
    number = to_num(seed) if isinstance(seed, str) else seed
    interp.random.seed(int(math.fmod(number, 4294967295.0)) if math.isfinite(number) else 0)
    return previous


def _systime(interp: Interpreter, args: Args) -> Value:
    return clock.systime()


def _mktime(interp: Interpreter, args: Args) -> Value:
    return clock.mktime(_string(interp, args, 0), interp.proc.env)


def _strftime(interp: Interpreter, args: Args) -> Value:
    count = len(args.nodes)
    fmt = _string(interp, args, 0) if count > 0 else ""
    timestamp = _number(args, 1) if count > 1 else None
    utc = count > 2 and to_int(_number(args, 2)) != 0
    return clock.strftime(fmt, timestamp, utc, interp.proc.env)


_BUILTINS: dict[str, Callable[[Interpreter, Args], Value]] = {
    "systime": _systime,
    "mktime": _mktime,
    "strftime": _strftime,
    "length": _length,
    "substr": _substr,
    "index": _index,
    "split": _split,
    "sub": _substitution(False),
    "gsub": _substitution(True),
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
}

__all__ = ["ASYNC_BUILTINS", "Args", "Place", "Thunk", "call", "node_position", "substitute"]
