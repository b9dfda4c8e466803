"""The expression half of awk's grammar, and the token and name bookkeeping both halves use.

Precedence, lowest first: assignment, ``?:``, ``||``, ``&&``, ``in``, ``~ !~``, relational
operators (and ``cmd | getline``), concatenation, ``+ -``, ``* / %``, unary ``! - +``, ``^``,
``++ --``, ``$``, grouping. In a ``print`` argument list an unparenthesized ``>`` redirects.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.ere import RegexError, compile_ere
from mockserver.engines.simulated.utilities.awk.errors import AwkSyntaxError
from mockserver.engines.simulated.utilities.awk.lexer import Token

_ASSIGN = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "^="})
_RELATIONAL = frozenset({"<", "<=", "==", "!=", ">", ">="})
#: Tokens that can start an operand of a concatenation.
_CONCAT_START = frozenset(
    {"NUMBER", "STRING", "ERE", "NAME", "FUNC_NAME", "BUILTIN", "$", "(", "!", "-", "+", "++", "--"}
)
_ARITY = {
    "length": (0, 1),
    "substr": (2, 3),
    "index": (2, 2),
    "split": (2, 3),
    "sub": (2, 3),
    "gsub": (2, 3),
    "match": (2, 2),
    "sprintf": (1, 255),
    "sin": (1, 1),
    "cos": (1, 1),
    "atan2": (2, 2),
    "exp": (1, 1),
    "log": (1, 1),
    "sqrt": (1, 1),
    "int": (1, 1),
    "rand": (0, 0),
    "srand": (0, 1),
    "tolower": (1, 1),
    "toupper": (1, 1),
    "system": (1, 1),
    "close": (1, 1),
    "fflush": (0, 1),
    "systime": (0, 0),
    "mktime": (1, 1),
    "strftime": (0, 3),
}


@dataclass
class Context:
    params: list[str] | None = None  # inside a function: its parameters
    loops: int = 0
    in_begin_end: bool = False


class ExpressionParser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.ctx = Context()
        self.no_gt = False
        self.calls: list[n.Call] = []
        self.kinds: dict[str, str] = {}  # global name -> "array" | "scalar"
        self.program_ = n.Program()

    # --- tokens ------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if self.pos < len(self.tokens) - 1:
            self.pos += 1
        return token

    def at(self, *kinds: str) -> bool:
        return self.tok.kind in kinds

    def error(self, token: Token | None = None) -> AwkSyntaxError:
        token = token or self.tok
        if token.kind in ("NEWLINE", "EOF", "}"):
            depth = 0
            for seen in self.tokens[: self.pos]:
                depth += 1 if seen.kind == "(" else -1 if seen.kind == ")" else 0
            if depth > 0:
                return AwkSyntaxError(token.line, f"missing ) near {token.describe()}")
        return AwkSyntaxError(token.line, f"syntax error at or near {token.describe()}")

    def expect(self, kind: str) -> Token:
        if self.tok.kind != kind:
            if kind in "})" and self.at("NEWLINE", "EOF"):
                raise AwkSyntaxError(self.tok.line, f"missing {kind} near {self.tok.describe()}")
            raise self.error()
        return self.advance()

    def newlines(self) -> None:
        while self.at("NEWLINE"):
            self.advance()

    def terminators(self) -> None:
        while self.at("NEWLINE", ";"):
            self.advance()

    # --- expressions -------------------------------------------------------------------

    def expr_list(self, closer: str | None) -> list[n.Expr]:
        items = [self.expr()]
        while self.at(","):
            self.advance()
            self.newlines()
            items.append(self.expr())
        return items

    def expr(self) -> n.Expr:
        left = self.ternary()
        if self.tok.kind in _ASSIGN:
            if not _is_lvalue(left):
                raise self.error()
            op = self.advance().kind
            self.newlines()
            assert _is_lvalue(left)
            return n.Assign(left, op, self.expr())  # type: ignore[arg-type]
        return left

    def ternary(self) -> n.Expr:
        test = self.logical_or()
        if not self.at("?"):
            return test
        self.advance()
        self.newlines()
        yes = self.expr()
        self.newlines()
        self.expect(":")
        self.newlines()
        no = self.expr()
        return n.Cond(test, yes, no)

    def logical_or(self) -> n.Expr:
        left = self.logical_and()
        while self.at("||"):
            self.advance()
            self.newlines()
            left = n.Logical("||", left, self.logical_and())
        return left

    def logical_and(self) -> n.Expr:
        left = self.membership()
        while self.at("&&"):
            self.advance()
            self.newlines()
            left = n.Logical("&&", left, self.membership())
        return left

    def membership(self) -> n.Expr:
        left = self.matching()
        while self.at("in"):
            self.advance()
            if not self.at("NAME"):
                raise self.error()
            array = self.array_ref(self.advance())
            subscripts: list[n.Expr] = left.items if isinstance(left, n.Group) else [left]
            left = n.In(subscripts, array)
        return left

    def matching(self) -> n.Expr:
        left = self.relational()
        while self.at("~", "!~"):
            negate = self.advance().kind == "!~"
            left = n.Match(negate, left, self.constant_regex(self.relational()))
        return left

    def relational(self) -> n.Expr:
        left = self.concatenation()
        while True:
            kind = self.tok.kind
            if kind == "|" and self.peek().kind == "getline":
                self.advance()
                self.advance()
                target = self.optional_lvalue()
                left = n.Getline(target, command=left)
                # mawk reads on: ``cmd | getline x y`` concatenates ``y`` to the result.
                if self.tok.kind in _CONCAT_START and self.tok.kind not in ("-", "+"):
                    left = n.Concat([left, self.concatenation()])
                continue
            if kind in _RELATIONAL and not (kind == ">" and self.no_gt):
                self.advance()
                return n.Compare(kind, left, self.concatenation())
            return left

    def concatenation(self) -> n.Expr:
        parts = [self.additive()]
        while self.tok.kind in _CONCAT_START and self.tok.kind not in ("-", "+"):
            if self.at("getline"):
                break
            parts.append(self.additive())
        return parts[0] if len(parts) == 1 else n.Concat(parts)

    def additive(self) -> n.Expr:
        left = self.multiplicative()
        while self.at("+", "-"):
            op = self.advance().kind
            left = n.Binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> n.Expr:
        left = self.unary()
        while self.at("*", "/", "%"):
            op = self.advance().kind
            left = n.Binary(op, left, self.unary())
        return left

    def unary(self) -> n.Expr:
        if self.at("!"):
            self.advance()
            return n.Not(self.unary())
        if self.at("-", "+"):
            op = self.advance().kind
            return n.Unary(op, self.unary())
        return self.power()

    def power(self) -> n.Expr:
        base = self.postfix()
        if self.at("^"):
            self.advance()
            return n.Binary("^", base, self.unary_power())
        return base

    def unary_power(self) -> n.Expr:
        """The right operand of ``^``: right-associative, may carry a sign."""
        if self.at("-", "+"):
            op = self.advance().kind
            return n.Unary(op, self.unary_power())
        if self.at("!"):
            self.advance()
            return n.Not(self.unary_power())
        return self.power()

    def postfix(self) -> n.Expr:
        if self.at("++", "--"):
            op = self.advance()
            start = self.tok
            target = self.postfix()
            if not _is_lvalue(target):
                raise self.error(start)
            return n.IncDec(target, 1.0 if op.kind == "++" else -1.0, True)  # type: ignore[arg-type]
        expr = self.primary()
        if self.at("++", "--") and _is_lvalue(expr):
            op = self.advance()
            return n.IncDec(expr, 1.0 if op.kind == "++" else -1.0, False)  # type: ignore[arg-type]
        return expr

    def primary(self) -> n.Expr:
        tok = self.tok
        kind = tok.kind
        if kind == "NUMBER":
            self.advance()
            assert isinstance(tok.value, float)
            return n.Num(tok.value)
        if kind == "STRING":
            self.advance()
            assert isinstance(tok.value, str)
            return n.Str(tok.value)
        if kind == "ERE":
            self.advance()
            assert isinstance(tok.value, str)
            try:
                return n.RegexLit(compile_ere(tok.value))
            except RegexError as err:
                raise AwkSyntaxError(tok.line, str(err)) from None
        if kind == "$":
            self.advance()
            if self.at("++", "--"):
                return n.Field(self.postfix())
            if self.at("-", "+", "!"):
                return n.Field(self.unary())
            operand = self.primary()
            if self.at("++", "--") and _is_lvalue(operand):  # mawk: $x++ is $(x++)
                op = self.advance()
                delta = 1.0 if op.kind == "++" else -1.0
                operand = n.IncDec(operand, delta, False)  # type: ignore[arg-type]
            return n.Field(operand)
        if kind == "(":
            self.advance()
            saved, self.no_gt = self.no_gt, False
            try:
                items = self.expr_list(")")
            finally:
                self.no_gt = saved
            self.expect(")")
            if len(items) > 1:
                if not self.at("in") and not self._group_allowed():
                    raise self.error()
                return n.Group(items)
            return items[0]
        if kind == "NAME":
            self.advance()
            if self.at("["):
                self.advance()
                subscripts = self.expr_list("]")
                self.expect("]")
                return n.Index(self.array_ref(tok), subscripts)
            # A bare name as an argument may be an array passed by reference.
            return self.variable(tok, note=not self.at(",", ")"))
        if kind == "FUNC_NAME":
            self.advance()
            self.expect("(")
            args = self.call_args()
            call = n.Call(tok.text, args, tok.line)
            self.calls.append(call)
            return call
        if kind == "BUILTIN":
            return self.builtin()
        if kind == "getline":
            self.advance()
            target = self.optional_lvalue()
            file: n.Expr | None = None
            if self.at("<"):
                self.advance()
                file = self.primary_with_incdec()
            return n.Getline(target, file=file)
        raise self.error()

    def constant_regex(self, expr: n.Expr) -> n.Expr:
        """A string constant where a regular expression goes is compiled with the program."""
        if not isinstance(expr, n.Str):
            return expr
        try:
            return n.RegexLit(compile_ere(expr.value))
        except RegexError as err:
            raise AwkSyntaxError(self.tokens[self.pos - 1].line, str(err)) from None

    def _group_allowed(self) -> bool:
        """``(a, b)`` stands alone only as print's argument list."""
        return self.no_gt

    def primary_with_incdec(self) -> n.Expr:
        expr = self.primary()
        if self.at("++", "--") and _is_lvalue(expr):
            op = self.advance()
            return n.IncDec(expr, 1.0 if op.kind == "++" else -1.0, False)  # type: ignore[arg-type]
        return expr

    def optional_lvalue(self) -> n.LValue | None:
        if self.at("$"):
            self.advance()
            if self.at("++", "--"):
                return n.Field(self.postfix())
            return n.Field(self.primary())
        if self.at("NAME"):
            tok = self.advance()
            if self.at("["):
                self.advance()
                subscripts = self.expr_list("]")
                self.expect("]")
                return n.Index(self.array_ref(tok), subscripts)
            return self.variable(tok)
        return None

    def call_args(self) -> list[n.Expr]:
        saved, self.no_gt = self.no_gt, False
        try:
            self.newlines()
            args: list[n.Expr] = []
            if not self.at(")"):
                args = self.expr_list(")")
                self.newlines()
            self.expect(")")
            return args
        finally:
            self.no_gt = saved

    def builtin(self) -> n.Expr:
        tok = self.advance()
        name = tok.text
        args: list[n.Expr] = []
        if self.at("("):
            self.advance()
            args = self.call_args()
        elif name != "length":
            raise self.error()
        low, high = _ARITY[name]
        if not low <= len(args) <= high:
            raise AwkSyntaxError(tok.line, f"wrong number of arguments in call to {name}")
        if name == "split" and not _is_array_name(args[1]):
            raise AwkSyntaxError(tok.line, "syntax error at or near )")
        if name == "split":
            args[1] = self.as_array(args[1], tok)
        if name in ("sub", "gsub"):
            args[0] = self.constant_regex(args[0])
        if name == "match":
            args[1] = self.constant_regex(args[1])
        first = args[0] if args else None
        if name == "length" and isinstance(first, n.GlobalVar) and first.name not in self.kinds:
            self.kinds[first.name] = "scalar"
        if name in ("sub", "gsub") and len(args) == 3 and not _is_lvalue(args[2]):
            raise AwkSyntaxError(tok.line, f"wrong number of arguments in call to {name}")
        return n.Builtin(name, args)

    # --- names -------------------------------------------------------------------------

    def variable(self, tok: Token, *, note: bool = True) -> n.GlobalVar | n.LocalVar | n.NFVar:
        name = tok.text
        params = self.ctx.params
        if params is not None and name in params:
            return n.LocalVar(params.index(name), name)
        if name == "NF":
            return n.NFVar()
        if note:
            self.note_kind(name, "scalar", tok)
        return n.GlobalVar(name)

    def array_ref(self, tok: Token) -> n.ArrayRef:
        name = tok.text
        params = self.ctx.params
        if params is not None and name in params:
            return n.LocalVar(params.index(name), name)
        self.note_kind(name, "array", tok)
        return n.GlobalVar(name)

    def as_array(self, expr: n.Expr, tok: Token) -> n.Expr:
        if isinstance(expr, n.GlobalVar):
            if self.kinds.get(expr.name) == "scalar":
                raise AwkSyntaxError(tok.line, f"illegal reference to variable {expr.name}")
            self.kinds[expr.name] = "array"
        return expr

    def note_kind(self, name: str, kind: str, tok: Token) -> None:
        known = self.kinds.get(name)
        if known is None:
            self.kinds[name] = kind
        elif known != kind:
            what = "array" if known == "array" else "variable"
            raise AwkSyntaxError(tok.line, f"illegal reference to {what} {name}")


def _is_lvalue(expr: n.Expr) -> bool:
    return isinstance(expr, n.GlobalVar | n.LocalVar | n.NFVar | n.Field | n.Index)


def _is_array_name(expr: n.Expr) -> bool:
    return isinstance(expr, n.GlobalVar | n.LocalVar)
