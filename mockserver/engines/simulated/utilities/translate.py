"""``tr``: translate, delete and squeeze characters (sets with ranges, classes and repeats)."""

from __future__ import annotations

import re
import string

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote

_LONG = {
    **STANDARD_LONG,
    "complement": ("c", "none"),
    "delete": ("d", "none"),
    "squeeze-repeats": ("s", "none"),
    "truncate-set1": ("t", "none"),
}
_ASCII = "".join(chr(i) for i in range(128))
_CLASSES = {
    "alnum": string.digits + string.ascii_uppercase + string.ascii_lowercase,
    "alpha": string.ascii_uppercase + string.ascii_lowercase,
    "blank": "\t ",
    "cntrl": "".join(chr(i) for i in range(32)) + "\x7f",
    "digit": string.digits,
    "graph": "".join(chr(i) for i in range(33, 127)),
    "lower": string.ascii_lowercase,
    "print": "".join(chr(i) for i in range(32, 127)),
    "punct": "".join(c for c in map(chr, range(33, 127)) if not c.isalnum()),
    "space": "\t\n\x0b\x0c\r ",
    "upper": string.ascii_uppercase,
    "xdigit": string.digits + "ABCDEFabcdef",
}
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


class _SetError(Exception):
    pass


def _unescape(spec: str) -> list[tuple[str, bool]]:
    """Characters of a set, each with whether it was escaped (so ``\\-`` is no range)."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(spec):
        c = spec[i]
        if c == "\\" and i + 1 < len(spec):
            nxt = spec[i + 1]
            if nxt in "01234567":
                j = i + 1
                while j < len(spec) and j < i + 4 and spec[j] in "01234567":
                    j += 1
                out.append((chr(int(spec[i + 1 : j], 8) & 0xFF), True))
                i = j
                continue
            out.append((_ESCAPES.get(nxt, nxt), True))
            i += 2
            continue
        out.append((c, False))
        i += 1
    return out


def _expand(
    spec: str, *, second: bool, classes: list[tuple[int, str]] | None = None
) -> tuple[list[str], int | None]:
    """The characters of a set, and where a ``[c*]`` fill goes (set 2 only)."""
    chars = _unescape(spec)
    raw = "".join(c for c, _ in chars)
    result: list[str] = []
    fill: int | None = None
    i = 0
    while i < len(chars):
        c, escaped = chars[i]
        if c == "[" and not escaped:
            close = raw.find("]", i + 1)
            inner = raw[i + 1 : close] if close > i else ""
            if close > i and inner.startswith(":") and inner.endswith(":") and len(inner) > 2:
                name = inner[1:-1]
                if name not in _CLASSES:
                    raise _SetError(f"invalid character class {locale_quote(name)}")
                if classes is not None:
                    classes.append((len(result), name))
                result.extend(_CLASSES[name])
                i = close + 1
                continue
            if close > i and inner.startswith("=") and inner.endswith("=") and len(inner) == 3:
                result.append(inner[1])
                i = close + 1
                continue
            if close > i + 1 and len(inner) >= 2 and inner[1] == "*":
                if not second:
                    raise _SetError("the [c*] repeat construct may not appear in string1")
                count_s = inner[2:]
                if count_s == "":
                    fill = len(result)
                    result.append(inner[0])
                else:
                    if not count_s.isdigit():
                        raise _SetError(
                            f"invalid repeat count {locale_quote(count_s)} in [c*n] construct"
                        )
                    n = int(count_s, 8) if count_s.startswith("0") else int(count_s)
                    if n == 0:
                        fill = len(result)
                        result.append(inner[0])
                    else:
                        result.extend(inner[0] * n)
                i = close + 1
                continue
        if i + 2 < len(chars) and chars[i + 1] == ("-", False):
            hi = chars[i + 2][0]
            if ord(hi) < ord(c):
                raise _SetError(
                    f"range-endpoints of '{c}-{hi}' are in reverse collating sequence order"
                )
            result.extend(chr(x) for x in range(ord(c), ord(hi) + 1))
            i += 3
            continue
        result.append(c)
        i += 1
    return result, fill


def _check_classes(
    set1: list[str],
    set2: list[str],
    classes1: list[tuple[int, str]],
    classes2: list[tuple[int, str]],
    complement: bool,
) -> None:
    """GNU's rules for classes in the second set of a translation."""
    if complement and classes1 and len(set(set2)) > 1:
        raise _SetError(
            "when translating with complemented character classes,\n"
            "string2 must map all characters in the domain to one"
        )
    for _, name in classes2:
        if name not in ("upper", "lower"):
            raise _SetError(
                "when translating, the only character classes that may appear in\n"
                "string2 are 'upper' and 'lower'"
            )
    case1 = {pos: name for pos, name in classes1 if name in ("upper", "lower")}
    for pos, _ in classes2:
        if complement or pos not in case1:
            raise _SetError("misaligned [:upper:] and/or [:lower:] construct")
    long1 = len(set1) if not complement else 256 - len(set(set1))
    if classes2 and long1 > len(set2):
        pos, name = classes2[-1]
        if pos + len(_CLASSES[name]) == len(set2):
            raise _SetError(
                "when translating with string1 longer than string2,\n"
                "the latter string must not end with a character class"
            )


