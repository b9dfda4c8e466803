"""Version ordering as GNU ``sort -V`` and ``ls -v`` use it (gnulib's ``filevercmp``)."""

from __future__ import annotations

import re

_SUFFIX = re.compile(r"(?:\.[A-Za-z~][A-Za-z0-9~]*)*$")


def _order(c: str) -> int:
    if c.isdigit():
        return 0
    if c.isascii() and c.isalpha():
        return ord(c)
    if c == "~":
        return -1
    return ord(c) + 256


def _verrevcmp(a: str, b: str) -> int:
    i = j = 0
    while i < len(a) or j < len(b):
        first_diff = 0
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i]) if i < len(a) else 0
            bc = _order(b[j]) if j < len(b) else 0
            if ac != bc:
                return ac - bc
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        while i < len(a) and j < len(b) and a[i].isdigit() and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i += 1
            j += 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return first_diff
    return 0


def version_compare(a: str, b: str) -> int:
    """Negative, zero or positive as ``a`` sorts before, with or after ``b``."""
    if a == b:
        return 0
    for special in ("", ".", ".."):
        if a == special or b == special:
            return -1 if a == special else 1
    a_hidden, b_hidden = a.startswith("."), b.startswith(".")
    if a_hidden != b_hidden:
        return -1 if a_hidden else 1
    if a_hidden:
        a, b = a[1:], b[1:]
    a_base = a[: _SUFFIX.search(a).start()] if _SUFFIX.search(a) else a  # type: ignore[union-attr]
    b_base = b[: _SUFFIX.search(b).start()] if _SUFFIX.search(b) else b  # type: ignore[union-attr]
    result = 0
    if a_base != b_base:
        result = _verrevcmp(a_base, b_base)
    if result == 0:
        result = _verrevcmp(a, b)
    return result if result else (a > b) - (a < b)
