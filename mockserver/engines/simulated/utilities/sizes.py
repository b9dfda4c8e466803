"""Sizes for people, as GNU's ``-h`` prints them (powers of 1024, rounded up)."""

from __future__ import annotations

import math


def human_size(size: int) -> str:
    """``4.0K``, ``12M``, ``999``: one decimal below 10, rounding up as coreutils does."""
    if size < 1024:
        return str(size)
    value = float(size)
    for unit in "KMGTPEZY":
        value /= 1024
        shown = math.ceil(value * 10) / 10 if value < 10 else float(math.ceil(value))
        if shown < 1024:
            return f"{shown:.1f}{unit}" if shown < 10 else f"{int(shown)}{unit}"
    return f"{math.ceil(value)}Y"
