"""POSIX extended regular expressions, as mawk reads them, translated to Python's ``re``.

Text inside the interpreter holds one character per byte (see :mod:`.values`), so ``.`` and
bracket expressions match single bytes as mawk's do. Differences from Python handled here:
``{`` is literal (this mawk has no intervals), ``$`` anchors only at the very end, ``.``
matches a newline, awk's escapes (``\\/``, ``\\b`` for backspace, octal ``\\ddd``) work inside
and outside brackets, character classes (``[:alpha:]``) expand to their C-locale sets, and
empty operands (``a|``, ``()``, ``*a``) are errors, as they are for mawk. Matches are
leftmost-longest when the expression has an alternation (POSIX), leftmost-greedy otherwise.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "0-9a-zA-Z",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "print": " -~",
    "graph": "!-~",
    "cntrl": "\\x00-\\x1f\\x7f",
    "xdigit": "0-9A-Fa-f",
}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "b": "\b", "a": "\a"}

#: How far past Python's match end the leftmost-longest search looks.
_LONGEST_WINDOW = 256


class RegexError(Exception):
    """An expression mawk would refuse; ``reason`` as mawk words it."""

    def __init__(self, reason: str, source: str) -> None:
        super().__init__(f"regular expression compile failed ({reason})\n{source}")
        self.reason = reason
        self.source = source


def _escape_char(ch: str) -> str:
    return ch if ch.isalnum() and ch.isascii() else "\\" + ch if ch != "\n" else "\\n"


def _read_escape(source: str, i: int) -> tuple[str, int]:
    """The character a backslash at ``source[i]`` stands for, and the index after it."""
    if i + 1 >= len(source):
        return "\\", i + 1
    ch = source[i + 1]
    if ch in _ESCAPES:
        return _ESCAPES[ch], i + 2
    if ch in "01234567":
        j = i + 1
        while j < len(source) and j < i + 4 and source[j] in "01234567":
            j += 1
        return chr(int(source[i + 1 : j], 8) & 0xFF), j
    return ch, i + 2


def _bracket(source: str, start: int) -> tuple[str, int]:
    """Translate the bracket expression opening at ``source[start]``; returns (python, end)."""
    i = start + 1
    negate = i < len(source) and source[i] == "^"
    if negate:
        i += 1
    items: list[str] = []
    first = True
    while True:
        if i >= len(source):
            raise RegexError("bad class -- [], [^] or [", source)
        ch = source[i]
        if ch == "]" and not first:
            i += 1
            break
        first = False
        if ch == "[" and i + 1 < len(source) and source[i + 1] in ":.=":
            kind = source[i + 1]
            end = source.find(kind + "]", i + 2)
            if end < 0:
                raise RegexError("bad class -- [], [^] or [", source)
            name = source[i + 2 : end]
            i = end + 2
            if kind == ":":
                if name not in _CLASSES:
                    raise RegexError("bad class -- [], [^] or [", source)
                items.append(_CLASSES[name])
            else:
                items.append("".join(_escape_char(c) for c in name))
            continue
        if ch == "\\":
            lo, i = _read_escape(source, i)
        else:
            lo, i = ch, i + 1
        if i + 1 < len(source) and source[i] == "-" and source[i + 1] != "]":
            if source[i + 1] == "\\":
                hi, j = _read_escape(source, i + 1)
            else:
                hi, j = source[i + 1], i + 2
            i = j
            if lo <= hi:
                items.append(f"{_escape_char(lo)}-{_escape_char(hi)}")
            else:
                items.append(_escape_char(lo) + "\\-" + _escape_char(hi))
            continue
        items.append(_escape_char(lo))
    return "[" + ("^" if negate else "") + "".join(items) + "]", i


def translate(source: str) -> tuple[str, bool]:
    """Python pattern text for an ERE, and whether it has an alternation."""
    out: list[str] = []
    depth = 0
    # Whether the last item can take a quantifier, and whether it already has one.
    operand = False
    quantified = False
    alternation = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch in "*+?":
            if not operand:
                if out and out[-1] == "^":
                    raise RegexError("syntax error ^* or ^+", source)
                raise RegexError("missing operand", source)
            if quantified:
                previous = out.pop()
                ch = previous if previous == ch and ch in "+?" else "*"
            out.append(ch)
            quantified = True
            i += 1
            continue
        quantified = False
        if ch == "(":
            if source.startswith(")", i + 1):
                raise RegexError("missing operand", source)
            depth += 1
            out.append("(?:")
            operand = False
            i += 1
        elif ch == ")" and depth:
            if not operand and out[-1] == "|":
                raise RegexError("missing operand", source)
            depth -= 1
            out.append(")")
            operand = True
            i += 1
        elif ch == "|":
            if not operand and (not out or out[-1] in ("|", "(?:")):
                raise RegexError("missing operand", source)
            alternation = True
            out.append("|")
            operand = False
            i += 1
        elif ch == "^":
            out.append("^")
            operand = False
            i += 1
        elif ch == "$":
            out.append("(?!.)")
            operand = False
            i += 1
        elif ch == ".":
            out.append(".")
            operand = True
            i += 1
        elif ch == "[":
            text, i = _bracket(source, i)
            out.append(text)
            operand = True
        elif ch == "\\":
            lit, i = _read_escape(source, i)
            out.append(_escape_char(lit))
            operand = True
        else:
            out.append(_escape_char(ch))
            operand = True
            i += 1
    if depth:
        raise RegexError("missing ')'", source)
    if out and out[-1] == "|":
        raise RegexError("missing operand", source)
    return "".join(out), alternation


@dataclass(frozen=True)
class Regex:
    """A compiled awk regular expression."""

    source: str
    pattern: re.Pattern[str]
    longest: bool

    def search(self, text: str, pos: int = 0) -> tuple[int, int] | None:
        """(start, end) of the leftmost(-longest) match at or after ``pos``."""
        m = self.pattern.search(text, pos)
        if m is None:
            return None
        start, end = m.span()
        if self.longest:
            limit = min(len(text), end + _LONGEST_WINDOW)
            for stop in range(limit, end, -1):
                if self.pattern.fullmatch(text, start, stop) and (
                    stop == len(text) or "(?!.)" not in self.pattern.pattern
                ):
                    return start, stop
        return start, end

    def test(self, text: str) -> bool:
        return self.pattern.search(text) is not None


def compile_ere(source: str) -> Regex:
    """Compile ``source``; raises :class:`RegexError` as mawk would refuse it."""
    text, alternation = translate(source)
    try:
        pattern = re.compile(text, re.DOTALL)
    except re.error as err:  # anything the checks above let through
        raise RegexError(str(err), source) from None
    return Regex(source, pattern, alternation and _variable_width(text))


def _variable_width(text: str) -> bool:
    """Whether matches of ``text`` at one position can differ in length (else the first is
    also the longest)."""
    try:
        _parser = importlib.import_module("re._parser")  # CPython's own regex parser

        low, high = _parser.parse(text, re.DOTALL).getwidth()
    except Exception:  # an internal module: if it fails, assume the worst
        return True
    return bool(low != high)
