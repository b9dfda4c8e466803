"""Tokens to a :class:`~.nodes.Program`, by recursive descent over POSIX awk's grammar.

This half reads the program's items (``BEGIN``, ``END``, ``pattern { action }``, functions)
and statements; :mod:`.expressions` reads expressions. Errors are :class:`AwkSyntaxError`
worded as mawk words them.
"""

from __future__ import annotations

from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.errors import AwkSyntaxError
from mockserver.engines.simulated.utilities.awk.expressions import Context, ExpressionParser
from mockserver.engines.simulated.utilities.awk.lexer import tokenize


def parse(source: str) -> n.Program:
    problems: list[AwkSyntaxError] = []
    tokens = tokenize(source, problems)
    try:
        program = _Parser(tokens).program()
    except AwkSyntaxError as err:
        if not problems:
            raise
        problems[0].more.append(err)
    if problems:
        raise problems[0]
    return program


class _Parser(ExpressionParser):
    # --- program -----------------------------------------------------------------------

    def program(self) -> n.Program:
        prog = self.program_
        self.terminators()
        while not self.at("EOF"):
            self.item(prog)
            if not self.at("NEWLINE", ";", "EOF") and self.tokens[self.pos - 1].kind != "}":
                raise self.error()
            self.terminators()
        undefined = [
            AwkSyntaxError(self.tok.line, f"function {call.name} never defined")
            for call in self.calls
            if call.name not in prog.functions
        ]
        if undefined:
            undefined[0].more = undefined[1:]
            raise undefined[0]
        for call in self.calls:
            function = prog.functions[call.name]
            if len(call.args) > len(function.params):
                raise AwkSyntaxError(call.line, f"too many arguments in call to {call.name}")
        return prog

    def item(self, prog: n.Program) -> None:
        if self.at("BEGIN", "END"):
            which = self.advance().kind
            self.ctx = Context(in_begin_end=True)
            if not self.at("{"):
                raise self.error()
            block = self.block()
            (prog.begin if which == "BEGIN" else prog.end).append(block)
            self.ctx = Context()
            return
        if self.at("function"):
            self.function(prog)
            return
        pattern: n.Expr | None = None
        end_pattern: n.Expr | None = None
        if not self.at("{"):
            pattern = self.expr()
            if self.at(","):
                self.advance()
                self.newlines()
                end_pattern = self.expr()
        action = self.block() if self.at("{") else None
        prog.items.append(n.Item(pattern, end_pattern, action))

    def function(self, prog: n.Program) -> None:
        self.advance()
        if not self.at("NAME", "FUNC_NAME"):
            raise self.error()
        name = self.advance().text
        if name in prog.functions:
            raise AwkSyntaxError(self.tok.line, f"redefinition of {name}")
        self.expect("(")
        params: list[str] = []
        while not self.at(")"):
            if not self.at("NAME") or self.tok.text == name:
                raise self.error()
            params.append(self.advance().text)
            if self.at(","):
                self.advance()
                self.newlines()
            elif not self.at(")"):
                raise self.error()
        self.advance()
        self.newlines()
        self.ctx = Context(params=params)
        function = n.Function(name, params, n.Block())
        prog.functions[name] = function
        function.body = self.block()
        self.ctx = Context()

    # --- statements --------------------------------------------------------------------

    def block(self) -> n.Block:
        self.expect("{")
        body: list[n.Stmt] = []
        self.terminators()
        while not self.at("}"):
            if self.at("EOF"):
                raise AwkSyntaxError(self.tok.line, "missing } near end of file")
            body.append(self.statement())
            self.terminators()
        self.advance()
        return n.Block(body)

    def end_simple(self) -> None:
        if self.at(";", "NEWLINE"):
            self.advance()
        elif not self.at("}", "EOF"):
            raise self.error()

    def body(self) -> n.Stmt:
        """The statement a loop or ``if`` governs (``;`` alone is an empty one)."""
        self.newlines()
        if self.at(";"):
            self.advance()
            return n.Block()
        if self.at("}"):
            return n.Block()
        return self.statement()

    def loop_body(self) -> n.Stmt:
        self.ctx.loops += 1
        try:
            return self.body()
        finally:
            self.ctx.loops -= 1

    def statement(self) -> n.Stmt:
        tok = self.tok
        kind = tok.kind
        if kind == "{":
            return self.block()
        if kind == "if":
            self.advance()
            self.expect("(")
            test = self.expr()
            self.expect(")")
            then = self.body()
            save = self.pos
            self.terminators()
            if self.at("else"):
                self.advance()
                return n.If(test, then, self.body())
            self.pos = save
            return n.If(test, then, None)
        if kind == "while":
            self.advance()
            self.expect("(")
            test = self.expr()
            self.expect(")")
            if self.at(";"):
                self.advance()
                return n.While(test, n.Block())
            return n.While(test, self.loop_body())
        if kind == "do":
            self.advance()
            body = self.loop_body()
            self.terminators()
            self.expect("while")
            self.expect("(")
            test = self.expr()
            self.expect(")")
            self.end_simple()
            return n.DoWhile(body, test)
        if kind == "for":
            return self.for_statement()
        if kind == ";":
            self.advance()
            return n.Block()
        stmt = self.simple_statement()
        self.end_simple()
        return stmt

    def for_statement(self) -> n.Stmt:
        self.advance()
        self.expect("(")
        if (
            self.at("NAME")
            and self.peek().kind == "in"
            and self.peek(2).kind == "NAME"
            and self.peek(3).kind == ")"
        ):
            var = self.variable(self.advance())
            self.advance()
            array = self.array_ref(self.advance())
            self.advance()
            return n.ForIn(var, array, self.loop_body())
        init = None if self.at(";") else self.simple_statement()
        self.expect(";")
        self.newlines()
        test = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        step = None if self.at(")") else self.simple_statement()
        self.expect(")")
        if self.at(";"):
            self.advance()
            return n.For(init, test, step, n.Block())
        return n.For(init, test, step, self.loop_body())

    def simple_statement(self) -> n.Stmt:
        tok = self.tok
        kind = tok.kind
        if kind in ("print", "printf"):
            return self.print_statement()
        if kind in ("next", "nextfile"):
            self.advance()
            if self.ctx.in_begin_end or self.ctx.params is not None:
                raise AwkSyntaxError(tok.line, f"improper use of {kind}")
            return n.Next(file=kind == "nextfile")
        if kind == "exit":
            self.advance()
            return n.Exit(None if self.at(";", "NEWLINE", "}", "EOF") else self.expr())
        if kind == "return":
            self.advance()
            if self.ctx.params is None:
                raise AwkSyntaxError(tok.line, "return outside function body")
            return n.Return(None if self.at(";", "NEWLINE", "}", "EOF") else self.expr())
        if kind in ("break", "continue"):
            self.advance()
            if not self.ctx.loops:
                raise AwkSyntaxError(tok.line, f"{kind} statement outside of loop")
            return n.Break() if kind == "break" else n.Continue()
        if kind == "delete":
            self.advance()
            if not self.at("NAME"):
                raise self.error()
            array = self.array_ref(self.advance())
            if self.at("["):
                self.advance()
                subscripts = self.expr_list("]")
                self.expect("]")
                return n.Delete(array, subscripts)
            return n.Delete(array, None)
        return n.ExprStmt(self.expr())

    def print_statement(self) -> n.Print:
        tok = self.advance()
        formatted = tok.kind == "printf"
        args: list[n.Expr] = []
        if not self.at(";", "NEWLINE", "}", ">", ">>", "|", "EOF"):
            saved, self.no_gt = self.no_gt, True
            try:
                args = self.expr_list(None)
            finally:
                self.no_gt = saved
        if len(args) == 1 and isinstance(args[0], n.Group):
            args = args[0].items
        if formatted and not args:
            raise AwkSyntaxError(tok.line, "no arguments in call to printf")
        mode: str | None = None
        dest: n.Expr | None = None
        if self.at(">", ">>", "|"):
            mode = self.advance().kind
            saved, self.no_gt = self.no_gt, False
            try:
                dest = self.ternary()
            finally:
                self.no_gt = saved
        return n.Print(args, formatted, mode, dest)
