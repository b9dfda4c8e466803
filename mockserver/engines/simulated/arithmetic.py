"""``$(( ))``: dash's integer arithmetic on an already expanded expression text.

Signed 64-bit integers, C operators and precedence, assignments (``x += 1``), ``?:``; variables
are read and written through callbacks, as the shell owns them. Errors are
:class:`ArithmeticFailure` with dash's wording (``division by zero``, ``expecting primary``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(
    r"\s*(?:(?P<num>0[xX][0-9a-fA-F]+|[0-9]+)|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op><<=|>>=|&&|\|\||<<|>>|<=|>=|==|!=|[-+*/%&^|]=|[-+*/%<>&^|!~?:=()]))"
)
_BINARY: dict[str, int] = {
    "||": 1,
    "&&": 2,
    "|": 3,
    "^": 4,
    "&": 5,
    "==": 6,
    "!=": 6,
    "<": 7,
    "<=": 7,
    ">": 7,
    ">=": 7,
    "<<": 8,
    ">>": 8,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
}
_ASSIGN = {"=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="}


class ArithmeticFailure(Exception):
    """An expression dash refuses; ``str()`` is dash's message after ``arithmetic expression: ``."""


def _wrap(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def parse_integer(text: str) -> int | None:
    """A number as dash reads one in arithmetic (decimal, ``0x`` hex, leading-zero octal)."""
    if text.isdigit() and (text[0] != "0" or text == "0"):
        return _wrap(int(text))
    text = text.strip()
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
            return _wrap(sign * int(text, 16))
        if re.fullmatch(r"0[0-7]*", text):
            return _wrap(sign * int(text, 8))
        if re.fullmatch(r"[1-9][0-9]*", text):
            return _wrap(sign * int(text))
    except ValueError:
        return None
    return None


class _Evaluator:
    def __init__(
        self,
        text: str,
        get: Callable[[str], str | None],
        set_: Callable[[str, str], None],
    ) -> None:
        self.text = text
        self.get = get
        self.set = set_
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            match = _TOKEN.match(text, position)
            if match is None:
                raise ArithmeticFailure(f'expecting primary: "{text}"')
            kind = match.lastgroup or "op"
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.index = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def fail(self, what: str = "expecting primary") -> ArithmeticFailure:
        return ArithmeticFailure(f'{what}: "{self.text}"')

    def value_of(self, name: str) -> int:
        raw = self.get(name)
        if raw is None or raw == "":
            return 0
        number = parse_integer(raw)
        if number is None:
            raise ArithmeticFailure(f"Illegal number: {raw}")
        return number

    def run(self) -> int:
        if not self.tokens:
            return 0
        value = self.expression(evaluate=True)
        if self.peek() is not None:
            raise self.fail("expecting EOF")
        return value

    def expression(self, evaluate: bool) -> int:
        token = self.peek()
        following = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None
        if token and token[0] == "name" and following and following[1] in _ASSIGN:
            self.index += 2
            right = self.expression(evaluate)
            if not evaluate:
                return 0
            name, op = token[1], following[1]
            value = right if op == "=" else self.apply(op[:-1], self.value_of(name), right)
            self.set(name, str(value))
            return value
        return self.conditional(evaluate)

    def conditional(self, evaluate: bool) -> int:
        condition = self.binary(1, evaluate)
        token = self.peek()
        if token is None or token[1] != "?":
            return condition
        self.index += 1
        yes = self.expression(evaluate and condition != 0)
        token = self.peek()
        if token is None or token[1] != ":":
            raise self.fail("expecting ':'")
        self.index += 1
        no = self.conditional(evaluate and condition == 0)
        return yes if condition else no

    def binary(self, level: int, evaluate: bool) -> int:
        left = self.unary(evaluate)
        while True:
            token = self.peek()
            if token is None or token[0] != "op" or _BINARY.get(token[1], 0) < level:
                return left
            op = token[1]
            self.index += 1
            if op == "&&":
                right = self.binary(_BINARY[op] + 1, evaluate and left != 0)
                left = int(left != 0 and right != 0)
            elif op == "||":
                right = self.binary(_BINARY[op] + 1, evaluate and left == 0)
                left = int(left != 0 or right != 0)
            else:
                right = self.binary(_BINARY[op] + 1, evaluate)
                left = self.apply(op, left, right) if evaluate else 0

    def apply(self, op: str, left: int, right: int) -> int:
        if op in {"/", "%"}:
            if right == 0:
                raise ArithmeticFailure(f'division by zero: "{self.text}"')
            quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
            return _wrap(quotient if op == "/" else left - quotient * right)
        results: dict[str, Callable[[], int]] = {
            "*": lambda: left * right,
            "+": lambda: left + right,
            "-": lambda: left - right,
            "<<": lambda: left << (right & 63),
            ">>": lambda: left >> (right & 63),
            "<": lambda: int(left < right),
            "<=": lambda: int(left <= right),
            ">": lambda: int(left > right),
            ">=": lambda: int(left >= right),
            "==": lambda: int(left == right),
            "!=": lambda: int(left != right),
            "&": lambda: left & right,
            "^": lambda: left ^ right,
            "|": lambda: left | right,
        }
        return _wrap(results[op]())

    def unary(self, evaluate: bool) -> int:
        token = self.peek()
        if token is None:
            raise self.fail()
        kind, text = token
        if kind == "op" and text in {"-", "+", "!", "~"}:
            self.index += 1
            value = self.unary(evaluate)
            return {"-": -value, "+": value, "!": int(value == 0), "~": ~value}[text]
        if kind == "op" and text == "(":
            self.index += 1
            value = self.expression(evaluate)
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise self.fail("expecting ')'")
            self.index += 1
            return value
        self.index += 1
        if kind == "num":
            number = parse_integer(text)
            if number is None:
                raise self.fail()
            return number
        if kind == "name":
            return self.value_of(text) if evaluate else 0
        raise self.fail()


def evaluate(text: str, get: Callable[[str], str | None], set_: Callable[[str, str], None]) -> int:
    """The value of ``text``; raises :class:`ArithmeticFailure`."""
    return _Evaluator(text, get, set_).run()
