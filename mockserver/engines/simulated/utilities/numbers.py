"""Counts with GNU's size suffixes, as ``head -c 1K`` or ``tail -n 2k`` accept them."""

from __future__ import annotations

import re

_SUFFIXES = {
    "": 1,
    "b": 512,
    "k": 1024,
    "K": 1024,
    "KiB": 1024,
    "KB": 1000,
    "M": 1024**2,
    "MiB": 1024**2,
    "MB": 1000**2,
    "G": 1024**3,
    "GiB": 1024**3,
    "GB": 1000**3,
    "T": 1024**4,
    "TB": 1000**4,
}
_COUNT = re.compile(r"([0-9]+)([a-zA-Z]*)")


def parse_count(text: str) -> int | None:
    """A non-negative count like ``10``, ``1K`` or ``2MB``; None if it is not one."""
    m = _COUNT.fullmatch(text.strip(" \t"))
    if m is None or m.group(2) not in _SUFFIXES:
        return None
    return int(m.group(1)) * _SUFFIXES[m.group(2)]


def parse_signed_count(text: str) -> tuple[str, int] | None:
    """A count with an optional leading ``+`` or ``-``: (sign or '', value)."""
    stripped = text.lstrip(" \t")
    sign = stripped[:1] if stripped[:1] in ("+", "-") else ""
    value = parse_count(stripped[len(sign) :])
    return None if value is None else (sign, value)
