"""``expr``: integer arithmetic, comparisons, string functions and ``:`` regex matching."""

from __future__ import annotations

import re

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import usage_error
from mockserver.engines.simulated.utilities.regex import RegexError, translate
from mockserver.engines.simulated.utilities.streams import locale_quote

_INTEGER = re.compile(r"[-+]?[0-9]+")
_COMPARISONS = ("<", "<=", "=", "==", "!=", ">=", ">")


class _ExprError(Exception):
    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _integer(value: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise _ExprError("non-integer argument")
    return int(value)


def _is_null(value: str) -> bool:
    return value == "" or (_INTEGER.fullmatch(value) is not None and int(value) == 0)


class _Parser:
    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.i = 0

    def peek(self) -> str | None:
        return self.args[self.i] if self.i < len(self.args) else None

    def take(self) -> str:
        if self.i >= len(self.args):
            previous = self.args[self.i - 1] if self.i else ""
            raise _ExprError(f"syntax error: missing argument after {locale_quote(previous)}")
        tok = self.args[self.i]
        self.i += 1
        return tok

    def parse(self) -> str:
        value = self.parse_or()
        if self.i < len(self.args):
            raise _ExprError(f"syntax error: unexpected argument {locale_quote(self.args[self.i])}")
        return value

    def parse_or(self) -> str:
        left = self.parse_and()
        while self.peek() == "|":
            self.take()
            right = self.parse_and()
            left = left if not _is_null(left) else (right if not _is_null(right) else "0")
        return left

    def parse_and(self) -> str:
        left = self.parse_compare()
        while self.peek() == "&":
            self.take()
            right = self.parse_compare()
            left = left if not _is_null(left) and not _is_null(right) else "0"
        return left

    def parse_compare(self) -> str:
        left = self.parse_sum()
        while self.peek() in _COMPARISONS:
            op = self.take()
            right = self.parse_sum()
            if _INTEGER.fullmatch(left) and _INTEGER.fullmatch(right):
                x, y = int(left), int(right)
                order = (x > y) - (x < y)
            else:
                order = (left > right) - (left < right)
            result = {
                "<": order < 0,
                "<=": order <= 0,
                "=": order == 0,
                "==": order == 0,
                "!=": order != 0,
                ">=": order >= 0,
                ">": order > 0,
            }[op]
            left = "1" if result else "0"
        return left

    def parse_sum(self) -> str:
        left = self.parse_product()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.parse_product()
            a, b = _integer(left), _integer(right)
            left = str(a + b if op == "+" else a - b)
        return left

    def parse_product(self) -> str:
        left = self.parse_match()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            right = self.parse_match()
            a, b = _integer(left), _integer(right)
            if op == "*":
                left = str(a * b)
            else:
                if b == 0:
                    raise _ExprError("division by zero")
                quotient = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
                left = str(quotient if op == "/" else a - b * quotient)
        return left

    def parse_match(self) -> str:
        left = self.parse_unary()
        while self.peek() == ":":
            self.take()
            left = _match(left, self.parse_unary())
        return left

    def parse_unary(self) -> str:
        tok = self.take()
        if tok == "(":
            value = self.parse_or()
            if self.peek() != ")":
                if self.peek() is None:
                    raise _ExprError(
                        f"syntax error: expecting ')' after {locale_quote(self.args[-1])}"
                    )
                raise _ExprError(
                    f"syntax error: expecting ')' instead of {locale_quote(self.args[self.i])}"
                )
            self.take()
            return value
        if tok == "+":
            return self.take()
        if tok == "length":
            return str(len(self.parse_unary()))
        if tok == "match":
            string = self.parse_unary()
            return _match(string, self.parse_unary())
        if tok == "substr":
            string, pos, length = self.parse_unary(), self.parse_unary(), self.parse_unary()
            p, n = (
                _integer(pos) if _INTEGER.fullmatch(pos) else 0,
                _integer(length) if _INTEGER.fullmatch(length) else 0,
            )
            if p < 1 or n < 1:
                return ""
            return string[p - 1 : p - 1 + n]
        if tok == "index":
            string, chars = self.parse_unary(), self.parse_unary()
            positions = [i for i, c in enumerate(string, 1) if c in chars]
            return str(positions[0] if positions else 0)
        return tok


def _match(string: str, pattern: str) -> str:
    try:
        regex = re.compile(translate(pattern, extended=False))
    except (RegexError, re.error) as err:
        raise _ExprError(
            str(err) if isinstance(err, RegexError) else "Invalid regular expression"
        ) from None
    m = regex.match(string)
    if regex.groups:
        return (m.group(1) or "") if m else ""
    return str(len(m.group(0))) if m else "0"


async def expr(proc: Process) -> int:
    args = proc.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    elif args in (["--help"], ["--version"]):
        text = "expr (GNU coreutils) 9.1\n" if args == ["--version"] else "Usage: expr EXPRESSION\n"
        await proc.stdout.write(text)
        return 0
    if not args:
        return await usage_error(proc, "missing operand", 2)
    try:
        value = _Parser(args).parse()
    except _ExprError as err:
        await proc.error(str(err))
        return err.status
    await proc.stdout.write(value + "\n")
    return 1 if _is_null(value) else 0
