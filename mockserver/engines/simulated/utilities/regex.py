"""POSIX regular expressions (basic and extended, with GNU's extensions) as Python ``re``.

grep and sed speak POSIX: in a basic expression ``\\(``, ``\\{``, ``\\|``, ``\\+`` and ``\\?`` are
operators and the bare characters are literal; in an extended one it is the other way round.
Bracket expressions keep backslashes literal and know ``[:alpha:]`` classes; ``\\<``/``\\>`` are
word boundaries. Python's leftmost-first alternation stands in for POSIX leftmost-longest.
"""

from __future__ import annotations

import re

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~",
    "xdigit": "0-9A-Fa-f",
    "cntrl": "\\x00-\\x1f\\x7f",
    "print": " -~",
    "graph": "!-~",
    "word": "\\w",
}


class RegexError(Exception):
    """An expression GNU would reject; the message is GNU's."""


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting at ``pattern[i] == '['``."""
    j = i + 1
    out = ["["]
    if j < len(pattern) and pattern[j] == "^":
        out.append("^")
        j += 1
    first = True
    if j >= len(pattern):
        raise RegexError("Invalid regular expression")
    while True:
        if j >= len(pattern):
            raise RegexError("Unmatched [, [^, [:, [., or [=")
        c = pattern[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        first = False
        if c == "[" and j + 1 < len(pattern) and pattern[j + 1] in ":=.":
            kind = pattern[j + 1]
            close = pattern.find(kind + "]", j + 2)
            if close < 0:
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            name = pattern[j + 2 : close]
            if kind == ":":
                if name not in _CLASSES:
                    raise RegexError("Invalid character class name")
                out.append(_CLASSES[name])
            else:
                out.append(re.escape(name))
            j = close + 2
            continue
        if c in "\\[]^":
            out.append("\\" + c)
        elif c == "-" and j + 1 < len(pattern) and pattern[j + 1] != "]" and len(out) > 1:
            out.append("-")
        else:
            out.append(c if c != "-" else "\\-")
        j += 1


def translate(pattern: str, *, extended: bool, end: str = "$") -> str:
    """A Python regex equivalent to the POSIX ``pattern``. Raises :class:`RegexError`.

    ``end`` is what the ``$`` anchor becomes (``\\Z`` where text may end in a newline).
    """
    end_anchor = end
    out: list[str] = []
    i = 0
    n = len(pattern)
    depth = 0
    # Whether the next token starts an expression (where ``*`` is literal, ``^`` an anchor).
    at_start = True
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise RegexError("Trailing backslash")
            d = pattern[i + 1]
            i += 2
            if not extended and d in "(){}|+?":
                c = d
                # fall through to operator handling below
            else:
                if d.isdigit() and d != "0":
                    out.append("\\" + d)
                elif d == "<":
                    out.append(r"\b(?=\w)")
                elif d == ">":
                    out.append(r"\b(?<=\w)")
                elif d in "bBwWsS":
                    out.append("\\" + d)
                elif d == "`":
                    out.append(r"\A")
                elif d == "'":
                    out.append(r"\Z")
                elif d == "n":
                    out.append("\\n")
                elif d == "t":
                    out.append("\\t")
                else:
                    out.append(re.escape(d))
                at_start = False
                continue
            operator = True
        else:
            i += 1
            operator = extended and c in "(){}|+?"
            if not operator and c not in "[.*^$":
                out.append(re.escape(c))
                at_start = False
                continue
        if c == "[" and not operator:
            text, i = _bracket(pattern, i - 1)
            out.append(text)
            at_start = False
            continue
        if c == ".":
            out.append(".")
            at_start = False
        elif c == "*" and not operator:
            if at_start:
                out.append("\\*")
                at_start = False
            elif (out and out[-1] in ("*", "+", "?")) or (out and out[-1].endswith("}")):
                pass  # a repeated repetition (``a**``) means the same as one
            else:
                out.append("*")
        elif c == "^" and not operator:
            # In a basic expression only the first "^" of an expression anchors ("^^": one
            # anchor, then a literal); "*" right after it stays literal too.
            if extended or (at_start and not (out and out[-1] == "^")):
                out.append("^")
                continue
            out.append("\\^")
        elif c == "$" and not operator:
            rest = pattern[i:]
            at_end = extended or rest == "" or rest.startswith("\\)") or rest.startswith("\\|")
            out.append(end_anchor if at_end else "\\$")
            at_start = False
        elif c == "(":
            depth += 1
            out.append("(")
            at_start = True
            continue
        elif c == ")":
            if depth == 0:
                if extended:
                    out.append("\\)")
                    at_start = False
                    continue
                raise RegexError("Unmatched ) or \\)")
            depth -= 1
            out.append(")")
            at_start = False
        elif c == "|":
            out.append("|")
            at_start = True
            continue
        elif c in "+?":
            if at_start:
                out.append(re.escape(c))
                at_start = False
            else:
                out.append(c)
        elif c == "{":
            close_token = "}" if extended else "\\}"
            close = pattern.find(close_token, i)
            body = pattern[i:close] if close >= 0 else ""
            if close < 0 or not re.fullmatch(r"[0-9]*(,[0-9]*)?", body) or body in ("", ","):
                if extended:
                    out.append("\\{")
                    at_start = False
                    continue
                raise RegexError("Unmatched \\{" if close < 0 else "Invalid content of \\{\\}")
            if at_start:
                out.append(re.escape("{" + body + "}"))
                i = close + len(close_token)
                at_start = False
                continue
            lo, _, hi = body.partition(",")
            if lo and hi and int(hi) < int(lo):
                raise RegexError("Invalid content of \\{\\}")
            out.append("{" + (lo or "0") + ("," + hi if "," in body else "") + "}")
            i = close + len(close_token)
        elif c == "}":
            out.append("\\}")
            at_start = False
        else:
            out.append(re.escape(c))
            at_start = False
        if c not in "(|":
            at_start = False
    if depth:
        raise RegexError("Unmatched ( or \\(")
    return "".join(out)


def compile_posix(pattern: str, *, extended: bool, ignore_case: bool = False) -> re.Pattern[str]:
    """Compile a POSIX expression. Raises :class:`RegexError` with GNU's message."""
    try:
        return re.compile(
            translate(pattern, extended=extended), re.IGNORECASE if ignore_case else 0
        )
    except re.error as err:
        raise RegexError(_message(err)) from None


def _message(err: re.error) -> str:
    text = str(err)
    if "parenthesis" in text:
        return "Unmatched ( or \\("
    if "nothing to repeat" in text or "multiple repeat" in text:
        return "Invalid preceding regular expression"
    if "invalid group reference" in text or "unknown group" in text:
        return "Invalid back reference"
    if "unterminated character set" in text:
        return "Unmatched [, [^, [:, [., or [="
    if "bad character range" in text:
        return "Invalid range end"
    return "Invalid regular expression"
