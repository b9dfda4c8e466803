"""Shell pattern matching for ``case`` and ``${x#pattern}``: ``*``, ``?``, ``[...]``, ``\\x``.

Unlike pathname expansion, ``/`` and a leading ``.`` are ordinary characters here.
"""

from __future__ import annotations

import functools
import re

#: The POSIX ``[:name:]`` classes as regex class contents (C locale), for every shell pattern.
CHARACTER_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r" \t\n\r\f\v",
    "blank": r" \t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "xdigit": "0-9A-Fa-f",
    "cntrl": r"\x00-\x1f\x7f",
    "print": r"\x20-\x7e",
    "graph": r"\x21-\x7e",
}


def escape(text: str) -> str:
    """``text`` as a pattern matching itself only (quoted text)."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", text)


def has_magic(pattern: str) -> bool:
    """Whether the pattern has an unescaped ``*``, ``?`` or ``[``."""
    return re.search(r"(?<!\\)(?:\\\\)*[*?\[]", pattern) is not None


@functools.lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A regex matching what the shell pattern matches (anchor it with ``fullmatch``)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif c == "*":
            out.append(".*?")
            i += 1
        elif c == "?":
            out.append(".")
            i += 1
        elif c == "[":
            end, cls = bracket(pattern, i)
            out.append(cls if cls is not None else re.escape(c))
            i = end if cls is not None else i + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out), re.DOTALL)


def matches(pattern: str, text: str) -> bool:
    return compile_pattern(_bytes(pattern)).fullmatch(_bytes(text)) is not None


def strip_prefix(value: str, pattern: str, *, longest: bool) -> str:
    """``${x#p}`` (shortest) and ``${x##p}`` (longest)."""
    regex = compile_pattern(_bytes(pattern))
    data = _bytes(value)
    ends = range(len(data), -1, -1) if longest else range(len(data) + 1)
    for end in ends:
        if regex.fullmatch(data, 0, end):
            return _text(data[end:])
    return value


def strip_suffix(value: str, pattern: str, *, longest: bool) -> str:
    """``${x%p}`` (shortest) and ``${x%%p}`` (longest)."""
    regex = compile_pattern(_bytes(pattern))
    data = _bytes(value)
    starts = range(len(data) + 1) if longest else range(len(data), -1, -1)
    for start in starts:
        if regex.fullmatch(data, start):
            return _text(data[:start])
    return value


def _bytes(text: str) -> str:
    """dash matches bytes, not characters (``?`` is one byte of a UTF-8 ``μ``): each byte of
    the text as one character."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def _text(data: str) -> str:
    if data.isascii():
        return data
    return data.encode("latin-1").decode("utf-8", "surrogateescape")


def bracket(pattern: str, start: int) -> tuple[int, str | None]:
    """Parse ``[...]`` at ``start``: (index after it, regex class) or (start, None) if unclosed.

    Backslashes escape inside the brackets (range ends too); a reversed range such as ``[z-a]``
    matches nothing, as in dash, instead of being a regex error.
    """
    i, n = start + 1, len(pattern)
    negate = i < n and pattern[i] in "!^"
    if negate:
        i += 1
    items: list[str] = []
    first = True
    while i < n:
        c = pattern[i]
        if c == "]" and not first:
            if not items:  # only reversed ranges: nothing (or, negated, anything) matches
                return i + 1, r"[\s\S]" if negate else r"[^\s\S]"
            return i + 1, f"[{'^' if negate else ''}{''.join(items)}]"
        first = False
        if pattern.startswith("[:", i):
            close = pattern.find(":]", i + 2)
            if close != -1 and pattern[i + 2 : close] in CHARACTER_CLASSES:
                items.append(CHARACTER_CLASSES[pattern[i + 2 : close]])
                i = close + 2
                continue
        if c == "\\" and i + 1 < n:
            i += 1
            c = pattern[i]
        if i + 2 < n and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            hi = pattern[i + 2]
            if hi == "\\" and i + 3 < n:
                hi = pattern[i + 3]
                i += 1
            if c <= hi:
                items.append(f"{re.escape(c)}-{re.escape(hi)}")
            i += 3
            continue
        items.append(re.escape(c))
        i += 1
    return start, None
