"""File modes: ``chmod`` mode strings parsed, and modes rendered as ``ls -l`` shows them."""

from __future__ import annotations

import re

from mockserver.engines.simulated.vfs import Kind

#: The umask of a simulated shell (Debian's default).
UMASK = 0o022

_CLAUSE = re.compile(r"([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)")
_ACTION = re.compile(r"([-+=])([rwxXst]*|[ugo])")
_WHO_BITS = {"u": 0o4700, "g": 0o2070, "o": 0o1007}


def parse_mode(text: str, current: int, is_dir: bool) -> int | None:
    """The new permission bits for ``chmod text``; None if ``text`` is not a valid mode."""
    if re.fullmatch(r"[0-7]{1,4}", text):
        value = int(text, 8)
        if len(text) < 4 and is_dir:
            value |= current & 0o6000  # GNU keeps a directory's setuid/setgid bits
        return value
    mode = current & 0o7777
    for clause in text.split(","):
        m = _CLAUSE.fullmatch(clause)
        if m is None:
            return None
        who = m.group(1).replace("a", "ugo")
        masked = not who
        mask = 0
        for w in who or "ugo":
            mask |= _WHO_BITS[w]
        for op, perms in _ACTION.findall(m.group(2)):
            bits = _perm_bits(perms, mode, is_dir)
            bits &= mask
            if masked:
                bits &= ~UMASK
            if op == "+":
                mode |= bits
            elif op == "-":
                mode &= ~bits
            else:
                cleared = mask & ~(0o6000 if is_dir else 0)
                mode = (mode & ~cleared) | bits
    return mode & 0o7777


def _perm_bits(perms: str, mode: int, is_dir: bool) -> int:
    if perms in ("u", "g", "o"):
        shift = {"u": 6, "g": 3, "o": 0}[perms]
        triple = (mode >> shift) & 0o7
        return triple * 0o111
    bits = 0
    for p in perms:
        if p == "r":
            bits |= 0o444
        elif p == "w":
            bits |= 0o222
        elif p == "x":
            bits |= 0o111
        elif p == "X":
            if is_dir or mode & 0o111:
                bits |= 0o111
        elif p == "s":
            bits |= 0o6000
        elif p == "t":
            bits |= 0o1000
    return bits


_TYPE_CHAR: dict[Kind, str] = {"file": "-", "dir": "d", "symlink": "l", "device": "c"}


def mode_string(kind: Kind, mode: int) -> str:
    """``-rw-r--r--`` and friends."""
    chars = [_TYPE_CHAR[kind]]
    for shift, special, letter in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        triple = (mode >> shift) & 0o7
        chars.append("r" if triple & 4 else "-")
        chars.append("w" if triple & 2 else "-")
        x = bool(triple & 1)
        if mode & special:
            chars.append(letter if x else letter.upper())
        else:
            chars.append("x" if x else "-")
    return "".join(chars)
