"""Awk program text to tokens, with mawk's line numbers and scanner errors.

Whether ``/`` starts a regular expression or divides depends only on the token before it, so
the whole program is tokenized up front. mawk ends a program with a newline token and then an
end-of-file token one line further down; syntax errors name the line of the token they met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockserver.engines.simulated.utilities.awk.errors import AwkSyntaxError

KEYWORDS = frozenset(
    [
        "BEGIN",
        "END",
        "function",
        "if",
        "else",
        "while",
        "for",
        "do",
        "break",
        "continue",
        "next",
        "nextfile",
        "exit",
        "return",
        "delete",
        "in",
        "getline",
        "print",
        "printf",
    ]
)
BUILTINS = frozenset(
    [
        "length",
        "substr",
        "index",
        "split",
        "sub",
        "gsub",
        "match",
        "sprintf",
        "sin",
        "cos",
        "atan2",
        "exp",
        "log",
        "sqrt",
        "int",
        "rand",
        "srand",
        "systime",
        "mktime",
        "strftime",
        "tolower",
        "toupper",
        "system",
        "close",
        "fflush",
    ]
)

_OPERATORS = sorted(
    [
        "+=",
        "-=",
        "*=",
        "/=",
        "%=",
        "^=",
        "==",
        "<=",
        ">=",
        "!=",
        "++",
        "--",
        "&&",
        "||",
        ">>",
        "!~",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ";",
        ",",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "!",
        ">",
        "<",
        "|",
        "?",
        ":",
        "~",
        "$",
        "=",
    ],
    key=len,
    reverse=True,
)
_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "\\/",
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "b": "\b",
    "a": "\a",
}
#: Tokens after which ``/`` divides rather than opening a regular expression (as in mawk,
#: not after ``++``, ``--`` or a bare ``length``).
_OPERAND_END = frozenset({"NUMBER", "STRING", "ERE", "NAME", ")", "]", "$"})


@dataclass(frozen=True)
class Token:
    kind: str  # NUMBER STRING ERE NAME FUNC_NAME BUILTIN NEWLINE EOF, a keyword, or an operator
    text: str
    line: int
    #: NUMBER: the value; STRING: the text with escapes resolved; ERE: the expression.
    value: str | float = ""

    def describe(self) -> str:
        """The token as mawk names it in ``syntax error at or near ...``."""
        if self.kind == "NEWLINE":
            return "end of line"
        if self.kind == "EOF":
            return "end of file"
        return self.text


def string_escapes(body: str) -> str:
    """Resolve the escapes of a string literal (also used for ``-v`` and ``-F`` values)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[nxt])
            i += 2
        elif nxt in "01234567":
            j = i + 1
            while j < len(body) and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(chr(int(body[i + 1 : j], 8) & 0xFF))
            i = j
        elif nxt == "x" and i + 2 < len(body) and body[i + 2] in "0123456789abcdefABCDEF":
            j = i + 2
            while j < len(body) and j < i + 4 and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(body[i + 2 : j], 16)))
            i = j
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out)


def tokenize(source: str, problems: list[AwkSyntaxError] | None = None) -> list[Token]:
    """The tokens of ``source``; errors mawk reports without stopping go to ``problems``."""
    if problems is None:
        problems = []
    tokens: list[Token] = []
    line = 1
    i = 0
    n = len(source)
    depth = {"{": 0, "(": 0}
    extra: tuple[int, str, int] | None = None

    def previous_kind() -> str:
        return tokens[-1].kind if tokens else "NEWLINE"

    while i < n:
        ch = source[i]
        if ch in " \t\r\f\v":
            i += 1
            continue
        if ch == "\\" and source.startswith("\n", i + 1):
            i += 2
            line += 1
            continue
        if ch == "\\" and source.startswith("\r\n", i + 1):
            i += 3
            line += 1
            continue
        if ch == "#":
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch == "\n":
            tokens.append(Token("NEWLINE", "\n", line))
            line += 1
            i += 1
            continue
        if ch == '"':
            j = i + 1
            while j < n and source[j] != '"':
                if source[j] == "\n":
                    break
                j += 2 if source[j] == "\\" and j + 1 < n and source[j + 1] != "\n" else 1
            if j >= n or source[j] != '"':
                raise AwkSyntaxError(
                    line, f"runaway string constant {source[i : min(j, i + 11)]} ..."
                )
            body = source[i + 1 : j]
            tokens.append(Token("STRING", source[i : j + 1], line, string_escapes(body)))
            i = j + 1
            continue
        if ch == "/" and previous_kind() not in _OPERAND_END:
            j = i + 1
            in_bracket = False
            bracket = i
            while j < n:
                c = source[j]
                if c == "\n":
                    break
                if c == "\\" and j + 1 < n and source[j + 1] != "\n":
                    j += 2
                    continue
                if in_bracket:
                    first = bracket + 1 + (source[bracket + 1] == "^")
                    if c == "]" and j != first:  # a ']' first in the brackets is literal
                        in_bracket = False
                elif c == "[":
                    in_bracket = True
                    bracket = j
                elif c == "/":
                    break
                j += 1
            if j >= n or source[j] != "/":
                shown = source[i + 1 : j]
                if previous_kind() in ("++", "--"):  # mawk has skipped blanks looking ahead
                    shown = shown.lstrip(" \t")
                raise AwkSyntaxError(line, f"runaway regular expression /{shown[:10]} ...")
            body = source[i + 1 : j].replace("\\/", "/")
            tokens.append(Token("ERE", source[i : j + 1], line, body))
            i = j + 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and source[i + 1].isdigit()):
            m = _NUMBER.match(source, i)
            assert m is not None
            tokens.append(Token("NUMBER", m.group(), line, float(m.group())))
            i = m.end()
            continue
        m = _NAME.match(source, i)
        if m is not None:
            word = m.group()
            i = m.end()
            if word in KEYWORDS:
                kind = word
            elif word in BUILTINS:
                kind = "BUILTIN"
            elif i < n and source[i] == "(":
                kind = "FUNC_NAME"
            else:
                kind = "NAME"
            tokens.append(Token(kind, word, line, word))
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                if op in "})":
                    opening = "{" if op == "}" else "("
                    if depth[opening] == 0:
                        # mawk drops it, then the parser trips on the token after it.
                        extra = extra or (line, op, len(tokens))
                        i += len(op)
                        break
                    depth[opening] -= 1
                elif op in "{(":
                    depth[op] += 1
                tokens.append(Token(op, op, line))
                i += len(op)
                break
        else:
            raise AwkSyntaxError(line, f"unexpected character '{ch}'", bare_line=True)
    tokens.append(Token("NEWLINE", "\n", line))
    tokens.append(Token("EOF", "", line + 1))
    if extra is not None:
        extra_line, op, index = extra
        error = AwkSyntaxError(extra_line, f"extra '{op}'")
        if op == "}":  # mawk's parser then trips on the token after it
            following = tokens[index]
            error.more = [
                AwkSyntaxError(following.line, f"syntax error at or near {following.describe()}")
            ]
            raise error
        problems.append(error)  # a ')' is dropped and the program read on
    return tokens