async def tr(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "cCdst", _LONG, usage="[OPTION]... STRING1 [STRING2]"
    )
    if isinstance(opts, int):
        return opts
    delete, squeeze = opts.has("d"), opts.has("s")
    complement = opts.has("c", "C")
    ops = opts.operands
    if not ops:
        return await usage_error(proc, "missing operand")
    translating = not delete and len(ops) >= 1 and not (squeeze and len(ops) == 1)
    needed = 2 if (translating or (delete and squeeze)) else 1
    if len(ops) < needed:
        extra = (
            "Two strings must be given when translating."
            if translating
            else "Two strings must be given when both deleting and squeezing repeats."
        )
        return await usage_error(proc, f"missing operand after {locale_quote(ops[-1])}\n{extra}")
    if len(ops) > needed:
        why = ""
        if delete and not squeeze:
            why = "\nOnly one string may be given when deleting without squeezing repeats."
        return await usage_error(proc, f"extra operand {locale_quote(ops[needed])}{why}")
    classes1: list[tuple[int, str]] = []
    classes2: list[tuple[int, str]] = []
    try:
        set1, _ = _expand(ops[0], second=False, classes=classes1)
        set2, fill = _expand(ops[1], second=True, classes=classes2) if len(ops) > 1 else ([], None)
        if translating:
            _check_classes(set1, set2, classes1, classes2, complement)
        elif fill is not None or re.search(r"\[.\*[0-9]*\]", ops[1] if len(ops) > 1 else ""):
            raise _SetError("the [c*] construct may appear in string2 only when translating")
    except _SetError as e:
        await proc.error(str(e))
        return 1
    members = set(set1)
    if complement:
        comp = [c for c in map(chr, range(256)) if c not in members]
        set1 = comp

        def in_set1(ch: str) -> bool:
            return ch not in members
    else:

        def in_set1(ch: str) -> bool:
            return ch in members

    mapping: dict[str, str] = {}
    if translating:
        if fill is not None:
            room = len(set1) - (len(set2) - 1)
            set2 = set2[:fill] + [set2[fill]] * max(room, 0) + set2[fill + 1 :]
        if not set2:
            await proc.error("when not truncating set1, string2 must be non-empty")
            return 1
        if opts.has("t"):
            set1 = set1[: len(set2)]
        elif len(set2) < len(set1):
            set2 = set2 + [set2[-1]] * (len(set1) - len(set2))
        for a, b in zip(set1, set2, strict=False):
            mapping[a] = b
        default_target = set2[len(set1) - 1] if complement and set1 else None
    squeeze_set = set(set2 if (translating or delete) and len(ops) > 1 else set1)
    if squeeze and not (translating or delete) and complement:

        def squeeze_test(ch: str) -> bool:
            return ch not in members
    else:

        def squeeze_test(ch: str) -> bool:
            return ch in squeeze_set

    out: list[str] = []
    last = ""
    while chunk := await proc.stdin.read(65536):
        await proc.checkpoint()
        for ch in chunk:
            if delete and in_set1(ch):
                continue
            if translating:
                if ch in mapping:
                    ch = mapping[ch]
                elif complement and in_set1(ch) and default_target is not None:
                    ch = default_target
            if squeeze and ch == last and squeeze_test(ch):
                continue
            last = ch
            out.append(ch)
        await proc.stdout.write("".join(out))
        out.clear()
    return 0
